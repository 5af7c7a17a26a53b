"""What a resident sees on each public page."""

import re

import pytest
from django.conf import settings

from centres.models import Organisation, Site, Status, StepFree


def breadcrumbs(html: str) -> list[tuple[str, str]]:
    """The links of the page's one breadcrumb trail, as (address, text)."""
    assert html.count('<nav class="breadcrumbs" aria-label="Brotkrümelnavigation"><ol>') == 1
    trail = html.split('<nav class="breadcrumbs"')[1].split("</nav>")[0]
    return re.findall(r'<li><a href="([^"]*)">([^<]*)</a></li>', trail)


def test_start_page_lists_the_twelve_districts_with_their_counts(
    client, make_centre, make_offering
):
    centre = make_centre("neukoelln")
    make_centre("neukoelln")
    make_offering(centre)
    make_offering(centre)

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="district-grid"') == 1
    for name in ("Mitte", "Neukölln", "Reinickendorf", "Treptow-Köpenick"):
        assert f"<strong>{name}</strong>" in html
    assert "<strong>Neukölln</strong>\n    <span>2 Zentren,\n      2 Angebote</span>" in html
    assert 'role="search"' in html


def test_start_page_shows_upcoming_events_only(client, make_centre, make_offering, in_days):
    centre = make_centre()
    make_offering(centre, title="Sommerfest im Hof", kind="fest", starts_at=in_days(5))
    make_offering(centre, title="Fest von gestern", kind="fest", starts_at=in_days(-1))

    html = client.get("/").content.decode()

    assert "Sommerfest im Hof" in html
    assert "Fest von gestern" not in html


def test_district_page_groups_centres_by_ortsteil(client, make_centre, ortsteil_of):
    make_centre("neukoelln", name="Haus Britz", ortsteil=ortsteil_of("britz"))
    make_centre("neukoelln", name="Haus Rudow", ortsteil=ortsteil_of("rudow"))
    make_centre(
        "neukoelln", name="Entwurf Rudow", ortsteil=ortsteil_of("rudow"), status=Status.DRAFT
    )

    response = client.get("/bezirke/neukoelln/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Bezirk Neukölln</h1>" in html
    assert html.index("<h3>Britz</h3>") < html.index("Haus Britz") < html.index("<h3>Rudow</h3>")
    assert "Haus Rudow" in html
    assert "Entwurf Rudow" not in html
    assert "Ortsteile ohne eingetragenes Zentrum:" in html and "Gropiusstadt" in html


def test_district_page_lists_offerings_by_kind_and_partners(
    client, make_centre, make_offering, make_partnership, make_organisation
):
    centre = make_centre("neukoelln")
    make_offering(centre, kind="beratung")
    make_offering(centre, kind="beratung")
    make_partnership(centre, make_organisation(name="Grundschule am Kiez"), note="Ferienangebote")

    html = client.get("/bezirke/neukoelln/").content.decode()

    assert '?bezirk=neukoelln&amp;art=beratung">Sozialberatung</a>: 2' in html
    assert "Grundschule am Kiez" in html


def test_unknown_district_is_a_friendly_404(client, geography):
    response = client.get("/bezirke/atlantis/")

    assert response.status_code == 404
    assert "Diese Seite gibt es nicht (mehr)" in response.content.decode()


def test_centre_page_shows_address_hours_accessibility_offerings_and_partners(
    client, make_centre, make_offering, make_partnership, make_organisation
):
    provider = make_organisation(name="Kiezverein e. V.", kind=Organisation.Kind.PROVIDER)
    centre = make_centre(
        "neukoelln",
        name="Nachbarschaftshaus Test",
        street="Beispielstraße 5",
        postcode="12043",
        phone="030 1234567",
        provider=provider,
        step_free_access="ja",
        accessible_toilet=True,
        is_ifp_funded=True,
        languages=["de", "tr"],
    )
    centre.main_site.opening_hours.create(weekday=1, opens="09:00", closes="13:00")
    centre.main_site.opening_hours.create(weekday=1, opens="14:00", closes="18:00")
    make_offering(centre, title="Nähcafé", kind="kreativkurs")
    make_offering(centre, title="Mietrechtsberatung", kind="beratung")
    make_offering(centre, title="Geheimer Entwurf", status=Status.DRAFT)
    make_partnership(centre, make_organisation(name="Familienzentrum Sonnenschein"))

    response = client.get(centre.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Nachbarschaftshaus Test</h1>" in html
    assert "Beispielstraße 5<br>12043 Berlin" in html
    assert '09:00–13:00</span>, <span class="nowrap">14:00–18:00' in html
    assert "Stufenlos zugänglich" in html
    assert "Deutsch, Türkisch" in html
    assert "Kiezverein e. V." in html
    assert "vom Land Berlin gefördertes Stadtteilzentrum" in html
    # one offering of each kind: no heading per kind, each names its kind
    assert "<h3>Kreativkurs</h3>" not in html
    assert "Nähcafé</a> (Kreativkurs)" in html
    assert "Nähcafé" in html and "Mietrechtsberatung" in html
    assert "Geheimer Entwurf" not in html
    assert "Familienzentrum Sonnenschein" in html
    assert 'href="/bezirke/neukoelln/"' in html


def test_centre_page_shows_every_site_with_its_contacts_hours_and_access(
    client, make_centre, make_offering, ortsteil_of
):
    centre = make_centre("friedrichshain-kreuzberg", name="Nachbarschaftshaus Urbanstraße")
    centre.sites.update(
        street="Urbanstraße 21", postcode="10961", ortsteil=ortsteil_of("kreuzberg")
    )
    garden = centre.sites.create(
        name="Nachbarschaftsgarten Kreuzberg",
        kind=Site.Kind.INTERCULTURAL_GARDEN,
        street="Gartenweg 1",
        postcode="10965",
        phone="030 555 66",
        email="garten@example.org",
        step_free_access=StepFree.YES,
    )
    garden.opening_hours.create(weekday=6, opens="10:00", closes="16:00")
    make_offering(centre, title="Gärtnern für alle", site=garden)

    html = client.get(centre.get_absolute_url()).content.decode()
    offering_html = client.get(centre.offerings.get().get_absolute_url()).content.decode()

    assert "Urbanstraße 21<br>10961 Berlin" in html
    assert "Ein weiterer Standort" in html
    assert (
        'Nachbarschaftsgarten Kreuzberg <span class="muted">(Interkultureller Garten)</span>'
        in html
    )
    assert "Gartenweg 1<br>10965 Berlin" in html
    assert 'href="tel:03055566"' in html and "garten@example.org" in html
    assert '<dd>Samstag: <span class="nowrap">10:00–16:00</span></dd>' in html  # the garden's hours
    assert html.count("Stufenlos zugänglich") == 1  # the garden; the main house is unknown
    assert "Nachbarschaftsgarten Kreuzberg<br>Gartenweg 1<br>10965 Berlin" in offering_html


def test_demo_centre_is_marked_as_demo(client, make_centre):
    centre = make_centre(name="Demo-Stadtteilzentrum Britz 1", is_demo=True)

    html = client.get(centre.get_absolute_url()).content.decode()

    assert "Dieses Zentrum ist erfunden" in html


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ARCHIVED])
def test_unpublished_centre_is_404(client, make_centre, status):
    centre = make_centre(status=status)

    assert client.get(centre.get_absolute_url()).status_code == 404


def test_offering_page_shows_times_cost_and_centre(client, make_centre, make_offering):
    centre = make_centre(name="Haus am See")
    offering = make_offering(
        centre,
        title="Deutschkurs A1",
        cost="gebuehr",
        cost_note="3 € je Termin",
        weekdays=[2, 4],
        target_groups=["migration"],
        languages=["de", "ar"],
        registration_required=True,
    )

    response = client.get(offering.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Deutschkurs A1</h1>" in html
    assert (
        '<span class="nowrap">Dienstag 10:00–12:00</span>; '
        '<span class="nowrap">Donnerstag 10:00–12:00</span>'
    ) in html
    assert "Mit Gebühr (3 € je Termin)" in html
    assert "Migrantinnen und Migranten / Geflüchtete" in html
    assert "Deutsch, Arabisch" in html
    assert "erforderlich" in html
    assert 'href="/zentren/' + centre.slug + '/"' in html


def test_event_page_shows_its_date(client, make_centre, make_offering, in_days):
    event = make_offering(
        make_centre(), title="Kiezfest", kind="fest", starts_at=in_days(3, hour=15)
    )

    html = client.get(event.get_absolute_url()).content.decode()

    # the date and the clock time are two pieces a line may break between, never inside
    assert f'<time datetime="{event.starts_at:%Y-%m-%d}" class="nowrap">' in html
    assert f'<time datetime="{event.starts_at.isoformat()}" class="nowrap">15:00 Uhr</time>' in html


def test_offering_of_a_draft_centre_is_404(client, make_centre, make_offering):
    offering = make_offering(make_centre(status=Status.DRAFT))

    assert client.get(offering.get_absolute_url()).status_code == 404


def test_partner_pages_show_the_centres_they_work_with(
    client, make_centre, make_partnership, make_organisation
):
    school = make_organisation(name="Grundschule am Kiez", slug="grundschule-am-kiez")
    make_partnership(make_centre(name="Haus Eins"), school, note="Gemeinsame Ferienangebote")
    make_partnership(make_centre(name="Haus Entwurf", status=Status.DRAFT), school)

    listing = client.get("/partner/").content.decode()
    detail = client.get("/partner/grundschule-am-kiez/").content.decode()

    assert "Grundschule am Kiez" in listing
    assert "Partner von 1 Zentrum" in listing
    assert "Haus Eins" in detail and "Gemeinsame Ferienangebote" in detail
    assert "Haus Entwurf" not in detail


def test_organisation_without_public_centres_has_no_page(client, make_organisation, geography):
    hidden = make_organisation(slug="ohne-zentrum")

    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_pages_link_hashed_compressed_static_files(client, geography, collected_static):
    html = client.get("/").content.decode()

    stylesheet = html.split('rel="stylesheet" href="')[1].split('"')[0]
    assert stylesheet.startswith(
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/"
    )
    name = stylesheet.rsplit("/", 1)[1]
    assert name.startswith("design.") and name.endswith(".css") and name != "design.css"
    assert (collected_static / "css" / f"{name}.gz").exists()


def test_static_files_are_served_by_whitenoise_with_long_cache(client, geography):
    html = client.get("/").content.decode()
    stylesheet = html.split('rel="stylesheet" href="')[1].split('"')[0]

    response = client.get(stylesheet, headers={"accept-encoding": "gzip"})

    assert response.status_code == 200
    assert "max-age=315360000" in response.headers["Cache-Control"]
    assert response.headers.get("Content-Encoding") == "gzip"


def test_every_page_is_german_with_a_skip_link_and_landmarks(client, geography):
    html = client.get("/zentren/").content.decode()

    assert '<html lang="de">' in html
    assert '<a class="skip-link" href="#main">Zum Inhalt springen</a>' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert 'media="print"' in html


def test_detail_pages_show_the_trail_back_to_the_start_page(
    client, make_centre, make_offering, make_partnership, make_organisation
):
    centre = make_centre("neukoelln", name="Haus am Kanal")
    offering = make_offering(centre, title="Nähcafé")
    partner = make_organisation(name="Schule am Kanal", slug="schule-am-kanal")
    make_partnership(centre, partner)

    def trail(url: str) -> list[tuple[str, str]]:
        return breadcrumbs(client.get(url).content.decode())

    start = ("/", "Start")
    bezirk = ("/bezirke/neukoelln/", "Neukölln")
    assert trail("/bezirke/neukoelln/") == [start]
    assert trail(centre.get_absolute_url()) == [start, bezirk]
    assert trail(offering.get_absolute_url()) == [
        start,
        bezirk,
        (centre.get_absolute_url(), "Haus am Kanal"),
    ]
    assert trail(partner.get_absolute_url()) == [start, ("/partner/", "Partner und Träger")]


def test_overview_pages_show_the_trail_back_to_the_overview(client, make_centre):
    make_centre("pankow")

    def trail(url: str) -> list[tuple[str, str]]:
        return breadcrumbs(client.get(url).content.decode())

    assert trail("/uebersicht/") == [("/", "Start")]
    for url in ("/uebersicht/pankow/", "/uebersicht/bericht/"):
        assert trail(url) == [("/", "Start"), ("/uebersicht/", "Förderübersicht")]


def test_list_pages_have_no_breadcrumb_trail(client, geography):
    for url in ("/", "/zentren/", "/angebote/", "/partner/"):
        assert 'class="breadcrumbs"' not in client.get(url).content.decode()


def test_unknown_accessible_toilet_and_funding_read_nicht_bekannt(client, make_centre):
    centre = make_centre(accessible_toilet=None, is_ifp_funded=None)

    html = client.get(centre.get_absolute_url()).content.decode()

    assert "<dt>Barrierefreies WC</dt><dd>nicht bekannt</dd>" in html
    assert "<dt>Förderung</dt><dd>nicht bekannt <a" in html
    assert "unbekannt" not in html


def test_known_accessible_toilet_and_funding_read_as_before(client, make_centre):
    without = make_centre(accessible_toilet=False, is_ifp_funded=False)

    html = client.get(without.get_absolute_url()).content.decode()

    assert "<dt>Barrierefreies WC</dt><dd>nein</dd>" in html
    assert "<dt>Förderung</dt><dd>nicht vom Land Berlin als Stadtteilzentrum gefördert <a" in html


def test_offering_page_says_whether_registration_is_needed(client, make_centre, make_offering):
    walk_in = make_offering(make_centre(), registration_required=False)

    html = client.get(walk_in.get_absolute_url()).content.decode()

    assert "<dt>Anmeldung</dt>\n    <dd>nicht nötig – kommen Sie einfach vorbei.</dd>" in html


def test_centre_card_marks_only_fully_step_free_centres(client, make_centre):
    make_centre("pankow", name="Haus mit Rampe", step_free_access="ja")
    make_centre("pankow", name="Haus mit Stufe", step_free_access="teilweise")

    html = client.get("/zentren/?bezirk=pankow").content.decode()

    cards = {
        card.split("</a>")[0].rsplit(">", 1)[1]: card for card in html.split('<li class="card ')
    }
    assert "stufenlos" in cards["Haus mit Rampe"]
    assert "stufenlos" not in cards["Haus mit Stufe"]


def test_places_read_ortsteil_then_bezirk_on_cards_and_partner_pages(
    client, make_centre, make_partnership, make_organisation, ortsteil_of
):
    centre = make_centre("neukoelln", name="Haus Britz", ortsteil=ortsteil_of("britz"))
    make_centre("neukoelln", name="Haus ohne Ortsteil", ortsteil=None)
    school = make_organisation(name="Schule Britz", slug="schule-britz")
    make_partnership(centre, school)

    listing = client.get("/bezirke/neukoelln/").content.decode()
    partner = client.get("/partner/schule-britz/").content.decode()

    assert '<p class="card__place">Britz, Neukölln</p>' in listing
    assert '<p class="card__place">Neukölln</p>' in listing
    assert f'<a href="{centre.get_absolute_url()}">Haus Britz</a> (Britz, Neukölln)' in partner


def test_offering_times_read_the_same_on_cards_and_centre_page(
    client, make_centre, make_offering, in_days
):
    centre = make_centre(name="Haus der Zeiten")
    make_offering(centre, title="Chor", kind="kurs", weekdays=[1, 3])
    make_offering(centre, title="Sprechstunde", kind="beratung", weekdays=[])
    festival = make_offering(centre, title="Hoffest", kind="fest", starts_at=in_days(4, hour=15))

    card = client.get("/angebote/?q=Chor").content.decode()
    page = client.get(centre.get_absolute_url()).content.decode()

    times = (
        '<span class="nowrap">Montag 10:00–12:00</span>; '
        '<span class="nowrap">Mittwoch 10:00–12:00</span>'
    )
    assert f"<p>{times}</p>" in card
    assert f"Chor</a> (Kurs) – {times}" in page
    assert "Sprechstunde</a> (Sozialberatung) – Termine auf Anfrage" in page
    assert f'Hoffest</a> (Kiezfest) – <time datetime="{festival.starts_at:%Y-%m-%d}"' in page
    assert "15:00 Uhr</time>" in page
