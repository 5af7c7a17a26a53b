"""Admin forms whose validation goes beyond the model's own."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from centres.models import Centre
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
