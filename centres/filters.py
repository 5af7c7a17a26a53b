"""Filters of the public lists. URL parameters are German slugs residents can read and share."""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from centres.models import (
    Centre,
    Cost,
    District,
    Language,
    Offering,
    OfferingKind,
    OfferingTime,
    Organisation,
    OrganisationKind,
    Ortsteil,
    Partnership,
    StepFree,
    TargetGroup,
    Weekday,
)
from centres.search import search_centres, search_offerings

WEEKDAY_SLUGS = {
    "montag": Weekday.MONDAY,
    "dienstag": Weekday.TUESDAY,
    "mittwoch": Weekday.WEDNESDAY,
    "donnerstag": Weekday.THURSDAY,
    "freitag": Weekday.FRIDAY,
    "samstag": Weekday.SATURDAY,
    "sonntag": Weekday.SUNDAY,
}


class FlagWidget(forms.CheckboxInput):
    """A checkbox that submits `1` and passes the raw value on, so `?x=vielleicht` is reported."""

    def __init__(self, attrs=None):
        super().__init__({**(attrs or {}), "value": "1"}, check_test=lambda value: value == "1")

    def format_value(self, value):
        return None

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagFilter(django_filters.ChoiceFilter):
    """`?name=1` switches the filter on; anything else but an empty value is an error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("1", _("ja"))])
        kwargs.setdefault("widget", FlagWidget)
        kwargs.setdefault("error_messages", {"invalid_choice": _("Nur „1“ (ja) ist hier möglich.")})
        super().__init__(*args, **kwargs)


UNKNOWN_VALUE = _("„%(value)s“ ist hier kein bekannter Wert.")


class SlugMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    """Several values by slug, combined with OR; checkboxes in the form.

    A `field_name` must end in the slug (`district__slug`): django-filter compares the chosen
    objects' `to_field_name` values, so `district` alone would compare a slug with an id.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("error_messages", {"invalid_choice": UNKNOWN_VALUE})
        super().__init__(*args, **kwargs)


class KindMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("error_messages", {"invalid_choice": UNKNOWN_VALUE})
        super().__init__(*args, **kwargs)


class OrtsteilChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, ortsteil: Ortsteil) -> str:
        return f"{ortsteil.name} ({ortsteil.district.name})"


class OrtsteilFilter(django_filters.ModelChoiceFilter):
    field_class = OrtsteilChoiceField


class CentreFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    bezirk = SlugMultipleChoiceFilter(
        field_name="district__slug", queryset=District.objects.all(), label=_("Bezirk")
    )
    ortsteil = OrtsteilFilter(
        field_name="ortsteil",
        to_field_name="slug",
        queryset=Ortsteil.objects.select_related("district").order_by("name"),
        label=_("Ortsteil"),
        empty_label=_("Alle Ortsteile"),
        error_messages={"invalid_choice": _("Diesen Ortsteil gibt es nicht.")},
    )
    angebot = KindMultipleChoiceFilter(
        choices=OfferingKind.choices,
        method="filter_offering_kind",
        label=_("Angebot"),
    )
    zielgruppe = SlugMultipleChoiceFilter(
        queryset=TargetGroup.objects.all(), method="filter_target_group", label=_("Zielgruppe")
    )
    sprache = SlugMultipleChoiceFilter(
        queryset=Language.objects.all(),
        to_field_name="code",
        method="filter_language",
        label=_("Sprache"),
    )
    barrierefrei = FlagFilter(method="filter_step_free", label=_("Stufenlos zugänglich"))

    class Meta:
        model = Centre
        fields = ["q", "bezirk", "ortsteil", "angebot", "zielgruppe", "sprache", "barrierefrei"]

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_centres(queryset, value)

    def filter_offering_kind(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        offerings = Offering.objects.published().filter(centre=OuterRef("pk"), kind__in=value)
        return queryset.filter(Exists(offerings))

    def filter_target_group(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        offerings = Offering.objects.published().filter(
            centre=OuterRef("pk"), target_groups__in=value
        )
        return queryset.filter(Exists(offerings))

    def filter_language(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        spoken = Centre.languages.through.objects.filter(centre=OuterRef("pk"), language__in=value)
        return queryset.filter(Exists(spoken))

    def filter_step_free(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(step_free_access=StepFree.YES) if value == "1" else queryset


class OfferingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    bezirk = SlugMultipleChoiceFilter(
        field_name="centre__district__slug", queryset=District.objects.all(), label=_("Bezirk")
    )
    art = KindMultipleChoiceFilter(
        field_name="kind",
        choices=OfferingKind.choices,
        label=_("Art des Angebots"),
    )
    zielgruppe = SlugMultipleChoiceFilter(
        queryset=TargetGroup.objects.all(), method="filter_target_group", label=_("Zielgruppe")
    )
    sprache = SlugMultipleChoiceFilter(
        queryset=Language.objects.all(),
        to_field_name="code",
        method="filter_language",
        label=_("Sprache"),
    )
    wochentag = KindMultipleChoiceFilter(
        choices=[(slug, day.label) for slug, day in WEEKDAY_SLUGS.items()],
        method="filter_weekday",
        label=_("Wochentag"),
    )
    kostenlos = FlagFilter(method="filter_free", label=_("Nur kostenlose Angebote"))

    class Meta:
        model = Offering
        fields = ["q", "bezirk", "art", "zielgruppe", "sprache", "wochentag", "kostenlos"]

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_offerings(queryset, value)

    def filter_target_group(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        chosen = Offering.target_groups.through.objects.filter(
            offering=OuterRef("pk"), targetgroup__in=value
        )
        return queryset.filter(Exists(chosen))

    def filter_language(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        chosen = Offering.languages.through.objects.filter(
            offering=OuterRef("pk"), language__in=value
        )
        return queryset.filter(Exists(chosen))

    def filter_weekday(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        days = [WEEKDAY_SLUGS[slug] for slug in value]
        weekly = OfferingTime.objects.filter(offering=OuterRef("pk"), weekday__in=days)
        return queryset.filter(Exists(weekly) | Q(starts_at__iso_week_day__in=days))

    def filter_free(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(cost=Cost.FREE) if value == "1" else queryset


class PartnerFilter(django_filters.FilterSet):
    art = KindMultipleChoiceFilter(
        field_name="kind",
        choices=OrganisationKind.choices,
        label=_("Art der Organisation"),
    )
    bezirk = SlugMultipleChoiceFilter(
        queryset=District.objects.all(), method="filter_district", label=_("Bezirk")
    )

    class Meta:
        model = Organisation
        fields = ["art", "bezirk"]

    def filter_district(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        partnerships = Partnership.objects.published().filter(
            organisation=OuterRef("pk"), centre__district__in=value
        )
        return queryset.filter(Exists(partnerships))


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    value: str
    remove_url: str


def active_filters(filterset: django_filters.FilterSet) -> list[ActiveFilter]:
    """The valid filters in use, each with a link that removes just that one value."""
    if not filterset.is_bound:
        return []
    filterset.is_valid()
    data: QueryDict = filterset.data
    active = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()) or (hasattr(value, "exists") and not value):
            continue
        field = filterset.form.fields[name]
        values = list(value) if isinstance(value, list | tuple | QuerySet) else [value]
        for item in values:
            raw, shown = _raw_and_label(field, item)
            remaining = data.copy()
            remaining.setlist(name, [v for v in data.getlist(name) if v != raw])
            remaining.pop("page", None)
            query = remaining.urlencode()
            active.append(
                ActiveFilter(
                    label=str(field.label),
                    value=shown,
                    remove_url=f"?{query}" if query else "?",
                )
            )
    return active


def _raw_and_label(field: forms.Field, item) -> tuple[str, str]:
    if hasattr(item, "pk"):
        key = getattr(field, "to_field_name", None) or "pk"
        label = field.label_from_instance(item) if hasattr(field, "label_from_instance") else item
        return str(getattr(item, key)), str(label)
    choices = dict(getattr(field, "choices", []))
    return str(item), str(choices.get(item, item))
