"""A centre's week at a glance: its main site's opening hours and its recurring offerings,
Monday to Sunday, with today marked (Berlin time), and its next dated events.

Built in Python from what the centre page prefetches (`sites` with `opening_hours`, the public
offerings with their `times`), so the page's query count does not grow with the programme.
This is the regular week, not a calendar: public holidays and closures are said by the open
state and the site's exceptions next to it (`centres.hours`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from centres import hours
from centres.models import Centre, Offering, Site
from centres.models.vocabularies import OfferingKind, Weekday

# How many dated events the centre page lists below the week; the rest are in "Alle Angebote".
NEXT_EVENTS = 5


@dataclass(frozen=True)
class Slot:
    """One offering at one weekly time, and where it is when that is not the main site."""

    offering: Offering
    opens: datetime.time
    closes: datetime.time
    place: str = ""

    @property
    def times(self) -> str:
        return f"{hours.clock(self.opens)}–{hours.clock(self.closes, closing=True)}"


@dataclass
class ProgrammeDay:
    weekday: int  # 1 = Monday … 7 = Sunday
    name: str
    is_today: bool
    opening: list[str] = field(default_factory=list)  # "10:00–18:00"
    slots: list[Slot] = field(default_factory=list)


@dataclass(frozen=True)
class Programme:
    days: list[ProgrammeDay]
    events: list[Offering]

    @property
    def has_hours(self) -> bool:
        return any(day.opening for day in self.days)

    @property
    def has_slots(self) -> bool:
        return any(day.slots for day in self.days)

    @property
    def several_kinds(self) -> bool:
        """Whether the week holds offerings of more than one kind (then each names its kind)."""
        return len({slot.offering.kind for day in self.days for slot in day.slots}) > 1

    def __bool__(self) -> bool:
        return self.has_hours or self.has_slots or bool(self.events)


def week_programme(
    centre: Centre, offerings: list[Offering], *, at: datetime.datetime | None = None
) -> Programme:
    """The regular week of `centre` (main site's hours, `offerings`' weekly times) and the next
    `NEXT_EVENTS` of its dated events not yet over at `at` (default now)."""
    local = timezone.localtime(at or timezone.now(), hours.BERLIN)
    main = centre.main_site
    places = _place_names(centre, main)
    days = [
        ProgrammeDay(weekday=day.value, name=str(day.label), is_today=day == local.isoweekday())
        for day in Weekday
    ]
    if main is not None:
        for slot in sorted(main.opening_hours.all(), key=lambda slot: slot.opens):
            days[slot.weekday - 1].opening.append(
                f"{hours.clock(slot.opens)}–{hours.clock(slot.closes, closing=True)}"
            )
    for offering in offerings:
        if offering.is_event:
            continue
        place = places.get(offering.site_id, "")
        for time in offering.times.all():
            days[time.weekday - 1].slots.append(Slot(offering, time.opens, time.closes, place))
    for day in days:
        day.slots.sort(key=lambda slot: (slot.opens, slot.closes, slot.offering.title))
    events = sorted(
        (o for o in offerings if o.is_event and (o.ends_at or o.starts_at) >= local),
        key=lambda offering: (offering.starts_at, offering.title),
    )
    return Programme(days=days, events=events[:NEXT_EVENTS])


def _place_names(centre: Centre, main: Site | None) -> dict[int | None, str]:
    """Site id → name for the centre's further sites; the main site needs no name."""
    return {site.pk: site.name for site in centre.sites.all() if site != main}


@dataclass(frozen=True)
class OfferingGroup:
    """Offerings under one heading of the centre's list; `heading` is empty where none is
    needed, and `with_kind` says to name each offering's kind beside it."""

    heading: str
    offerings: list[Offering]
    with_kind: bool = False


def offering_groups(offerings: list[Offering]) -> list[OfferingGroup]:
    """The centre's offerings for its list: a heading per kind only where there are several
    kinds, and only for kinds with more than one offering; single offerings of several kinds
    are listed together, each with its kind, under "Weitere Angebote"."""
    by_kind: dict[str, list[Offering]] = {}
    for offering in offerings:
        by_kind.setdefault(offering.kind, []).append(offering)
    if len(by_kind) <= 1:
        return [OfferingGroup("", list(offerings))] if offerings else []
    groups, singles = [], []
    for kind in OfferingKind:
        members = by_kind.get(kind.value, [])
        if len(members) > 1:
            groups.append(OfferingGroup(str(kind.label), members))
        else:
            singles.extend(members)
    if singles:
        heading = str(_("Weitere Angebote")) if groups else ""
        groups.append(OfferingGroup(heading, singles, with_kind=True))
    return groups
