"""For search engines: schema.org JSON-LD of centres and offerings, the sitemap, robots.txt.

The JSON-LD is a data block (`<script type="application/ld+json">`, `{% json_ld %}` in
`templatetags/seo.py`): browsers never run it, and `json_script`'s escaping keeps names with
`</script>` inside the block. Opening hours and times are Berlin wall-clock times.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from centres import hours
from centres.models import Centre, District, Offering, Organisation, Room, Site

SCHEMA = "https://schema.org"
DAY_NAMES = {
    1: "Monday",
    2: "Tuesday",
    3: "Wednesday",
    4: "Thursday",
    5: "Friday",
    6: "Saturday",
    7: "Sunday",
}

Url = Callable[[str], str]


def _closing(time) -> str:
    # schema.org has no 24:00; search engines read 23:59 as "until midnight".
    return "23:59" if time == hours.MIDNIGHT else f"{time:%H:%M}"


def postal_address(site: Site) -> dict:
    address = {
        "@type": "PostalAddress",
        "addressLocality": "Berlin",
        "addressRegion": site.place,
        "addressCountry": "DE",
    }
    if site.street:
        address["streetAddress"] = site.street
    if site.postcode:
        address["postalCode"] = site.postcode
    return address


def place(site: Site, url: str, *, type_: str = "Place") -> dict:
    data = {"@type": type_, "name": site.name, "url": url, "address": postal_address(site)}
    if site.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(site.latitude),
            "longitude": float(site.longitude),
        }
    if site.phone:
        data["telephone"] = site.phone
    if site.email:
        data["email"] = site.email
    return data


def centre_json_ld(centre: Centre, url: Url) -> dict | None:
    """A centre as a `CivicStructure` (a Place) with its main site's address, position and
    weekly opening hours; further sites as places it contains."""
    main = centre.main_site
    if main is None:
        return None
    page = url(centre.get_absolute_url())
    data = {"@context": SCHEMA, **place(main, page, type_="CivicStructure"), "name": centre.name}
    if centre.description:
        data["description"] = centre.description
    if centre.website:
        data["sameAs"] = centre.website
    if centre.photo:
        data["image"] = url(centre.photo.url)
    opening = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"{SCHEMA}/{DAY_NAMES[slot.weekday]}",
            "opens": f"{slot.opens:%H:%M}",
            "closes": _closing(slot.closes),
        }
        for slot in main.opening_hours.all()
    ]
    if opening:
        data["openingHoursSpecification"] = opening
    if main.step_free_access == Site.StepFree.YES:
        data["amenityFeature"] = {
            "@type": "LocationFeatureSpecification",
            "name": "Stufenloser Zugang",
            "value": True,
        }
    others = [place(site, page) for site in centre.other_sites]
    if others:
        data["containsPlace"] = others
    return data


def offering_json_ld(offering: Offering, url: Url, next_starts=None) -> dict:
    """An offering as an `Event`: a dated one with its start and end; a recurring one with
    its weekly `eventSchedule` and, where known, its next date as the start."""
    venue = offering.venue
    centre_url = url(offering.centre.get_absolute_url())
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": offering.title,
        "url": url(offering.get_absolute_url()),
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "isAccessibleForFree": offering.is_free,
        "organizer": {"@type": "Organization", "name": offering.centre.name, "url": centre_url},
    }
    if offering.description:
        data["description"] = offering.description
    if venue is not None:
        data["location"] = place(venue, centre_url)
    languages = [language.code for language in offering.languages.all()]
    if languages:
        data["inLanguage"] = languages
    if offering.starts_at is not None:
        data["startDate"] = timezone.localtime(offering.starts_at, hours.BERLIN).isoformat()
        if offering.ends_at is not None:
            data["endDate"] = timezone.localtime(offering.ends_at, hours.BERLIN).isoformat()
        return data
    schedules = []
    for slot in offering.times.all():
        schedule = {
            "@type": "Schedule",
            "repeatFrequency": "P1W",
            "byDay": f"{SCHEMA}/{DAY_NAMES[slot.weekday]}",
            "startTime": f"{slot.opens:%H:%M}",
            "endTime": _closing(slot.closes),
            "scheduleTimezone": "Europe/Berlin",
        }
        if offering.valid_from:
            schedule["startDate"] = offering.valid_from.isoformat()
        if offering.valid_until:
            schedule["endDate"] = offering.valid_until.isoformat()
        schedules.append(schedule)
    if schedules:
        data["eventSchedule"] = schedules
    if next_starts is not None:
        data["startDate"] = timezone.localtime(next_starts, hours.BERLIN).isoformat()
    return data


# --- sitemap.xml ------------------------------------------------------------------------------


class StaticPagesSitemap(Sitemap):
    """The pages without a row of their own."""

    changefreq = "weekly"
    names = [
        "home",
        "centre_list",
        "offering_list",
        "agenda",
        "partner_list",
        "room_list",
        "volunteering",
        "funding",
        "opendata",
        "imprint",
        "accessibility",
        "privacy",
    ]

    def items(self) -> list[str]:
        return self.names

    def location(self, item: str) -> str:
        return reverse(f"centres:{item}")


class DistrictSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return District.objects.order_by("number")


class CentreSitemap(Sitemap):
    """Published, real centres: the invented demo centres are not for search engines."""

    changefreq = "weekly"

    def items(self):
        return Centre.objects.published().real().order_by("pk")

    def lastmod(self, item: Centre):
        return item.updated


class OfferingSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Offering.objects.published().real().order_by("pk")

    def lastmod(self, item: Offering):
        return item.updated


class PartnerSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Organisation.objects.published().filter(is_demo=False).order_by("pk")


class RoomSitemap(Sitemap):
    """Published rooms of real centres (today none: rooms are demo data only)."""

    changefreq = "weekly"

    def items(self):
        return Room.objects.published().real().order_by("pk")

    def lastmod(self, item: Room):
        return item.updated


SITEMAPS = {
    "seiten": StaticPagesSitemap,
    "bezirke": DistrictSitemap,
    "zentren": CentreSitemap,
    "angebote": OfferingSitemap,
    "partner": PartnerSitemap,
    "raeume": RoomSitemap,
}


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Everything public may be crawled; the staff admin not (its path is ADMIN_PATH)."""
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_PATH}",
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('centres:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
