"""centres.hours: open now, until when, next opening, holidays and occurrences, at pinned moments.

Every moment is a fixed one (`at=`), never the clock: a Tuesday at 17:59 and 18:00, Berlin's own
holiday (8 March), special hours, a closure, a period ending at midnight, both switches of
summer time.
"""

import datetime

import holidays
import pytest
from django.db import IntegrityError, transaction

from centres import hours
from centres.models import OfferingTime, OpeningException, OpeningHours

UTC = datetime.UTC


def berlin(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=hours.BERLIN)


def time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


@pytest.fixture
def site(make_centre):
    """A main site open Tuesday and Thursday 10–18."""
    site = make_centre().main_site
    for weekday in (2, 4):
        site.opening_hours.create(weekday=weekday, opens=time("10:00"), closes=time("18:00"))
    return site


def text_at(site, moment: datetime.datetime) -> str:
    return hours.open_state(site, moment).text


# --- A Tuesday, 10–18 ----------------------------------------------------------------------


def test_open_at_17_59_on_a_tuesday_until_18_00(site):
    assert text_at(site, berlin(2026, 12, 1, 17, 59)) == "heute geöffnet bis 18:00"


def test_closed_at_18_00_on_a_tuesday_and_opening_on_thursday(site):
    state = hours.open_state(site, berlin(2026, 12, 1, 18, 0))

    assert not state.is_open
    assert state.text == "jetzt geschlossen · öffnet Do 10:00"
    assert state.next_opening == berlin(2026, 12, 3, 10, 0)


def test_closed_on_a_saturday_opens_on_tuesday(site):
    assert text_at(site, berlin(2026, 11, 28, 12, 0)) == "jetzt geschlossen · öffnet Di 10:00"


def test_before_opening_it_opens_today_and_the_evening_before_tomorrow(site):
    assert text_at(site, berlin(2026, 12, 1, 9, 0)) == "jetzt geschlossen · öffnet heute 10:00"
    assert text_at(site, berlin(2026, 11, 30, 20, 0)) == "jetzt geschlossen · öffnet morgen 10:00"


def test_a_site_without_hours_says_nothing(make_centre):
    assert hours.open_state(make_centre().main_site, berlin(2026, 12, 1, 12, 0)) is None


def test_periods_without_a_gap_are_one_opening(site):
    site.opening_hours.create(weekday=2, opens=time("18:00"), closes=time("21:00"))

    assert text_at(site, berlin(2026, 12, 1, 12, 0)) == "heute geöffnet bis 21:00"


# --- Public holidays ---------------------------------------------------------------------


def test_8_march_is_a_public_holiday_in_berlin_only():
    day = datetime.date(2027, 3, 8)

    assert day in holidays.country_holidays("DE", subdiv="BE")
    assert day not in holidays.country_holidays("DE")
    assert day not in holidays.country_holidays("DE", subdiv="BB")
    assert hours.holiday(day) == "Frauentag"


def test_a_site_is_closed_on_berlins_own_holiday(make_centre):
    site = make_centre().main_site
    site.opening_hours.create(weekday=1, opens=time("10:00"), closes=time("18:00"))  # Mondays

    state = hours.open_state(site, berlin(2027, 3, 8, 12, 0))  # a Monday, Frauentag

    assert not state.is_open
    assert state.text == "jetzt geschlossen (Feiertag: Frauentag) · öffnet am Mo, 15. 3. 10:00"


def test_special_hours_open_a_site_on_a_public_holiday(make_centre):
    site = make_centre().main_site
    site.opening_hours.create(weekday=1, opens=time("10:00"), closes=time("18:00"))
    OpeningException.objects.create(
        site=site, starts_on=datetime.date(2027, 3, 8), opens=time("11:00"), closes=time("15:00")
    )

    assert text_at(site, berlin(2027, 3, 8, 12, 0)) == "heute geöffnet bis 15:00"
    assert text_at(site, berlin(2027, 3, 8, 10, 30)) == "jetzt geschlossen · öffnet heute 11:00"


# --- Special hours and closures ------------------------------------------------------------


def test_special_hours_replace_the_weekly_hours_of_that_date(site):
    # Christmas Eve 2026 is a Thursday, and no public holiday.
    OpeningException.objects.create(
        site=site, starts_on=datetime.date(2026, 12, 24), opens=time("10:00"), closes=time("13:00")
    )

    assert text_at(site, berlin(2026, 12, 24, 12, 59)) == "heute geöffnet bis 13:00"
    # Thursday the 24th closes early, the 25th and 26th are holidays: next is Tuesday the 29th.
    assert text_at(site, berlin(2026, 12, 24, 13, 0)) == "jetzt geschlossen · öffnet Di 10:00"
    assert text_at(site, berlin(2026, 12, 31, 17, 0)) == "heute geöffnet bis 18:00"


def test_a_closure_shuts_a_site_with_its_note_and_says_when_it_opens_again(site):
    OpeningException.objects.create(
        site=site,
        starts_on=datetime.date(2027, 7, 19),
        ends_on=datetime.date(2027, 8, 8),
        note="Sommerpause",
    )

    state = hours.open_state(site, berlin(2027, 7, 20, 12, 0))  # a Tuesday

    assert not state.is_open
    assert state.text == "jetzt geschlossen (Sommerpause) · öffnet am Di, 10. 8. 10:00"


def test_a_closure_without_an_end_is_one_day(site):
    closure = OpeningException.objects.create(site=site, starts_on=datetime.date(2026, 12, 1))

    assert closure.ends_on == datetime.date(2026, 12, 1)
    assert text_at(site, berlin(2026, 12, 1, 12, 0)) == "jetzt geschlossen · öffnet Do 10:00"
    assert hours.open_state(site, berlin(2026, 12, 3, 12, 0)).is_open


def test_special_hours_over_several_days_are_refused_by_the_database(site):
    with pytest.raises(IntegrityError, match="special_hours_one_day"), transaction.atomic():
        OpeningException.objects.create(
            site=site,
            starts_on=datetime.date(2026, 12, 1),
            ends_on=datetime.date(2026, 12, 2),
            opens=time("10:00"),
            closes=time("12:00"),
        )


def test_special_hours_need_both_times(site):
    with pytest.raises(IntegrityError, match="openingexception_times"), transaction.atomic():
        OpeningException.objects.create(
            site=site, starts_on=datetime.date(2026, 12, 1), opens=time("10:00")
        )


# --- Midnight ------------------------------------------------------------------------------


def test_a_period_ending_at_midnight_is_stored_as_00_00_and_read_as_24_00(make_centre):
    site = make_centre().main_site
    site.opening_hours.create(weekday=5, opens=time("18:00"), closes=time("00:00"))  # Friday

    assert text_at(site, berlin(2026, 12, 4, 23, 59)) == "heute geöffnet bis 24:00"
    saturday = hours.open_state(site, berlin(2026, 12, 5, 0, 0))
    assert not saturday.is_open
    assert saturday.text == "jetzt geschlossen · öffnet Fr 18:00"


def test_a_period_ending_at_midnight_joins_one_from_midnight(make_centre):
    site = make_centre().main_site
    site.opening_hours.create(weekday=5, opens=time("18:00"), closes=time("00:00"))
    site.opening_hours.create(weekday=6, opens=time("00:00"), closes=time("02:00"))

    state = hours.open_state(site, berlin(2026, 12, 4, 22, 0))

    assert state.until == berlin(2026, 12, 5, 2, 0)
    assert state.text == "heute geöffnet bis 02:00"


def test_hours_closing_before_they_open_are_still_refused(make_centre):
    site = make_centre().main_site

    with pytest.raises(IntegrityError, match="closes_after_opens"), transaction.atomic():
        OpeningHours.objects.create(site=site, weekday=1, opens=time("14:00"), closes=time("09:00"))


# --- Summer time ---------------------------------------------------------------------------


@pytest.fixture
def sunday_site(make_centre):
    site = make_centre().main_site
    site.opening_hours.create(weekday=7, opens=time("10:00"), closes=time("18:00"))
    return site


def test_opening_hours_follow_the_clock_on_the_switch_to_summer_time(sunday_site):
    # 29 March 2026: clocks go from 02:00 to 03:00; 08:30 UTC is 10:30 in Berlin (UTC+2).
    assert text_at(sunday_site, datetime.datetime(2026, 3, 29, 8, 30, tzinfo=UTC)) == (
        "heute geöffnet bis 18:00"
    )
    assert not hours.open_state(
        sunday_site, datetime.datetime(2026, 3, 29, 7, 59, tzinfo=UTC)
    ).is_open
    closes = hours.open_state(sunday_site, datetime.datetime(2026, 3, 29, 8, 30, tzinfo=UTC)).until
    assert closes == datetime.datetime(2026, 3, 29, 16, 0, tzinfo=UTC)


def test_the_next_opening_is_counted_across_the_switch_to_summer_time(sunday_site):
    state = hours.open_state(sunday_site, berlin(2026, 3, 28, 20, 0))

    assert state.text == "jetzt geschlossen · öffnet morgen 10:00"
    assert state.next_opening == datetime.datetime(2026, 3, 29, 8, 0, tzinfo=UTC)


def test_opening_hours_follow_the_clock_on_the_switch_back_to_winter_time(sunday_site):
    # 25 October 2026: clocks go from 03:00 back to 02:00; 09:00 UTC is 10:00 in Berlin (UTC+1).
    assert hours.open_state(sunday_site, datetime.datetime(2026, 10, 25, 9, 0, tzinfo=UTC)).is_open
    assert not hours.open_state(
        sunday_site, datetime.datetime(2026, 10, 25, 8, 30, tzinfo=UTC)
    ).is_open
    assert hours.open_state(sunday_site, berlin(2026, 10, 25, 17, 59)).until == (
        datetime.datetime(2026, 10, 25, 17, 0, tzinfo=UTC)
    )


# --- Offerings: occurrences ----------------------------------------------------------------


@pytest.fixture
def tuesday_course(make_centre, make_offering):
    return make_offering(
        make_centre(),
        weekdays=[2],
        valid_from=datetime.date(2026, 12, 1),
        valid_until=datetime.date(2027, 1, 31),
    )


def occurrence_days(offering, start, end) -> list[datetime.date]:
    return [o.day for o in hours.offering_occurrences(offering, start, end)]


def test_a_weekly_offering_takes_place_on_its_weekday_within_its_validity(tuesday_course):
    found = hours.offering_occurrences(
        tuesday_course, datetime.date(2026, 11, 20), datetime.date(2026, 12, 16)
    )

    assert [o.starts for o in found] == [
        berlin(2026, 12, 1, 10, 0),
        berlin(2026, 12, 8, 10, 0),
        berlin(2026, 12, 15, 10, 0),
    ]
    assert found[0].ends == berlin(2026, 12, 1, 12, 0)


def test_a_weekly_offering_does_not_meet_on_public_holidays(make_centre, make_offering):
    course = make_offering(make_centre(), weekdays=[1])  # Mondays

    days = occurrence_days(course, datetime.date(2027, 3, 1), datetime.date(2027, 3, 21))

    assert days == [datetime.date(2027, 3, 1), datetime.date(2027, 3, 15)]  # not Frauentag


def test_a_weekly_offering_does_not_meet_while_its_venue_is_closed(tuesday_course):
    OpeningException.objects.create(
        site=tuesday_course.centre.main_site,
        starts_on=datetime.date(2026, 12, 7),
        ends_on=datetime.date(2026, 12, 13),
    )

    days = occurrence_days(tuesday_course, datetime.date(2026, 12, 1), datetime.date(2026, 12, 16))

    assert days == [datetime.date(2026, 12, 1), datetime.date(2026, 12, 15)]


def test_an_event_occurs_once_on_its_date(make_centre, make_offering):
    event = make_offering(make_centre(), starts_at=berlin(2026, 12, 5, 14, 0))

    assert occurrence_days(event, datetime.date(2026, 12, 1), datetime.date(2026, 12, 31)) == [
        datetime.date(2026, 12, 5)
    ]
    assert occurrence_days(event, datetime.date(2026, 12, 6), datetime.date(2026, 12, 31)) == []


def test_the_next_occurrences_leave_out_what_is_over(tuesday_course):
    found = hours.next_occurrences(tuesday_course, at=berlin(2026, 12, 1, 12, 0), count=2)

    assert [o.starts for o in found] == [berlin(2026, 12, 8, 10, 0), berlin(2026, 12, 15, 10, 0)]


def test_weekly_slots_may_end_at_midnight(make_centre, make_offering):
    offering = make_offering(make_centre(), weekdays=[])
    OfferingTime.objects.create(
        offering=offering, weekday=6, opens=time("20:00"), closes=time("00:00")
    )

    slot = offering.times.get()
    assert slot.is_on(berlin(2026, 12, 5, 23, 59))
    assert not slot.is_on(berlin(2026, 12, 5, 19, 59))
