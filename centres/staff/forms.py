"""Admin forms whose validation goes beyond the model's own."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from centres import hours
from centres.models import Centre, Offering, OpeningException, Site, Weekday
from centres.slugs import german_slugify
from centres.staff.photos import photo_reencode


class CentreAdminForm(forms.ModelForm):
    class Meta:
        model = Centre
        # What this form checks; CentreAdmin's fieldsets add the other fields.
        fields = ["photo", "photo_alt"]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        # Only a new upload needs checking; an unchanged or cleared photo is passed on as is.
        if photo and photo is not self.initial.get("photo") and hasattr(photo, "content_type"):
            return photo_reencode(photo)
        return photo


class OfferingAdminForm(forms.ModelForm):
    """German slugs for new offerings: the admin's prefill spells "Nähcafé für alle" as
    "nahcafe-fur-alle"; a prefill left as it was becomes "naehcafe-fuer-alle", as the Bezirke's
    slugs are spelled (centres/slugs.py), with "-2", "-3" … where that is taken."""

    class Meta:
        model = Offering
        fields = ["title", "slug"]  # OfferingAdmin's fieldsets add the others

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        title = self.cleaned_data.get("title") or ""
        if self.instance.pk is not None or not slug or slug != slugify(title):
            return slug
        base = german_slugify(title)[:190] or slug
        candidate, number = base, 1
        while Offering.objects.filter(slug=candidate).exists():
            number += 1
            candidate = f"{base}-{number}"
        return candidate


class SiteInlineFormSet(forms.BaseInlineFormSet):
    """A centre's sites: exactly one is the main site; with none ticked, the first becomes it."""

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
            if form.is_valid()
        ]
        main = [form for form in kept if form.cleaned_data.get("is_main")]
        if len(main) > 1:
            raise ValidationError(_("Nur ein Standort kann der Hauptstandort sein."))
        if kept and not main:
            kept[0].instance.is_main = True


class CoordinateMapInput(forms.NumberInput):
    """The latitude input, carrying what static/js/admin-coordinates.js needs to draw a map
    beside it: staff click the map (or drag the marker) to fill latitude and longitude, or
    type them. Without JavaScript both stay plain number fields."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-coordinate-map": "1",
                "data-tile-url": settings.MAP_TILE_URL,
                "data-tile-attribution": settings.MAP_TILE_ATTRIBUTION,
                "data-map-label": _("Karte: Lage des Standorts wählen"),
                # By their (hashed) static addresses: Leaflet's guess from its CSS breaks on them.
                "data-icon": static("vendor/leaflet/images/marker-icon.png"),
                "data-icon-2x": static("vendor/leaflet/images/marker-icon-2x.png"),
                "data-icon-shadow": static("vendor/leaflet/images/marker-shadow.png"),
                "data-map-hint": _(
                    "Klicken Sie in die Karte oder ziehen Sie die Markierung, um Breiten- und "
                    "Längengrad zu setzen; Sie können beide auch eintippen."
                ),
            }
        )
        return context


class SiteAdminForm(forms.ModelForm):
    """A site in the admin (its own page and the centre's inline), with the map widget."""

    class Meta:
        model = Site
        fields = ["latitude", "longitude"]
        widgets = {"latitude": CoordinateMapInput(attrs={"step": "0.000001"})}

    class Media:
        css = {"all": ["vendor/leaflet/leaflet.css", "css/admin-coordinates.css"]}
        js = ["vendor/leaflet/leaflet.js", "js/admin-coordinates.js"]


# --- The week: opening hours and an offering's weekly times --------------------------------


class ClockTimeField(forms.TimeField):
    """A time of day as people type it: "9", "9:30", "09:30" or "9.30"; "24:00" is midnight.

    Shown without seconds; no clock widget and no "Jetzt" button (the admin's default)."""

    input_formats = ["%H:%M", "%H", "%H.%M", "%H:%M:%S"]
    widget = forms.TimeInput(format="%H:%M", attrs={"size": 5, "class": "week-time"})
    default_error_messages = {
        "invalid": _("Bitte geben Sie eine Uhrzeit wie 9, 9:30 oder 18:00 ein."),
    }

    def to_python(self, value):
        if isinstance(value, str) and value.strip() in {"24", "24:00", "24.00"}:
            return hours.MIDNIGHT
        return super().to_python(value)


class WeeklySlotForm(forms.ModelForm):
    """One period of the week (a weekday, from, until)."""

    opens = ClockTimeField(label=_("von"))
    closes = ClockTimeField(label=_("bis"), help_text=_("00:00 oder 24:00 steht für Mitternacht."))


class OpeningExceptionForm(forms.ModelForm):
    """A closure (no times) or special hours on one date, times typed as in the week."""

    opens = ClockTimeField(
        label=_("geöffnet von"), required=False, help_text=_("Leer lassen: geschlossen.")
    )
    closes = ClockTimeField(
        label=_("geöffnet bis"), required=False, help_text=_("00:00 steht für Mitternacht.")
    )


OpeningExceptionFormSet = forms.inlineformset_factory(
    Site,
    OpeningException,
    form=OpeningExceptionForm,
    fields=["starts_on", "ends_on", "opens", "closes", "note"],
    widgets={
        "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    },
    extra=1,
    can_delete=True,
)


class WeeklySlotFormSet(forms.BaseInlineFormSet):
    """The periods of one site's or offering's week: no two periods of a day overlap.

    The database keeps each period's end after its start and one start per day; overlaps are
    a matter of the whole week, so they are checked here, next to the later period."""

    def kept_forms(self) -> list[forms.Form]:
        """The rows that will be saved: filled in, valid, not marked for deletion."""
        return [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
            if form.is_valid()
            if {"weekday", "opens", "closes"} <= form.cleaned_data.keys()
        ]

    def clean(self):
        by_day: dict[int, list[forms.Form]] = {}
        for form in self.kept_forms():
            by_day.setdefault(int(form.cleaned_data["weekday"]), []).append(form)
        overlaps = False
        for day_forms in by_day.values():
            periods = [(f.cleaned_data["opens"], f.cleaned_data["closes"]) for f in day_forms]
            for earlier, later in hours.overlapping(periods):
                overlaps = True
                first = day_forms[earlier].cleaned_data
                day_forms[later].add_error(
                    "opens",
                    _(
                        "Dieser Zeitraum überschneidet sich mit %(day)s %(opens)s–%(closes)s. "
                        "Bitte fassen Sie die Zeiträume zusammen oder korrigieren Sie die Zeiten."
                    )
                    % {
                        "day": Weekday(int(first["weekday"])).label,
                        "opens": hours.clock(first["opens"]),
                        "closes": hours.clock(first["closes"], closing=True),
                    },
                )
        if not overlaps:
            # Django's check for duplicate starts names model fields; overlaps include them.
            super().clean()


class OfferingTimeFormSet(WeeklySlotFormSet):
    """An offering's weekly times: a recurring offering has some, a dated event none."""

    def clean(self):
        super().clean()
        offering = self.instance
        has_times = bool(self.kept_forms())
        if offering.starts_at and has_times:
            raise ValidationError(
                _(
                    "Eine einmalige Veranstaltung hat Beginn und Ende, keine wöchentlichen "
                    "Termine. Bitte löschen Sie die Termine oder leeren Sie Beginn und Ende."
                ),
                code="times_and_dates",
            )
        if not offering.starts_at and not has_times:
            raise ValidationError(
                _(
                    "Bitte geben Sie mindestens einen wöchentlichen Termin an (regelmäßiges "
                    "Angebot) oder oben Beginn und Ende (einmalige Veranstaltung)."
                ),
                code="no_times_or_dates",
            )
