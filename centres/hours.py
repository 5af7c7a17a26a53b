"""When: opening hours, "open now", Berlin's public holidays and the next occurrences of offerings.

Every answer is in Berlin's wall-clock time (Europe/Berlin): "open 10–18" means 10:00 to 18:00
on the clocks in the house, in winter and in summer time alike. The rules (docs/hours.md):

- A site's day is decided in this order: special hours entered for that date (they win over
  everything), else a closure covering the date (summer break), else a public holiday in
  Berlin (closed), else its weekly hours for that weekday.
- A centre's card shows its main site's state (the centre's address and the house people mean)
  and, while that is closed, any further site that is open; the "open now" filter finds a
  centre when one of its sites is open, each by its own hours. The centre page shows each
  further site's own state.
- A recurring offering takes place on its weekdays within `valid_from`/`valid_until`, except on
  Berlin's public holidays and on days its venue is closed (a closure); special hours of the
  venue do not move it. A dated event takes place when it says, holiday or not.
- A period that ends at midnight closes at 00:00 ("18:00–24:00"); every other period closes
  after it opens.

This module imports nothing of the app's models (the models call it); the database-side
conditions look the models up in the app registry.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

import holidays
from django.apps import apps
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import (
    Coalesce,
    ExtractDay,
    ExtractHour,
    ExtractMinute,
    ExtractMonth,
    ExtractYear,
)
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

BERLIN = ZoneInfo("Europe/Berlin")
MIDNIGHT = datetime.time(0)
CLOSES_AFTER_OPENS = Q(closes__gt=F("opens")) | Q(closes=MIDNIGHT)
# How far ahead "öffnet …" looks: a long summer break still finds the day it ends.
NEXT_OPENING_HORIZON_DAYS = 100
# Time of day by start: morning before 12:00, afternoon 12:00–17:00, evening from 17:00.
TIMES_OF_DAY = {
    "morgens": (datetime.time(0), datetime.time(12)),
    "nachmittags": (datetime.time(12), datetime.time(17)),
    "abends": (datetime.time(17), None),
}


# --- Periods of a day ------------------------------------------------------------------------


def within(opens: datetime.time, closes: datetime.time, moment: datetime.time) -> bool:
    """Whether a wall-clock time falls in [opens, closes), 00:00 closing at midnight."""
    return opens <= moment and (closes == MIDNIGHT or moment < closes)


def clock(time: datetime.time, *, closing: bool = False) -> str:
    """ "18:00"; a closing time of 00:00 is "24:00", the end of the day."""
    return "24:00" if closing and time == MIDNIGHT else f"{time:%H:%M}"


def minutes(time: datetime.time, *, closing: bool = False) -> int:
    """Minutes since the start of the day; a closing time of 00:00 is 1440, the day's end."""
    return 24 * 60 if closing and time == MIDNIGHT else time.hour * 60 + time.minute


def overlapping(
    periods: Iterable[tuple[datetime.time, datetime.time]],
) -> list[tuple[int, int]]:
    """Pairs of indexes (earlier start first) of the periods of one day that overlap.

    Periods that only touch (10:00–13:00 and 13:00–18:00) do not overlap.
    """
    spans = sorted(
        (minutes(opens), minutes(closes, closing=True), index)
        for index, (opens, closes) in enumerate(periods)
    )
    return [
        (first[2], second[2])
        for number, first in enumerate(spans)
        for second in spans[number + 1 :]
        if second[0] < first[1]
    ]


def berlin_moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The moment a Berlin clock shows `time` on `day` (aware; zoneinfo picks summer time)."""
    return datetime.datetime.combine(day, time, tzinfo=BERLIN)


@dataclass(frozen=True)
class Period:
    """Open (or taking place) on `day` from `opens` to `closes`, Berlin wall-clock time."""

    day: datetime.date
    opens: datetime.time
    closes: datetime.time

    @property
    def starts(self) -> datetime.datetime:
        return berlin_moment(self.day, self.opens)

    @property
    def ends(self) -> datetime.datetime:
        if self.closes == MIDNIGHT:
            return berlin_moment(self.day + datetime.timedelta(days=1), MIDNIGHT)
        return berlin_moment(self.day, self.closes)

    def contains(self, moment: datetime.time) -> bool:
        return within(self.opens, self.closes, moment)


# --- Public holidays -------------------------------------------------------------------------


# The holidays package names them in German or English; other interface languages get German.
HOLIDAY_LANGUAGES = {"de": "de", "en": "en_US"}


@functools.cache
def _holidays_in(year: int, language: str = "de") -> dict[datetime.date, str]:
    # Germany, subdivision Berlin: 8 March (Frauentag) is a holiday in Berlin only.
    return dict(holidays.country_holidays("DE", subdiv="BE", years=year, language=language).items())


def holiday(day: datetime.date) -> str | None:
    """The name of the public holiday in Berlin on `day` ("Ostermontag"; "Easter Monday" in
    English), or None."""
    language = HOLIDAY_LANGUAGES.get(translation.get_language() or "de", "de")
    return _holidays_in(day.year, language).get(day)


def is_holiday(day: datetime.date) -> bool:
    return holiday(day) is not None


# --- Sites: open at a moment -----------------------------------------------------------------


class _Slot(Protocol):
    weekday: int
    opens: datetime.time
    closes: datetime.time


class _Exception(Protocol):
    opens: datetime.time | None
    closes: datetime.time | None
    note: str
    is_closure: bool

    def covers(self, day: datetime.date) -> bool: ...


class _Site(Protocol):
    opening_hours: object  # a related manager of _Slot
    exceptions: object  # a related manager of _Exception


@dataclass(frozen=True)
class Day:
    """A site's day: its periods, and why it is closed where it is ("Sommerpause")."""

    periods: tuple[Period, ...]
    reason: str = ""


def site_day(site: _Site, day: datetime.date) -> Day:
    """The periods a site is open on `day`, by the rules of this module.

    Reads `site.opening_hours.all()` and `site.exceptions.all()`: prefetch them for lists.
    """
    exceptions = [exception for exception in site.exceptions.all() if exception.covers(day)]
    special = sorted(
        (Period(day, e.opens, e.closes) for e in exceptions if not e.is_closure),
        key=lambda period: period.opens,
    )
    if special:
        return Day(tuple(special))
    closures = [exception for exception in exceptions if exception.is_closure]
    if closures:
        return Day((), closures[0].note)
    if name := holiday(day):
        return Day((), _("Feiertag: %(name)s") % {"name": name})
    weekly = sorted(
        (
            Period(day, slot.opens, slot.closes)
            for slot in site.opening_hours.all()
            if slot.weekday == day.isoweekday()
        ),
        key=lambda period: period.opens,
    )
    return Day(tuple(weekly))


def has_hours(site: _Site | None) -> bool:
    """Whether anything is known about when the site opens: weekly or special hours."""
    if site is None:
        return False
    return bool(site.opening_hours.all()) or any(
        not exception.is_closure for exception in site.exceptions.all()
    )


@dataclass(frozen=True)
class OpenState:
    """Whether a site is open at a moment, until when, or when it opens next."""

    at: datetime.datetime  # in Berlin time
    is_open: bool
    until: datetime.datetime | None = None  # while open: when it closes
    next_opening: datetime.datetime | None = None  # while closed: when it opens next
    reason: str = ""  # while closed today: a holiday's name, a closure's note

    @property
    def text(self) -> str:
        """ "heute geöffnet bis 18:00", "jetzt geschlossen · öffnet Di 10:00"."""
        if self.is_open:
            return _("heute geöffnet bis %(time)s") % {"time": self._closing_clock()}
        closed = _("jetzt geschlossen")
        if self.reason:
            closed = f"{closed} ({self.reason})"
        if self.next_opening is None:
            return closed
        return f"{closed} · {self.next_opening_text}"

    @property
    def next_opening_text(self) -> str:
        opening = timezone.localtime(self.next_opening, BERLIN)
        days = (opening.date() - self.at.date()).days
        time = clock(opening.time())
        if days == 0:
            return _("öffnet heute %(time)s") % {"time": time}
        if days == 1:
            return _("öffnet morgen %(time)s") % {"time": time}
        if days < 7:
            return _("öffnet %(day)s %(time)s") % {
                "day": dateformat.format(opening, "D"),
                "time": time,
            }
        return _("öffnet am %(date)s %(time)s") % {
            "date": dateformat.format(opening, _("D, j. n.")),
            "time": time,
        }

    def _closing_clock(self) -> str:
        until = timezone.localtime(self.until, BERLIN)
        if until.date() > self.at.date() and until.time() == MIDNIGHT:
            return "24:00"
        return clock(until.time())


def open_state(site: _Site | None, at: datetime.datetime | None = None) -> OpenState | None:
    """Whether `site` is open at `at` (default now), or None where no hours are known."""
    if not has_hours(site):
        return None
    local = timezone.localtime(at or timezone.now(), BERLIN)
    today, now = local.date(), local.time()
    day = site_day(site, today)
    for period in day.periods:
        if period.contains(now):
            return OpenState(local, True, until=_closing(site, period))
    later = [period for period in day.periods if period.opens > now]
    if later:
        return OpenState(local, False, next_opening=later[0].starts)
    for offset in range(1, NEXT_OPENING_HORIZON_DAYS + 1):
        periods = site_day(site, today + datetime.timedelta(days=offset)).periods
        if periods:
            return OpenState(local, False, next_opening=periods[0].starts, reason=day.reason)
    return OpenState(local, False, reason=day.reason)


def _closing(site: _Site, period: Period) -> datetime.datetime:
    """When an open period really ends: periods that follow without a gap join it."""
    current = period
    for _step in range(14):  # a round-the-clock house says "bis" the 14th period's end
        if current.closes == MIDNIGHT:
            following = site_day(site, current.day + datetime.timedelta(days=1)).periods
        else:
            following = site_day(site, current.day).periods
        joined = next((p for p in following if p.opens == current.closes), None)
        if joined is None:
            break
        current = joined
    return current.ends


# --- Offerings: occurrences ------------------------------------------------------------------


def days(start: datetime.date, end: datetime.date) -> Iterator[datetime.date]:
    """Every day from `start` to `end`, both included."""
    for offset in range((end - start).days + 1):
        yield start + datetime.timedelta(days=offset)


def weekly_periods(
    slots: Iterable[_Slot],
    start: datetime.date,
    end: datetime.date,
    *,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    closed: Iterable[_Exception] = (),
) -> list[Period]:
    """A recurring offering's periods from `start` to `end`: on its weekdays, within its
    validity, not on public holidays and not while its venue is closed."""
    by_weekday: dict[int, list[_Slot]] = {}
    for slot in slots:
        by_weekday.setdefault(slot.weekday, []).append(slot)
    closures = [exception for exception in closed if exception.is_closure]
    periods = []
    for day in days(start, end):
        todays = by_weekday.get(day.isoweekday())
        if todays and takes_place(
            day, valid_from=valid_from, valid_until=valid_until, closures=closures
        ):
            periods.extend(Period(day, slot.opens, slot.closes) for slot in todays)
    return sorted(periods, key=lambda period: (period.day, period.opens))


def takes_place(
    day: datetime.date,
    *,
    valid_from: datetime.date | None,
    valid_until: datetime.date | None,
    closures: Iterable[_Exception] = (),
) -> bool:
    """Whether a recurring offering with a weekly time on `day`'s weekday meets on `day`:
    within its validity, not on a public holiday, not while its venue is closed."""
    if (valid_from and day < valid_from) or (valid_until and day > valid_until):
        return False
    return not is_holiday(day) and not any(closure.covers(day) for closure in closures)


@dataclass(frozen=True)
class Occurrence:
    """One time an offering takes place, in Berlin time; `ends` may be unknown for events."""

    starts: datetime.datetime
    ends: datetime.datetime | None

    @property
    def day(self) -> datetime.date:
        return timezone.localtime(self.starts, BERLIN).date()


def offering_occurrences(offering, start: datetime.date, end: datetime.date) -> list[Occurrence]:
    """When `offering` takes place from `start` to `end` (both days included).

    Reads `offering.times.all()` and, for closures, its venue's `exceptions.all()`.
    """
    if offering.starts_at is not None:
        day = timezone.localtime(offering.starts_at, BERLIN).date()
        return [Occurrence(offering.starts_at, offering.ends_at)] if start <= day <= end else []
    venue = offering.venue
    periods = weekly_periods(
        offering.times.all(),
        start,
        end,
        valid_from=offering.valid_from,
        valid_until=offering.valid_until,
        closed=venue.exceptions.all() if venue is not None else (),
    )
    return [Occurrence(period.starts, period.ends) for period in periods]


def next_occurrences(
    offering, *, at: datetime.datetime | None = None, count: int = 3, weeks: int = 8
) -> list[Occurrence]:
    """The next `count` times `offering` takes place (not yet over at `at`), within `weeks`."""
    local = timezone.localtime(at or timezone.now(), BERLIN)
    found = offering_occurrences(
        offering, local.date(), local.date() + datetime.timedelta(weeks=weeks)
    )
    return [o for o in found if (o.ends or o.starts) > local][:count]


# --- In the database: the same rules as conditions and sort keys ----------------------------


def time_of_day_condition(names: Iterable[str], field: str) -> Q:
    """Periods starting at one of these times of day ("morgens", …) by the `field` time."""
    condition = Q()
    for name in names:
        low, high = TIMES_OF_DAY[name]
        part = Q(**{f"{field}__gte": low})
        if high is not None:
            part &= Q(**{f"{field}__lt": high})
        condition |= part
    return condition


def site_open_condition(at: datetime.datetime | None = None) -> Q:
    """For sites (the outer row): open at `at`, by the rules of `site_day()`.

    One SQL condition with EXISTS subqueries; whether the day is a public holiday is known in
    Python and decides which branch applies.
    """
    local = timezone.localtime(at or timezone.now(), BERLIN)
    today, now = local.date(), local.time()
    hours = apps.get_model("centres", "OpeningHours").objects
    exceptions = apps.get_model("centres", "OpeningException").objects
    site = {"site": OuterRef("pk")}
    on_today = {"starts_on__lte": today, "ends_on__gte": today}
    now_within = Q(opens__lte=now) & (Q(closes__gt=now) | Q(closes=MIDNIGHT))
    special_today = exceptions.filter(opens__isnull=False, **site, **on_today)
    special_now = Exists(special_today.filter(now_within))
    if is_holiday(today):
        return Q(special_now)
    closed_today = Exists(exceptions.filter(opens__isnull=True, **site, **on_today))
    weekly_now = Exists(hours.filter(now_within, weekday=today.isoweekday(), **site))
    return special_now | (~Exists(special_today) & ~closed_today & weekly_now)


def centre_open_condition(at: datetime.datetime | None = None) -> Q:
    """For centres: one of their sites is open at `at`, each by its own hours."""
    sites = apps.get_model("centres", "Site").objects.filter(centre=OuterRef("pk"))
    return Q(Exists(sites.filter(site_open_condition(at))))


def centre_open_on_condition(weekdays: Iterable[int]) -> Q:
    """For centres: one of their sites has weekly hours on one of these weekdays."""
    hours = apps.get_model("centres", "OpeningHours").objects
    return Q(Exists(hours.filter(site__centre=OuterRef("pk"), weekday__in=weekdays)))


def _day_key(year, month, day):
    """A number that grows with the date (not a count of days: sorting needs only order)."""
    return (year * 13 + month) * 32 + day


def _minute_key(day_key, hour, minute):
    return day_key * 1440 + hour * 60 + minute


# The key of an offering with neither a date nor weekly times: after every other.
NO_OCCURRENCE_KEY = 10**12


def next_occurrence_key_now(at: datetime.datetime | None = None) -> int:
    """The key `next_occurrence_key()` gives a moment: `at` (default now) in Berlin, to the
    minute. A stored key at or before it belongs to an occurrence that has begun."""
    local = timezone.localtime(at or timezone.now(), BERLIN)
    return _minute_key(_day_key(local.year, local.month, local.day), local.hour, local.minute)


def next_occurrence_key(at: datetime.datetime | None = None):
    """A sort key for offerings by their next occurrence, computed by the database.

    Events sort by their start. A recurring offering sorts by the soonest of its weekly times
    from `at` on (a time earlier today that is still running counts as today), and not before
    its `valid_from`. Public holidays and closures are not considered here: they shift an
    offering at most a few days in the order, and the agenda (/termine/) lists the exact
    dates. Offerings with neither a date nor times sort last.
    """
    local = timezone.localtime(at or timezone.now(), BERLIN)
    today, now = local.date(), local.time()
    # The date each weekday next falls on, counted from today (today's own slot if not over).
    next_date = {
        (today + datetime.timedelta(days=offset)).isoweekday(): today
        + datetime.timedelta(days=offset)
        for offset in range(7)
    }
    week_later = today + datetime.timedelta(days=7)
    day_of_slot = Case(
        When(
            Q(weekday=today.isoweekday()) & Q(closes__lte=now) & ~Q(closes=MIDNIGHT),
            then=Value(_day_key(week_later.year, week_later.month, week_later.day)),
        ),
        *(
            When(weekday=weekday, then=Value(_day_key(day.year, day.month, day.day)))
            for weekday, day in next_date.items()
        ),
        output_field=IntegerField(),
    )
    slot_key = _minute_key(day_of_slot, ExtractHour("opens"), ExtractMinute("opens"))
    times = apps.get_model("centres", "OfferingTime").objects
    soonest_slot = Subquery(
        times.filter(offering=OuterRef("pk"))
        .order_by()
        .values("offering")
        .annotate(key=Min(slot_key))
        .values("key")[:1],
        output_field=IntegerField(),
    )
    starts_later = _minute_key(
        _day_key(ExtractYear("valid_from"), ExtractMonth("valid_from"), ExtractDay("valid_from")),
        0,
        0,
    )
    recurring = Case(
        When(valid_from__gt=today, then=starts_later),
        default=soonest_slot,
        output_field=IntegerField(),
    )
    event = _minute_key(
        _day_key(
            ExtractYear("starts_at", tzinfo=BERLIN),
            ExtractMonth("starts_at", tzinfo=BERLIN),
            ExtractDay("starts_at", tzinfo=BERLIN),
        ),
        ExtractHour("starts_at", tzinfo=BERLIN),
        ExtractMinute("starts_at", tzinfo=BERLIN),
    )
    last = Value(NO_OCCURRENCE_KEY)
    return Case(
        When(starts_at__isnull=False, then=event),
        default=Coalesce(recurring, last),
        output_field=IntegerField(),
    )
