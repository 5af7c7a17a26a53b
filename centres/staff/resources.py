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

import datetime
import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import Error

from centres import hours
from centres.models import (
    Centre,
    District,
    Language,
    Offering,
    OfferingTime,
    Organisation,
    Ortsteil,
    Site,
    Status,
    TargetGroup,
    Weekday,
    sites_prefetch,
)
from centres.spreadsheets import formula_neutralised, formula_restored
from centres.staff.forms import ClockTimeField
from centres.staff.permissions import can_edit_centre, can_publish, editable_centres
from centres.staff.spreadsheets import ImportFileError, dataset_columns_match


def not_yours(value: object) -> str:
    """The one answer for a centre one may not edit and for one that does not exist: an
    import must not tell which other centres are in the directory (drafts included)."""
    return _("„%(value)s“ ist keines der Zentren, die Sie bearbeiten dürfen.") % {"value": value}


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


class CentreSlugWidget(SlugWidget):
    """A centre by slug, among those the importing user may edit (all without a user)."""

    def __init__(self):
        super().__init__(Centre, "slug")

    def clean(self, value, row=None, **kwargs):
        user = kwargs.get("user")
        if not value:
            return None
        centres = Centre.objects.all() if user is None else editable_centres(user)
        try:
            return centres.get(slug=value)
        except Centre.DoesNotExist:
            raise ValueError(not_yours(value)) from None


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


# The notes on the address, contact and access columns, the same for a centre and its sites.
PLACE_NOTES = {
    "strasse": _("Straße und Hausnummer"),
    "plz": _("fünfstellige Berliner Postleitzahl (10115–14199)"),
    "telefon": _("Telefonnummer"),
    "email": _("E-Mail-Adresse"),
    "stufenlos": _("ja, teilweise, nein oder unbekannt"),
    "barrierefreies_wc": _("1 (ja), 0 (nein) oder leer (unbekannt)"),
    "breitengrad": _("Dezimalgrad mit Punkt, z. B. 52.48 – zusammen mit dem Längengrad"),
    "laengengrad": _("Dezimalgrad mit Punkt, z. B. 13.43 – zusammen mit dem Breitengrad"),
}


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

    # The template's example row (its first cell starts with "#", so it is not imported) and a
    # note per column, in the order of Meta.fields.
    example: dict[str, str] = {}
    notes: dict[str, str] = {}

    @classmethod
    def import_columns(cls) -> list[str]:
        """The columns an import reads (the export's, without its read-only ones)."""
        declared = cls.fields
        return [name for name in cls._meta.fields if not declared[name].readonly]

    @classmethod
    def known_columns(cls) -> list[str]:
        """What a file may contain: the import's columns and the export's read-only ones."""
        return list(cls._meta.fields)

    @classmethod
    def required_columns(cls) -> list[str]:
        return [cls.fields[name].column_name for name in cls._meta.import_id_fields]

    def import_data(self, dataset, **kwargs):
        # Headers as people write them ("Gültig ab", "PLZ"); a wrong one is one sentence.
        try:
            dataset_columns_match(
                dataset, columns=self.known_columns(), required=self.required_columns()
            )
        except ImportFileError as error:
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            result.append_base_error(Error(error))
            return result
        return super().import_data(dataset, **kwargs)

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
            errors[self.centre_column] = not_yours(centre.slug)
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
        return site.coordinates_credit if site is not None else ""


DAY_ABBREVIATIONS = {1: "Mo", 2: "Di", 3: "Mi", 4: "Do", 5: "Fr", 6: "Sa", 7: "So"}
_DAYS = {abbreviation.lower(): day for day, abbreviation in DAY_ABBREVIATIONS.items()}
_SLOT = re.compile(r"^\s*(?P<day>[A-Za-zÄÖÜäöüß]{2})[a-zäöüß]*\.?\s+(?P<periods>.+)$")
_PERIOD = re.compile(r"^\s*(?P<opens>[0-9:.]+)\s*(?:-|–|bis)\s*(?P<closes>[0-9:.]+)\s*(?:uhr)?\s*$")

Slot = tuple[int, datetime.time, datetime.time]


def weekly_times_format(slots: list[Slot]) -> str:
    """ "Mo 10:00-12:00; Mi 16:00-18:00": the column's format, sorted, midnight as 24:00."""
    return "; ".join(
        f"{DAY_ABBREVIATIONS[day]} {hours.clock(opens)}-{hours.clock(closes, closing=True)}"
        for day, opens, closes in sorted(slots)
    )


def weekly_times_parse(text: str) -> list[Slot]:
    """Read "Mo 10-12; Mi 16:00-18:00, 19-21" (days Mo Di Mi Do Fr Sa So, or written out).

    Raises ValueError with a German sentence naming the part it cannot read."""
    slots: list[Slot] = []
    clock = ClockTimeField()
    for part in filter(str.strip, str(text or "").split(";")):
        match = _SLOT.match(part)
        day = _DAYS.get(match["day"].lower()) if match else None
        if day is None:
            raise ValueError(
                _(
                    "„%(part)s“ ist kein Termin. Bitte so schreiben: „Mo 10:00-12:00; "
                    "Mi 16:00-18:00“ (Tage Mo, Di, Mi, Do, Fr, Sa, So)."
                )
                % {"part": part.strip()}
            )
        for period in match["periods"].split(","):
            times = _PERIOD.match(period.lower())
            try:
                opens, closes = (clock.clean(times[name]) for name in ("opens", "closes"))
            except (TypeError, ValidationError):
                raise ValueError(
                    _("„%(part)s“: Bitte die Uhrzeiten als „10:00-12:00“ angeben.")
                    % {"part": part.strip()}
                ) from None
            if not (closes > opens or closes == hours.MIDNIGHT):
                raise ValueError(
                    _("„%(part)s“: Das Ende muss nach dem Beginn liegen.") % {"part": part.strip()}
                )
            slots.append((day, opens, closes))
    for day in {day for day, _opens, _closes in slots}:
        periods = [(opens, closes) for d, opens, closes in slots if d == day]
        if hours.overlapping(periods):
            raise ValueError(
                _("Am %(day)s überschneiden sich zwei Zeiträume.") % {"day": Weekday(day).label}
            )
    return slots


class WeeklyTimesField(fields.Field):
    """An offering's weekly times in one column; importing it replaces all of them."""

    def __init__(self):
        super().__init__(attribute="times", column_name="zeiten")

    def clean(self, row, **kwargs):
        return weekly_times_parse(row[self.column_name])

    def get_value(self, obj):
        pending = getattr(obj, "_weekly_times", None)
        if pending is not None:
            return weekly_times_format(pending)
        if obj.pk is None:
            return ""
        return weekly_times_format([(t.weekday, t.opens, t.closes) for t in obj.times.all()])

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._weekly_times = self.clean(row, **kwargs)


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

    example = {
        "kurzname": "beispielhaus-musterkiez",
        "name": "Beispielhaus Musterkiez",
        "status": "draft",
        "bezirk": "neukoelln",
        "ortsteil": "neukoelln",
        "strasse": "Beispielstraße 1",
        "plz": "12043",
        "telefon": "030 1234567",
        "email": "info@beispielhaus.example",
        "stufenlos": "ja",
        "barrierefreies_wc": "1",
        "sprachen": "de,tr",
    }
    notes = {
        "kurzname": _(
            "Pflicht. Kurzname des Zentrums in der Adresse, z. B. beispielhaus-musterkiez"
        ),
        "name": _("Name des Zentrums"),
        "status": _("draft (Entwurf), published (veröffentlicht) oder archived (archiviert)"),
        "bezirk": _("Kurzname des Bezirks, z. B. neukoelln"),
        "ortsteil": _("Kurzname des Ortsteils des Hauptstandorts, z. B. britz"),
        "traeger": _("Kurzname der Träger-Organisation"),
        **PLACE_NOTES,
        "website": _("Adresse der Website mit https://"),
        "beschreibung": _("Text"),
        "sprachen": _("Sprachcodes, durch Komma getrennt, z. B. de,tr,ar"),
        "ifp_stz": _("gefördert im IFP STZ: 1, 0 oder leer"),
    }

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
            # Worded as for another's centre: a new slug and a taken one must read alike.
            errors["kurzname"] = not_yours(instance.slug)
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
    zeiten = WeeklyTimesField()

    centre_column = "zentrum"

    example = {
        "kurzname": "sprachcafe-beispielhaus",
        "zentrum": "beispielhaus-musterkiez",
        "titel": "Sprachcafé",
        "art": "offener-treff",
        "status": "draft",
        "zielgruppen": "alle",
        "sprachen": "de",
        "kosten": "kostenlos",
        "anmeldung": "0",
        "zeiten": "Mo 10:00-12:00; Mi 16:00-18:00",
    }
    notes = {
        "kurzname": _("Pflicht. Kurzname des Angebots in der Adresse, z. B. sprachcafe-am-park"),
        "zentrum": _("Kurzname des Zentrums"),
        "titel": _("Titel des Angebots"),
        "art": _(
            "kurs, kreativkurs, sport, tauschtreff, beratung, familie, offener-treff, "
            "selbsthilfe, ehrenamt, fest, veranstaltung oder sonstiges"
        ),
        "status": _("draft (Entwurf), published (veröffentlicht) oder archived (archiviert)"),
        "beschreibung": _("Text"),
        "zielgruppen": _("Kurznamen der Zielgruppen, durch Komma getrennt"),
        "sprachen": _("Sprachcodes, durch Komma getrennt, z. B. de,ar"),
        "kosten": _("kostenlos, spende oder gebuehr"),
        "kostenhinweis": _("z. B. 5 € je Termin"),
        "anmeldung": _("1 (Anmeldung nötig) oder 0"),
        "telefon": _("eigenes Telefon des Angebots, sonst leer"),
        "email": _("eigene E-Mail des Angebots, sonst leer"),
        "mitbringen": _("was Teilnehmende mitbringen sollen"),
        "beginn": _("nur einmalige Veranstaltung: JJJJ-MM-TT HH:MM"),
        "ende": _("nur einmalige Veranstaltung: JJJJ-MM-TT HH:MM"),
        "gueltig_ab": _("regelmäßiges Angebot, optional: JJJJ-MM-TT"),
        "gueltig_bis": _("regelmäßiges Angebot, optional: JJJJ-MM-TT"),
        "zeiten": _(
            "regelmäßiges Angebot: wöchentliche Termine wie „Mo 10:00-12:00; Mi 16:00-18:00“ "
            "(Tage Mo Di Mi Do Fr Sa So; mehrere Zeiten eines Tages mit Komma: „Mo 9-12, "
            "14-16“); ersetzt alle bisherigen Termine"
        ),
    }

    class Meta(ListingResource.Meta):
        model = Offering
        name = "Angebote"
        import_id_fields = ["kurzname"]
        fields = [
            "kurzname", "zentrum", "titel", "art", "status", "beschreibung", "zielgruppen",
            "sprachen", "kosten", "kostenhinweis", "anmeldung", "telefon", "email", "mitbringen",
            "beginn", "ende", "gueltig_ab", "gueltig_bis", "zeiten",
        ]  # fmt: skip

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).prefetch_related("times")

    def validate_related(self, instance) -> None:
        if getattr(instance, "_weekly_times", None) and instance.starts_at:
            raise ValidationError(
                {
                    "zeiten": _(
                        "Eine einmalige Veranstaltung (beginn/ende) hat keine wöchentlichen "
                        "Termine: Bitte füllen Sie nur eines von beiden aus."
                    )
                }
            )

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        slots = getattr(instance, "_weekly_times", None)
        if slots is None:
            return
        # One by one, so each time's history records the change.
        for time in instance.times.all():
            time.delete()
        for day, opens, closes in slots:
            OfferingTime.objects.create(offering=instance, weekday=day, opens=opens, closes=closes)

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

    example = {
        "zentrum": "beispielhaus-musterkiez",
        "standort": "Nachbarschaftstreff Musterplatz",
        "art": "nachbarschaftstreff",
        "hauptstandort": "0",
        "strasse": "Musterplatz 2",
        "plz": "12043",
        "stufenlos": "unbekannt",
    }
    notes = {
        "zentrum": _("Pflicht. Kurzname des Zentrums"),
        "standort": _("Pflicht. Name des Standorts"),
        "art": _(
            "stadtteilzentrum, nachbarschaftshaus, garten, nachbarschaftstreff, "
            "familienzentrum, mehrgenerationenhaus, selbsthilfe, sonstiger oder leer"
        ),
        "hauptstandort": _("1 beim Hauptstandort (genau einer je Zentrum), sonst 0"),
        "ortsteil": _("Kurzname des Ortsteils, z. B. britz"),
        **PLACE_NOTES,
    }

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
        if any(c is not None and not can_edit_centre(self.user, c) for c in centres):
            return {"zentrum": not_yours(instance.centre.slug if instance.centre_id else "")}
        return {}
