"""Calendar feeds (iCalendar, RFC 5545) and the Atom feed of newly published offerings.

A recurring offering becomes one event per weekly time, repeating weekly on its weekday
(RRULE) until its `valid_until`; the days it does not take place by the rules of
`centres.hours` (public holidays, closures of its venue) are EXDATEs, from a year back to a
year ahead. A dated event is a single event. Times are Berlin wall-clock times (TZID
Europe/Berlin, with its VTIMEZONE). UIDs are derived from the rows' keys, so a calendar app
that subscribed updates an event instead of adding it twice. Only `published()` offerings
are in any feed; the feeds list what the pages list (demo offerings say so in their title).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from centres import hours
from centres.addresses import LowercaseSlugMixin
from centres.filters import OfferingFilter
from centres.models import Centre, District, Offering, OpeningException, Site, Status

UID_DOMAIN = "stadtteilzentren.berlin"
PRODID = "-//Stadtteilzentren Berlin//Verzeichnis//DE"
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
TZID = "Europe/Berlin"
# How far around today the EXDATEs of holidays and closures reach.
EXDATE_REACH = datetime.timedelta(days=365)
# Calendar apps that honour it look for changes twice a day.
REFRESH = datetime.timedelta(hours=12)
ATOM_ITEMS = 30


def berlin_timezone() -> Timezone:
    """Europe/Berlin as a VTIMEZONE with the EU rule (since 1996): summer time from the last
    Sunday of March, 02:00, to the last Sunday of October, 03:00."""
    zone = Timezone()
    zone.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("dtstart", datetime.datetime(1981, 3, 29, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", datetime.timedelta(hours=1))
    summer.add("tzoffsetto", datetime.timedelta(hours=2))
    winter = TimezoneStandard()
    winter.add("dtstart", datetime.datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", datetime.timedelta(hours=2))
    winter.add("tzoffsetto", datetime.timedelta(hours=1))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


ICAL_WEEKDAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}


def calendar_offerings(offerings: QuerySet[Offering]) -> QuerySet[Offering]:
    """What the events need, in a fixed number of queries: the venue's address and the
    closures of every site around today (the EXDATEs)."""
    since = timezone.localdate() - EXDATE_REACH
    closures = OpeningException.objects.closures().from_day(since)
    return (
        offerings.select_related("centre__district", "site__ortsteil")
        .prefetch_related(
            "times",
            Prefetch(
                "centre__sites",
                queryset=Site.objects.select_related("ortsteil").prefetch_related(
                    Prefetch("exceptions", queryset=closures)
                ),
            ),
            Prefetch("site__exceptions", queryset=closures),
        )
        .order_by("pk")
    )


def _first_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.isoweekday()) % 7)


def _summary(offering: Offering) -> str:
    if offering.centre.is_demo:
        return _("Demo: %(title)s") % {"title": offering.title}
    return offering.title


def _location(offering: Offering) -> str:
    venue = offering.venue
    parts = [offering.centre.name]
    if venue is not None:
        if venue.name != offering.centre.name:
            parts.append(venue.name)
        parts.extend(venue.address_lines)
    return ", ".join(parts)


def _description(offering: Offering, url: str) -> str:
    lines = [offering.description] if offering.description else []
    lines.append(_("Kosten: %(cost)s") % {"cost": offering.cost_display})
    if offering.registration_required:
        lines.append(_("Anmeldung erforderlich."))
    lines.append(_("Mehr dazu: %(url)s") % {"url": url})
    return "\n\n".join(lines)


def _event(offering: Offering, uid: str, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", _summary(offering))
    event.add("location", _location(offering))
    event.add("description", _description(offering, url))
    event.add("url", url)
    event.add("categories", [str(offering.get_kind_display())])
    # The time of the information, not of the request: the same feed twice is the same file.
    event.add("dtstamp", offering.updated.astimezone(datetime.UTC))
    event.add("last-modified", offering.updated.astimezone(datetime.UTC))
    return event


def offering_events(offering: Offering, url: str, *, today: datetime.date) -> list[Event]:
    """The offering as events: one per weekly time (recurring), or its single date."""
    if offering.starts_at is not None:
        event = _event(offering, f"offering-{offering.pk}@{UID_DOMAIN}", url)
        event.add("dtstart", timezone.localtime(offering.starts_at, hours.BERLIN))
        if offering.ends_at is not None:
            event.add("dtend", timezone.localtime(offering.ends_at, hours.BERLIN))
        return [event]
    venue = offering.venue
    closures = list(venue.exceptions.all()) if venue is not None else []
    # Anchored on a day that does not move from one request to the next.
    anchor = offering.valid_from or timezone.localdate(offering.created)
    events = []
    for slot in offering.times.all():
        first = _first_on_or_after(anchor, slot.weekday)
        if offering.valid_until and first > offering.valid_until:
            continue
        period = hours.Period(first, slot.opens, slot.closes)
        event = _event(offering, f"offering-{offering.pk}-slot-{slot.pk}@{UID_DOMAIN}", url)
        event.add("dtstart", period.starts)
        event.add("dtend", period.ends)
        rule = {"freq": "weekly", "byday": ICAL_WEEKDAYS[slot.weekday]}
        if offering.valid_until:
            # With a TZID start, UNTIL is in UTC (RFC 5545, 3.3.10): the last start it allows.
            last = hours.berlin_moment(offering.valid_until, slot.opens)
            rule["until"] = last.astimezone(datetime.UTC)
        event.add("rrule", rule)
        excluded = _excluded_days(offering, slot.weekday, first, closures, today=today)
        if excluded:
            event.add("exdate", [hours.berlin_moment(day, slot.opens) for day in excluded])
        events.append(event)
    return events


def _excluded_days(
    offering: Offering,
    weekday: int,
    first: datetime.date,
    closures: Iterable,
    *,
    today: datetime.date,
) -> list[datetime.date]:
    """The days on this weekday, around today, when the offering does not take place."""
    start = _first_on_or_after(max(first, today - EXDATE_REACH), weekday)
    end = today + EXDATE_REACH
    if offering.valid_until:
        end = min(end, offering.valid_until)
    excluded = []
    day = start
    while day <= end:
        if not hours.takes_place(
            day,
            valid_from=offering.valid_from,
            valid_until=offering.valid_until,
            closures=closures,
        ):
            excluded.append(day)
        day += datetime.timedelta(days=7)
    return excluded


def calendar(name: str, offerings: Iterable[Offering], request: HttpRequest) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    cal.add_component(berlin_timezone())
    today = timezone.localdate()
    for offering in offerings:
        url = request.build_absolute_uri(offering.get_absolute_url())
        for event in offering_events(offering, url, today=today):
            cal.add_component(event)
    return cal


def calendar_response(cal: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type=CALENDAR_CONTENT_TYPE)
    # Inline: a calendar app that subscribes reads it; a browser offers to open or save it.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class CalendarView(View):
    """A feed of published offerings; subclasses say which and what the calendar is called."""

    def name(self) -> str:
        raise NotImplementedError

    def offerings(self) -> QuerySet[Offering]:
        raise NotImplementedError

    filename = "angebote.ics"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        offerings = calendar_offerings(self.offerings())
        return calendar_response(calendar(self.name(), offerings, request), self.filename)


class OfferingCalendarView(LowercaseSlugMixin, CalendarView):
    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.offering = get_object_or_404(Offering.objects.published(), slug=kwargs["slug"])
        self.filename = f"{self.offering.slug}.ics"
        return super().get(request, *args, **kwargs)

    def name(self) -> str:
        return f"{self.offering.title} – {self.offering.centre.name}"

    def offerings(self) -> QuerySet[Offering]:
        return Offering.objects.published().filter(pk=self.offering.pk)


class CentreCalendarView(LowercaseSlugMixin, CalendarView):
    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.centre = get_object_or_404(Centre.objects.published(), slug=kwargs["slug"])
        self.filename = f"{self.centre.slug}.ics"
        return super().get(request, *args, **kwargs)

    def name(self) -> str:
        return _("Angebote: %(name)s") % {"name": self.centre.name}

    def offerings(self) -> QuerySet[Offering]:
        return Offering.objects.published().filter(centre=self.centre)


class DistrictCalendarView(LowercaseSlugMixin, CalendarView):
    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.district = get_object_or_404(District, slug=kwargs["slug"])
        self.filename = f"angebote-{self.district.slug}.ics"
        return super().get(request, *args, **kwargs)

    def name(self) -> str:
        return _("Angebote im Bezirk %(name)s") % {"name": self.district.name}

    def offerings(self) -> QuerySet[Offering]:
        return Offering.objects.published().filter(centre__district=self.district)


class OfferingListCalendarView(CalendarView):
    """The offerings `/angebote/` lists for the same query string (invalid values ignored,
    as on the page); every occurrence of each, not only those the date filters name."""

    def name(self) -> str:
        return _("Angebote der Berliner Stadtteilzentren")

    def offerings(self) -> QuerySet[Offering]:
        filterset = OfferingFilter(self.request.GET, queryset=Offering.objects.published())
        return filterset.qs


# --- Atom: newly published offerings ---------------------------------------------------------


def first_published() -> Subquery:
    """For an offering (the outer row): when its first published version was saved."""
    versions = Offering.history.filter(id=OuterRef("pk"), status=Status.PUBLISHED)
    return Subquery(versions.order_by("history_date").values("history_date")[:1])


class NewOfferingsFeed(Feed):
    """/angebote/neu.atom: the offerings most recently published, newest first."""

    feed_type = Atom1Feed
    title = gettext_lazy("Neue Angebote der Berliner Stadtteilzentren")
    subtitle = gettext_lazy("Die zuletzt veröffentlichten Angebote im Verzeichnis.")
    link = reverse_lazy("centres:offering_list")
    author_name = gettext_lazy("Stadtteilzentren Berlin")

    def items(self) -> QuerySet[Offering]:
        return (
            Offering.objects.published()
            .annotate(published_at=first_published())
            .select_related("centre__district")
            .order_by("-published_at", "-pk")[:ATOM_ITEMS]
        )

    def item_title(self, item: Offering) -> str:
        return f"{_summary(item)} – {item.centre.name}"

    def item_description(self, item: Offering) -> str:
        parts = [str(item.get_kind_display()), item.centre.name, item.centre.district.name]
        text = " · ".join(parts)
        return f"{text}\n\n{item.description}" if item.description else text

    def item_pubdate(self, item: Offering) -> datetime.datetime:
        return item.published_at or item.created

    def item_updateddate(self, item: Offering) -> datetime.datetime:
        return item.updated

    def item_guid(self, item: Offering) -> str:
        return f"tag:{UID_DOMAIN},2026:offering-{item.pk}"

    item_guid_is_permalink = False

    def item_categories(self, item: Offering) -> list[str]:
        return [str(item.get_kind_display())]
