"""/raeume/, a room's page, /mitmachen/ and a centre page with rooms, in Chromium at 320, 375
and 1280 px, as whole pages: nothing wider than the screen, 44 px targets, axe-core clean.
Screenshots at 375 and 1280 px go to screenshots/ (or SCREENSHOT_DIR) to look at."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from centres.models import (
    Commitment,
    Cost,
    Equipment,
    Offering,
    Room,
    RoomAudience,
    RoomAudienceEntry,
    RoomEquipment,
    Status,
    StepFree,
    VolunteerTask,
)
from tests.browser.layout import overflowing, screenshot, small_targets

pytestmark = pytest.mark.browser

WIDTHS = [320, 375, 1280]


@pytest.fixture
def rooms(directory, make_offering):
    """Two rooms of the directory's centre and a call for volunteers."""
    centre = directory.centre
    site = centre.sites.get(is_main=True)
    for name, slug, size, seats, cost, items in (
        (
            "Großer Saal mit Bühne und Küche",
            "grosser-saal-weserstrasse",
            120,
            80,
            Cost.FEE,
            [Equipment.KITCHEN, Equipment.SOUND, Equipment.PROJECTOR, Equipment.ACCESSIBLE_TOILET],
        ),
        ("Gruppenraum", "gruppenraum-weserstrasse", 25, 12, Cost.FREE, [Equipment.WIFI]),
    ):
        room = Room.objects.create(
            centre=centre,
            site=site,
            name=name,
            slug=slug,
            size_m2=size,
            seats=seats,
            cost=cost,
            cost_note="20 € je Abend, für Initiativen aus dem Kiez kostenlos"
            if cost == Cost.FEE
            else "",
            step_free_access=StepFree.YES,
            description="Hell, mit großen Fenstern zum Hof.",
            status=Status.PUBLISHED,
        )
        RoomEquipment.objects.bulk_create(RoomEquipment(room=room, item=i) for i in items)
        RoomAudienceEntry.objects.bulk_create(
            RoomAudienceEntry(room=room, audience=a) for a in RoomAudience
        )
    centre.volunteer_call = "Wir suchen Menschen, die beim Nachbarschaftscafé Kuchen backen."
    centre.volunteer_task = VolunteerTask.CAFE
    centre.volunteer_commitment = Commitment.FLEXIBLE
    centre.save()
    make_offering(
        centre,
        title="Lesepatenschaften",
        slug="lesepatenschaften-weserstrasse",
        kind=Offering.Kind.VOLUNTEERING,
        volunteer_task=VolunteerTask.LEARNING,
    )
    return directory


PAGES: dict[str, Callable] = {
    "rooms": lambda d: reverse("centres:room_list"),
    "rooms-filtered": lambda d: (
        reverse("centres:room_list") + "?ausstattung=kueche&ausstattung=beamer&barrierefrei=1"
        "&groesse=abc"
    ),
    "room": lambda d: reverse("centres:room_detail", kwargs={"slug": "grosser-saal-weserstrasse"}),
    "volunteering": lambda d: reverse("centres:volunteering"),
    "centre-with-rooms": lambda d: d.centre.get_absolute_url(),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_room_and_volunteering_pages_fit_with_big_targets_and_no_axe_violations(
    page, rooms, assert_accessible, screenshot_dir, name, width
):
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(PAGES[name](rooms))

    problems = {
        "overflowing": overflowing(page),
        "small targets": small_targets(page, "header, main, footer"),
    }

    if width in (375, 1280):
        screenshot(page, f"rooms-{name}", screenshot_dir)
    assert problems == {key: [] for key in problems}
    assert_accessible(page)
