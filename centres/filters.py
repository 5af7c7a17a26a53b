"""Filters of the public lists. URL parameters are German slugs residents can read and share."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import django_filters
from django import forms
from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from centres.models import (
    Centre,
    CentreQuerySet,
    District,
    Language,
    Offering,
    OfferingKind,
    OfferingQuerySet,
    OfferingTime,
    Organisation,
    OrganisationKind,
    Ortsteil,
    Partnership,
    TargetGroup,
    Weekday,
)
from centres.near import NearFilter
from centres.search import SearchQueryField, is_ranked, search_centres, search_offerings
from centres.widgets import CheckboxList, OptionList


class FlagWidget(forms.CheckboxInput):
    """A checkbox that submits `1` and passes the raw value on, so `?x=vielleicht` is reported."""

    def __init__(self, attrs=None):
        super().__init__({**(attrs or {}), "value": "1"}, check_test=lambda value: value == "1")

    def format_value(self, value):
        return None

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagFilter(django_filters.ChoiceFilter):
    """`?name=1` narrows the list by `narrow`; anything else but an empty value is an error."""

    def __init__(self, narrow: Callable[[QuerySet], QuerySet], **kwargs):
        self.narrow = narrow
        kwargs.setdefault("choices", [("1", _("ja"))])
        kwargs.setdefault("widget", FlagWidget)
        kwargs.setdefault("error_messages", {"invalid_choice": _("Nur „1“ (ja) ist hier möglich.")})
        super().__init__(**kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        return self.narrow(qs) if value == "1" else qs


class SearchFilter(django_filters.CharFilter):
    field_class = SearchQueryField


# A chip shows at most this many characters of a value (a pasted essay stays one short chip).
CHIP_LENGTH = 60

UNKNOWN_VALUE = _("„%(value)s“ ist hier kein bekannter Wert.")


class ChoicesInOneQuery(django_filters.fields.ModelChoiceIterator):
    """The choices of a vocabulary (Bezirke, Ortsteile, target groups, languages) read with one
    plain query. Django reads them with `iterator()`, which on PostgreSQL is a server-side
    cursor: DECLARE, FETCH and CLOSE, three round trips per field and page for a few dozen rows.
    Same choices, in the same order, with the empty and the null choice where the field has them.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset:
            yield self.choice(obj)


class SlugMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    iterator = ChoicesInOneQuery


class SlugMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    """Several values by slug, combined with OR; checkboxes in the form.

    A `field_name` must end in the slug (`district__slug`): django-filter compares the chosen
    objects' `to_field_name` values, so `district` alone would compare a slug with an id.
    """

    field_class = SlugMultipleChoiceField

    def __init__(self, *args, **kwargs):
        # Each list filters these with `EXISTS` or an `IN` on the row's own column (its
        # `method`), which cannot repeat a row: no `DISTINCT`.
        kwargs.setdefault("distinct", False)
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", CheckboxList)
        kwargs.setdefault("error_messages", {"invalid_choice": UNKNOWN_VALUE})
        super().__init__(*args, **kwargs)


class KindMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    """Several values of a field of the row itself (or of a `method` that filters with
    `EXISTS`), combined with OR. Such a filter cannot repeat a row, so no `DISTINCT` (which
    django-filter adds by default: a sort and comparison over every selected column)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        kwargs.setdefault("widget", CheckboxList)
        kwargs.setdefault("error_messages", {"invalid_choice": UNKNOWN_VALUE})
        super().__init__(*args, **kwargs)


class OrtsteilChoiceField(forms.ModelChoiceField):
    iterator = ChoicesInOneQuery

    def label_from_instance(self, ortsteil: Ortsteil) -> str:
        return f"{ortsteil.name} ({ortsteil.district.name})"


class OrtsteilFilter(django_filters.ModelChoiceFilter):
    field_class = OrtsteilChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", OptionList)  # about a hundred Ortsteile
        super().__init__(*args, **kwargs)


WEEKDAY_CHOICES = [(day.slug, day.label) for day in Weekday]


class ListingFilter(django_filters.FilterSet):
    """The filters the centre and the offering list share: text, Bezirk, target group, language.

    A subclass says how its rows reach these: `district_path` leads to the Bezirk, `search`
    matches the text, and `offerings_of_row()` gives the offerings whose target groups count
    for a row. Languages are each row's own (a centre's are those spoken in the house).
    """

    q = SearchFilter(
        label=_("Suchbegriff"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    bezirk = SlugMultipleChoiceFilter(
        queryset=District.objects.all(), method="filter_district", label=_("Bezirk")
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

    district_path: ClassVar[str]
    search: ClassVar[Callable[[QuerySet, str], QuerySet]]

    def offerings_of_row(self) -> QuerySet[Offering]:
        """The offerings that speak for the outer row (`OuterRef("pk")`)."""
        raise NotImplementedError

    search_unranked = False
    # Filters that order the rows ("nahe": nearest first): they run after the text search, so
    # their order wins over the ranking, as the resident asked for it.
    ordering_filters: ClassVar[tuple[str, ...]] = ("nahe",)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """Every filter, then the text search, then the ordering filters: whether the search's
        matches are few enough to rank is counted among the rows the other filters leave."""

        def stage(item: tuple[str, Any]) -> int:
            return 2 if item[0] in self.ordering_filters else 1 if item[0] == "q" else 0

        for name, value in sorted(self.form.cleaned_data.items(), key=stage):
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        found = self.search(queryset, value)
        # Too many matches to rank (PostgreSQL): the list keeps its order and says so.
        self.search_unranked = connections[queryset.db].vendor == "postgresql" and not (
            is_ranked(found)
        )
        return found

    def filter_district(self, queryset: QuerySet, name: str, value: QuerySet) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(**{f"{self.district_path}__in": value})

    def filter_target_group(self, queryset: QuerySet, name: str, value: QuerySet) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(Exists(self.offerings_of_row().filter(target_groups__in=value)))

    def filter_language(self, queryset: QuerySet, name: str, value: QuerySet) -> QuerySet:
        if not value:
            return queryset
        speaking = queryset.model.objects.filter(pk=OuterRef("pk"), languages__in=value)
        return queryset.filter(Exists(speaking))


class CentreFilter(ListingFilter):
    district_path = "district"
    search = staticmethod(search_centres)

    ortsteil = OrtsteilFilter(
        method="filter_ortsteil",
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
    barrierefrei = FlagFilter(CentreQuerySet.step_free, label=_("Stufenlos zugänglich"))
    nahe = NearFilter(label=_("In der Nähe von (Breite, Länge)"))
    geoeffnet = django_filters.ChoiceFilter(
        choices=[("jetzt", _("jetzt geöffnet"))],
        method="filter_open_now",
        label=_("Geöffnet"),
        empty_label=_("egal"),
        error_messages={"invalid_choice": UNKNOWN_VALUE},
    )
    geoeffnet_am = KindMultipleChoiceFilter(
        choices=WEEKDAY_CHOICES, method="filter_open_on", label=_("Geöffnet am")
    )

    class Meta:
        model = Centre
        fields = [
            "q",
            "bezirk",
            "ortsteil",
            "angebot",
            "zielgruppe",
            "sprache",
            "barrierefrei",
            "nahe",
            "geoeffnet",
            "geoeffnet_am",
        ]

    def offerings_of_row(self) -> QuerySet[Offering]:
        # A centre is for whom its public offerings are for.
        return Offering.objects.published().filter(centre=OuterRef("pk"))

    def filter_ortsteil(self, queryset: QuerySet, name: str, value: Ortsteil | None) -> QuerySet:
        # A centre is in every Ortsteil where one of its sites is.
        return queryset.in_ortsteile([value]) if value else queryset

    def filter_offering_kind(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return queryset.filter(Exists(self.offerings_of_row().filter(kind__in=value)))

    def filter_open_now(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.open_at() if value == "jetzt" else queryset

    def filter_open_on(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return queryset.open_on([Weekday.from_slug(slug) for slug in value])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ChipDateFilter(django_filters.DateFilter):
    """A date whose chip says which end of the range it is ("ab 1. Dezember 2026")."""

    def __init__(self, *args, chip: str, **kwargs):
        self.chip = chip
        super().__init__(*args, **kwargs)


class OfferingFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        first, last = data.get("von"), data.get("bis")
        if first and last and last < first:
            self.add_error("bis", _("Das Datum „bis“ liegt vor „von“."))
        return data


class OfferingFilter(ListingFilter):
    district_path = "centre__district"
    search = staticmethod(search_offerings)

    art = KindMultipleChoiceFilter(
        field_name="kind",
        choices=OfferingKind.choices,
        label=_("Art des Angebots"),
    )
    wann = django_filters.ChoiceFilter(
        choices=[("heute", _("heute")), ("woche", _("diese Woche (bis Sonntag)"))],
        method="filter_when",
        label=_("Wann"),
        empty_label=_("jederzeit"),
        error_messages={"invalid_choice": UNKNOWN_VALUE},
    )
    von = ChipDateFilter(
        chip=_("ab %(date)s"),
        method="filter_from",
        label=_("Von (Datum)"),
        widget=DateInput,
        error_messages={"invalid": _("Bitte ein Datum wie 2026-12-24 angeben.")},
    )
    bis = ChipDateFilter(
        chip=_("bis %(date)s"),
        method="filter_until",
        label=_("Bis (Datum)"),
        widget=DateInput,
        error_messages={"invalid": _("Bitte ein Datum wie 2026-12-24 angeben.")},
    )
    wochentag = KindMultipleChoiceFilter(
        choices=WEEKDAY_CHOICES, method="filter_weekday", label=_("Wochentag")
    )
    tageszeit = KindMultipleChoiceFilter(
        choices=[
            ("morgens", _("morgens (bis 12 Uhr)")),
            ("nachmittags", _("nachmittags (12–17 Uhr)")),
            ("abends", _("abends (ab 17 Uhr)")),
        ],
        method="filter_time_of_day",
        label=_("Tageszeit"),
    )
    kostenlos = FlagFilter(OfferingQuerySet.free, label=_("Nur kostenlose Angebote"))

    class Meta:
        model = Offering
        form = OfferingFilterForm
        fields = [
            "q",
            "bezirk",
            "art",
            "zielgruppe",
            "sprache",
            "wann",
            "von",
            "bis",
            "wochentag",
            "tageszeit",
            "kostenlos",
        ]

    def offerings_of_row(self) -> QuerySet[Offering]:
        return Offering.objects.filter(pk=OuterRef("pk"))

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        self._range_applied = False
        return super().filter_queryset(queryset)

    def when_range(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The days asked for: `wann` (today, or until Sunday), narrowed by `von`/`bis`."""
        data = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        first, last = data.get("von"), data.get("bis")
        today = timezone.localdate()
        if data.get("wann") == "heute":
            first, last = max(first or today, today), min(last or today, today)
        elif data.get("wann") == "woche":
            sunday = today + datetime.timedelta(days=7 - today.isoweekday())
            first, last = max(first or today, today), min(last or sunday, sunday)
        return first, last

    def filter_when(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return self._in_range(queryset)

    def filter_from(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return self._in_range(queryset)

    def filter_until(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return self._in_range(queryset)

    def _in_range(self, queryset: QuerySet) -> QuerySet:
        # `wann`, `von` and `bis` make one range: the first of them to filter applies it.
        if getattr(self, "_range_applied", False):
            return queryset
        self._range_applied = True
        first, last = self.when_range()
        if first and last and last < first:
            return queryset.none()
        return queryset.occurring_between(first, last)

    def filter_time_of_day(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return queryset.at_times_of_day(value)

    def filter_weekday(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        days = [Weekday.from_slug(slug) for slug in value]
        weekly = OfferingTime.objects.filter(offering=OuterRef("pk"), weekday__in=days)
        return queryset.filter(Exists(weekly) | Q(starts_at__iso_week_day__in=days))


class PartnerFilter(django_filters.FilterSet):
    art = KindMultipleChoiceFilter(
        field_name="kind",
        choices=OrganisationKind.choices,
        label=_("Art der Organisation"),
    )
    bezirk = SlugMultipleChoiceFilter(
        queryset=District.objects.all(), method="filter_district", label=_("Bezirk")
    )

    # The partners of one centre (the Bezirk page's network links here): not in the form, as
    # a list of every centre would be; kept as a hidden field and shown as a removable chip.
    zentrum = SlugMultipleChoiceFilter(
        queryset=Centre.objects.published(),
        method="filter_centre",
        label=_("Zentrum"),
        widget=forms.MultipleHiddenInput,
    )

    class Meta:
        model = Organisation
        fields = ["art", "bezirk", "zentrum"]

    def filter_district(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        partnerships = Partnership.objects.published().filter(
            organisation=OuterRef("pk"), centre__district__in=value
        )
        return queryset.filter(Exists(partnerships))

    def filter_centre(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        partnerships = Partnership.objects.filter(organisation=OuterRef("pk"), centre__in=value)
        return queryset.filter(Exists(partnerships))


@dataclass(frozen=True)
class ActiveFilter:
    """One value in use: its filter's label, what the chip shows, the link that removes it."""

    label: str
    value: str
    remove_url: str
    ignored: bool = False  # named in the alert and left out of the search, shown for removal

    @property
    def remove_label(self) -> str:
        """The link's name, which contains all the chip shows: "Filter „Mitte“ entfernen"."""
        quoted = self.value if self.value.startswith(("„", "“")) else quote(self.value)
        return _("Filter %(value)s entfernen") % {"value": quoted}


def quote(text: str) -> str:
    """Text in the language's quotation marks: „Mitte“ in German, “Mitte” in English."""
    return _("„%(text)s“") % {"text": text}


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
            shown = _chip_text(filterset.filters[name], field, shorten(shown, CHIP_LENGTH))
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


def ignored_filters(filterset: django_filters.FilterSet) -> list[ActiveFilter]:
    """A search too long for the box is named in the alert and ignored; its chip shows its
    start and says so ("„Nachbarschaft …“ (zu lang, ignoriert)"), and removes it."""
    if not filterset.is_bound:
        return []
    filterset.is_valid()
    data: QueryDict = filterset.data
    ignored = []
    for name, errors in filterset.form.errors.as_data().items():
        if not isinstance(filterset.filters.get(name), SearchFilter):
            continue
        if not any(error.code == "max_length" for error in errors):
            continue
        remaining = data.copy()
        remaining.pop(name, None)
        remaining.pop("page", None)
        query = remaining.urlencode()
        term = shorten(" ".join(str(data.get(name, "")).split()), CHIP_LENGTH)
        ignored.append(
            ActiveFilter(
                label=str(filterset.form.fields[name].label),
                value=_("„%(term)s“ (zu lang, ignoriert)") % {"term": term},
                remove_url=f"?{query}" if query else "?",
                ignored=True,
            )
        )
    return ignored


def _chip_text(filter_: django_filters.Filter, field: forms.Field, shown: str) -> str:
    """What a chip shows: the value alone, so its link's name ("Filter „Mitte“ entfernen")
    contains all the chip says; a search term in quotes, a yes/no filter by its label."""
    if isinstance(filter_, FlagFilter):
        return str(field.label)
    if isinstance(filter_, SearchFilter):
        return quote(shown)
    if isinstance(filter_, ChipDateFilter):
        return filter_.chip % {"date": shown}
    return shown


def shorten(text: str, length: int) -> str:
    """At most `length` characters and "…", cut after a whole word where one ends near the end."""
    if len(text) <= length:
        return text
    cut = text[:length]
    space = cut.rfind(" ")
    if space > length * 2 // 3:
        cut = cut[:space]
    return cut.rstrip() + "…"


def _raw_and_label(field: forms.Field, item) -> tuple[str, str]:
    if isinstance(item, datetime.date):
        return item.isoformat(), date_format(item, _("j. F Y"))
    if hasattr(item, "pk"):
        key = getattr(field, "to_field_name", None) or "pk"
        label = field.label_from_instance(item) if hasattr(field, "label_from_instance") else item
        return str(getattr(item, key)), str(label)
    choices = dict(getattr(field, "choices", []))
    return str(item), str(choices.get(item, item))
