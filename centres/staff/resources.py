"""CSV/XLSX import and export of centres and offerings (django-import-export).

Rows are matched by slug ("kurzname"); references use slugs too (Bezirk, Ortsteil, Träger,
Zentrum) and kinds, costs and statuses their stored values, so a file stays readable and
survives a round trip between installations. Column names are German: they are what staff
see in their spreadsheet (docs/staff.md lists them).

Rights: every row is checked against centres/staff/permissions.py. An editor's row for another
centre, a new centre without the right to add one, or a status change without the right to
publish is an error of that row, and one invalid row means nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from centres.models import (
    OSM_CREDIT,
    Centre,
    District,
    Language,
    Offering,
    Organisation,
    Ortsteil,
    Site,
    Status,
    TargetGroup,
    sites_prefetch,
)
from centres.spreadsheets import formula_neutralised, formula_restored
from centres.staff.permissions import can_edit_centre, can_publish, editable_centres


class SlugWidget(widgets.ForeignKeyWidget):
    """A foreign key by slug; an unknown slug is a field error, not a crash of the row."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist as error:
            raise ValueError(
                _("„%(value)s“ ist als %(model)s nicht bekannt.")
                % {"value": value, "model": self.model._meta.verbose_name}
            ) from error


def not_an_editable_centre(slug: object) -> str:
    """One answer for a centre that does not exist and one the importing person may not edit,
    so an import cannot be used to find out which other centres (drafts too) exist."""
    return _("Kein Zentrum „%(slug)s“, das Sie bearbeiten dürfen.") % {"slug": slug}


class CentreSlugWidget(SlugWidget):
    """The centre a row belongs to, by slug; unknown reads like "not yours" (see above)."""

    def __init__(self):
        super().__init__(Centre, "slug")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError as error:
            raise ValueError(not_an_editable_centre(value)) from error


class SlugListWidget(widgets.ManyToManyWidget):
    """Several slugs or codes separated by commas; an unknown one is a field error."""

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row, **kwargs)
        wanted = {part.strip() for part in str(value or "").split(self.separator) if part.strip()}
        unknown = wanted - {str(getattr(obj, self.field)) for obj in found}
        if unknown:
            raise ValueError(
                _("Nicht bekannt: %(values)s.") % {"values": ", ".join(sorted(unknown))}
            )
        return found


def _field(attribute: str, column: str, widget=None) -> fields.Field:
    # Empty cells are "" for text columns: the model's text fields are NOT NULL.
    widget = widget or widgets.CharWidget(allow_blank=True)
    return fields.Field(attribute=attribute, column_name=column, widget=widget)


class ListingResource(resources.ModelResource):
    """What centres and offerings share: slugs as ids, rights per row, German error keys."""

    user = None
    # The column that names the row's centre, where an error about editing it belongs.
    centre_column = "kurzname"

    class Meta:
        # Re-importing the same file changes nothing; skipped rows still show in the preview.
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        # Run the models' own clean(): Ortsteil in Bezirk, Berlin postcodes, event dates.
        clean_model_instances = True

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():
            row[column] = formula_restored(value)

    def export_field(self, field, instance, **kwargs):
        return formula_neutralised(super().export_field(field, instance, **kwargs))

    def get_queryset(self):
        return self._meta.model.objects.all()

    def filter_export(self, queryset, **kwargs):
        # Exports are built from the admin's scoped queryset; this guards direct calls too.
        user = kwargs.get("user") or self.user
        return queryset if user is None else self.scope(queryset, user)

    def scope(self, queryset, user):
        raise NotImplementedError

    def centre_in_row(self, instance) -> Centre | None:
        """The stored centre the row writes to; None for a new centre or a row without one."""
        raise NotImplementedError

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._status_before = None if new else instance.status

    def check_rights(self, instance, new: bool) -> dict[str, str]:
        """Field errors for what the importing user may not do with this row.

        A row without a stored centre is either a new centre (CentreResource asks for the right
        to add one) or misses its centre, which the row's own validation reports.
        """
        user = self.user
        if user is None:
            return {}  # the management command runs as the operator of the installation
        errors = {}
        centre = self.centre_in_row(instance)
        if centre is not None and not can_edit_centre(user, centre):
            errors[self.centre_column] = not_an_editable_centre(centre.slug)
        status_before = Status.DRAFT if new else instance._status_before
        if instance.status != status_before and not can_publish(user, centre):
            errors["status"] = _("Sie dürfen den Status nicht ändern.")
        return errors

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for column, message in self.check_rights(instance, instance._state.adding).items():
            errors.setdefault(column, []).append(message)
        try:
            self.validate_related(instance)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def validate_related(self, instance) -> None:
        """Validate what the row writes besides its own model (a centre's main site)."""

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # An invalid row is never "unchanged": it must be reported, not skipped.
        if import_validation_errors:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Name errors by the spreadsheet's column, not by the model's field.
        columns = {field.attribute: field.column_name for field in self.get_import_fields()}
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(
                {columns.get(key, key): messages for key, messages in error.message_dict.items()}
            ) from error

    def save_instance(self, instance, is_create, row, **kwargs):
        if self.user is not None and self.user.is_authenticated:
            instance.updated_by = self.user
        super().save_instance(instance, is_create, row, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        progress = kwargs.get("progress")
        if progress is not None:
            progress(kwargs["row_number"])


class MainSiteField(fields.Field):
    """A column of the centre's row that belongs to its main site (address, contact, access).

    The value read from a row waits on the centre (`_main_site_values`) until the centre is
    validated and saved; `CentreResource` then validates and saves the main site with it.
    """

    def __init__(self, attribute: str, column: str, widget=None):
        super().__init__(
            attribute=attribute,
            column_name=column,
            widget=widget or widgets.CharWidget(allow_blank=True),
        )

    def get_value(self, obj):
        pending = getattr(obj, "_main_site_values", {})
        if self.attribute in pending:
            return pending[self.attribute]
        site = obj.main_site if obj.pk else None
        return getattr(site, self.attribute) if site is not None else None

    def save(self, instance, row, is_m2m=False, **kwargs):
        pending = instance.__dict__.setdefault("_main_site_values", {})
        pending[self.attribute] = self.clean(row, **kwargs)


class CoordinatesCreditField(fields.Field):
    """Export only: where a site's coordinates come from, with the credit OpenStreetMap's need."""

    def __init__(self, site: Callable[[object], Site | None]):
        self.site = site
        super().__init__(column_name="koordinaten_quelle", readonly=True)

    def get_value(self, obj):
        site = self.site(obj)
        if site is None or not site.has_coordinates:
            return ""
        if site.coordinates_from_openstreetmap:
            return OSM_CREDIT
        return str(site.get_coordinates_source_display())


class CentreResource(ListingResource):
    """One row per centre; its main site's address, contacts and access are columns too."""

    kurzname = _field("slug", "kurzname")
    name = _field("name", "name")
    status = _field("status", "status")
    bezirk = _field("district", "bezirk", SlugWidget(District, "slug"))
    ortsteil = MainSiteField("ortsteil", "ortsteil", SlugWidget(Ortsteil, "slug"))
    traeger = _field("provider", "traeger", SlugWidget(Organisation, "slug"))
    strasse = MainSiteField("street", "strasse")
    plz = MainSiteField("postcode", "plz")
    telefon = MainSiteField("phone", "telefon")
    email = MainSiteField("email", "email")
    website = _field("website", "website")
    beschreibung = _field("description", "beschreibung")
    stufenlos = MainSiteField("step_free_access", "stufenlos")
    barrierefreies_wc = MainSiteField(
        "accessible_toilet", "barrierefreies_wc", widgets.BooleanWidget()
    )
    sprachen = _field("languages", "sprachen", SlugListWidget(Language, field="code"))
    ifp_stz = _field("is_ifp_funded", "ifp_stz", widgets.BooleanWidget())
    breitengrad = MainSiteField("latitude", "breitengrad", widgets.DecimalWidget())
    laengengrad = MainSiteField("longitude", "laengengrad", widgets.DecimalWidget())
    koordinaten_quelle = CoordinatesCreditField(lambda c: c.main_site if c.pk else None)

    class Meta(ListingResource.Meta):
        model = Centre
        name = "Stadtteilzentren"
        import_id_fields = ["kurzname"]
        fields = [  # the declared columns above, in this order
            "kurzname", "name", "status", "bezirk", "ortsteil", "traeger", "strasse", "plz",
            "telefon", "email", "website", "beschreibung", "stufenlos", "barrierefreies_wc",
            "sprachen", "ifp_stz", "breitengrad", "laengengrad", "koordinaten_quelle",
        ]  # fmt: skip

    def scope(self, queryset, user):
        return queryset.filter(pk__in=editable_centres(user).values("pk"))

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).prefetch_related(sites_prefetch())

    def centre_in_row(self, instance):
        return None if instance.pk is None else instance

    def main_site_of(self, instance: Centre) -> Site:
        """The centre's main site with the row's values; a new one for a new centre."""
        site = instance.main_site if instance.pk else None
        if site is None:
            site = Site(name=instance.name, is_main=True)
        site.centre = instance
        for attribute, value in getattr(instance, "_main_site_values", {}).items():
            field = Site._meta.get_field(attribute)
            if value is None and not field.null:
                value = field.get_default()
            setattr(site, attribute, value)
        return site

    def validate_related(self, instance) -> None:
        if getattr(instance, "_main_site_values", None) and instance.district_id:
            # The centre may be new: its id is not there to check uniqueness against yet.
            self.main_site_of(instance).full_clean(exclude=["centre"], validate_unique=False)

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        if getattr(instance, "_main_site_values", None) or is_create:
            self.main_site_of(instance).save()

    def check_rights(self, instance, new):
        errors = super().check_rights(instance, new)
        if new and self.user is not None and not self.user.has_perm("centres.add_centre"):
            # The same answer as for an existing centre of someone else's.
            errors["kurzname"] = not_an_editable_centre(instance.slug)
        return errors


class OfferingResource(ListingResource):
    kurzname = _field("slug", "kurzname")
    zentrum = _field("centre", "zentrum", CentreSlugWidget())
    titel = _field("title", "titel")
    art = _field("kind", "art")
    status = _field("status", "status")
    beschreibung = _field("description", "beschreibung")
    zielgruppen = _field("target_groups", "zielgruppen", SlugListWidget(TargetGroup, field="slug"))
    sprachen = _field("languages", "sprachen", SlugListWidget(Language, field="code"))
    kosten = _field("cost", "kosten")
    kostenhinweis = _field("cost_note", "kostenhinweis")
    anmeldung = _field("registration_required", "anmeldung", widgets.BooleanWidget())
    telefon = _field("contact_phone", "telefon")
    email = _field("contact_email", "email")
    mitbringen = _field("what_to_bring", "mitbringen")
    beginn = _field("starts_at", "beginn", widgets.DateTimeWidget("%Y-%m-%d %H:%M"))
    ende = _field("ends_at", "ende", widgets.DateTimeWidget("%Y-%m-%d %H:%M"))
    gueltig_ab = _field("valid_from", "gueltig_ab", widgets.DateWidget("%Y-%m-%d"))
    gueltig_bis = _field("valid_until", "gueltig_bis", widgets.DateWidget("%Y-%m-%d"))

    centre_column = "zentrum"

    class Meta(ListingResource.Meta):
        model = Offering
        name = "Angebote"
        import_id_fields = ["kurzname"]
        fields = [
            "kurzname", "zentrum", "titel", "art", "status", "beschreibung", "zielgruppen",
            "sprachen", "kosten", "kostenhinweis", "anmeldung", "telefon", "email", "mitbringen",
            "beginn", "ende", "gueltig_ab", "gueltig_bis",
        ]  # fmt: skip

    def scope(self, queryset, user):
        return queryset.filter(centre__in=editable_centres(user).values("pk"))

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        # An existing offering of another centre may not be moved into one's own either.
        instance._centre_before = None if new else instance.centre

    def centre_in_row(self, instance):
        return instance.centre if instance.centre_id else None

    def check_rights(self, instance, new):
        errors = super().check_rights(instance, new)
        before = getattr(instance, "_centre_before", None)
        if self.user is not None and before is not None and not can_edit_centre(self.user, before):
            errors["kurzname"] = _("Sie dürfen dieses Angebot nicht bearbeiten.")
        return errors


class SiteResource(ListingResource):
    """One row per site: a centre's further sites (and its main site) with their details."""

    zentrum = _field("centre", "zentrum", CentreSlugWidget())
    standort = _field("name", "standort")
    art = _field("kind", "art")
    hauptstandort = _field("is_main", "hauptstandort", widgets.BooleanWidget())
    ortsteil = _field("ortsteil", "ortsteil", SlugWidget(Ortsteil, "slug"))
    strasse = _field("street", "strasse")
    plz = _field("postcode", "plz")
    telefon = _field("phone", "telefon")
    email = _field("email", "email")
    stufenlos = _field("step_free_access", "stufenlos")
    barrierefreies_wc = _field("accessible_toilet", "barrierefreies_wc", widgets.BooleanWidget())
    breitengrad = _field("latitude", "breitengrad", widgets.DecimalWidget())
    laengengrad = _field("longitude", "laengengrad", widgets.DecimalWidget())
    koordinaten_quelle = CoordinatesCreditField(lambda site: site)

    centre_column = "zentrum"

    class Meta(ListingResource.Meta):
        model = Site
        name = "Standorte"
        import_id_fields = ["zentrum", "standort"]
        fields = [
            "zentrum", "standort", "art", "hauptstandort", "ortsteil", "strasse", "plz",
            "telefon", "email", "stufenlos", "barrierefreies_wc", "breitengrad", "laengengrad",
            "koordinaten_quelle",
        ]  # fmt: skip

    def scope(self, queryset, user):
        return queryset.filter(centre__in=editable_centres(user).values("pk"))

    def after_init_instance(self, instance, new, row, **kwargs):
        # An existing site of another centre may not be moved into one's own either.
        instance._centre_before = None if new else instance.centre

    def centre_in_row(self, instance):
        return instance.centre if instance.centre_id else None

    def check_rights(self, instance, new):
        if self.user is None:
            return {}
        centres = {self.centre_in_row(instance), getattr(instance, "_centre_before", None)}
        for centre in centres:
            if centre is not None and not can_edit_centre(self.user, centre):
                return {"zentrum": not_an_editable_centre(self.centre_in_row(instance).slug)}
        return {}
