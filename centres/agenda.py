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
from typing import NamedTuple

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from centres import hours
from centres.models import Offering, OfferingQuerySet, OfferingTime, OpeningException, Site

AGENDA_DAYS = 28


class _Slot(NamedTuple):
    weekday: int
    opens: datetime.time
    closes: datetime.time


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
    found: dict[datetime.date, list[tuple]] = defaultdict(list)
    # (starts, title, pk, ends): sortable without loading the offerings.
    for pk, title, starts_at, ends_at in (
        offerings.filter(starts_at__date__gte=first, starts_at__date__lte=last)
        .order_by()
        .values_list("pk", "title", "starts_at", "ends_at")
    ):
        local = timezone.localtime(starts_at, hours.BERLIN)
        found[local.date()].append((local, title, pk, ends_at))
    _add_recurring(found, offerings, first, last, now=timezone.now())

    shown: dict[datetime.date, list[tuple]] = {
        day: sorted(rows)[:per_day] for day, rows in found.items()
    }
    objects = (
        Offering.objects.filter(pk__in={row[2] for rows in shown.values() for row in rows})
        .select_related("centre__district")
        .in_bulk()
    )
    return [
        AgendaDay(
            day=day,
            total=len(found[day]),
            entries=[Entry(objects[pk], starts, ends) for starts, _title, pk, ends in shown[day]],
            holiday=hours.holiday(day),
        )
        for day in sorted(shown)
    ]


def _add_recurring(
    found: dict[datetime.date, list[tuple]],
    offerings: OfferingQuerySet,
    first: datetime.date,
    last: datetime.date,
    *,
    now: datetime.datetime,
) -> None:
    main_site = Site.objects.filter(centre=OuterRef("offering__centre"), is_main=True)
    times = (
        OfferingTime.objects.filter(
            offering__in=offerings.filter(starts_at__isnull=True).order_by().values("pk")
        )
        .annotate(venue=Coalesce("offering__site", Subquery(main_site.values("pk")[:1])))
        .order_by()
        .values_list(
            "offering_id",
            "offering__title",
            "offering__valid_from",
            "offering__valid_until",
            "venue",
            "weekday",
            "opens",
            "closes",
        )
    )
    closures: dict[int, list[OpeningException]] = defaultdict(list)
    for closure in OpeningException.objects.closures().filter(
        starts_on__lte=last, ends_on__gte=first
    ):
        closures[closure.site_id].append(closure)
    by_weekday: dict[int, list[tuple]] = defaultdict(list)
    for row in times:
        by_weekday[row[5]].append(row)
    for day in hours.days(first, last):
        if hours.is_holiday(day):
            continue  # saves the rows' checks: no recurring offering meets on a holiday
        for pk, title, valid_from, valid_until, venue, _weekday, opens, closes in by_weekday[
            day.isoweekday()
        ]:
            if hours.takes_place(
                day, valid_from=valid_from, valid_until=valid_until, closures=closures[venue]
            ):
                period = hours.Period(day, opens, closes)
                if period.ends > now:  # what is over today is not on the agenda
                    found[day].append((period.starts, title, pk, period.ends))
