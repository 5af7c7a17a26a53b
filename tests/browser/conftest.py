"""Chromium through Playwright, a small directory to browse, and axe-core to audit it.

Playwright drives Debian's Chromium (`apt-get install chromium`), never a browser build of its
own: `playwright install` downloads one, and CI machines cannot download it.
"""

import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Error, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from centres.models import (
    Centre,
    CoordinatesSource,
    Offering,
    OpeningHours,
    Organisation,
    Site,
    StepFree,
)

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE_WIDTH = 320


def _no_static_handler(application):
    """Leave /static/ to the project's WhiteNoiseMiddleware, which serves the collected files."""
    return application


@pytest.fixture(scope="session")
def live_server(request, collected_static):
    """pytest-django's live server, with static files served by WhiteNoise as in production.

    pytest-django serves /static/ through Django's finders, which do not know the hashed names
    the pages link to: every stylesheet would be a 404, and axe would judge unstyled pages.
    """
    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address, start=False)
    server.thread.static_handler = _no_static_handler
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    path = Path(CHROMIUM_PATH)
    if not (path.is_file() and os.access(path, os.X_OK)):
        # A missing browser is a broken setup, not a reason to pass quietly: fail and say the fix.
        pytest.fail(
            f"Chromium was not found at {CHROMIUM_PATH}. The browser tests use Debian's Chromium: "
            "install it with `apt-get install chromium` (as .ci/run does), or point CHROMIUM_PATH "
            "at a Chromium binary.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS)
        except Error as error:
            pytest.fail(f"Chromium at {CHROMIUM_PATH} did not start: {error}", pytrace=False)
        yield browser
        browser.close()


def _browser_context(browser: Browser, live_server, **options) -> BrowserContext:
    context = browser.new_context(locale="de-DE", base_url=live_server.url, **options)
    context.set_default_timeout(10_000)
    # The tests have no internet: requests elsewhere (map tiles) fail at once, as offline.
    context.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: route.abort("internetdisconnected"),
    )
    return context


@pytest.fixture
def page(browser, live_server) -> Iterator[Page]:
    """A fresh browser context per test, so no cookie or cache leaks from one test to the next."""
    context = _browser_context(browser, live_server)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser, live_server) -> Iterator[Page]:
    """The narrowest phone the site supports."""
    context = _browser_context(browser, live_server, viewport={"width": PHONE_WIDTH, "height": 640})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    def check(page: Page) -> None:
        results = axe.run(page)
        if results.violations_count:
            print(results.generate_report())
        assert results.violations_count == 0, (
            f"axe-core found violations on {page.url}:\n{results.generate_report()}"
        )

    return check


@dataclass
class Directory:
    """What the browser tests browse; each attribute is an object with a page of its own."""

    centre: Centre
    other_centre: Centre
    offering: Offering
    free_offering: Offering
    event: Offering
    partner: Organisation


@pytest.fixture
def directory(
    make_centre, make_offering, make_partnership, make_organisation, in_days
) -> Directory:
    """Two centres in different Bezirke with offerings, opening hours, partners and a festival."""
    provider = make_organisation(
        name="Kiezhaus Weserstraße e. V.",
        slug="kiezhaus-weserstrasse-ev",
        kind=Organisation.Kind.PROVIDER,
        is_demo=True,
    )
    centre = make_centre(
        "neukoelln",
        name="Kiezhaus Weserstraße",
        slug="kiezhaus-weserstrasse",
        street="Weserstraße 58",
        postcode="12045",
        latitude=Decimal("52.486900"),
        longitude=Decimal("13.431700"),
        coordinates_source=CoordinatesSource.OPENSTREETMAP,
        provider=provider,
        phone="030 1234567",
        email="hallo@kiezhaus.example",
        description="Offenes Nachbarschaftshaus mit Café, Beratung und Kursen für den Weserkiez.",
        step_free_access=StepFree.YES,
        accessible_toilet=True,
        is_ifp_funded=True,
        is_demo=True,
        languages=["de", "ar", "tr"],
        last_reviewed=datetime.date(2026, 9, 1),
    )
    for weekday in range(1, 6):
        OpeningHours.objects.create(
            site=centre.main_site,
            weekday=weekday,
            opens=datetime.time(10),
            closes=datetime.time(18),
        )
    meeting_point = centre.sites.create(
        name="Nachbarschaftstreff Reuterkiez",
        kind=Site.Kind.NEIGHBOURHOOD_MEETING_POINT,
        street="Reuterstraße 10",
        postcode="12053",
        latitude=Decimal("52.488000"),
        longitude=Decimal("13.426800"),
        phone="030 7654321",
    )
    meeting_point.opening_hours.create(weekday=4, opens=datetime.time(14), closes=datetime.time(19))
    other_centre = make_centre(
        "pankow",
        name="Stadtteiltreff Florakiez",
        slug="stadtteiltreff-florakiez",
        street="Florastraße 12",
        postcode="13187",
        latitude=Decimal("52.563000"),
        longitude=Decimal("13.410000"),
        is_demo=True,
        languages=["de", "en"],
    )
    offering = make_offering(
        centre,
        title="Nähcafé",
        slug="naehcafe-weserstrasse",
        kind=Offering.Kind.CREATIVE_COURSE,
        description="Gemeinsam nähen und flicken, Nähmaschinen sind da.",
        cost=Offering.Cost.DONATION,
        target_groups=["alle", "frauen"],
        languages=["de", "tr"],
        weekdays=[2],
    )
    free_offering = make_offering(
        centre,
        title="Sozialberatung auf Arabisch",
        slug="sozialberatung-arabisch-weserstrasse",
        kind=Offering.Kind.COUNSELLING,
        cost=Offering.Cost.FREE,
        target_groups=["migration"],
        languages=["ar", "de"],
        weekdays=[3],
    )
    make_offering(
        other_centre,
        title="Yoga am Morgen",
        slug="yoga-am-morgen-florakiez",
        kind=Offering.Kind.SPORT,
        cost=Offering.Cost.FEE,
        cost_note="5 € je Termin",
        target_groups=["senioren"],
        weekdays=[3],
    )
    # On a Saturday, so the weekday filter tests (Wednesday) never catch the festival too.
    saturday = 7 + (5 - timezone.localdate().weekday()) % 7
    event = make_offering(
        centre,
        title="Kiezfest am Weserplatz",
        slug="kiezfest-weserplatz",
        kind=Offering.Kind.FESTIVAL,
        starts_at=in_days(saturday, hour=14),
        ends_at=in_days(saturday, hour=20),
        target_groups=["alle"],
    )
    partner = make_organisation(
        name="Grundschule am Weserkiez",
        slug="grundschule-am-weserkiez",
        kind=Organisation.Kind.SCHOOL,
        is_demo=True,
    )
    make_partnership(centre, partner, note="Gemeinsame Ferienangebote")
    make_partnership(other_centre, partner, note="Lesepatenschaften")
    return Directory(
        centre=centre,
        other_centre=other_centre,
        offering=offering,
        free_offering=free_offering,
        event=event,
        partner=partner,
    )


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where the browser tests leave screenshots for a reviewer: SCREENSHOT_DIR, else
    `screenshots/` at the top of the repository (ignored by git)."""
    default = Path(__file__).resolve().parents[2] / "screenshots"
    return Path(os.environ.get("SCREENSHOT_DIR") or default)
