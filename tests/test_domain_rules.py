"""Each domain rule is said once, on a model or its queryset, and both forms agree."""

import datetime

import pytest
from django.utils import timezone

from centres.models import (
    Centre,
    Offering,
    OfferingKind,
    OfferingTime,
    OpeningHours,
    Ortsteil,
    Status,
    StepFree,
    Weekday,
    review_due_date,
)


def berlin_time(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


MONDAY = datetime.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("moment", "is_on"),
    [
        (berlin_time(MONDAY, 9), True),  # opening minute
        (berlin_time(MONDAY, 12, 59), True),
        (berlin_time(MONDAY, 13), False),  # closing minute: closed
        (berlin_time(MONDAY, 8, 59), False),
        (berlin_time(MONDAY + datetime.timedelta(days=1), 10), False),  # Tuesday
    ],
)
def test_a_weekly_slot_is_on_from_opening_until_closing_on_its_weekday(moment, is_on):
    hours = OpeningHours(weekday=Weekday.MONDAY, opens=datetime.time(9), closes=datetime.time(13))
    time = OfferingTime(weekday=Weekday.MONDAY, opens=datetime.time(9), closes=datetime.time(13))

    assert hours.is_on(moment) is is_on
    assert time.is_on(moment) is is_on


def test_a_weekly_slot_compares_in_berlin_time():
    slot = OpeningHours(weekday=Weekday.MONDAY, opens=datetime.time(9), closes=datetime.time(13))
    utc_moment = datetime.datetime(2026, 11, 30, 8, 30, tzinfo=datetime.UTC)  # 09:30 in Berlin

    assert slot.is_on(utc_moment)


def test_opening_hours_and_offering_times_read_the_same():
    hours = OpeningHours(weekday=Weekday.FRIDAY, opens=datetime.time(9), closes=datetime.time(13))
    time = OfferingTime(weekday=Weekday.FRIDAY, opens=datetime.time(9), closes=datetime.time(13))

    assert str(hours) == str(time) == "Freitag 09:00–13:00"


def test_weekday_slugs_are_the_german_day_names_and_lead_back_to_the_day():
    assert [day.slug for day in Weekday] == [
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
    ]
    assert all(Weekday.from_slug(day.slug) is day for day in Weekday)


def test_review_overdue_is_the_same_rule_for_a_row_and_a_queryset(make_centre):
    today = timezone.localdate()
    never = make_centre(last_reviewed=None)
    last_year = make_centre(last_reviewed=review_due_date(today) - datetime.timedelta(days=1))
    twelve_months = make_centre(last_reviewed=review_due_date(today))
    recent = make_centre(last_reviewed=today)

    ours = Centre.objects.filter(pk__in=[c.pk for c in (never, last_year, twelve_months, recent)])

    overdue = set(ours.review_overdue())

    assert overdue == {never, last_year}
    assert set(ours.reviewed_recently()) == {twelve_months, recent}
    assert all(centre.review_overdue == (centre in overdue) for centre in ours)


def test_only_yes_counts_as_step_free_for_a_row_and_a_queryset(make_centre):
    centres = {access: make_centre(step_free_access=access) for access in StepFree}

    ours = Centre.objects.filter(pk__in=[centre.pk for centre in centres.values()])

    assert list(ours.step_free()) == [centres[StepFree.YES]]
    assert [access for access, centre in centres.items() if centre.is_step_free] == [StepFree.YES]


def test_place_names_the_ortsteil_and_the_bezirk_or_the_bezirk_alone(make_centre, ortsteil_of):
    with_ortsteil = make_centre("neukoelln", ortsteil=ortsteil_of("britz"))
    without = make_centre("neukoelln", ortsteil=None)

    assert with_ortsteil.place == "Britz, Neukölln"
    assert without.place == "Neukölln"


def test_ortsteile_without_a_published_centre_ignore_drafts(make_centre, ortsteil_of):
    def gaps() -> set[str]:
        return {ortsteil.slug for ortsteil in Ortsteil.objects.without_published_centre()}

    before = gaps()
    make_centre("neukoelln", ortsteil=ortsteil_of("britz"))
    make_centre("neukoelln", ortsteil=ortsteil_of("rudow"), status=Status.DRAFT)

    assert {"britz", "rudow"} <= before
    assert gaps() == before - {"britz"}
    assert Ortsteil.objects.with_centre_counts().get(slug="britz").centre_count == 1


def test_kind_counts_count_public_offerings_of_every_kind(make_centre, make_offering, in_days):
    centre = make_centre("neukoelln")
    make_offering(centre, kind=OfferingKind.SPORT)
    make_offering(centre, kind=OfferingKind.SPORT)
    make_offering(centre, kind=OfferingKind.FESTIVAL, starts_at=in_days(3))
    make_offering(centre, kind=OfferingKind.COURSE, status=Status.DRAFT)

    counts = Offering.objects.published().filter(centre=centre).kind_counts()
    by_district = (
        Offering.objects.published().filter(centre=centre).kind_counts_by("centre__district")
    )

    assert counts["sport"] == 2
    assert counts["fest"] == 1
    assert counts["kurs"] == 0
    assert set(counts) == {kind.value for kind in OfferingKind}
    assert by_district[centre.district_id]["offering_count"] == 3
    assert by_district[centre.district_id]["kind_sport"] == 2


def test_centres_and_offerings_share_the_listing_status(make_centre, make_offering):
    centre = make_centre(status=Status.DRAFT)
    offering = make_offering(centre)

    assert not centre.is_published
    assert offering.is_published
    assert {field.name for field in Centre._meta.fields} >= {"status", "created", "updated"}
    assert {field.name for field in Offering._meta.fields} >= {"status", "created", "updated"}


def test_only_offerings_without_any_cost_are_free_for_a_row_and_a_queryset(
    make_centre, make_offering
):
    centre = make_centre()
    offerings = {cost: make_offering(centre, cost=cost) for cost in Offering.Cost}

    assert list(Offering.objects.filter(centre=centre).free()) == [offerings[Offering.Cost.FREE]]
    assert [cost for cost, offering in offerings.items() if offering.is_free] == ["kostenlos"]


def test_unknown_step_free_access_reads_like_every_other_unknown_fact(client, make_centre):
    centre = make_centre(step_free_access=StepFree.UNKNOWN, accessible_toilet=None)

    html = client.get(centre.get_absolute_url()).content.decode()

    assert "<dt>Zugang</dt><dd>nicht bekannt</dd>" in html
    assert "<dt>Barrierefreies WC</dt><dd>nicht bekannt</dd>" in html
