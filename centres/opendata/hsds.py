"""Open Referral HSDS 3.0: a centre is an organization, its sites are its locations, and each
offering is a service at its venue (the offering's site, else the centre's main site).

Weekly times become HSDS schedules as RFC 5545 parts (`freq` WEEKLY, `byday`, `opens_at`,
`closes_at`, Berlin wall-clock time); a dated event becomes a schedule valid on its day.
Identifiers are UUIDs that encode the kind of object and its row (`hsds_id()`), so they stay
the same from one export to the next and the single-object endpoints can find the row.
HSDS' `metadata` (who changed which field) is never written: it would name staff.
The schemas, with their licence (CC BY-SA 4.0), are in `hsds_schema/`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from django.utils import timezone

from centres import hours
from centres.models import Centre, Offering, Site
from centres.wording import yes_no_unknown

HSDS_VERSION = "3.0"
# The first 8 hex digits of every identifier, then the kind of object, then the row.
ID_PREFIX = "5a7e0000"
KINDS = {
    "organization": 1,
    "location": 2,
    "service": 3,
    "service_at_location": 4,
    "opening_schedule": 5,
    "language": 6,
    "location_phone": 7,
    "address": 8,
    "accessibility": 9,
    "location_contact": 10,
    "cost_option": 11,
    "service_schedule": 12,
    "service_phone": 13,
    "service_contact": 14,
    "event_schedule": 15,
    "organization_phone": 16,
    "service_language": 17,
}
BYDAY = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}

Url = Callable[[str], str]


def hsds_id(kind: str, pk: int, child: int = 0) -> str:
    """A stable UUID (version 8, RFC 9562) for row `pk` (and `child` of it) of `kind`: the
    child's 24 bits sit on both sides of the variant nibble (low 12 bits first), the row's in
    the last 48 bits."""
    low, high = child & 0xFFF, child >> 12
    return str(uuid.UUID(f"{ID_PREFIX}{KINDS[kind]:04x}8{low:03x}8{high:03x}{pk:012x}"))


def hsds_pk(kind: str, value: str) -> int | None:
    """The row an identifier of `kind` names, or None for anything else."""
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return None
    text = parsed.hex
    if text[:8] != ID_PREFIX or int(text[8:12], 16) != KINDS.get(kind):
        return None
    return int(text[20:], 16)


def _clock(time, *, closing: bool = False) -> str:
    return hours.clock(time, closing=closing)


def _weekly_schedule(slot, kind: str, **links: str) -> dict:
    return {
        "id": hsds_id(kind, slot.pk),
        **links,
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": BYDAY[slot.weekday],
        "opens_at": _clock(slot.opens),
        "closes_at": _clock(slot.closes, closing=True),
        "description": f"{slot.get_weekday_display()} {_clock(slot.opens)}–"
        f"{_clock(slot.closes, closing=True)} (Europe/Berlin)",
    }


def _language(language, kind: str, parent: int, **links: str) -> dict:
    return {
        "id": hsds_id(kind, parent, language.pk),
        **links,
        "name": language.name,
        "code": language.code,
    }


def _phone(number: str, kind: str, pk: int, **links: str) -> dict:
    return {"id": hsds_id(kind, pk), **links, "number": number, "type": "voice"}


def location(site: Site, url: Url) -> dict:
    centre = site.centre
    location_id = hsds_id("location", site.pk)
    links = {"location_id": location_id}
    record = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": hsds_id("organization", centre.pk),
        "name": site.name,
        "url": url(centre.get_absolute_url()),
        "languages": [
            _language(language, "language", site.pk, **links) for language in centre.languages.all()
        ],
        "addresses": [],
        "phones": [_phone(site.phone, "location_phone", site.pk, **links)] if site.phone else [],
        "contacts": [],
        "accessibility": [
            {
                "id": hsds_id("accessibility", site.pk),
                **links,
                "description": str(site.get_step_free_access_display()),
                "details": "; ".join(
                    part
                    for part in (
                        f"Barrierefreies WC: {yes_no_unknown(site.accessible_toilet)}",
                        site.accessibility_notes,
                    )
                    if part
                ),
            }
        ],
        "schedules": [
            _weekly_schedule(slot, "opening_schedule", **links) for slot in site.opening_hours.all()
        ],
    }
    if site.kind:
        record["description"] = str(site.get_kind_display())
    if site.street:
        record["addresses"].append(
            {
                "id": hsds_id("address", site.pk),
                **links,
                "address_1": site.street,
                "city": "Berlin",
                "region": site.place,
                "state_province": "Berlin",
                "postal_code": site.postcode,
                "country": "DE",
                "address_type": "physical",
            }
        )
    if site.email:
        record["contacts"].append(
            {"id": hsds_id("location_contact", site.pk), **links, "email": site.email}
        )
    if site.has_coordinates:
        record["latitude"] = float(site.latitude)
        record["longitude"] = float(site.longitude)
        # An addition to HSDS: OpenStreetMap's coordinates must name it (ODbL).
        record["coordinates_source"] = site.coordinates_credit
    return record


def organization(centre: Centre, url: Url, *, sites: Iterable[Site] | None = None) -> dict:
    main = centre.main_site
    record = {
        "id": hsds_id("organization", centre.pk),
        "name": centre.name,
        "description": centre.description,
        "uri": url(centre.get_absolute_url()),
        "phones": [_phone(main.phone, "organization_phone", centre.pk)]
        if main is not None and main.phone
        else [],
        "locations": [location(site, url) for site in (sites or centre.sites.all())],
    }
    if centre.website:
        record["website"] = centre.website
    if main is not None and main.email:
        record["email"] = main.email
    return record


def _event_schedule(offering: Offering, **links: str) -> dict:
    starts = timezone.localtime(offering.starts_at, hours.BERLIN)
    record = {
        "id": hsds_id("event_schedule", offering.pk),
        **links,
        "valid_from": starts.date().isoformat(),
        "valid_to": starts.date().isoformat(),
        "dtstart": starts.date().isoformat(),
        "opens_at": f"{starts:%H:%M}",
        "description": f"{starts:%d.%m.%Y %H:%M} (Europe/Berlin)",
    }
    if offering.ends_at is not None:
        ends = timezone.localtime(offering.ends_at, hours.BERLIN)
        record["valid_to"] = ends.date().isoformat()
        record["closes_at"] = f"{ends:%H:%M}"
    return record


def _service_schedules(offering: Offering, **links: str) -> list[dict]:
    if offering.starts_at is not None:
        return [_event_schedule(offering, **links)]
    schedules = []
    for slot in offering.times.all():
        schedule = _weekly_schedule(slot, "service_schedule", **links)
        if offering.valid_from:
            schedule["valid_from"] = offering.valid_from.isoformat()
        if offering.valid_until:
            schedule["valid_to"] = offering.valid_until.isoformat()
            schedule["until"] = offering.valid_until.isoformat()
        schedules.append(schedule)
    return schedules


def service_at_location(offering: Offering) -> dict | None:
    venue = offering.venue
    if venue is None:
        return None
    return {
        "id": hsds_id("service_at_location", offering.pk),
        "service_id": hsds_id("service", offering.pk),
        "location_id": hsds_id("location", venue.pk),
    }


def service(offering: Offering, url: Url) -> dict:
    service_id = hsds_id("service", offering.pk)
    links = {"service_id": service_id}
    phone, email = offering.contact
    groups = [str(group) for group in offering.target_groups.all()]
    record = {
        "id": service_id,
        "organization_id": hsds_id("organization", offering.centre_id),
        "name": offering.title,
        "description": offering.description,
        "url": url(offering.get_absolute_url()),
        "status": "active",
        "fees_description": offering.cost_display,
        "application_process": "Anmeldung erforderlich"
        if offering.registration_required
        else "Ohne Anmeldung",
        "languages": [
            _language(language, "service_language", offering.pk, **links)
            for language in offering.languages.all()
        ],
        "phones": [_phone(phone, "service_phone", offering.pk, **links)] if phone else [],
        "contacts": [{"id": hsds_id("service_contact", offering.pk), **links, "email": email}]
        if email
        else [],
        "cost_options": [
            {
                "id": hsds_id("cost_option", offering.pk),
                **links,
                "option": str(offering.get_cost_display()),
                **({"amount_description": offering.cost_note} if offering.cost_note else {}),
            }
        ],
        "schedules": _service_schedules(offering, **links),
        "service_at_locations": [sal] if (sal := service_at_location(offering)) else [],
        "last_modified": offering.updated.isoformat(),
    }
    if groups:
        record["eligibility_description"] = ", ".join(groups)
    if email:
        record["email"] = email
    return record
