"""When, how long and at what cost demo offerings take place, so the demo reads like a real kiez.

One table of rules, read by `demo_data`: a toddler group meets on weekday mornings, sport in
the evening or on weekend mornings, counselling in office hours, a summer festival between
June and September. The table is the only place these facts are written.
"""

from __future__ import annotations

import bisect
import datetime
import random
from dataclasses import dataclass

from centres.models import Cost, OfferingKind, Weekday

WORKDAYS = (Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY)
WEEKEND = (Weekday.SATURDAY, Weekday.SUNDAY)
NOT_SUNDAY = (*WORKDAYS, Weekday.SATURDAY)
ALL_YEAR = tuple(range(1, 13))

# Dated offerings fall on the next fitting day after a lead of up to this many days...
_LEAD_DAYS = 90
# ...unless that is further away than this; then on the first fitting day from tomorrow.
_HORIZON_DAYS = 366


def _times(text: str) -> tuple[datetime.time, ...]:
    return tuple(datetime.time.fromisoformat(value) for value in text.split())


# eq=False: a rule is itself, and hashes by identity (the dated days are cached per rule;
# hashing every field for each of thousands of offerings was measurable).
@dataclass(frozen=True, eq=False)
class OfferingRule:
    """How one group of offerings of a kind takes place.

    Recurring offerings meet on `per_week` of the `weekdays`, always at one of the `starts`
    for one of the `minutes`. Dated offerings (festivals, events) take place once, on one of
    the `weekdays` in one of the `months` (up to `until_day` of the month).
    """

    kind: OfferingKind
    titles: tuple[str, ...]
    weekdays: tuple[int, ...]
    starts: tuple[datetime.time, ...]
    minutes: tuple[int, ...]
    costs: tuple[int, int, int]  # weights of free, donation, fee
    fee_notes: tuple[str, ...] = ("5 € je Termin",)
    months: tuple[int, ...] = ()  # empty for weekly offerings
    until_day: int = 31
    per_week: tuple[int, int] = (1, 1)
    registration: float = 0.0  # share of offerings that ask to register

    @property
    def is_dated(self) -> bool:
        return bool(self.months)

    def fits(self, day: datetime.date) -> bool:
        return (
            day.month in self.months
            and day.isoweekday() in self.weekdays
            and day.day <= self.until_day
        )

    def cost(self, rng: random.Random) -> tuple[Cost, str]:
        """A cost drawn by the rule's weights, with a note when there is a fee."""
        cost = rng.choices(_COSTS, weights=self.costs)[0]
        return cost, rng.choice(self.fee_notes) if cost == Cost.FEE else ""

    def weekly_slots(self, rng: random.Random) -> list[tuple[int, datetime.time, datetime.time]]:
        """(weekday, opens, closes) of a recurring offering: one time, on distinct weekdays.

        Distinct weekdays keep the slots of one offering from ever overlapping.
        """
        count = min(rng.randint(*self.per_week), len(self.weekdays))
        opens = rng.choice(self.starts)
        closes = _later(opens, rng.choice(self.minutes))
        return [(weekday, opens, closes) for weekday in sorted(rng.sample(self.weekdays, count))]


_COSTS = (Cost.FREE, Cost.DONATION, Cost.FEE)


def _later(time: datetime.time, minutes: int) -> datetime.time:
    total = time.hour * 60 + time.minute + minutes
    return datetime.time(hour=total // 60, minute=total % 60)


RULES = (
    OfferingRule(
        OfferingKind.COURSE,
        ("Deutschkurs A1", "Deutschkurs B1", "Computerkurs für Einsteiger", "Englisch im Alltag"),
        weekdays=WORKDAYS,
        starts=_times("09:00 10:00 14:00 17:00 18:00 18:30"),
        minutes=(90, 120),
        costs=(3, 1, 6),
        fee_notes=("5 € je Termin", "40 € für 10 Termine", "3 € je Termin, ermäßigt 1 €"),
        per_week=(1, 2),
        registration=0.8,
    ),
    OfferingRule(
        OfferingKind.CREATIVE_COURSE,
        ("Malwerkstatt", "Nähcafé", "Keramik für alle", "Chorprobe"),
        weekdays=NOT_SUNDAY,
        starts=_times("10:00 15:00 16:00 17:30 18:00 19:00"),
        minutes=(90, 120),
        costs=(3, 2, 5),
        fee_notes=("5 € je Termin, Material inklusive", "Materialkosten 3 €", "25 € im Monat"),
        registration=0.5,
    ),
    OfferingRule(
        OfferingKind.SPORT,
        ("Rückengymnastik", "Tischtennis", "Pilates", "Volleyball für alle"),
        weekdays=WORKDAYS,
        starts=_times("17:30 18:00 18:30 19:00 19:30"),
        minutes=(60, 90),
        costs=(4, 3, 3),
        fee_notes=("2 € je Termin", "10 € im Monat"),
        per_week=(1, 2),
        registration=0.3,
    ),
    OfferingRule(
        OfferingKind.SPORT,
        ("Yoga am Morgen", "Spaziergruppe", "Lauftreff"),
        weekdays=WEEKEND,
        starts=_times("08:30 09:00 10:00"),
        minutes=(60, 90),
        costs=(5, 4, 1),
        fee_notes=("2 € je Termin",),
    ),
    OfferingRule(
        OfferingKind.SWAP_MEET,
        ("Kleidertausch", "Büchertauschbörse", "Pflanzentauschtreff"),
        weekdays=(Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.SATURDAY),
        starts=_times("14:00 15:00 16:00"),
        minutes=(120,),
        costs=(6, 4, 0),
    ),
    OfferingRule(
        OfferingKind.COUNSELLING,
        ("Sozialberatung", "Mietrechtsberatung", "Schuldnerberatung"),
        weekdays=WORKDAYS,
        starts=_times("09:00 10:00 13:00 14:00"),
        minutes=(120, 180),
        costs=(1, 0, 0),
        per_week=(1, 2),
        registration=0.5,
    ),
    OfferingRule(
        OfferingKind.FAMILY,
        ("Krabbelgruppe", "Eltern-Kind-Café", "Babytreff"),
        weekdays=WORKDAYS,
        starts=_times("09:00 09:30 10:00"),
        minutes=(90, 120),
        costs=(6, 3, 1),
        fee_notes=("1 € je Termin",),
        per_week=(1, 2),
    ),
    OfferingRule(
        OfferingKind.FAMILY,
        ("Familienfrühstück",),
        weekdays=WEEKEND,
        starts=_times("09:30 10:00"),
        minutes=(120,),
        costs=(2, 5, 1),
        fee_notes=("3 € je Familie",),
        registration=0.3,
    ),
    OfferingRule(
        OfferingKind.OPEN_MEETING,
        ("Nachbarschaftscafé", "Offener Treff", "Seniorencafé", "Erzählcafé"),
        weekdays=WORKDAYS,
        starts=_times("14:00 14:30 15:00 16:00"),
        minutes=(90, 120),
        costs=(6, 3, 1),
        fee_notes=("Kaffee und Kuchen 1,50 €",),
        per_week=(1, 3),
    ),
    OfferingRule(
        OfferingKind.OPEN_MEETING,
        ("Mittagstisch",),
        weekdays=WORKDAYS,
        starts=_times("12:00"),
        minutes=(90,),
        costs=(2, 6, 2),
        fee_notes=("Mittagessen 3,50 €",),
        per_week=(2, 5),
    ),
    OfferingRule(
        OfferingKind.SELF_HELP,
        ("Selbsthilfegruppe Angehörige", "Gesprächskreis Trauer", "Selbsthilfegruppe Depression"),
        weekdays=WORKDAYS,
        starts=_times("17:00 18:00 18:30 19:00"),
        minutes=(90, 120),
        costs=(1, 0, 0),
    ),
    OfferingRule(
        OfferingKind.VOLUNTEERING,
        ("Ehrenamtsbörse", "Lesepatenschaften", "Repair-Café-Team"),
        weekdays=NOT_SUNDAY,
        starts=_times("10:00 14:00 16:00 17:00"),
        minutes=(120,),
        costs=(1, 0, 0),
    ),
    OfferingRule(
        OfferingKind.OTHER,
        ("Hausaufgabenhilfe",),
        weekdays=WORKDAYS,
        starts=_times("14:00 15:00"),
        minutes=(90, 120),
        costs=(9, 1, 0),
        per_week=(2, 4),
    ),
    OfferingRule(
        OfferingKind.OTHER,
        ("Gemeinschaftsgarten",),
        weekdays=(Weekday.WEDNESDAY, Weekday.FRIDAY, Weekday.SATURDAY),
        starts=_times("10:00 15:00 16:00"),
        minutes=(120,),
        costs=(7, 3, 0),
    ),
    OfferingRule(
        OfferingKind.FESTIVAL,
        ("Sommerfest im Hof", "Kiezfest", "Hoffest"),
        weekdays=WEEKEND,
        months=(6, 7, 8, 9),
        starts=_times("13:00 14:00 15:00"),
        minutes=(240, 300),
        costs=(8, 2, 0),
    ),
    OfferingRule(
        OfferingKind.FESTIVAL,
        ("Laternenfest",),
        weekdays=WORKDAYS,
        months=(10, 11),
        starts=_times("16:30 17:00"),
        minutes=(90, 120),
        costs=(8, 2, 0),
    ),
    OfferingRule(
        OfferingKind.FESTIVAL,
        ("Weihnachtsmarkt", "Adventsbasar"),
        weekdays=WEEKEND,
        months=(12,),
        until_day=23,
        starts=_times("12:00 14:00"),
        minutes=(240, 300),
        costs=(7, 3, 0),
    ),
    OfferingRule(
        OfferingKind.EVENT,
        ("Lesung im Saal", "Filmabend", "Konzert im Kiez"),
        weekdays=NOT_SUNDAY,
        months=ALL_YEAR,
        starts=_times("18:30 19:00 19:30"),
        minutes=(90, 120),
        costs=(4, 4, 2),
        fee_notes=("Eintritt 3 €", "Eintritt 5 €, ermäßigt 3 €"),
        registration=0.2,
    ),
    OfferingRule(
        OfferingKind.EVENT,
        ("Nachbarschaftsversammlung",),
        weekdays=WORKDAYS,
        months=ALL_YEAR,
        starts=_times("18:00 18:30"),
        minutes=(120,),
        costs=(1, 0, 0),
    ),
)

RULES_BY_KIND: dict[str, tuple[OfferingRule, ...]] = {
    kind: tuple(rule for rule in RULES if rule.kind == kind) for kind in OfferingKind
}


class FittingDays:
    """The days on which each dated rule fits, from tomorrow on; worked out once per load."""

    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self._days = [
            today + datetime.timedelta(days=offset)
            for offset in range(1, _LEAD_DAYS + _HORIZON_DAYS + 1)
        ]
        self._fitting: dict[OfferingRule, list[datetime.date]] = {}

    def next_day(self, rng: random.Random, rule: OfferingRule) -> datetime.date:
        """The next fitting day after a random lead, and never more than a year ahead."""
        if rule not in self._fitting:
            self._fitting[rule] = [day for day in self._days if rule.fits(day)]
        fitting = self._fitting[rule]
        after = self.today + datetime.timedelta(days=rng.randint(1, _LEAD_DAYS))
        day = fitting[bisect.bisect_left(fitting, after)]
        if (day - self.today).days > _HORIZON_DAYS:
            return fitting[0]
        return day


# Opening hours of demo centres: periods that never overlap on one weekday.
OPENING_PATTERNS: tuple[tuple[tuple[tuple[int, ...], datetime.time, datetime.time], ...], ...] = (
    (  # weekdays with a lunch break
        (WORKDAYS, *_times("09:00 13:00")),
        (WORKDAYS, *_times("14:00 19:00")),
    ),
    (  # weekdays with a lunch break, Saturday mornings
        (WORKDAYS, *_times("09:00 13:00")),
        (WORKDAYS, *_times("14:00 19:00")),
        ((Weekday.SATURDAY,), *_times("10:00 14:00")),
    ),
    (  # weekdays straight through, long Tuesdays and Thursdays
        ((Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.FRIDAY), *_times("09:00 17:00")),
        ((Weekday.TUESDAY, Weekday.THURSDAY), *_times("10:00 20:00")),
    ),
    (  # afternoons and evenings, Saturday mornings
        (WORKDAYS, *_times("12:00 20:00")),
        ((Weekday.SATURDAY,), *_times("10:00 14:00")),
    ),
)
