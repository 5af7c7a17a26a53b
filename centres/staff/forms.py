"""Admin forms whose validation goes beyond the model's own."""

from django import forms

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
