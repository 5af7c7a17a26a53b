"""The admin form of a room: its equipment and whom it is for as checkboxes, stored one row per
value (`RoomEquipment`, `RoomAudienceEntry`)."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from centres.models import Equipment, Room, RoomAudience, RoomAudienceEntry, RoomEquipment
from centres.slugs import german_slugify


class RoomAdminForm(forms.ModelForm):
    equipment_items = forms.MultipleChoiceField(
        label=_("Ausstattung"),
        choices=Equipment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_values = forms.MultipleChoiceField(
        label=_("Für wen"),
        choices=RoomAudience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Wem das Zentrum den Raum überlässt."),
    )

    class Meta:
        model = Room
        fields = ["name", "slug"]  # RoomAdmin's fieldsets add the others

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["equipment_items"] = [row.item for row in self.instance.equipment.all()]
            self.initial["audience_values"] = [
                row.audience for row in self.instance.audiences.all()
            ]

    def clean_slug(self):
        # As offerings: a prefilled slug becomes the German spelling, unique with "-2", "-3" …
        slug = self.cleaned_data.get("slug")
        name = self.cleaned_data.get("name") or ""
        if self.instance.pk is not None or not slug or slug != slugify(name):
            return slug
        base = german_slugify(name)[:190] or slug
        candidate, number = base, 1
        while Room.objects.filter(slug=candidate).exists():
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def _save_m2m(self):
        super()._save_m2m()
        room_rows_set(
            room=self.instance,
            equipment=self.cleaned_data.get("equipment_items") or [],
            audiences=self.cleaned_data.get("audience_values") or [],
        )


@transaction.atomic
def room_rows_set(*, room: Room, equipment: list[str], audiences: list[str]) -> None:
    """Make the room's equipment and audiences exactly these values."""
    room.equipment.exclude(item__in=equipment).delete()
    have = set(room.equipment.values_list("item", flat=True))
    RoomEquipment.objects.bulk_create(
        RoomEquipment(room=room, item=item) for item in equipment if item not in have
    )
    room.audiences.exclude(audience__in=audiences).delete()
    have = set(room.audiences.values_list("audience", flat=True))
    RoomAudienceEntry.objects.bulk_create(
        RoomAudienceEntry(room=room, audience=value) for value in audiences if value not in have
    )
