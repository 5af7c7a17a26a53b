"""The agenda (/termine/): day by day, the events and the occurrences of recurring offerings.

Built for a whole city: the occurrences are computed from light rows (weekly times, event
starts, closures; three queries), and only the offerings shown on the page are loaded as
objects (one more query), so the page takes the same number of queries for 3 or 3,000 centres.
When an offering takes place is decided by `centres.hours` (`takes_place()`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

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
    total: int
    entries: list[Entry] = field(default_factory=list)
    holiday: str | None = None

    @property
    def more(self) -> int:
        return self.total - len(self.entries)


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
    first `per_day` occurrences in time order (then by title) and the number of all."""
    # Per day, rows that sort by start time and title without loading the offerings:
    # (start time, title, pk, event start or None, event end or a weekly time's end).
    found: dict[datetime.date, list[tuple]] = defaultdict(list)
    for pk, title, starts_at, ends_at in (
        offerings.filter(starts_at__date__gte=first, starts_at__date__lte=last)
        .order_by()
        .values_list("pk", "title", "starts_at", "ends_at")
    ):
        local = timezone.localtime(starts_at, hours.BERLIN)
        found[local.date()].append((local.time(), title, pk, starts_at, ends_at))
    _add_recurring(found, offerings, first, last, now=timezone.now())

    shown = {day: sorted(rows)[:per_day] for day, rows in found.items()}
    objects = (
        Offering.objects.filter(pk__in={row[2] for rows in shown.values() for row in rows})
        .select_related("centre__district", "site")
        .in_bulk()
    )
    return [
        AgendaDay(
            day=day,
            total=len(found[day]),
            entries=[_entry(day, row, objects[row[2]]) for row in shown[day]],
            holiday=hours.holiday(day),
        )
        for day in sorted(shown)
    ]


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
