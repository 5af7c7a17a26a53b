"""The visual identity (issue 10): the statement pages, the style guide, what every page carries
(search box, footer links, icons, link previews), the cards' facts at a glance, the branded admin.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone

from centres import hours
from centres.models import OpeningHours
from centres.styleguide import AAA, pairs

pytestmark = pytest.mark.django_db

TUESDAY_11 = datetime.datetime(2026, 12, 1, 11, 0, tzinfo=hours.BERLIN)


@pytest.fixture
def tuesday_morning(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_11.astimezone(datetime.UTC))


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/impressum/", "<h1>Impressum</h1>"),
        ("/barrierefreiheit/", "<h1>Erklärung zur Barrierefreiheit</h1>"),
        ("/datenschutz/", "<h1>Datenschutzerklärung</h1>"),
    ],
)
def test_statement_pages_answer_and_say_they_are_placeholders(client, geography, url, heading):
    response = client.get(url)

    assert response.status_code == 200
    html = response.text
    assert heading in html
    assert "Platzhalter:" in html
    assert "muss ihn vor der Veröffentlichung vervollständigen" in html


def test_style_guide_shows_every_component(client, geography):
    html = client.get("/stil/").text

    assert "<h1>Gestaltung: Farben, Schrift und Bausteine</h1>" in html
    for component in (
        'class="button"',
        'class="chip',
        'class="badge',
        'class="card ',
        'class="tabs"',
        'class="disclosure"',
        'class="breadcrumbs"',
        'class="pagination"',
        'class="notice',
        'class="swatch"',
        'class="stil-h1"',
        '<use href="',
    ):
        assert component in html, component


def test_style_guide_is_not_in_the_navigation(client, geography):
    assert 'href="/stil/"' not in client.get("/").text


def test_style_guide_lists_each_colour_pair_with_its_contrast(client, geography):
    html = client.get("/stil/").text

    assert "Fließtext" in html
    assert "<strong>17,17:1</strong> · AAA" in html  # --c-ink on --c-paper
    assert html.count('class="swatch"') == len(pairs())


def test_every_colour_pair_reaches_its_contrast_and_body_text_is_aaa():
    assert [pair for pair in pairs() if not pair.passes] == []
    body = next(pair for pair in pairs() if pair.use == "Fließtext")
    assert body.ratio >= AAA


PUBLIC_PAGES = [
    "/",
    "/zentren/",
    "/angebote/",
    "/termine/",
    "/partner/",
    "/uebersicht/",
    "/ueber/foerderung/",
    "/impressum/",
    "/stil/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_has_search_footer_links_icons_and_link_preview(client, geography, url):
    html = client.get(url).text

    assert re.search(r'<form class="site-search" role="search"[^>]* action="/zentren/"', html)
    assert '<input id="site-q" type="search" name="q"' in html
    for link in ("/impressum/", "/barrierefreiheit/", "/datenschutz/", "/admin/"):
        assert f'href="{link}"' in html, link
    assert "Anmeldung für Zentren" in html
    assert 'rel="icon" href="/static/icons/favicon' in html
    assert 'rel="apple-touch-icon"' in html
    assert 'rel="manifest"' in html
    assert '<meta name="theme-color" content="#0e5a5f">' in html
    assert '<meta property="og:title" content="' in html
    assert f'<meta property="og:url" content="http://testserver{url}">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/static/icons/og-', html)


def test_link_preview_title_is_the_page_title(client, make_centre):
    make_centre(name="Haus am Kanal", slug="haus-am-kanal")

    html = client.get("/zentren/haus-am-kanal/").text

    title = re.search(r"<title>([^<]*) · Stadtteilzentren Berlin</title>", html).group(1)
    assert title.startswith("Haus am Kanal")
    assert f'<meta property="og:title" content="{title}">' in html


def test_icon_tag_renders_an_svg_hidden_from_screen_readers():
    html = Template('{% load design %}{% icon "clock" %}').render(Context())

    assert html.startswith('<svg class="icon" aria-hidden="true" focusable="false"')
    assert re.search(r'<use href="/static/vendor/tabler-icons/sprite\.[0-9a-f]+\.svg#clock">', html)


def test_static_files_the_head_links_are_there(client, geography):
    for path in ("/static/icons/favicon.svg", "/static/site.webmanifest"):
        assert client.get(path).status_code == 200, path


def test_centre_card_shows_open_state_access_and_an_icon_beside_each_fact(
    client, make_centre, tuesday_morning
):
    centre = make_centre("pankow", name="Haus am Park", step_free_access="ja")
    OpeningHours.objects.create(
        site=centre.main_site, weekday=2, opens=datetime.time(10), closes=datetime.time(18)
    )

    html = client.get("/zentren/?bezirk=pankow").text
    card = html.split('<li class="card card--centre">')[1].split("</div>\n</li>")[0]

    assert "heute geöffnet bis 18:00" in card
    assert "stufenlos zugänglich" in card
    assert 'aria-hidden="true"' in card and "#clock" in card and "#wheelchair" in card


def test_offering_card_shows_kind_icon_cost_place_and_next_date(
    client, make_centre, make_offering, tuesday_morning
):
    centre = make_centre("pankow", name="Haus am Park", step_free_access="ja")
    make_offering(centre, title="Erzählcafé", kind="offener-treff", cost="kostenlos", weekdays=[3])

    html = client.get("/angebote/").text
    card = html.split('<li class="card card--offering kind-offener-treff">')[1].split(
        "</div>\n</li>"
    )[0]

    assert "#coffee" in card and "Offener Treff / Café" in card
    assert "Kostenlos" in card
    assert "Pankow" in card
    assert "Nächster Termin:" in card and "Mi, 2. Dezember, 10:00 Uhr" in card
    assert "stufenlos zugänglich" in card


def test_centre_card_shows_the_photo_with_alt_text_lazily(client, make_centre):
    make_centre(
        "pankow",
        name="Haus mit Foto",
        photo="centres/haus.jpg",
        photo_alt="Ein gelbes Haus mit offener Tür",
    )

    html = client.get("/zentren/?bezirk=pankow").text

    img = re.search(r'<img class="card__photo"[^>]*>', html).group(0)
    assert 'alt="Ein gelbes Haus mit offener Tür"' in img
    assert 'loading="lazy"' in img
    assert 'width="600" height="400"' in img
    assert "sizes=" in img


def test_centre_card_without_photo_has_no_image(client, make_centre):
    make_centre("pankow", name="Haus ohne Foto")

    assert "card__photo" not in client.get("/zentren/?bezirk=pankow").text


def test_admin_login_carries_the_site_name_colours_and_a_way_back(client, geography):
    html = client.get("/admin/login/").text

    assert "Stadtteilzentren Berlin – Verwaltung" in html
    assert "/static/css/admin-brand" in html
    assert 'href="/">Zur öffentlichen Website</a>' in html


def test_admin_index_carries_the_brand_for_signed_in_staff(client, superuser):
    client.force_login(superuser)

    html = client.get("/admin/").text

    assert "Stadtteilzentren Berlin – Verwaltung" in html
    assert "/static/css/admin-brand" in html
    assert "Website anzeigen" in html


@pytest.mark.parametrize("name", ["lists.css", "programme.css"])
def test_list_and_programme_styles_take_their_colours_from_the_design_tokens(name):
    css = (settings.BASE_DIR / "static" / "css" / name).read_text()

    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", css) == []
    assert re.findall(r"\b44px\b", css) == []


def test_favicon_ico_at_the_root_leads_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert re.fullmatch(r"/static/icons/favicon(\.[0-9a-f]+)?\.ico", response["Location"])
    assert client.get(response["Location"]).status_code == 200
