"""Rooms a centre lends or rents to neighbourhood groups, associations and private celebrations.

A room is at one of its centre's sites and public with its centre, once published (the rules of
`RoomQuerySet.published()`). Its equipment and whom it is for are fixed vocabularies
(`Equipment`, `RoomAudience`) stored one row per value, so a filter asks "has all of these"
with one `EXISTS` per value, alike on SQLite and PostgreSQL.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from centres.models.base import Listing, Versions
from centres.models.centres import Centre
from centres.models.sites import STEP_FREE_CONDITION, Site
from centres.models.vocabularies import Cost, Status, StepFree, valid_choice

# Only "kostenlos": a room "gegen Spende" is not free of charge (as offerings, FREE_CONDITION).
ROOM_FREE_CONDITION = Q(cost=Cost.FREE)


class Equipment(models.TextChoices):
    KITCHEN = "kueche", _("Küche")
    PROJECTOR = "beamer", _("Beamer")
    PIANO = "klavier", _("Klavier")
    SPORTS_FLOOR = "sportboden", _("Sportboden")
    SOUND = "musikanlage", _("Musikanlage")
    WIFI = "wlan", _("WLAN")
    ACCESSIBLE_TOILET = "barrierefreies-wc", _("Barrierefreies WC")
    GARDEN = "garten", _("Garten oder Hof")
    CHILDREN = "spielecke", _("Spielecke für Kinder")
    FLIPCHART = "flipchart", _("Flipchart und Moderationswand")


class RoomAudience(models.TextChoices):
    """Whom a centre lends a room to."""

    NEIGHBOURHOOD_GROUPS = "nachbarschaft", _("Nachbarschaftsgruppen und Initiativen")
    ASSOCIATIONS = "vereine", _("Vereine und Organisationen")
    PRIVATE = "privat", _("Private Feiern")


class RoomQuerySet(models.QuerySet):
    def published(self) -> RoomQuerySet:
        """Public rooms: published, at a published centre."""
        return self.filter(status=Status.PUBLISHED, centre__status=Status.PUBLISHED)

    def real(self) -> RoomQuerySet:
        return self.filter(centre__is_demo=False)

    def step_free(self) -> RoomQuerySet:
        """Rooms whose own access is step-free ("ja" only, as for sites)."""
        return self.filter(STEP_FREE_CONDITION)

    def free(self) -> RoomQuerySet:
        return self.filter(ROOM_FREE_CONDITION)

    def with_equipment(self, items) -> RoomQuerySet:
        """Rooms that have every one of these items: one EXISTS each, no join, no DISTINCT."""
        rooms = self
        for item in items:
            has = RoomEquipment.objects.filter(room=OuterRef("pk"), item=item)
            rooms = rooms.filter(Exists(has))
        return rooms

    def for_audiences(self, audiences) -> RoomQuerySet:
        """Rooms lent to any of these (OR)."""
        lent = RoomAudienceEntry.objects.filter(room=OuterRef("pk"), audience__in=audiences)
        return self.filter(Exists(lent))

    def for_list(self) -> RoomQuerySet:
        """Everything a room card and the map read, in a fixed number of queries."""
        return self.select_related(
            "centre__district", "site__ortsteil", "site__centre__district"
        ).prefetch_related("equipment", "audiences")


class Room(Listing):
    """A room of a centre that groups may ask for."""

    Equipment = Equipment
    Audience = RoomAudience

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("Zentrum")
    )
    # A site with rooms cannot be deleted on its own (its rooms would vanish unnoticed); with
    # its centre, it goes together with the rooms.
    site = models.ForeignKey(
        Site,
        on_delete=models.RESTRICT,
        related_name="rooms",
        verbose_name=_("Standort"),
        help_text=_("Der Standort des Zentrums, an dem der Raum liegt."),
    )
    name = models.CharField(_("Name des Raums"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    size_m2 = models.PositiveIntegerField(
        _("Größe (m²)"), null=True, blank=True, help_text=_("Leer lassen, wenn unbekannt.")
    )
    seats = models.PositiveIntegerField(
        _("Plätze"),
        null=True,
        blank=True,
        help_text=_("Wie viele Menschen Platz finden. Leer lassen, wenn unbekannt."),
    )
    step_free_access = models.CharField(
        _("Stufenloser Zugang"), max_length=10, choices=StepFree, default=StepFree.UNKNOWN
    )
    cost = models.CharField(_("Bedingungen"), max_length=10, choices=Cost)
    cost_note = models.CharField(
        _("Hinweis zu den Kosten"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „20 € je Abend, für Initiativen aus dem Kiez kostenlos“"),
    )
    description = models.TextField(_("Beschreibung"), blank=True)

    objects = RoomQuerySet.as_manager()
    history = Versions()

    class Meta(Listing.Meta):
        ordering = ["centre__is_demo", "name", "pk"]
        verbose_name = _("Raum")
        verbose_name_plural = _("Räume")
        constraints = [
            *Listing.Meta.constraints,
            models.UniqueConstraint(
                fields=["centre", "name"],
                name="centres_room_unique_name",
                violation_error_message=_("Dieses Zentrum hat schon einen Raum dieses Namens."),
            ),
            models.CheckConstraint(
                condition=valid_choice("step_free_access", StepFree),
                name="centres_room_step_free_valid",
                violation_error_message=_("Bitte eine der Angaben zum stufenlosen Zugang wählen."),
            ),
            models.CheckConstraint(
                condition=valid_choice("cost", Cost),
                name="centres_room_cost_valid",
                violation_error_message=_("Bitte wählen Sie eine der Angaben zu den Kosten."),
            ),
            models.CheckConstraint(
                condition=Q(size_m2__isnull=True) | Q(size_m2__gt=0),
                name="centres_room_size_positive",
                violation_error_message=_("Die Größe muss mehr als 0 m² sein."),
            ),
            models.CheckConstraint(
                condition=Q(seats__isnull=True) | Q(seats__gt=0),
                name="centres_room_seats_positive",
                violation_error_message=_("Ein Raum hat mindestens einen Platz."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("centres:room_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.site_id and self.centre_id and self.site.centre_id != self.centre_id:
            raise ValidationError({"site": _("Dieser Standort gehört zu einem anderen Zentrum.")})

    @property
    def is_step_free(self) -> bool:
        """For one loaded row, the rule of `RoomQuerySet.step_free()`."""
        return self.step_free_access == StepFree.YES

    @property
    def is_free(self) -> bool:
        return self.cost == Cost.FREE

    @property
    def cost_display(self) -> str:
        label = str(self.get_cost_display())
        return f"{label} ({self.cost_note})" if self.cost_note else label

    @property
    def equipment_labels(self) -> list[str]:
        """The room's equipment in the vocabulary's order (from the prefetched rows)."""
        have = {row.item for row in self.equipment.all()}
        return [str(item.label) for item in Equipment if item.value in have]

    @property
    def audience_labels(self) -> list[str]:
        have = {row.audience for row in self.audiences.all()}
        return [str(item.label) for item in RoomAudience if item.value in have]


class RoomEquipment(models.Model):
    """One item of a room's equipment."""

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="equipment", verbose_name=_("Raum")
    )
    item = models.CharField(_("Ausstattung"), max_length=20, choices=Equipment)

    class Meta:
        ordering = ["item"]
        verbose_name = _("Ausstattung")
        verbose_name_plural = _("Ausstattung")
        constraints = [
            models.UniqueConstraint(
                fields=["room", "item"],
                name="centres_roomequipment_unique",
                violation_error_message=_("Diese Ausstattung ist schon eingetragen."),
            ),
            models.CheckConstraint(
                condition=valid_choice("item", Equipment),
                name="centres_roomequipment_item_valid",
                violation_error_message=_("Bitte eine der Angaben zur Ausstattung wählen."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_item_display())


class RoomAudienceEntry(models.Model):
    """One kind of group a room is lent to."""

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="audiences", verbose_name=_("Raum")
    )
    audience = models.CharField(_("Für wen"), max_length=20, choices=RoomAudience)

    class Meta:
        ordering = ["audience"]
        verbose_name = _("Für wen")
        verbose_name_plural = _("Für wen")
        constraints = [
            models.UniqueConstraint(
                fields=["room", "audience"],
                name="centres_roomaudience_unique",
                violation_error_message=_("Diese Angabe ist schon eingetragen."),
            ),
            models.CheckConstraint(
                condition=valid_choice("audience", RoomAudience),
                name="centres_roomaudience_valid",
                violation_error_message=_("Bitte eine der Angaben „Für wen“ wählen."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_audience_display())


def rooms_prefetch() -> Prefetch:
    """A centre's public rooms (for its page: name, size, places, site), one query."""
    return Prefetch(
        "rooms",
        queryset=Room.objects.filter(status=Status.PUBLISHED)
        .select_related("site")
        .order_by("name", "pk"),
        to_attr="public_rooms",
    )
