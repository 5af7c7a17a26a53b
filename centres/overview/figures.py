"""Counting for the funders' overview: what each Bezirk's centres offer, and where the gaps are.

Every count comes from the database, starting from the `published()` querysets and the rules the
models define once (step-free, reviewed, offerings by kind). Only real entries count unless the
caller asks to include the demo data (`include_demo`): the `real()` querysets leave out demo
centres, their offerings and partnerships, and demo organisations.

Each table is read once per computation, aggregated in the database with `GROUP BY` and
conditional aggregates (`COUNT(…) FILTER (WHERE …)`), never row by row: the city's figures are one
query per table grouped by Bezirk, Berlin's the sum of its Bezirke (every centre has one
Bezirk; only the distinct partner organisations are counted again); a Bezirk in depth is one
query per table grouped by centre, its own figures the sum of its centres, which the page lists
anyway. The counts over offerings read the covering partial index `centres_offering_pub_centre`
(an index-only scan: the offering rows themselves, with their search documents, are never
read). Python adds up finished rows (twelve Bezirke, or the centres a page shows), never
offerings, so every page takes a fixed number of queries whatever the amount of data
(docs/overview.md). How the rows are laid out, sorted and written is `tables` and `formatting`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db import models
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.db.models.functions import ExtractIsoWeekDay
from django.utils.translation import gettext as _

from centres.models import (
    COMPLETENESS_FACTS,
    OFFERING_COUNT,
    STEP_FREE_CONDITION,
    Centre,
    District,
    Offering,
    OfferingKind,
    Ortsteil,
    Partnership,
    Site,
    TargetGroup,
    Weekday,
    completeness_conditions,
    count_of,
    has_site,
    kind_counts_of,
    review_overdue_condition,
    sites_prefetch,
)
from centres.models.search import SEARCH_FIELDS
from centres.wording import yes_no_unknown

PER_INHABITANTS = 100_000
ONE_DECIMAL = Decimal("0.1")


def rate(part: int, whole: int | None, scale: int) -> Decimal | None:
    """`part` per `scale` of `whole`, to one decimal (half up); None where there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * scale / Decimal(whole)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def counted_centres(*, include_demo: bool = False) -> models.QuerySet:
    """The centres the overview counts: published and, unless asked otherwise, real."""
    centres = Centre.objects.published()
    return centres if include_demo else centres.real()


def counted_offerings(*, include_demo: bool = False) -> models.QuerySet:
    """The offerings the overview counts: public and, unless asked otherwise, real."""
    offerings = Offering.objects.published()
    return offerings if include_demo else offerings.real()


def counted_partnerships(*, include_demo: bool = False) -> models.QuerySet:
    """The partnerships the overview counts: public and, unless asked otherwise, real."""
    partnerships = Partnership.objects.published()
    return partnerships if include_demo else partnerships.real()


@dataclass(frozen=True)
class DemoData:
    """How many invented demo centres and offerings are public, and whether they are counted."""

    centres: int
    offerings: int
    included: bool

    @property
    def exists(self) -> bool:
        return bool(self.centres or self.offerings)


def demo_data(*, include_demo: bool = False) -> DemoData:
    """The public demo centres and their public offerings: two counts, the second an index-only
    scan of the public offerings joined to the demo centres."""
    centres = Centre.objects.published().filter(is_demo=True)
    offerings = Offering.objects.published().filter(centre__in=centres)
    return DemoData(centres=centres.count(), offerings=offerings.count(), included=include_demo)


def _centre_measures() -> dict[str, Count]:
    """What is counted among published centres, by name.

    A fact that is not known for every centre (IFP funding, step-free access, Ortsteil, opening
    hours) is also counted where it is known: its share is taken over those centres, never over
    all. `<fact>_known` counts the centres with each fact of the completeness figure.
    """
    return {
        "centre_count": Count("pk"),
        "ifp_count": Count("pk", filter=Q(is_ifp_funded=True)),
        "ifp_known": Count("pk", filter=Q(is_ifp_funded__isnull=False)),
        # A centre is step-free with one step-free site, and its access known with one known.
        "step_free_count": Count("pk", filter=Q(has_site(STEP_FREE_CONDITION))),
        "reviewed_count": Count("pk", filter=~review_overdue_condition()),
        "site_count": Sum(count_of(Site.objects.all(), "centre")),
        **{
            f"{fact}_known": Count("pk", filter=condition)
            for fact, condition in completeness_conditions().items()
        },
    }


def _partner_measures() -> dict[str, Count]:
    return {"partner_count": Count("organisation", distinct=True)}


def _grouped(queryset: models.QuerySet, group: str, measures: dict) -> dict[int, dict]:
    """One GROUP BY query: per `group` id (Bezirk, centre), the measures' values.

    Conditional aggregates in a single scan; correlated subqueries per row and measure were
    tried first and took seconds on SQLite with 1,000 centres.
    """
    rows = queryset.order_by().values(group).annotate(**measures)
    return {row.pop(group): row for row in rows}


def _target_groups_reached(offerings: models.QuerySet, owner: str) -> dict[int, set[int]]:
    """Per `owner` id ("centre__district", "centre"): the ids of the target groups with at least
    one of these offerings. One query: the offerings joined to their target groups once, the
    distinct (owner, target group) pairs (at most owners × target groups rows)."""
    pairs = (
        offerings.filter(target_groups__isnull=False)
        .order_by()
        .values_list(owner, "target_groups")
        .distinct()
    )
    reached: dict[int, set[int]] = {}
    for owner_id, group_id in pairs:
        reached.setdefault(owner_id, set()).add(group_id)
    return reached


class KindCounts:
    """A row with `kind_counts` (offering kind value → number of public offerings)."""

    kind_counts: dict[str, int]

    @property
    def kind_cells(self) -> list[tuple[OfferingKind, int]]:
        return [(kind, self.kind_counts[kind.value]) for kind in OfferingKind]


@dataclass(eq=False)  # rows are compared by identity, never by their numbers
class Figures(KindCounts):
    """The overview's numbers for one Bezirk, or for Berlin as a whole (`district` None).

    `berlin_rate` is Berlin's centres per 100,000 inhabitants, set on a Bezirk's row once the
    city's figures are known, so the row can say whether it is below the average.
    """

    name: str
    district: District | None
    population: int | None
    population_date: datetime.date | None
    centre_count: int
    ifp_count: int
    ifp_known: int
    step_free_count: int
    reviewed_count: int
    offering_count: int
    kind_counts: dict[str, int]
    target_group_count: int
    partner_count: int
    site_count: int = 0
    # Per fact of COMPLETENESS_FACTS: the centres that have it ("access" = step_free_known).
    known: dict[str, int] = field(default_factory=dict)
    missing_target_groups: list[TargetGroup] = field(default_factory=list)
    berlin_rate: Decimal | None = None

    @property
    def step_free_known(self) -> int:
        return self.known.get("access", 0)

    @property
    def ortsteil_known(self) -> int:
        return self.known.get("ortsteil", 0)

    @property
    def hours_known(self) -> int:
        return self.known.get("hours", 0)

    @property
    def known_facts(self) -> list[tuple[str, int]]:
        """(label, centres with it) for each fact of COMPLETENESS_FACTS."""
        return [(str(label), self.known.get(fact, 0)) for fact, label in COMPLETENESS_FACTS]

    @property
    def completeness(self) -> Decimal | None:
        """Share of the facts of COMPLETENESS_FACTS that the centres have, over all centres."""
        possible = self.centre_count * len(COMPLETENESS_FACTS)
        return rate(sum(self.known.get(fact, 0) for fact, _ in COMPLETENESS_FACTS), possible, 100)

    @property
    def slug(self) -> str:
        return self.district.slug if self.district else ""

    @property
    def centres_per_100k(self) -> Decimal | None:
        return rate(self.centre_count, self.population, PER_INHABITANTS)

    @property
    def ifp_value(self) -> int | None:
        """Centres funded in the IFP STZ; None (not 0) where no centre's funding is known."""
        return None if self.centre_count and not self.ifp_known else self.ifp_count

    @property
    def step_free_share(self) -> Decimal | None:
        """Share of the centres whose access is known; None where it is known for none."""
        return rate(self.step_free_count, self.step_free_known, 100)

    @property
    def reviewed_share(self) -> Decimal | None:
        return rate(self.reviewed_count, self.centre_count, 100)

    @property
    def below_berlin_average(self) -> bool:
        """Fewer centres per 100,000 inhabitants than Berlin, as both are shown (rounded)."""
        return (
            self.centres_per_100k is not None
            and self.berlin_rate is not None
            and self.centres_per_100k < self.berlin_rate
        )

    @property
    def target_group_total(self) -> int:
        """All target groups: those reached and those without an offering here."""
        return self.target_group_count + len(self.missing_target_groups)

    @property
    def missing_kinds(self) -> list[OfferingKind]:
        return [kind for kind in OfferingKind if not self.kind_counts[kind.value]]

    @property
    def has_gaps(self) -> bool:
        return bool(self.missing_kinds or self.missing_target_groups)


def _figures(values: dict, *, name: str, district: District | None) -> Figures:
    """Build Figures from the counted values (a missing count is 0)."""
    return Figures(
        name=name,
        district=district,
        population=values.get("population"),
        population_date=values.get("population_date"),
        centre_count=values.get("centre_count") or 0,
        ifp_count=values.get("ifp_count") or 0,
        ifp_known=values.get("ifp_known") or 0,
        step_free_count=values.get("step_free_count") or 0,
        reviewed_count=values.get("reviewed_count") or 0,
        offering_count=values.get(OFFERING_COUNT) or 0,
        kind_counts=kind_counts_of(values),
        target_group_count=values.get("target_group_count") or 0,
        partner_count=values.get("partner_count") or 0,
        site_count=values.get("site_count") or 0,
        known={fact: values.get(f"{fact}_known") or 0 for fact, _ in COMPLETENESS_FACTS},
    )


def district_figures(
    districts: models.QuerySet, target_groups: list[TargetGroup], *, include_demo: bool = False
) -> list[Figures]:
    """Figures of each Bezirk of the queryset, in its order: five queries for any number, one per
    table grouped by Bezirk (the Bezirke, centres, offerings by kind, partners, the offerings'
    target groups)."""
    districts = list(districts)
    ids = [district.pk for district in districts]
    counted = counted_centres(include_demo=include_demo).filter(district__in=ids)
    centres = _grouped(counted, "district", _centre_measures())
    offerings = counted_offerings(include_demo=include_demo).filter(centre__district__in=ids)
    by_kind = offerings.kind_counts_by("centre__district")
    partners = _grouped(
        counted_partnerships(include_demo=include_demo).filter(centre__district__in=ids),
        "centre__district",
        _partner_measures(),
    )
    reached = _target_groups_reached(offerings, "centre__district")
    rows = []
    for district in districts:
        groups = reached.get(district.pk, set())
        figures = _figures(
            {
                "population": district.population,
                "population_date": district.population_date,
                **centres.get(district.pk, {}),
                **by_kind.get(district.pk, {}),
                **partners.get(district.pk, {}),
                "target_group_count": len(groups),
            },
            name=district.name,
            district=district,
        )
        figures.missing_target_groups = [group for group in target_groups if group.pk not in groups]
        rows.append(figures)
    return rows


def _berlin_figures(
    rows: list[Figures], target_groups: list[TargetGroup], include_demo: bool
) -> Figures:
    """Berlin as a whole from the rows of all twelve Bezirke: every centre has one Bezirk, so
    its centres, offerings and shares are their sums, its population theirs (the latest date),
    and a target group is reached in Berlin where it is reached in a Bezirk. Partner
    organisations are counted once for the city (one query): one working with centres in two
    Bezirke is one partner of Berlin."""
    populations = [row.population for row in rows if row.population is not None]
    figures = Figures(
        name=_("Berlin"),
        district=None,
        population=sum(populations) if populations else None,
        population_date=max(
            (row.population_date for row in rows if row.population_date), default=None
        ),
        centre_count=sum(row.centre_count for row in rows),
        ifp_count=sum(row.ifp_count for row in rows),
        ifp_known=sum(row.ifp_known for row in rows),
        step_free_count=sum(row.step_free_count for row in rows),
        reviewed_count=sum(row.reviewed_count for row in rows),
        offering_count=sum(row.offering_count for row in rows),
        kind_counts={
            kind.value: sum(row.kind_counts[kind.value] for row in rows) for kind in OfferingKind
        },
        target_group_count=0,
        partner_count=counted_partnerships(include_demo=include_demo).aggregate(
            **_partner_measures()
        )["partner_count"],
        site_count=sum(row.site_count for row in rows),
        known={fact: sum(row.known.get(fact, 0) for row in rows) for fact, _ in COMPLETENESS_FACTS},
    )
    figures.missing_target_groups = [
        group for group in target_groups if all(group in row.missing_target_groups for row in rows)
    ]
    figures.target_group_count = len(target_groups) - len(figures.missing_target_groups)
    return figures


# --- The city at a glance ----------------------------------------------------------------


@dataclass
class CityOverview:
    """Every Bezirk's figures (`rows`, by Bezirk number until a table sorts them) and Berlin's."""

    rows: list[Figures]
    total: Figures
    target_groups: list[TargetGroup]

    @property
    def population_date(self) -> datetime.date | None:
        return self.total.population_date

    @cached_property
    def below_average(self) -> list[Figures]:
        """Bezirke whose centres per 100,000 inhabitants are below Berlin's, fewest first."""
        below = [row for row in self.rows if row.below_berlin_average]
        return sorted(below, key=lambda row: row.centres_per_100k)

    @cached_property
    def max_kind_count(self) -> int:
        return max((count for row in self.rows for count in row.kind_counts.values()), default=0)


def city_overview(*, include_demo: bool = False) -> CityOverview:
    """Every Bezirk's figures plus Berlin's: seven queries."""
    target_groups = list(TargetGroup.objects.all())
    rows = district_figures(District.objects.all(), target_groups, include_demo=include_demo)
    total = _berlin_figures(rows, target_groups, include_demo)
    for row in rows:
        row.berlin_rate = total.centres_per_100k
    return CityOverview(rows=rows, total=total, target_groups=target_groups)


# --- One Bezirk in depth -----------------------------------------------------------------


@dataclass
class CentreFigures(KindCounts):
    """One published centre's numbers, for a Bezirk's centre table and its export."""

    centre: Centre
    offering_count: int
    kind_counts: dict[str, int]
    target_groups: list[TargetGroup]
    partner_count: int
    # Per fact of COMPLETENESS_FACTS: whether the centre has it.
    facts: dict[str, bool] = field(default_factory=dict)

    @property
    def site_count(self) -> int:
        return len(self.centre.sites.all())

    @property
    def missing_facts(self) -> list[str]:
        return [str(label) for fact, label in COMPLETENESS_FACTS if not self.facts.get(fact)]

    @property
    def completeness(self) -> Decimal:
        """Share of the facts of COMPLETENESS_FACTS the centre has."""
        present = sum(1 for fact, _ in COMPLETENESS_FACTS if self.facts.get(fact))
        return rate(present, len(COMPLETENESS_FACTS), 100)

    @property
    def funding_display(self) -> str:
        """Funded in the IFP STZ: "ja", "nein" or "nicht bekannt", as everywhere on the site."""
        return yes_no_unknown(self.centre.is_ifp_funded)


@dataclass(frozen=True)
class WeekdayCount:
    weekday: Weekday
    recurring: int
    events: int

    @property
    def total(self) -> int:
        return self.recurring + self.events


@dataclass
class DistrictOverview:
    """One Bezirk in depth: its figures (with Berlin's rate), centres, Ortsteile, weekdays."""

    figures: Figures
    centres: list[CentreFigures]
    ortsteile_with_centre: list[Ortsteil]
    ortsteile_without_centre: list[Ortsteil]
    weekdays: list[WeekdayCount]

    @property
    def district(self) -> District:
        return self.figures.district

    @property
    def ortsteil_unknown(self) -> int:
        """Centres none of whose sites has a known Ortsteil: "Ortsteil unbekannt", not a gap."""
        return self.figures.centre_count - self.figures.ortsteil_known

    @property
    def berlin_rate(self) -> Decimal | None:
        return self.figures.berlin_rate

    @cached_property
    def max_weekday_total(self) -> int:
        return max((day.total for day in self.weekdays), default=0)

    @cached_property
    def max_kind_count(self) -> int:
        return max((n for row in self.centres for n in row.kind_counts.values()), default=0)


def _centre_figures(
    district_ids: list[int], target_groups: list[TargetGroup], include_demo: bool
) -> dict[int, list[CentreFigures]]:
    """Per Bezirk id, its counted centres with their figures: five queries (the centres with
    their facts, their sites, and one per table grouped by centre: offerings by kind, partners,
    the offerings' target groups)."""
    centres = (
        counted_centres(include_demo=include_demo)
        .filter(district__in=district_ids)
        .defer(*SEARCH_FIELDS)  # most of a centre row's bytes, and never shown here
        .select_related("provider")
        .prefetch_related(sites_prefetch())
        .annotate(
            **{
                f"has_{fact}": ExpressionWrapper(condition, output_field=BooleanField())
                for fact, condition in completeness_conditions().items()
            }
        )
        .order_by("name")
    )
    offerings = counted_offerings(include_demo=include_demo).filter(
        centre__district__in=district_ids
    )
    by_kind = offerings.kind_counts_by("centre")
    partners = _grouped(
        counted_partnerships(include_demo=include_demo).filter(centre__district__in=district_ids),
        "centre",
        _partner_measures(),
    )
    reached = _target_groups_reached(offerings, "centre")
    by_district: dict[int, list[CentreFigures]] = {pk: [] for pk in district_ids}
    for centre in centres:
        counts = by_kind.get(centre.pk, {})
        groups = reached.get(centre.pk, set())
        by_district[centre.district_id].append(
            CentreFigures(
                centre=centre,
                offering_count=counts.get(OFFERING_COUNT, 0),
                kind_counts=kind_counts_of(counts),
                target_groups=[group for group in target_groups if group.pk in groups],
                partner_count=partners.get(centre.pk, {}).get("partner_count", 0),
                facts={fact: getattr(centre, f"has_{fact}") for fact, _ in COMPLETENESS_FACTS},
            )
        )
    return by_district


def _district_of_centres(
    district: District,
    centres: list[CentreFigures],
    *,
    partner_count: int,
    target_groups: list[TargetGroup],
) -> Figures:
    """A Bezirk's figures as the sum of its counted centres (all of them, as
    `_centre_figures()` gives them): the same numbers `district_figures()` counts by Bezirk in
    the database, from the rules the models state for one loaded row (`is_step_free`,
    `review_overdue`). Its partner organisations are counted apart (`partner_count`): one
    working with two of its centres is one partner of the Bezirk."""
    reached = {group.pk for row in centres for group in row.target_groups}
    figures = Figures(
        name=district.name,
        district=district,
        population=district.population,
        population_date=district.population_date,
        centre_count=len(centres),
        ifp_count=sum(1 for row in centres if row.centre.is_ifp_funded is True),
        ifp_known=sum(1 for row in centres if row.centre.is_ifp_funded is not None),
        step_free_count=sum(1 for row in centres if row.centre.is_step_free),
        reviewed_count=sum(1 for row in centres if not row.centre.review_overdue),
        offering_count=sum(row.offering_count for row in centres),
        kind_counts={
            kind.value: sum(row.kind_counts[kind.value] for row in centres) for kind in OfferingKind
        },
        target_group_count=len(reached),
        partner_count=partner_count,
        site_count=sum(row.site_count for row in centres),
        known={
            fact: sum(1 for row in centres if row.facts.get(fact)) for fact, _ in COMPLETENESS_FACTS
        },
    )
    figures.missing_target_groups = [group for group in target_groups if group.pk not in reached]
    return figures


def _weekdays(district_ids: list[int], include_demo: bool) -> dict[int, list[WeekdayCount]]:
    """Per Bezirk and weekday: recurring offerings with a time that day, events starting then."""
    offerings = counted_offerings(include_demo=include_demo).filter(
        centre__district__in=district_ids
    )
    recurring = {
        (district, weekday): count
        for district, weekday, count in offerings.filter(times__isnull=False)
        .order_by()
        .values_list("centre__district", "times__weekday")
        .annotate(n=Count("pk", distinct=True))
    }
    # Event weekdays in Berlin time (the active time zone), ISO numbering like Weekday.
    events = {
        (district, weekday): count
        for district, weekday, count in offerings.events()
        .order_by()
        .annotate(weekday=ExtractIsoWeekDay("starts_at"))
        .values_list("centre__district", "weekday")
        .annotate(n=Count("pk"))
    }
    return {
        district: [
            WeekdayCount(
                day, recurring.get((district, day.value), 0), events.get((district, day.value), 0)
            )
            for day in Weekday
        ]
        for district in district_ids
    }


def district_overviews(
    district_queryset: models.QuerySet, *, include_demo: bool = False
) -> list[DistrictOverview]:
    """The Bezirke of the queryset in depth: twelve queries, however many Bezirke and centres."""
    districts = list(district_queryset)
    if not districts:
        return []
    target_groups = list(TargetGroup.objects.all())
    ids = [district.pk for district in districts]
    centres = _centre_figures(ids, target_groups, include_demo)
    partners = _grouped(
        counted_partnerships(include_demo=include_demo).filter(centre__district__in=ids),
        "centre__district",
        _partner_measures(),
    )
    ortsteile: dict[int, list[Ortsteil]] = {pk: [] for pk in ids}
    # As `Ortsteil.objects.with_centre_counts()`, over the centres counted here.
    counted_sites = Site.objects.filter(centre__in=counted_centres(include_demo=include_demo))
    counted = count_of(counted_sites, "ortsteil", distinct="centre")
    for ortsteil in Ortsteil.objects.filter(district__in=ids).annotate(centre_count=counted):
        ortsteile[ortsteil.district_id].append(ortsteil)
    weekdays = _weekdays(ids, include_demo)
    # Berlin's centres per 100,000 inhabitants, for the comparison: one query.
    berlin = District.objects.aggregate(
        population=Sum("population"),
        centres=Sum(count_of(counted_centres(include_demo=include_demo), "district")),
    )
    berlin_rate = rate(berlin["centres"] or 0, berlin["population"], PER_INHABITANTS)
    overviews = []
    for district in districts:
        figures = _district_of_centres(
            district,
            centres[district.pk],
            partner_count=partners.get(district.pk, {}).get("partner_count", 0),
            target_groups=target_groups,
        )
        figures.berlin_rate = berlin_rate
        overviews.append(
            DistrictOverview(
                figures=figures,
                centres=centres[district.pk],
                ortsteile_with_centre=[o for o in ortsteile[district.pk] if o.centre_count],
                ortsteile_without_centre=[o for o in ortsteile[district.pk] if not o.centre_count],
                weekdays=weekdays[district.pk],
            )
        )
    return overviews


# --- Partnerships by the partner's kind ------------------------------------------------------


@dataclass(frozen=True)
class PartnershipKinds:
    """The counted partnerships per Bezirk (by id; Berlin under None) and partner kind."""

    counts: dict[int | None, dict[str, int]]

    def count(self, district_id: int | None, kind: str) -> int:
        return self.counts.get(district_id, {}).get(kind, 0)

    def total(self, district_id: int | None) -> int:
        return sum(self.counts.get(district_id, {}).values())


def partnerships_by_kind(*, include_demo: bool = False) -> PartnershipKinds:
    """How many partnerships the centres of each Bezirk, and of Berlin, have with each kind of
    organisation (a school working with two centres counts twice): one query."""
    counts: dict[int | None, dict[str, int]] = counted_partnerships(
        include_demo=include_demo
    ).kind_counts_by("centre__district")
    berlin: dict[str, int] = {}
    for by_kind in counts.values():
        for kind, n in by_kind.items():
            berlin[kind] = berlin.get(kind, 0) + n
    counts[None] = berlin
    return PartnershipKinds(counts)
