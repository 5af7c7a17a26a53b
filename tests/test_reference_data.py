"""The real reference data: all 12 Bezirke, 97 Ortsteile and the known centres, loaded safely.

The only tests that load the real centres (fixtures/centres.csv); every other test builds its own
on the `geography` fixture.
"""

import datetime

import pytest
from django.core.management import call_command

from centres.models import (
    Centre,
    District,
    Language,
    Organisation,
    Ortsteil,
    Partnership,
    Status,
    TargetGroup,
)
from centres.services.reference_data import geography_load, reference_data_load


@pytest.mark.django_db
def test_it_loads_all_twelve_districts_with_their_official_numbers():
    geography_load()

    assert District.objects.count() == 12
    assert list(District.objects.values_list("number", flat=True)) == list(range(1, 13))
    neukoelln = District.objects.get(slug="neukoelln")
    assert neukoelln.name == "Neukölln"
    assert neukoelln.number_display == "08"


@pytest.mark.django_db
def test_district_populations_are_the_register_figures_of_31_12_2024():
    geography_load()

    assert sum(District.objects.values_list("population", flat=True)) == 3_897_145
    assert District.objects.get(slug="mitte").population == 397_004
    assert {str(d) for d in District.objects.values_list("population_date", flat=True)} == {
        "2024-12-31"
    }


@pytest.mark.django_db
def test_older_populations_are_replaced_by_newer_ones_once():
    geography_load()
    District.objects.update(population=1, population_date=datetime.date(2021, 12, 31))

    report = geography_load()
    again = geography_load()

    assert report.updated == {"Einwohnerzahlen": 12}
    assert "Einwohnerzahlen: 12 aktualisiert" in str(report)
    assert District.objects.get(slug="mitte").population == 397_004
    assert again.total == 0


@pytest.mark.django_db
def test_a_population_dated_later_than_the_fixtures_is_kept():
    geography_load()
    District.objects.filter(slug="mitte").update(
        population=400_000, population_date=datetime.date(2025, 6, 30)
    )

    geography_load()

    mitte = District.objects.get(slug="mitte")
    assert (mitte.population, str(mitte.population_date)) == (400_000, "2025-06-30")


@pytest.mark.django_db
def test_it_loads_97_ortsteile_each_in_its_district():
    geography_load()

    assert Ortsteil.objects.count() == 97
    assert Ortsteil.objects.get(slug="schlachtensee").district.slug == "steglitz-zehlendorf"
    assert Ortsteil.objects.get(slug="maerkisches-viertel").district.name == "Reinickendorf"
    assert Ortsteil.objects.filter(district__slug="treptow-koepenick").count() == 15


@pytest.mark.django_db
def test_geography_alone_loads_the_vocabularies_and_no_centre():
    report = geography_load()

    assert report.created == {"Bezirke": 12, "Ortsteile": 97, "Zielgruppen": 9, "Sprachen": 13}
    assert TargetGroup.objects.get(slug="senioren").name == "Seniorinnen und Senioren"
    assert Language.objects.get(code="de").name == "Deutsch"
    assert not Centre.objects.exists()
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_reference_data_loads_the_geography_then_the_real_centres():
    report = reference_data_load()

    assert list(report.created) == [
        "Bezirke", "Ortsteile", "Zielgruppen", "Sprachen", "Organisationen", "Zentren"
    ]  # fmt: skip
    assert (report.created["Bezirke"], report.created["Zentren"]) == (12, 25)
    assert str(report).startswith("Bezirke: 12 neu, Ortsteile: 97 neu")


@pytest.mark.django_db
def test_real_centres_load_on_top_of_an_existing_geography():
    geography_load()

    report = reference_data_load()

    assert (report.created["Bezirke"], report.created["Ortsteile"]) == (0, 0)
    assert report.created["Zentren"] == Centre.objects.count() == 25


@pytest.mark.django_db
def test_real_centres_are_published_with_their_facts_and_sources():
    reference_data_load()

    centre = Centre.objects.get(slug="nachbarschaftshaus-urbanstrasse")
    assert centre.status == Status.PUBLISHED
    assert centre.is_demo is False
    assert centre.district.slug == "friedrichshain-kreuzberg"
    assert (centre.street, centre.postcode) == ("Urbanstraße 21", "10961")
    assert centre.provider.name == "Nachbarschaftshaus Urbanstraße e.V."
    assert "tagesspiegel.de" in centre.source
    assert Centre.objects.filter(is_demo=False).count() == 25


@pytest.mark.django_db
def test_unknown_facts_stay_empty():
    reference_data_load()

    rudi = Centre.objects.get(name="Kulturzentrum »Rudi«")
    assert rudi.provider is None
    assert rudi.postcode == ""
    assert rudi.is_ifp_funded is None
    assert rudi.ortsteil is None


@pytest.mark.django_db
def test_a_second_provider_named_by_the_source_becomes_a_co_provider_partnership():
    reference_data_load()

    centre = Centre.objects.get(name="Stadtteilzentrum SüdOst (Lankwitz)")
    assert centre.provider.name == "Stadtteilzentrum Steglitz e.V."
    partnership = Partnership.objects.get(centre=centre)
    assert partnership.organisation.name == "Mittelhof e.V."
    assert "Ko-Träger" in partnership.note


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    call_command("load_reference_data", verbosity=0)
    counts = [m.objects.count() for m in (District, Ortsteil, Centre, Organisation, Partnership)]
    snapshot = list(Centre.objects.order_by("pk").values())

    call_command("load_reference_data", verbosity=0)

    assert [m.objects.count() for m in (District, Ortsteil, Centre, Organisation, Partnership)] == (
        counts
    )
    assert list(Centre.objects.order_by("pk").values()) == snapshot


@pytest.mark.django_db
def test_reloading_never_overwrites_what_staff_have_edited():
    reference_data_load()
    Centre.objects.filter(slug="nachbarschaftshaus-urbanstrasse").update(phone="030 123456")

    report = reference_data_load()

    assert report.total == 0
    assert Centre.objects.get(slug="nachbarschaftshaus-urbanstrasse").phone == "030 123456"
