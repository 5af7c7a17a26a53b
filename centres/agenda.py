"""The agenda (/termine/): day by day, the events and the occurrences of recurring offerings.

The page's cost is bounded by its size, not by the data: per day it shows the first `per_day`
occurrences in time order and counts at most `count_limit()` + 1 ("mehr als 100 Termine").
On PostgreSQL (production) each day is asked for separately, in two statements for the whole
window: the first rows of every day (LATERAL subqueries, ordered and limited) and their capped
counts; the index (weekday, opens, id) walks a weekday's weekly times in the agenda's order, so
a day of the country's 10,000 centres costs about what a day of Berlin's costs. On SQLite, the
zero-setup database of a first run, the weekly times are expanded in Python (three light
queries) and cut to the same figures. Only the offerings shown on the page are loaded as
objects (one more query).
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
from django.db.models import F, QuerySet
from django.utils import timezone

from centres import hours
from centres.models import Offering, OfferingQuerySet, OfferingTime, OpeningException, Site

AGENDA_DAYS = 28


@dataclass(frozen=True)
class Entry:
    """One occurrence on the agenda: an offering from `starts` (to `ends`, where known), with
    what its line shows worked out once here (a day of the country has hundreds of lines;
    the template's date filters and `get_kind_display()` cost a fifth of the page)."""

    offering: Offering
    starts: datetime.datetime
    ends: datetime.datetime | None
    kind_label: str = ""

    @property
    def local_starts(self) -> datetime.datetime:
        return timezone.localtime(self.starts, hours.BERLIN)

    @property
    def local_ends(self) -> datetime.datetime | None:
        return timezone.localtime(self.ends, hours.BERLIN) if self.ends else None

    @property
    def start_clock(self) -> str:
        return f"{self.local_starts:%H:%M}"

    @property
    def end_clock(self) -> str | None:
        """The end, shown where it is on the start's day ("24:00" at the following midnight)."""
        ends = self.local_ends
        if ends is None:
            return None
        if ends.date() == self.local_starts.date():
            return f"{ends:%H:%M}"
        return "24:00" if ends.time() == hours.MIDNIGHT else None


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


def count_limit(per_day: int) -> int:
    """Up to how many of a day's occurrences are counted: `AGENDA_COUNT_LIMIT`, or as many as
    the page shows of a day."""
    return max(settings.AGENDA_COUNT_LIMIT, per_day)


def _in_order(row: tuple) -> tuple:
    return row[0], row[5]


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
    first `per_day` occurrences in time order (then by offering) and their number (capped)."""
    now = timezone.now()
    if connections[offerings.db].vendor == "postgresql":
        found, counts = _per_day_in_sql(offerings, first, last, per_day=per_day, now=now)
    else:
        found = _expanded(offerings, first, last, now=now)
        counts = {day: len(rows) for day, rows in found.items()}
    # Per day, light rows, without loading the offerings:
    # (start time, title, pk, event start or None, event end or a weekly time's end, tie), in
    # the agenda's order: by start time, then events by offering, weekly times by their id
    # (`tie`: the order an index can walk).
    shown = {day: sorted(rows, key=_in_order)[:per_day] for day, rows in found.items() if rows}
    objects = (
        Offering.objects.filter(pk__in={row[2] for rows in shown.values() for row in rows})
        .select_related("centre__district", "site")
        .in_bulk()
    )
    limit = count_limit(per_day)
    kinds = {value: str(label) for value, label in Offering._meta.get_field("kind").flatchoices}
    return [
        AgendaDay(
            day=day,
            total=min(counts[day], limit),
            capped=counts[day] > limit,
            entries=[_entry(day, row, objects[row[2]], kinds) for row in shown[day]],
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
        found[local.date()].append((local.time(), title, pk, starts_at, ends_at, (0, pk)))
    _add_recurring(found, offerings, first, last, now=now)
    return found


# --- PostgreSQL: each day asked for by itself, first rows and capped counts --------------------
#
# The filtered offerings are compiled by Django once, as two light selects (weekly times;
# events); each day then asks them for its rows in a LATERAL subquery, which PostgreSQL flattens
# into the select, so an index walks a weekday's times in time order and stops after the day's
# first rows. (Compiled once per day instead, the 56 querysets of four weeks cost ~0.5 s of
# Django's SQL compiler.)


def _per_day_in_sql(
    offerings: OfferingQuerySet,
    first: datetime.date,
    last: datetime.date,
    *,
    per_day: int,
    now: datetime.datetime,
) -> tuple[dict[datetime.date, list[tuple]], dict[datetime.date, int]]:
    connection = connections[offerings.db]
    weekly_sql, weekly_params = _compiled(
        offerings.filter(starts_at__isnull=True)
        .annotate(
            agenda_weekday=F("times__weekday"),
            agenda_opens=F("times__opens"),
            agenda_time_id=F("times__id"),  # the index's third column
            agenda_closes=F("times__closes"),
        )
        .values(
            "pk", "title", "valid_from", "valid_until", "site_id", "centre_id",
            "agenda_weekday", "agenda_opens", "agenda_closes", "agenda_time_id",
        ),
        connection,
    )  # fmt: skip
    events_sql, events_params = _compiled(
        offerings.filter(starts_at__isnull=False).values("pk", "title", "starts_at", "ends_at"),
        connection,
    )
    local_now = timezone.localtime(now, hours.BERLIN)
    days = list(hours.days(first, last))
    # Weekly times meet on days that are no public holiday; today, only those not over yet.
    weekly_days = [
        (day, day.isoweekday(), local_now.time() if day == local_now.date() else None)
        for day in days
        if not hours.is_holiday(day)
    ]
    event_days = [(day, _day_starts(day), _day_starts(day + ONE_DAY)) for day in days]
    weekly = _weekly_selected(weekly_sql)
    events = (
        f"SELECT e.* FROM ({events_sql}) AS e"  # noqa: S608
        " WHERE e.starts_at >= d.starts AND e.starts_at < d.ends"
    )
    weekly_values, weekly_value_params = _values(weekly_days, "(%s::date, %s::int, %s::time)")
    event_values, event_value_params = _values(event_days, "(%s::date, %s, %s)")
    rows_sql, rows_params, counts_sql, counts_params = [], [], [], []
    if weekly_days:
        days_table = f"(VALUES {weekly_values}) AS d(day, weekday, cutoff)"
        rows_sql.append(
            "SELECT d.day, x.pk, x.title, NULL::timestamptz, NULL::timestamptz,"  # noqa: S608
            f" x.agenda_opens, x.agenda_closes, x.agenda_time_id FROM {days_table}"
            " CROSS JOIN LATERAL"
            f" ({weekly} ORDER BY w.agenda_opens, w.agenda_time_id LIMIT %s) AS x"
        )
        rows_params += [*weekly_value_params, *weekly_params, per_day]
        counts_sql.append(
            f"SELECT d.day, (SELECT count(*) FROM ({weekly} LIMIT %s) AS c) FROM {days_table}"  # noqa: S608
        )
        counts_params += [*weekly_params, count_limit(per_day) + 1, *weekly_value_params]
    days_table = f"(VALUES {event_values}) AS d(day, starts, ends)"
    rows_sql.append(
        "SELECT d.day, x.pk, x.title, x.starts_at, x.ends_at, NULL::time, NULL::time, NULL"  # noqa: S608
        f" FROM {days_table} CROSS JOIN LATERAL"
        f" ({events} ORDER BY e.starts_at, e.pk LIMIT %s) AS x"
    )
    rows_params += [*event_value_params, *events_params, per_day]
    counts_sql.append(
        f"SELECT d.day, (SELECT count(*) FROM ({events} LIMIT %s) AS c) FROM {days_table}"  # noqa: S608
    )
    counts_params += [*events_params, count_limit(per_day) + 1, *event_value_params]

    found: dict[datetime.date, list[tuple]] = defaultdict(list)
    counts: dict[datetime.date, int] = defaultdict(int)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(rows_sql), rows_params)
        for day, pk, title, starts_at, ends_at, opens, closes, time_id in cursor.fetchall():
            if starts_at is None:
                found[day].append((opens, title, pk, None, closes, (1, time_id)))
            else:
                local = timezone.localtime(starts_at, hours.BERLIN)
                found[day].append((local.time(), title, pk, starts_at, ends_at, (0, pk)))
        cursor.execute(" UNION ALL ".join(counts_sql), counts_params)
        for day, count in cursor.fetchall():
            if count:
                counts[day] += count
    return found, counts


ONE_DAY = datetime.timedelta(days=1)


def _compiled(queryset: QuerySet, connection) -> tuple[str, list]:
    sql, params = queryset.order_by().query.get_compiler(connection=connection).as_sql()
    return sql, list(params)


def _values(rows: list[tuple], row_sql: str) -> tuple[str, list]:
    return ", ".join([row_sql] * len(rows)), [value for row in rows for value in row]


def _weekly_selected(weekly_sql: str) -> str:
    """The weekly times `w` that meet on the day `d` (no holiday): the offering valid that
    day, its venue (its site, else its centre's main site) not closed, and, today (`cutoff`),
    not over yet: the rules of `hours.takes_place()` and `_add_recurring()`."""
    closure = OpeningException._meta.db_table
    site = Site._meta.db_table
    return (
        f"SELECT w.* FROM ({weekly_sql}) AS w"  # noqa: S608
        " WHERE w.agenda_weekday = d.weekday"
        " AND (w.valid_from IS NULL OR w.valid_from <= d.day)"
        " AND (w.valid_until IS NULL OR w.valid_until >= d.day)"
        " AND (d.cutoff IS NULL OR w.agenda_closes = '00:00' OR w.agenda_closes > d.cutoff)"
        f" AND NOT EXISTS (SELECT 1 FROM {closure} AS c JOIN {site} AS s ON s.id = c.site_id"
        " WHERE c.opens IS NULL AND c.starts_on <= d.day AND c.ends_on >= d.day"
        " AND (c.site_id = w.site_id"
        " OR (w.site_id IS NULL AND s.centre_id = w.centre_id AND s.is_main)))"
    )


def _day_starts(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=hours.BERLIN)


def _entry(day: datetime.date, row: tuple, offering: Offering, kinds: dict[str, str]) -> Entry:
    opens, _title, _pk, starts_at, ends, _tie = row
    if starts_at is not None:
        return Entry(offering, starts_at, ends, kinds.get(offering.kind, offering.kind))
    period = hours.Period(day, opens, ends)
    return Entry(offering, period.starts, period.ends, kinds.get(offering.kind, offering.kind))


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
            "pk",
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
    for time_id, pk, title, valid_from, valid_until, site, centre, weekday, opens, closes in times:
        closures = closures_of_site[site] if site else closures_of_main_site[centre]
        by_weekday[weekday].append(
            (pk, title, valid_from, valid_until, closures, opens, closes, time_id)
        )
    local_now = timezone.localtime(now, hours.BERLIN)
    today, now_time = local_now.date(), local_now.time()
    for day in hours.days(first, last):
        if hours.is_holiday(day):
            continue  # no recurring offering meets on a public holiday (`hours.takes_place`)
        rows = found[day]
        for pk, title, valid_from, valid_until, closures, opens, closes, time_id in by_weekday[
            day.isoweekday()
        ]:
            if day == today and not hours.within(MIDNIGHT_START, closes, now_time):
                continue  # over already: not on the agenda
            # Most rows have neither validity nor closures: on a day that is no holiday they
            # take place, and asking `takes_place()` 75,000 times costs a fifth of the page.
            if not (valid_from or valid_until or closures) or hours.takes_place(
                day, valid_from=valid_from, valid_until=valid_until, closures=closures
            ):
                rows.append((opens, title, pk, None, closes, (1, time_id)))
        if not rows:
            del found[day]


MIDNIGHT_START = datetime.time(0)
