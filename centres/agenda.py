"""The agenda (/termine/): day by day, the events and the occurrences of recurring offerings.

The page's cost is bounded by its size, not by the data: per day it shows the first `per_day`
occurrences in time order and counts at most `AGENDA_COUNT_LIMIT` + 1 ("mehr als 300 Termine").
On PostgreSQL (production) each day is asked for separately, in two statements for the whole
window: the first rows of every day (one `UNION ALL` of ordered, limited selects) and their
capped counts; an index walks the weekly times of a weekday in time order, so a day of the
country's 10,000 centres costs what a day of Berlin's costs. On SQLite, the zero-setup database
of a first run, the weekly times are expanded in Python (three light queries) and cut to the
same figures. Only the offerings shown on the page are loaded as objects (one more query).
When an offering takes place is decided by `centres.hours` (`takes_place()`), which the
PostgreSQL statements follow: validity, public holidays, closures of the venue, what is over
today (tests/test_when.py runs on both databases).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Collate
from django.utils import timezone

from centres import hours
from centres.models import Offering, OfferingQuerySet, OfferingTime, OpeningException

AGENDA_DAYS = 28


@dataclass(frozen=True)
class Entry:
    """One occurrence on the agenda: an offering from `starts` (to `ends`, where known)."""

    offering: Offering
    starts: datetime.datetime
    ends: datetime.datetime | None


@dataclass
class AgendaDay:
    day: datetime.date
    # How many take place that day, at most `AGENDA_COUNT_LIMIT`; `capped`: more than that.
    total: int
    entries: list[Entry] = field(default_factory=list)
    holiday: str | None = None
    capped: bool = False

    @property
    def more(self) -> int:
        return self.total - len(self.entries)


def count_limit() -> int:
    return settings.AGENDA_COUNT_LIMIT


def window(
    first: datetime.date | None, last: datetime.date | None, *, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The days the agenda shows: from `first` (not before today) for at most four weeks."""
    start = max(first or today, today)
    end = start + datetime.timedelta(days=AGENDA_DAYS - 1)
    return start, min(last, end) if last else end


def agenda_days(
    offerings: OfferingQuerySet,
    first: datetime.date,
    last: datetime.date,
    *,
    per_day: int,
) -> list[AgendaDay]:
    """The days from `first` to `last` on which some of `offerings` take place, each with its
    first `per_day` occurrences in time order (then by title) and their number (capped)."""
    now = timezone.now()
    if connections[offerings.db].vendor == "postgresql":
        found, counts = _per_day_in_sql(offerings, first, last, per_day=per_day, now=now)
    else:
        found = _expanded(offerings, first, last, now=now)
        counts = {day: len(rows) for day, rows in found.items()}
    # Per day, rows that sort by start time and title without loading the offerings:
    # (start time, title, pk, event start or None, event end or a weekly time's end).
    shown = {day: sorted(rows)[:per_day] for day, rows in found.items() if rows}
    objects = (
        Offering.objects.filter(pk__in={row[2] for rows in shown.values() for row in rows})
        .select_related("centre__district", "site")
        .in_bulk()
    )
    limit = count_limit()
    return [
        AgendaDay(
            day=day,
            total=min(counts[day], limit),
            capped=counts[day] > limit,
            entries=[_entry(day, row, objects[row[2]]) for row in shown[day]],
            holiday=hours.holiday(day),
        )
        for day in sorted(shown)
    ]


def _expanded(
    offerings: OfferingQuerySet, first: datetime.date, last: datetime.date, *, now
) -> dict[datetime.date, list[tuple]]:
    """Every occurrence from `first` to `last`, by day (the SQLite path)."""
    found: dict[datetime.date, list[tuple]] = defaultdict(list)
    for pk, title, starts_at, ends_at in (
        offerings.filter(starts_at__date__gte=first, starts_at__date__lte=last)
        .order_by()
        .values_list("pk", "title", "starts_at", "ends_at")
    ):
        local = timezone.localtime(starts_at, hours.BERLIN)
        found[local.date()].append((local.time(), title, pk, starts_at, ends_at))
    _add_recurring(found, offerings, first, last, now=now)
    return found


# --- PostgreSQL: each day asked for by itself, first rows and capped counts --------------------


def _per_day_in_sql(
    offerings: OfferingQuerySet,
    first: datetime.date,
    last: datetime.date,
    *,
    per_day: int,
    now: datetime.datetime,
) -> tuple[dict[datetime.date, list[tuple]], dict[datetime.date, int]]:
    parts = []  # (day, the day's events or weekly times as a queryset of light rows)
    for day in hours.days(first, last):
        parts.append((day, _events_on(offerings, day)))
        if not hours.is_holiday(day):  # no recurring offering meets on a public holiday
            parts.append((day, _weekly_on(offerings, day, now=now)))
    found: dict[datetime.date, list[tuple]] = defaultdict(list)
    selects = [
        queryset.annotate(agenda_day=Value(day)).values_list(
            "agenda_day", "pk", "title", "starts_at", "ends_at", "agenda_opens", "agenda_closes"
        )[:per_day]
        for day, queryset in parts
    ]
    rows = selects[0].union(*selects[1:], all=True) if len(selects) > 1 else selects[0]
    for day, pk, title, starts_at, ends_at, opens, closes in rows:
        if starts_at is None:
            found[day].append((opens, title, pk, None, closes))
        else:
            local = timezone.localtime(starts_at, hours.BERLIN)
            found[day].append((local.time(), title, pk, starts_at, ends_at))
    return found, _capped_counts(parts, limit=count_limit() + 1, using=offerings.db)


def _day_starts(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=hours.BERLIN)


_NO_TIME = Value(None, output_field=OfferingTime._meta.get_field("opens"))


def _events_on(offerings: OfferingQuerySet, day: datetime.date) -> QuerySet:
    """The day's events in time order, then by title as Python sorts (code points)."""
    return (
        offerings.filter(
            starts_at__gte=_day_starts(day),
            starts_at__lt=_day_starts(day + datetime.timedelta(days=1)),
        )
        .annotate(agenda_opens=_NO_TIME, agenda_closes=_NO_TIME)
        .order_by("starts_at", Collate("title", "C"), "pk")
    )


def _weekly_on(
    offerings: OfferingQuerySet, day: datetime.date, *, now: datetime.datetime
) -> QuerySet:
    """The weekly times that meet on `day` (no holiday), in time order, then by title: those
    of recurring offerings valid that day whose venue (their site, else their centre's main
    site) is not closed, and, today, that are not over yet (`_add_recurring`)."""
    closed = OpeningException.objects.closures().on(day)
    times = Q(times__weekday=day.isoweekday())
    local_now = timezone.localtime(now, hours.BERLIN)
    if day == local_now.date():
        times &= Q(times__closes=hours.MIDNIGHT) | Q(times__closes__gt=local_now.time())
    return (
        offerings.filter(starts_at__isnull=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .alias(
            closed_site=Exists(closed.filter(site=OuterRef("site"))),
            closed_main_site=Exists(
                closed.filter(site__centre=OuterRef("centre"), site__is_main=True)
            ),
        )
        .exclude(site__isnull=False, closed_site=True)
        .exclude(site__isnull=True, closed_main_site=True)
        .filter(times)
        .annotate(agenda_opens=F("times__opens"), agenda_closes=F("times__closes"))
        .order_by("times__opens", Collate("title", "C"), "pk")
    )


def _capped_counts(
    parts: list[tuple[datetime.date, QuerySet]], *, limit: int, using: str
) -> dict[datetime.date, int]:
    """Per day, how many rows its selects have, each counted up to `limit`: one statement
    of `SELECT count(*) FROM (… LIMIT n)` per select, joined by UNION ALL (Django counts a
    sliced queryset the same way, one query each)."""
    connection = connections[using]
    statements, params = [], []
    for index, (day, queryset) in enumerate(parts):
        sql, select_params = (
            queryset.order_by().values("pk")[:limit].query.get_compiler(using=using).as_sql()
        )
        statements.append(f"SELECT %s::date, count(*) FROM ({sql}) AS part{index}")
        params += [day, *select_params]
    counts: dict[datetime.date, int] = defaultdict(int)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(statements), params)
        for day, count in cursor.fetchall():
            if count:
                counts[day] += count
    return counts


def _entry(day: datetime.date, row: tuple, offering: Offering) -> Entry:
    opens, _title, _pk, starts_at, ends = row
    if starts_at is not None:
        return Entry(offering, starts_at, ends)
    period = hours.Period(day, opens, ends)
    return Entry(offering, period.starts, period.ends)


def _add_recurring(
    found: dict[datetime.date, list[tuple]],
    offerings: OfferingQuerySet,
    first: datetime.date,
    last: datetime.date,
    *,
    now: datetime.datetime,
) -> None:
    times = (
        OfferingTime.objects.filter(
            offering__in=offerings.filter(starts_at__isnull=True).order_by().values("pk")
        )
        .order_by()
        .values_list(
            "offering_id",
            "offering__title",
            "offering__valid_from",
            "offering__valid_until",
            "offering__site_id",
            "offering__centre_id",
            "weekday",
            "opens",
            "closes",
        )
    )
    # An offering's venue is its site, else its centre's main site: closures by either key.
    closures_of_site: dict[int, list[OpeningException]] = defaultdict(list)
    closures_of_main_site: dict[int, list[OpeningException]] = defaultdict(list)
    for closure in (
        OpeningException.objects.closures()
        .filter(starts_on__lte=last, ends_on__gte=first)
        .select_related("site")
    ):
        closures_of_site[closure.site_id].append(closure)
        if closure.site.is_main:
            closures_of_main_site[closure.site.centre_id].append(closure)
    by_weekday: dict[int, list[tuple]] = defaultdict(list)
    for pk, title, valid_from, valid_until, site, centre, weekday, opens, closes in times:
        closures = closures_of_site[site] if site else closures_of_main_site[centre]
        by_weekday[weekday].append((pk, title, valid_from, valid_until, closures, opens, closes))
    local_now = timezone.localtime(now, hours.BERLIN)
    today, now_time = local_now.date(), local_now.time()
    for day in hours.days(first, last):
        if hours.is_holiday(day):
            continue  # no recurring offering meets on a public holiday (`hours.takes_place`)
        rows = found[day]
        for pk, title, valid_from, valid_until, closures, opens, closes in by_weekday[
            day.isoweekday()
        ]:
            if day == today and not hours.within(MIDNIGHT_START, closes, now_time):
                continue  # over already: not on the agenda
            # Most rows have neither validity nor closures: on a day that is no holiday they
            # take place, and asking `takes_place()` 75,000 times costs a fifth of the page.
            if not (valid_from or valid_until or closures) or hours.takes_place(
                day, valid_from=valid_from, valid_until=valid_until, closures=closures
            ):
                rows.append((opens, title, pk, None, closes))
        if not rows:
            del found[day]


MIDNIGHT_START = datetime.time(0)
