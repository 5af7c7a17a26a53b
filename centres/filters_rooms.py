"""Filters of /raeume/ and /mitmachen/, on the patterns of centres/filters.py: German URL values,
checkboxes combined with OR (equipment with AND: a room must have everything asked for), flags
that accept only "1", numbers with a lower bound, each by `EXISTS` where it crosses a relation.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from centres.filters import (
    UNKNOWN_VALUE,
    FlagFilter,
    KindMultipleChoiceFilter,
    SlugMultipleChoiceFilter,
)
from centres.models import (
    Centre,
    Commitment,
    District,
    Equipment,
    Language,
    Offering,
    Room,
    RoomAudience,
    RoomQuerySet,
    VolunteerTask,
)

# Larger than any room a centre lends: a typo (`?plaetze=100000`) is an error, not an empty list.
LARGEST = 10_000


class MinimumFilter(django_filters.NumberFilter):
    """`?name=20`: at least 20; a whole number from 1, else the value is named and ignored."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Bitte eine ganze Zahl angeben."),
                "min_value": _("Bitte eine Zahl ab 1 angeben."),
                "max_value": _("Bitte eine Zahl bis 10.000 angeben."),
            },
        )
        # A text box (styled as the others, 44 px) with the phone's number pad.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)


class RoomFilter(django_filters.FilterSet):
    bezirk = SlugMultipleChoiceFilter(
        queryset=District.objects.all(),
        field_name="centre__district__slug",
        distinct=False,  # a room has one Bezirk: nothing to repeat
        label=_("Bezirk"),
    )
    ausstattung = KindMultipleChoiceFilter(
        choices=Equipment.choices,
        method="filter_equipment",
        label=_("Ausstattung (alle gewählten)"),
    )
    groesse = MinimumFilter(field_name="size_m2", label=_("Mindestens m²"))
    plaetze = MinimumFilter(field_name="seats", label=_("Mindestens Plätze"))
    fuer = KindMultipleChoiceFilter(
        choices=RoomAudience.choices, method="filter_audience", label=_("Für wen")
    )
    barrierefrei = FlagFilter(RoomQuerySet.step_free, label=_("Stufenlos zugänglich"))
    kostenlos = FlagFilter(RoomQuerySet.free, label=_("Nur kostenlose Räume"))

    class Meta:
        model = Room
        fields = [
            "bezirk",
            "ausstattung",
            "groesse",
            "plaetze",
            "fuer",
            "barrierefrei",
            "kostenlos",
        ]

    def filter_equipment(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return queryset.with_equipment(value)

    def filter_audience(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return queryset.for_audiences(value)


# --- /mitmachen/ ------------------------------------------------------------------------------


class VolunteeringFilter(django_filters.FilterSet):
    """The filters of /mitmachen/, bound to the same query string twice: once for the
    centres' standing calls, once for the volunteering offerings. A subclass says how its rows
    reach the Bezirk, the task, the time commitment and the languages."""

    bezirk = SlugMultipleChoiceFilter(
        queryset=District.objects.all(), method="filter_district", label=_("Bezirk")
    )
    aufgabe = KindMultipleChoiceFilter(
        choices=VolunteerTask.choices, method="filter_task", label=_("Art der Aufgabe")
    )
    zeit = KindMultipleChoiceFilter(
        choices=Commitment.choices, method="filter_commitment", label=_("Zeitaufwand")
    )
    sprache = SlugMultipleChoiceFilter(
        queryset=Language.objects.all(),
        to_field_name="code",
        method="filter_language",
        label=_("Sprache"),
        error_messages={"invalid_choice": UNKNOWN_VALUE},
    )

    district_path = "district"
    task_field = "volunteer_task"

    def filter_district(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(**{f"{self.district_path}__in": value}) if value else queryset

    def filter_task(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return queryset.filter(**{f"{self.task_field}__in": value})

    def filter_commitment(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        raise NotImplementedError

    def filter_language(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        speaking = queryset.model.objects.filter(pk=OuterRef("pk"), languages__in=value)
        return queryset.filter(Exists(speaking))


class VolunteerCallFilter(VolunteeringFilter):
    """Centres' calls: their Bezirk, task and time commitment; the languages spoken there."""

    class Meta:
        model = Centre
        fields = ["bezirk", "aufgabe", "zeit", "sprache"]

    def filter_commitment(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return queryset.filter(volunteer_commitment__in=value)


class VolunteerOfferingFilter(VolunteeringFilter):
    """Volunteering offerings: a dated one is "einmalig", one with weekly times "regelmäßig";
    none is "flexibel" (that only a centre's call can say)."""

    district_path = "centre__district"

    class Meta:
        model = Offering
        fields = ["bezirk", "aufgabe", "zeit", "sprache"]

    def filter_commitment(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        condition = Q(pk__in=[])
        if Commitment.ONCE in value:
            condition |= Q(starts_at__isnull=False)
        if Commitment.REGULAR in value:
            condition |= Q(starts_at__isnull=True)
        return queryset.filter(condition)
