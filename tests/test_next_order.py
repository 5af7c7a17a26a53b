"""The stored order by next occurrence (`Offering.next_key`, `is_demo`; docs/hours.md): the lists
read it from an index, and it always gives the order the database computes afresh
(`by_computed_next_occurrence()`), after every kind of write, within a day and across midnight
and the following days, once the refresh of every few minutes (`refresh_public --order`) or the
daily one has run; before that, only offerings whose stored occurrence has begun can be out of
place."""

import datetime
import io
import itertools
import random

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from centres import hours, pagecache
from centres.models import Centre, Offering, Status
from centres.services.public import order_catch_up, public_refresh
from tests.datasets import budget_dataset

BERLIN = timezone.get_default_timezone()


def berlin(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args), BERLIN)


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        def set(self, moment: datetime.datetime) -> None:
            monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))

    clock = Clock()
    clock.set(berlin(2026, 12, 22, 21, 30))  # a Tuesday, before the Christmas holidays
    return clock


def stored_order() -> list[int]:
    return list(Offering.objects.published().by_next_occurrence().values_list("pk", flat=True))


def computed_order() -> list[int]:
    return list(
        Offering.objects.published().by_computed_next_occurrence().values_list("pk", flat=True)
    )


def wrong_keys(**conditions) -> set[int]:
    """Public offerings whose stored key is not the one computed now."""
    rows = Offering.objects.published().filter(**conditions)
    moved = rows.alias(computed=hours.next_occurrence_key()).exclude(next_key=F("computed"))
    return set(moved.values_list("pk", flat=True))


TIMES = [
    (datetime.time(0), datetime.time(2)),
    (datetime.time(8), datetime.time(9, 30)),
    (datetime.time(10), datetime.time(12)),
    (datetime.time(12), datetime.time(12, 1)),
    (datetime.time(18), datetime.time(0)),  # until midnight
    (datetime.time(21), datetime.time(22)),
    (datetime.time(23, 30), datetime.time(0)),
]


@pytest.fixture
def mix(clock, make_centre, make_offering) -> list[Offering]:
    """Offerings of every kind of date around Christmas 2026 (Berlin): events, weekly times on
    every weekday at every time of day, validity from and until, none at all; at a real and a
    demo centre, from a fixed seed."""
    rng = random.Random(12)
    centres = [make_centre(), make_centre(), make_centre(is_demo=True)]
    days = [
        None,
        datetime.date(2026, 12, 20),
        datetime.date(2026, 12, 22),
        datetime.date(2026, 12, 23),
        datetime.date(2026, 12, 25),  # Christmas Day
        datetime.date(2027, 1, 4),
    ]
    moments = [
        berlin(2026, 12, 22, 22, 0),
        berlin(2026, 12, 23, 0, 0),
        berlin(2026, 12, 23, 10, 15),
        berlin(2026, 12, 24, 18, 0),
        berlin(2026, 12, 26, 11, 0),
        berlin(2027, 1, 1, 0, 30),
    ]
    offerings = []
    for number in range(150):
        kind = rng.choice(["event", "weekly", "weekly", "weekly", "none"])
        if kind == "event":
            starts_at = rng.choice(moments)
            offerings.append(
                make_offering(
                    rng.choice(centres),
                    title=f"Fest {number % 7}",
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=rng.choice([1, 3, 30])),
                )
            )
            continue
        valid_from = rng.choice(days)
        valid_until = rng.choice(
            [None, *[d for d in days if d and (not valid_from or d >= valid_from)]]
        )
        offering = make_offering(
            rng.choice(centres),
            title=f"Kurs {number % 11}",
            weekdays=[],
            valid_from=valid_from,
            valid_until=valid_until,
        )
        if kind == "weekly":
            for weekday in rng.sample(range(1, 8), rng.randint(1, 3)):
                for opens, closes in rng.sample(TIMES, rng.randint(1, 2)):
                    offering.times.create(weekday=weekday, opens=opens, closes=closes)
        offerings.append(offering)
    return offerings


def test_the_stored_order_is_the_computed_order_as_written(mix):
    assert stored_order() == computed_order()
    assert wrong_keys() == set()
    assert 80 < len(stored_order()) < len(mix)
    # Real before demo, and the offerings without any time last.
    demo = [o.is_demo for o in Offering.objects.published().by_next_occurrence()]
    assert demo == sorted(demo) and True in demo


def test_the_stored_order_stays_the_computed_one_within_a_day_and_across_midnight(clock, mix):
    for moment in itertools.chain(
        [berlin(2026, 12, 22, 21, 59), berlin(2026, 12, 22, 22, 0), berlin(2026, 12, 22, 23, 59)],
        [berlin(2026, 12, 23, 0, 0), berlin(2026, 12, 23, 0, 5), berlin(2026, 12, 23, 9, 0)],
        [berlin(2026, 12, 23, 12, 1), berlin(2026, 12, 24, 23, 0), berlin(2026, 12, 25, 10, 0)],
        [berlin(2026, 12, 27, 18, 0), berlin(2027, 1, 1, 0, 1), berlin(2027, 1, 5, 8, 0)],
    ):
        clock.set(moment)
        # Before any refresh, only what has begun since its key was written can be wrong …
        assert wrong_keys(next_key__gt=hours.next_occurrence_key_now()) == set(), moment
        # … the refresh of every few minutes moves exactly those …
        order_catch_up()
        assert wrong_keys() == set(), moment
        assert stored_order() == computed_order(), moment
        assert order_catch_up() == 0, moment
        # … and the daily refresh finds nothing left to move.
        public_refresh()
        assert stored_order() == computed_order(), moment
        assert public_refresh() == 0, moment


def test_the_daily_refresh_alone_puts_the_order_right_after_several_days(clock, mix):
    clock.set(berlin(2026, 12, 28, 0, 5))
    assert stored_order() != computed_order()  # a week on, much has moved

    assert public_refresh() > 0
    assert stored_order() == computed_order()
    assert public_refresh() == 0


def test_moving_the_order_along_does_not_bump_the_data_version(clock, mix):
    version = pagecache.data_version()
    clock.set(berlin(2026, 12, 23, 10, 15))

    assert order_catch_up() > 0
    assert pagecache.data_version() == version  # /angebote/ follows the clock slot anyway
    out = io.StringIO()
    call_command("refresh_public", "--order", stdout=out)
    assert out.getvalue() == "0 next occurrence(s) moved.\n"


def test_weekly_times_added_changed_and_deleted_move_the_offering(
    clock, make_centre, make_offering
):
    centre = make_centre()
    monday = make_offering(centre, title="Montagskurs")  # Mondays 10–12
    thursday = make_offering(centre, title="Donnerstagskurs", weekdays=[4])
    event = make_offering(centre, title="Fest", starts_at=berlin(2026, 12, 23, 15, 0))
    assert stored_order() == [event.pk, thursday.pk, monday.pk] == computed_order()

    time = monday.times.create(weekday=3, opens=datetime.time(9), closes=datetime.time(10))
    assert stored_order() == [monday.pk, event.pk, thursday.pk] == computed_order()

    time.weekday = 5
    time.save()
    assert stored_order() == [event.pk, thursday.pk, monday.pk] == computed_order()

    monday.times.get(weekday=1).delete()
    time.delete()
    assert stored_order() == [event.pk, thursday.pk, monday.pk] == computed_order()
    monday.refresh_from_db()
    assert monday.next_key == hours.NO_OCCURRENCE_KEY  # no time left: last

    event.starts_at = berlin(2026, 12, 23, 8, 0)
    event.save(update_fields=["starts_at"])
    thursday.valid_from = datetime.date(2027, 1, 10)
    thursday.save()
    assert stored_order() == [event.pk, thursday.pk, monday.pk] == computed_order()


def test_an_offering_added_in_the_admin_with_its_times_is_stored_in_order(client, editor, centre_a):
    from tests.test_admin_messages import OFFERING_ADD, _offering_data

    client.force_login(editor)
    data = _offering_data(centre_a, times=[("3", "16", "18"), ("5", "09", "10")])
    assert client.post(OFFERING_ADD, data).status_code == 302

    offering = Offering.objects.get(slug="sprachcafe-test")
    assert offering.times.count() == 2
    assert offering.next_key == computed_key(offering) != hours.NO_OCCURRENCE_KEY


def computed_key(offering: Offering) -> int:
    return (
        Offering.objects.filter(pk=offering.pk)
        .annotate(computed=hours.next_occurrence_key())
        .values_list("computed", flat=True)
        .get()
    )


def test_bulk_created_offerings_get_their_stored_order(db, clock):
    budget_dataset(centres=6)

    assert wrong_keys() == set()
    assert stored_order() == computed_order()
    assert (
        Offering.objects.filter(is_demo=True).count()
        == Offering.objects.filter(centre__is_demo=True).count()
    )


def test_a_centre_marked_as_demo_moves_its_offerings_behind_the_real_ones(
    make_centre, make_offering
):
    real, other = make_centre(), make_centre()
    early = make_offering(
        other, title="Früh", starts_at=timezone.now() + datetime.timedelta(hours=1)
    )
    late = make_offering(real, title="Spät", starts_at=timezone.now() + datetime.timedelta(days=9))
    assert stored_order() == [early.pk, late.pk]

    other.is_demo = True
    other.save()
    assert stored_order() == [late.pk, early.pk] == computed_order()

    Centre.objects.filter(pk=other.pk).update(is_demo=False)  # a bulk write: the refresh
    assert public_refresh() == 1
    assert stored_order() == [early.pk, late.pk] == computed_order()


def test_a_centre_published_again_brings_its_offerings_order_up_to_date(
    clock, make_centre, make_offering
):
    centre = make_centre()
    course = make_offering(centre, title="Dienstagskurs", weekdays=[2])  # today 10–12: over
    centre.status = Status.DRAFT
    centre.save()
    clock.set(berlin(2026, 12, 30, 9, 0))  # a week later, no refresh ran: its key is stale
    order_catch_up()  # looks at public offerings only

    centre.status = Status.PUBLISHED
    centre.save()
    course.refresh_from_db()
    assert course.is_public and course.next_key == computed_key(course)
