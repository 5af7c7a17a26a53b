"""The stored notion of "public" (`Offering.is_public`, `public_until`; docs/performance.md):
`published()` reads it, and it always says what the statuses and dates say
(`computed_public()`), after every kind of write and across a change of date."""

import datetime
import io
import itertools
import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from centres import pagecache
from centres.models import Centre, Offering, Status
from centres.services.public import public_refresh

BERLIN = timezone.get_default_timezone()


def berlin(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args), BERLIN)


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        def set(self, moment: datetime.datetime) -> None:
            monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))

    clock = Clock()
    clock.set(berlin(2026, 12, 1, 22, 30))
    return clock


def published_ids() -> set[int]:
    return set(Offering.objects.published().values_list("pk", flat=True))


def computed_ids() -> set[int]:
    return set(Offering.objects.computed_public().values_list("pk", flat=True))


def flagged_ids() -> set[int]:
    return set(Offering.objects.filter(is_public=True).values_list("pk", flat=True))


@pytest.fixture
def mix(clock, make_centre, make_offering) -> list[Offering]:
    """Offerings of every kind of date around 1–2 December 2026 (Berlin), published or not,
    at published and draft centres, from a fixed seed."""
    rng = random.Random(12)
    centres = [make_centre(), make_centre(), make_centre(status=Status.DRAFT)]
    moments = [
        None,
        berlin(2026, 11, 30, 10),
        berlin(2026, 12, 1, 9),
        berlin(2026, 12, 1, 23, 59),
        berlin(2026, 12, 2, 0, 10),
        berlin(2026, 12, 2, 15),
        berlin(2026, 12, 3, 18),
    ]
    days = [
        None,
        datetime.date(2026, 11, 30),
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 2),
    ]
    offerings = []
    for _ in range(120):
        starts_at = rng.choice(moments)
        ends_at = None
        if starts_at and rng.random() < 0.6:
            ends_at = starts_at + datetime.timedelta(hours=rng.choice([1, 3, 26]))
        offerings.append(
            make_offering(
                rng.choice(centres),
                status=rng.choice([Status.PUBLISHED, Status.PUBLISHED, Status.DRAFT]),
                starts_at=starts_at,
                ends_at=ends_at,
                valid_until=rng.choice(days) if starts_at is None else None,
            )
        )
    return offerings


def test_published_offerings_are_exactly_the_computed_ones_across_a_change_of_date(clock, mix):
    assert published_ids() == computed_ids()
    assert flagged_ids() == computed_ids()
    assert 20 < len(published_ids()) < len(mix)

    for moment in itertools.chain(
        [berlin(2026, 12, 1, 23, 59, 59), berlin(2026, 12, 2, 0, 0), berlin(2026, 12, 2, 0, 11)],
        [berlin(2026, 12, 2, 16), berlin(2026, 12, 3, 0, 0, 1), berlin(2026, 12, 5, 12)],
    ):
        clock.set(moment)
        # Before the daily refresh, `public_until` already leaves out what ended …
        assert published_ids() == computed_ids(), moment
        # … and the refresh brings the flag itself in line.
        public_refresh()
        assert flagged_ids() == computed_ids(), moment
        assert published_ids() == computed_ids(), moment


def test_the_daily_refresh_bumps_the_data_version_only_when_something_changed(clock, mix):
    version = pagecache.data_version()
    assert public_refresh() == 0
    assert pagecache.data_version() == version

    clock.set(berlin(2026, 12, 2, 0, 5))
    assert public_refresh() > 0
    assert pagecache.data_version() > version

    version = pagecache.data_version()
    out = io.StringIO()
    call_command("refresh_public", stdout=out)
    assert out.getvalue() == "0 offering(s) changed.\n"
    assert pagecache.data_version() == version  # idempotent: nothing left to change


def test_a_centre_set_to_draft_takes_its_offerings_off_the_public_lists(
    client, make_centre, make_offering
):
    centre = make_centre()
    offering = make_offering(centre, title="Nähcafé am Kanal")
    assert "Nähcafé am Kanal" in client.get("/angebote/").text

    centre.status = Status.DRAFT
    centre.save()
    offering.refresh_from_db()

    assert not offering.is_public
    assert "Nähcafé am Kanal" not in client.get("/angebote/").text

    centre.status = Status.PUBLISHED
    centre.save()
    assert "Nähcafé am Kanal" in client.get("/angebote/").text


def test_an_offering_saved_with_a_past_validity_is_not_public(make_centre, make_offering):
    offering = make_offering(make_centre())
    offering.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    offering.save(update_fields=["valid_until"])

    offering.refresh_from_db()
    assert not offering.is_public
    assert not Offering.objects.published().filter(pk=offering.pk).exists()


def test_bulk_writes_are_put_right_by_the_refresh(make_centre, make_offering):
    centre = make_centre()
    offering = make_offering(centre)
    Centre.objects.filter(pk=centre.pk).update(status=Status.DRAFT)
    Offering.objects.filter(pk=offering.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=3)
    )

    assert public_refresh() == 2  # public_until, then is_public
    offering.refresh_from_db()
    assert (offering.is_public, offering.public_until is not None) == (False, True)
    assert published_ids() == computed_ids() == set()


def test_archiving_in_the_admin_takes_an_offering_and_a_centres_offerings_off_the_list(
    client, coordinator, centre_a
):
    from django.urls import reverse

    offering = centre_a.offerings.get()
    anonymous = type(client)()
    assert offering.title in anonymous.get("/angebote/").text
    client.force_login(coordinator)

    client.post(
        reverse("admin:centres_offering_changelist"),
        {"action": "archive", "_selected_action": [offering.pk], "post": "yes"},
    )
    offering.refresh_from_db()
    assert not offering.is_public
    assert offering.title not in anonymous.get("/angebote/").text

    client.post(
        reverse("admin:centres_offering_changelist"),
        {"action": "publish", "_selected_action": [offering.pk], "post": "yes"},
    )
    assert offering.title in anonymous.get("/angebote/").text
    client.post(
        reverse("admin:centres_centre_changelist"),
        {"action": "archive", "_selected_action": [centre_a.pk], "post": "yes"},
    )
    offering.refresh_from_db()
    assert not offering.is_public
    assert offering.title not in anonymous.get("/angebote/").text
    assert published_ids() == computed_ids()
