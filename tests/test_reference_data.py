"""The real reference data: all 12 Bezirke, 97 Ortsteile and the known centres, loaded safely.

The only tests that load the real centres (fixtures/centres.csv); every other test builds its own
on the `geography` fixture.
"""

import csv
import datetime
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count

from centres.models import (
    Centre,
    District,
    Language,
    OpeningHours,
    Organisation,
    Ortsteil,
    Partnership,
    Site,
    SiteKind,
    Status,
    StepFree,
    TargetGroup,
)
from centres.services.reference_data import FIXTURES_DIR, geography_load, reference_data_load


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
def test_reference_data_loads_the_geography_then_the_real_centres_and_their_sites():
    report = reference_data_load()

    assert list(report.created)[:4] == ["Bezirke", "Ortsteile", "Zielgruppen", "Sprachen"]
    assert (report.created["Zentren"], report.created["Standorte"]) == (87, 113)
    assert str(report).startswith("Bezirke: 12 neu, Ortsteile: 97 neu")


@pytest.mark.django_db
def test_real_centres_load_on_top_of_an_existing_geography():
    geography_load()

    report = reference_data_load()

    assert (report.created["Bezirke"], report.created["Ortsteile"]) == (0, 0)
    assert report.created["Zentren"] == Centre.objects.count() == 87


@pytest.mark.django_db
def test_the_directory_starts_with_80_real_published_centres_in_all_twelve_bezirke():
    reference_data_load()

    published = Centre.objects.published().real()
    main_sites = Site.objects.filter(centre__in=published, is_main=True)
    several_sites = published.annotate(n=Count("sites")).filter(n__gt=1)

    assert published.count() == 80
    assert published.values("district").distinct().count() == 12
    assert several_sites.count() == 15
    assert main_sites.filter(latitude__isnull=False).exclude(phone="").count() >= 70


@pytest.mark.django_db
def test_rows_sharing_an_ifp_number_are_one_centre_with_its_sites():
    reference_data_load()

    centre = Centre.objects.get(slug="nachbarschaftshaus-urbanstrasse")
    sites = list(centre.sites.all())

    assert centre.status == Status.PUBLISHED and centre.is_demo is False
    assert centre.is_ifp_funded is True
    assert centre.provider.name == "Nachbarschaftshaus Urbanstraße e.V."
    assert [(site.name, site.is_main) for site in sites] == [
        ("Nachbarschaftshaus Urbanstraße", True),
        ("Kreuzberger Stadtteilzentrum", False),
        ("Nachbarschaftsgarten Kreuzberg", False),
    ]
    main = sites[0]
    assert (main.street, main.postcode, main.ortsteil.name) == (
        "Urbanstraße 21",
        "10961",
        "Kreuzberg",
    )
    assert main.phone == "(030) 69 04 97 0"
    assert main.coordinates_from_openstreetmap and main.has_coordinates
    assert "© OpenStreetMap-Mitwirkende" in main.source
    assert "tagesspiegel.de" in main.source
    assert sites[2].kind == SiteKind.INTERCULTURAL_GARDEN


@pytest.mark.django_db
def test_the_main_site_is_the_one_the_export_calls_stadtteilzentrum():
    reference_data_load()

    site = Site.objects.get(name="Nachbarschafts- und Familienzentrum Kiezoase")

    assert site.is_main is False
    assert site.centre.main_site.name == "Stadtteilzentrum Marie-Li Marienfelde"
    assert site.centre.name == "Stadtteilzentrum Marie-Li Marienfelde"


@pytest.mark.django_db
def test_openstreetmap_leads_are_drafts_with_a_note_unless_the_ifp_export_lists_them():
    reference_data_load()

    lead = Centre.objects.get(name="Kiezanker 36")
    listed = Centre.objects.get(name="Nachbarschaftszentrum Amtshaus Buchholz")

    assert lead.status == Status.DRAFT
    assert lead.source.startswith("Hinweis: aus OpenStreetMap, noch nicht bestätigt.")
    assert Centre.objects.filter(status=Status.DRAFT).count() == 7
    assert listed.status == Status.PUBLISHED
    assert "noch nicht bestätigt" not in listed.source


@pytest.mark.django_db
def test_unknown_facts_stay_empty_and_no_ortsteil_is_guessed_from_the_postcode():
    reference_data_load()

    wassertor = Site.objects.get(name="Mehrgenerationenhaus Wassertor")
    ikarus = Centre.objects.get(name="iKARUS Stadtteilzentrum (Lichtenberg-Süd)")

    assert wassertor.postcode == "10969" and wassertor.ortsteil is None
    assert wassertor.step_free_access == StepFree.UNKNOWN
    assert ikarus.is_ifp_funded is None
    assert (ikarus.main_site.postcode, ikarus.main_site.phone) == ("", "")


@pytest.mark.django_db
def test_a_second_provider_becomes_a_co_provider_and_a_former_one_is_left_out():
    reference_data_load()

    sprengelhaus = Centre.objects.get(slug__startswith="treffpunkt-sprengelhaus")
    ikarus = Centre.objects.get(name="iKARUS Stadtteilzentrum (Lichtenberg-Süd)")

    assert sprengelhaus.provider.name == "Moabiter Ratschlag e.V."
    partnership = Partnership.objects.get(centre=sprengelhaus)
    assert partnership.organisation.name == "Gemeinsam im Stadtteil e.V."
    assert "Ko-Träger" in partnership.note
    assert ikarus.provider.name == "Albatros gGmbH"
    assert not Organisation.objects.filter(name="SozDia-Stiftung Berlin").exists()


@pytest.mark.django_db
def test_only_current_opening_hours_are_loaded():
    reference_data_load()

    rollberge = Site.objects.get(name="Stadtteilzentrum Rollberge")
    rudi = Site.objects.get(name="Kultur- und Nachbarschaftszentrum RuDi")

    assert [
        (h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in rollberge.opening_hours.all()
    ] == [(day, "10:00", "16:00") for day in range(1, 6)]
    assert "Tagesspiegel 05/2024" in rollberge.source
    assert not rudi.opening_hours.exists()  # 2006, historical


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    call_command("load_reference_data", verbosity=0)
    models = (District, Ortsteil, Centre, Site, OpeningHours, Organisation, Partnership)
    counts = [m.objects.count() for m in models]
    centres = list(Centre.objects.order_by("pk").values())
    sites = list(Site.objects.order_by("pk").values())

    report = reference_data_load()

    assert report.total == 0 and report.kept == []
    assert [m.objects.count() for m in models] == counts
    assert list(Centre.objects.order_by("pk").values()) == centres
    assert list(Site.objects.order_by("pk").values()) == sites


def _earlier_edition(tmp_path: Path, change) -> Path:
    """A copy of fixtures/ whose centres.csv `change` edits row by row, as an older edition."""
    shutil.copytree(FIXTURES_DIR, tmp_path / "fixtures")
    path = tmp_path / "fixtures" / "centres.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, [change(dict(row)) for row in reader]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(row for row in rows if row is not None)
    return tmp_path / "fixtures"


@pytest.mark.django_db
def test_a_new_edition_updates_what_the_loader_wrote_and_keeps_what_staff_changed(tmp_path, editor):
    def older(row):
        if row["name"] == "Nachbarschaftshaus Urbanstraße":
            return {**row, "phone": "69 04 97 0", "email": "", "website": "http://alt.example"}
        return row

    reference_data_load(fixtures_dir=_earlier_edition(tmp_path, older))
    site = Site.objects.get(name="Nachbarschaftshaus Urbanstraße")
    site.phone = "030 690 497 99"  # the centre's editor corrects the number in the admin
    site._history_user = editor
    site.save()

    report = reference_data_load()

    site.refresh_from_db()
    assert site.phone == "030 690 497 99"  # the staff's value stays
    assert site.email == "info@nachbarschaftshaus.de"  # what the loader wrote is updated
    assert site.centre.website == "https://www.nachbarschaftshaus.de"
    assert report.updated == {"Zentren": 1, "Standorte": 1}
    assert report.kept == [
        "Nachbarschaftshaus Urbanstraße: „Telefon“ von der Redaktion geändert, nicht überschrieben"
    ]
    assert "1 Angaben belassen" in str(report)


@pytest.mark.django_db
def test_a_centre_of_the_first_edition_keeps_its_address_under_its_new_name(tmp_path):
    def first_edition(row):
        if row["first_edition_name_DERIVED"] == "Kulturzentrum »Rudi«":
            return {**row, "name": "Kulturzentrum »Rudi«", "first_edition_name_DERIVED": ""}
        return row

    reference_data_load(fixtures_dir=_earlier_edition(tmp_path, first_edition))
    before = Centre.objects.count()

    reference_data_load()

    rudi = Centre.objects.get(slug="kulturzentrum-rudi")
    assert rudi.name == "Kultur- und Nachbarschaftszentrum RuDi"
    assert rudi.main_site.name == "Kultur- und Nachbarschaftszentrum RuDi"
    assert Centre.objects.count() == before
