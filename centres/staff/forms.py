"""Admin forms whose validation goes beyond the model's own."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Site
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
