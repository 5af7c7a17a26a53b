"""Rooms and calls for volunteers of the demo centres, and only of them (docs/rooms.md).

Real centres get neither: what rooms a real house lends, and on what terms, only its staff can
say. A generator of its own (seeded from the demo data's seed), so adding rooms does not
change the centres and offerings an existing seed gives.
"""

from __future__ import annotations

import random

from centres.models import (
    Centre,
    Commitment,
    Cost,
    Equipment,
    Offering,
    OfferingKind,
    Room,
    RoomAudience,
    RoomAudienceEntry,
    RoomEquipment,
    Site,
    Status,
    StepFree,
    VolunteerTask,
)
from centres.slugs import german_slugify

# Name, size (m²), seats, typical equipment.
_DEMO_ROOMS = [
    ("Großer Saal", 120, 80, [Equipment.KITCHEN, Equipment.SOUND, Equipment.PROJECTOR]),
    ("Seminarraum", 45, 20, [Equipment.PROJECTOR, Equipment.WIFI, Equipment.FLIPCHART]),
    ("Kiezküche", 35, 12, [Equipment.KITCHEN]),
    ("Bewegungsraum", 80, 25, [Equipment.SPORTS_FLOOR, Equipment.SOUND]),
    ("Musikzimmer", 30, 10, [Equipment.PIANO]),
    ("Gruppenraum", 25, 12, [Equipment.WIFI]),
    ("Gartenpavillon", 40, 30, [Equipment.GARDEN]),
]
_DEMO_CALLS = [
    (
        "Wir suchen Menschen, die beim Nachbarschaftscafé Kuchen backen oder Kaffee ausschenken.",
        VolunteerTask.CAFE,
    ),
    (
        "Wir suchen Lesepatinnen und Lesepaten für Kinder der Grundschule nebenan.",
        VolunteerTask.LEARNING,
    ),
    ("Wir suchen Hilfe beim Auf- und Abbau unseres Kiezfests im Sommer.", VolunteerTask.EVENTS),
    ("Wir suchen Menschen, die ältere Nachbarinnen und Nachbarn besuchen.", VolunteerTask.COMPANY),
    (
        "Wir suchen Unterstützung im Gemeinschaftsgarten: gießen, jäten, ernten.",
        VolunteerTask.GARDEN,
    ),
    (
        "Wir suchen Menschen, die bei Beratungen übersetzen (Arabisch, Türkisch, Ukrainisch).",
        VolunteerTask.TRANSLATION,
    ),
    ("Wir suchen Tüftlerinnen und Tüftler für unser Repair-Café.", VolunteerTask.REPAIR),
]
_DEMO_ROOM_NOTES = {
    Cost.FREE: "",
    Cost.DONATION: "Spende nach eigenem Ermessen",
    Cost.FEE: "Für Initiativen aus dem Kiez ermäßigt; Preise auf Anfrage",
}


def demo_rooms_create(*, seed: int, centres: list[Centre]) -> list[Room]:
    """Up to three rooms for about two in three demo centres, at their sites; a call for
    volunteers at about half; a kind of task for the demo volunteering offerings."""
    rng = random.Random(f"rooms-{seed}")
    demo = [centre for centre in centres if centre.is_demo]
    sites_by_centre: dict[int, list[Site]] = {}
    for site in Site.objects.filter(centre__in=demo).order_by("centre", "-is_main", "pk"):
        sites_by_centre.setdefault(site.centre_id, []).append(site)
    rooms, equipment, audiences = [], [], []
    for centre in demo:
        sites = sites_by_centre.get(centre.pk)
        if not sites or rng.random() < 0.35:
            continue
        for name, size, seats, items in rng.sample(_DEMO_ROOMS, rng.randint(1, 3)):
            cost = rng.choice(list(Cost))
            room = Room(
                centre=centre,
                site=rng.choice(sites),
                name=name,
                slug=f"{centre.slug}-{german_slugify(name)}",
                size_m2=size,
                seats=seats,
                step_free_access=rng.choice(list(StepFree)),
                cost=cost,
                cost_note=_DEMO_ROOM_NOTES[cost],
                description=f"{name} im {centre.name}. Ein erfundener Demo-Raum.",
                status=Status.DRAFT if rng.random() < 0.1 else Status.PUBLISHED,
            )
            rooms.append(room)
            extra = [
                item for item in (Equipment.WIFI, Equipment.ACCESSIBLE_TOILET) if rng.random() < 0.4
            ]
            equipment.append({*items, *extra})
            audiences.append(set(rng.sample(list(RoomAudience), rng.randint(1, 3))))
    rooms = Room.objects.bulk_create(rooms, batch_size=500)
    RoomEquipment.objects.bulk_create(
        (
            RoomEquipment(room=room, item=item)
            for room, items in zip(rooms, equipment, strict=True)
            for item in sorted(items)
        ),
        batch_size=1000,
    )
    RoomAudienceEntry.objects.bulk_create(
        (
            RoomAudienceEntry(room=room, audience=value)
            for room, values in zip(rooms, audiences, strict=True)
            for value in sorted(values)
        ),
        batch_size=1000,
    )
    calling = []
    for centre in demo:
        if rng.random() < 0.5:
            text, task = rng.choice(_DEMO_CALLS)
            centre.volunteer_call = text
            centre.volunteer_task = task
            centre.volunteer_commitment = rng.choice(list(Commitment))
            calling.append(centre)
    Centre.objects.bulk_update(
        calling, ["volunteer_call", "volunteer_task", "volunteer_commitment"], batch_size=500
    )
    volunteering = list(Offering.objects.filter(centre__in=demo, kind=OfferingKind.VOLUNTEERING))
    for offering in volunteering:
        offering.volunteer_task = rng.choice(list(VolunteerTask))
    Offering.objects.bulk_update(volunteering, ["volunteer_task"], batch_size=500)
    Room.history.bulk_history_create(
        rooms, batch_size=1000, default_change_reason="Demo-Daten angelegt"
    )
    return rooms
