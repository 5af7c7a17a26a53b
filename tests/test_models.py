"""The database keeps the data clean by itself, and published() decides what is public."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from centres.models import (
    Centre,
    Offering,
    OfferingTime,
    OpeningHours,
    Ortsteil,
    Site,
    Status,
)


def violates(constraint: str, action) -> bool:
    """True when the database itself refuses the write, naming the constraint."""
    try:
        with transaction.atomic():
            action()
    except IntegrityError as error:
        return constraint in str(error)
    return False


def test_postcode_outside_berlin_is_refused_by_the_database(make_centre):
    sites = Site.objects.filter(centre=make_centre())

    assert violates("centres_site_postcode_berlin", lambda: sites.update(postcode="80331"))
    assert violates("centres_site_postcode_berlin", lambda: sites.update(postcode="1096a"))


def test_coordinates_outside_berlin_are_refused_by_the_database(make_centre):
    sites = Site.objects.filter(centre=make_centre())

    assert violates(
        "centres_site_coordinates_in_berlin",
        lambda: sites.update(latitude=Decimal("48.137"), longitude=Decimal("11.575")),
    )


def test_a_centre_has_at_most_one_main_site_in_the_database(make_centre):
    centre = make_centre()

    # SQLite names the column of a partial unique index, not the constraint.
    with pytest.raises(IntegrityError), transaction.atomic():
        Site.objects.create(centre=centre, name="Zweites Haupthaus", is_main=True)
    assert centre.sites.count() == 1


def test_unknown_status_is_refused_by_the_database(make_centre):
    centre = make_centre()

    assert violates(
        "centres_centre_status_valid",
        lambda: Centre.objects.filter(pk=centre.pk).update(status="secret"),
    )


def test_event_ending_before_it_starts_is_refused_by_the_database(
    make_centre, make_offering, in_days
):
    offering = make_offering(make_centre(), starts_at=in_days(3), ends_at=in_days(4))

    assert violates(
        "centres_offering_end_after_start",
        lambda: Offering.objects.filter(pk=offering.pk).update(ends_at=in_days(2)),
    )


def test_opening_hours_must_close_after_they_open(make_centre):
    centre = make_centre()

    assert violates(
        "centres_openinghours_closes_after_opens",
        lambda: OpeningHours.objects.create(
            site=centre.main_site, weekday=1, opens=datetime.time(14), closes=datetime.time(9)
        ),
    )


def test_offering_time_weekday_must_be_monday_to_sunday(make_centre, make_offering):
    offering = make_offering(make_centre(), weekdays=[])

    assert violates(
        "centres_offeringtime_weekday",
        lambda: OfferingTime.objects.create(
            offering=offering, weekday=8, opens=datetime.time(9), closes=datetime.time(10)
        ),
    )


def test_ortsteil_of_another_district_is_a_form_error(make_centre):
    site = make_centre("neukoelln").main_site
    site.ortsteil = Ortsteil.objects.get(slug="wedding")

    with pytest.raises(ValidationError) as error:
        site.full_clean()

    assert "liegt nicht im Bezirk Neukölln" in str(error.value.message_dict["ortsteil"])


def test_a_postcode_form_error_says_what_is_expected(make_centre):
    site = make_centre().main_site
    site.postcode = "8033"

    with pytest.raises(ValidationError) as error:
        site.full_clean()

    assert "Berliner Postleitzahl" in str(error.value.message_dict["postcode"])


def test_an_event_with_a_validity_period_is_a_form_error(make_centre, make_offering, in_days):
    offering = make_offering(make_centre(), starts_at=in_days(1))
    offering.valid_from = datetime.date.today()

    with pytest.raises(ValidationError) as error:
        offering.full_clean()

    assert "valid_from" in error.value.message_dict


def test_offering_is_public_only_when_it_and_its_centre_are_published(make_centre, make_offering):
    published_centre = make_centre()
    draft_centre = make_centre(status=Status.DRAFT)
    public = make_offering(published_centre)
    make_offering(published_centre, status=Status.DRAFT)
    make_offering(published_centre, status=Status.ARCHIVED)
    make_offering(draft_centre)

    assert list(Offering.objects.published()) == [public]


def test_offerings_disappear_once_they_are_over(make_centre, make_offering, in_days):
    centre = make_centre()
    make_offering(centre, title="Vorbei", starts_at=in_days(-3), ends_at=in_days(-3, hour=20))
    make_offering(centre, title="Ohne Ende, gestern", starts_at=in_days(-1))
    make_offering(
        centre, title="Abgelaufen", valid_until=datetime.date.today() - datetime.timedelta(1)
    )
    make_offering(centre, title="Kommt noch", starts_at=in_days(2))
    make_offering(centre, title="Läuft", valid_until=datetime.date.today())

    assert sorted(Offering.objects.published().values_list("title", flat=True)) == [
        "Kommt noch",
        "Läuft",
    ]


def test_centre_offering_counts_only_count_public_offerings(make_centre, make_offering):
    centre = make_centre()
    make_offering(centre)
    make_offering(centre)
    make_offering(centre, status=Status.DRAFT)

    assert Centre.objects.with_offering_counts().get(pk=centre.pk).offering_count == 2


def test_an_offering_takes_place_at_a_site_of_its_own_centre(make_centre, make_offering):
    own, other = make_centre(), make_centre()
    offering = make_offering(own)

    assert offering.venue == own.main_site  # no site chosen: the main site
    offering.site = other.main_site
    with pytest.raises(ValidationError) as error:
        offering.full_clean()

    assert "anderen Zentrum" in str(error.value.message_dict["site"])
