"""Demo data: clearly fictional, reproducible, fast, and never mixed with real centres."""

import datetime
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from centres.models import (
    Centre,
    Cost,
    District,
    Offering,
    OfferingKind,
    OfferingTime,
    OpeningHours,
    Organisation,
    Partnership,
    Site,
    Weekday,
    WeeklySlot,
)
from centres.services.demo_data import demo_data_create
from centres.services.reference_data import geography_load


@pytest.mark.django_db
def test_demo_data_on_an_empty_database_loads_the_bezirke_first():
    demo_data_create(centres=2, offerings_per_centre=1, seed=1)

    assert District.objects.count() == 12
    assert Centre.objects.filter(is_demo=True).count() == 2


def test_demo_centres_are_named_and_flagged_as_demo(geography):
    demo_data_create(centres=5, offerings_per_centre=3, seed=1)

    demo = Centre.objects.filter(is_demo=True)
    assert demo.count() == 5
    assert all(centre.name.startswith("Demo-") for centre in demo)
    assert Offering.objects.filter(centre__in=demo).count() == 15


def test_demo_offerings_and_partners_never_touch_real_centres(
    make_centre, make_offering, make_partnership
):
    real = make_centre()
    make_offering(real)
    make_partnership(real)

    demo_data_create(centres=10, offerings_per_centre=4, seed=3)

    assert Offering.objects.filter(centre__is_demo=False).count() == 1
    assert Partnership.objects.filter(centre__is_demo=False).count() == 1
    assert not Partnership.objects.filter(
        centre__is_demo=True, organisation__is_demo=False
    ).exists()


def _snapshot() -> tuple[list, list, list]:
    return (
        sorted(Offering.objects.values_list("slug", "kind", "cost", "cost_note", "starts_at")),
        sorted(OfferingTime.objects.values_list("offering__slug", "weekday", "opens", "closes")),
        sorted(OpeningHours.objects.values_list("site__name", "weekday", "opens", "closes")),
    )


def test_the_same_seed_gives_the_same_data(geography):
    demo_data_create(centres=4, offerings_per_centre=6, seed=7)
    first = _snapshot()

    demo_data_create(centres=4, offerings_per_centre=6, seed=7)

    assert _snapshot() == first


def test_another_seed_gives_different_data(geography):
    demo_data_create(centres=4, offerings_per_centre=6, seed=7)
    first = _snapshot()

    demo_data_create(centres=4, offerings_per_centre=6, seed=8)

    assert _snapshot() != first


def test_rerunning_replaces_demo_data_and_keeps_real_centres(make_centre, make_organisation):
    provider = make_organisation(kind=Organisation.Kind.PROVIDER)
    real = {make_centre(provider=provider).pk, make_centre("pankow").pk}

    call_command("load_demo_data", centres=6, offerings=2, seed=1, verbosity=0)
    call_command("load_demo_data", centres=3, offerings=2, seed=2, verbosity=0)

    assert Centre.objects.filter(is_demo=True).count() == 3
    assert set(Centre.objects.filter(is_demo=False).values_list("pk", flat=True)) == real
    assert Organisation.objects.filter(pk=provider.pk).exists()


def test_negative_sizes_are_refused_with_a_clear_message():
    with pytest.raises(CommandError, match="dürfen nicht negativ sein"):
        call_command("load_demo_data", centres=-1)


# The plausibility of the demo: asserted on the rows of 200 demo centres, made once for the
# tests below and rolled back after them.

TODDLER_GROUPS = ["Krabbelgruppe", "Eltern-Kind-Café", "Babytreff"]
FESTIVAL_MONTHS = {
    "Sommerfest im Hof": {6, 7, 8, 9},
    "Kiezfest": {6, 7, 8, 9},
    "Hoffest": {6, 7, 8, 9},
    "Laternenfest": {10, 11},
    "Weihnachtsmarkt": {12},
    "Adventsbasar": {12},
}


@pytest.fixture(scope="module")
def demo_rows(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        geography_load()
        demo_data_create(centres=200, offerings_per_centre=12, seed=11)
        yield
        transaction.set_rollback(True)


def _times_of(**conditions) -> list[OfferingTime]:
    times = list(OfferingTime.objects.filter(**conditions).select_related("offering"))
    assert times, f"no demo offering times for {conditions}"
    return times


@pytest.mark.django_db
def test_toddler_groups_never_meet_after_six_pm_or_on_a_sunday(demo_rows):
    for slot in _times_of(offering__title__in=TODDLER_GROUPS):
        assert slot.closes <= datetime.time(18), slot
        assert slot.weekday != Weekday.SUNDAY, slot


@pytest.mark.django_db
def test_sport_groups_meet_in_the_evening_or_on_weekend_mornings(demo_rows):
    for slot in _times_of(offering__kind=OfferingKind.SPORT):
        weekday_evening = slot.weekday <= Weekday.FRIDAY and slot.opens >= datetime.time(17)
        weekend_morning = slot.weekday >= Weekday.SATURDAY and slot.closes <= datetime.time(12)
        assert weekday_evening or weekend_morning, slot


@pytest.mark.django_db
def test_counselling_is_on_weekdays_in_office_hours(demo_rows):
    for slot in _times_of(offering__kind=OfferingKind.COUNSELLING):
        assert slot.weekday <= Weekday.FRIDAY, slot
        assert datetime.time(8) <= slot.opens and slot.closes <= datetime.time(18), slot


@pytest.mark.django_db
def test_weekly_offerings_last_one_to_two_hours_and_counselling_two_to_three(demo_rows):
    for slot in _times_of(offering__centre__is_demo=True):
        minutes = (slot.closes.hour - slot.opens.hour) * 60 + slot.closes.minute - slot.opens.minute
        if slot.offering.kind == OfferingKind.COUNSELLING:
            assert 120 <= minutes <= 180, slot
        else:
            assert 60 <= minutes <= 120, slot


@pytest.mark.django_db
def test_offering_times_lie_between_eight_in_the_morning_and_ten_at_night(demo_rows):
    for slot in _times_of(offering__centre__is_demo=True):
        assert datetime.time(8) <= slot.opens < slot.closes <= datetime.time(22), slot


@pytest.mark.django_db
def test_every_festival_falls_in_a_month_that_fits_its_kind(demo_rows):
    festivals = Offering.objects.filter(kind=OfferingKind.FESTIVAL)
    assert {festival.title for festival in festivals} == set(FESTIVAL_MONTHS)
    for festival in festivals:
        assert timezone.localtime(festival.starts_at).month in FESTIVAL_MONTHS[festival.title]


@pytest.mark.django_db
def test_festivals_and_events_are_dated_in_the_coming_year_and_events_in_the_evening(demo_rows):
    now = timezone.now()
    dated = Offering.objects.filter(kind__in=[OfferingKind.FESTIVAL, OfferingKind.EVENT])
    assert dated.exists()
    for offering in dated:
        assert now < offering.starts_at < now + datetime.timedelta(days=367), offering
        assert offering.starts_at < offering.ends_at, offering
        assert not offering.times.exists(), offering
        if offering.kind == OfferingKind.EVENT:
            assert timezone.localtime(offering.starts_at).hour >= 18, offering


def _overlapping(slots: Iterable[WeeklySlot], owner: str) -> list[tuple[WeeklySlot, WeeklySlot]]:
    by_day: dict[tuple[int, int], list[WeeklySlot]] = defaultdict(list)
    for slot in slots:
        by_day[(getattr(slot, f"{owner}_id"), slot.weekday)].append(slot)
    overlaps = []
    for day in by_day.values():
        day.sort(key=lambda slot: slot.opens)
        overlaps += [(a, b) for a, b in itertools.pairwise(day) if b.opens < a.closes]
    return overlaps


@pytest.mark.django_db
def test_weekly_slots_never_overlap_within_a_site_or_an_offering(demo_rows):
    assert OpeningHours.objects.exists() and OfferingTime.objects.exists()
    assert _overlapping(OpeningHours.objects.all(), "site") == []
    assert _overlapping(OfferingTime.objects.all(), "offering") == []


@pytest.mark.django_db
def test_counselling_and_self_help_are_always_free(demo_rows):
    kinds = [OfferingKind.COUNSELLING, OfferingKind.SELF_HELP]
    assert Offering.objects.filter(kind__in=kinds).exists()
    assert not Offering.objects.filter(kind__in=kinds).exclude(cost=Cost.FREE).exists()


@pytest.mark.django_db
def test_courses_often_cost_a_fee_with_a_note_and_open_meetings_mostly_do_not(demo_rows):
    courses = Counter(Offering.objects.filter(kind=OfferingKind.COURSE).values_list("cost"))
    meetings = Counter(Offering.objects.filter(kind=OfferingKind.OPEN_MEETING).values_list("cost"))
    assert courses[(Cost.FEE,)] > courses.total() / 3
    assert meetings[(Cost.FEE,)] < meetings.total() / 4
    assert not Offering.objects.filter(cost=Cost.FEE, cost_note="").exists()
    assert not Offering.objects.exclude(cost=Cost.FEE).exclude(cost_note="").exists()


@pytest.mark.django_db
def test_every_demo_row_is_flagged_demo(demo_rows):
    assert not Centre.objects.filter(is_demo=False).exists()
    assert all(name.startswith("Demo-") for name in Centre.objects.values_list("name", flat=True))
    assert not Organisation.objects.filter(is_demo=False).exists()
    assert all(
        name.startswith("Demo-") for name in Organisation.objects.values_list("name", flat=True)
    )


@pytest.mark.django_db
def test_every_demo_centre_has_one_main_site_and_some_have_a_second(geography):
    demo_data_create(centres=40, offerings_per_centre=1, seed=3)

    sites_per_centre = Counter(Site.objects.values_list("centre_id", flat=True))
    main_sites = Site.objects.filter(is_main=True)

    assert set(sites_per_centre) == set(Centre.objects.values_list("pk", flat=True))
    assert main_sites.count() == Centre.objects.count()
    assert 1 <= sum(1 for n in sites_per_centre.values() if n == 2) < 40
    assert all(site.name.startswith("Demo-") for site in Site.objects.all())
