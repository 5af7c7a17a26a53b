"""German at the usual addresses, English under /en/: the URL alone decides (docs/languages.md)."""

import datetime
import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from centres import hours
from centres.management.commands.update_english_catalogue import OPTIONS
from centres.models import OpeningHours, Status

ENGLISH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
TUESDAY_11 = datetime.datetime(2026, 12, 1, 11, 0, tzinfo=hours.BERLIN)
FILTERED = "/zentren/?bezirk=mitte&angebot=beratung"


@pytest.fixture
def tuesday_morning(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_11.astimezone(datetime.UTC))


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def switcher(html: str) -> str:
    return re.search(r'<a class="language-link"[^>]*>[^<]*</a>', html).group(0)


# --- The URL decides --------------------------------------------------------------------------


def test_english_pages_answer_in_english(client, centre_a, tuesday_morning):
    OpeningHours.objects.create(
        site=centre_a.main_site, weekday=2, opens=datetime.time(10), closes=datetime.time(18)
    )

    response = client.get("/en/zentren/")
    html = response.text

    assert response.status_code == 200
    assert html_lang(html) == "en"
    assert response["Content-Language"] == "en"
    assert "<h1>Neighbourhood centres</h1>" in html
    assert ">Offerings</a>" in html and ">Dates</a>" in html and ">Partners</a>" in html
    assert "District" in html and "Target group" in html and "Step-free access" in html
    assert "open today until 18:00" in html
    assert "1 centre found" in html
    assert "Zielgruppe" not in html and "geöffnet" not in html


def test_offering_kinds_target_groups_and_weekdays_are_english(client, centre_a):
    html = client.get("/en/angebote/").text

    assert "Kind of offering" in html and "Creative course" in html and "Social counselling" in html
    assert "Children" in html and "Older people" in html
    assert "Monday" in html and "Montag" not in html


def test_dates_are_written_the_english_way_without_uhr(client, make_offering, centre_a):
    make_offering(
        centre_a,
        title="Hoffest",
        slug="hoffest",
        kind="veranstaltung",
        starts_at=datetime.datetime(2026, 12, 12, 14, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 12, 12, 18, tzinfo=datetime.UTC),
    )

    english = client.get("/en/angebote/hoffest/").text
    german = client.get("/angebote/hoffest/").text

    assert ">Sat 12 December 2026</time>, <time" in english and ">15:00</time>" in english
    assert "Uhr" not in english.split("<main")[1]
    assert ">Sa, 12. Dezember 2026</time>" in german and ">15:00 Uhr</time>" in german


def test_german_addresses_stay_german_whatever_the_browser_prefers(client, centre_a):
    response = client.get(FILTERED, headers={"accept-language": "en-GB,en;q=0.9"})

    assert response.status_code == 200
    assert html_lang(response.text) == "de"
    assert "<h1>Stadtteilzentren</h1>" in response.text
    assert "Accept-Language" not in response.get("Vary", "")
    assert switcher(response.text) == (
        '<a class="language-link" href="/en/zentren/?bezirk=mitte&amp;angebot=beratung" '
        'hreflang="en" lang="en">English</a>'
    )


def test_the_switcher_on_an_english_page_leads_back_with_the_same_filters(client, centre_a):
    html = client.get("/en" + FILTERED, headers={"accept-language": "en"}).text

    assert switcher(html) == (
        '<a class="language-link" href="/zentren/?bezirk=mitte&amp;angebot=beratung" '
        'hreflang="de" lang="de">Deutsch</a>'
    )


def test_the_switcher_of_the_start_page_leads_to_the_english_start_page(client, geography):
    assert 'href="/en/"' in switcher(client.get("/").text)
    assert 'href="/"' in switcher(client.get("/en/").text)


def test_alternates_name_both_languages_and_german_as_default(client, centre_a):
    for url in (FILTERED, "/en" + FILTERED):
        alternates = dict(
            re.findall(
                r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', client.get(url).text
            )
        )

        assert alternates == {
            "de": "http://testserver/zentren/?bezirk=mitte&amp;angebot=beratung",
            "en": "http://testserver/en/zentren/?bezirk=mitte&amp;angebot=beratung",
            "x-default": "http://testserver/zentren/?bezirk=mitte&amp;angebot=beratung",
        }


def test_an_absurd_query_string_is_not_copied_into_the_switcher(client, geography):
    html = client.get("/zentren/", {"q": "x" * 2000}).text

    assert switcher(html).startswith('<a class="language-link" href="/en/zentren/" ')


def test_what_staff_wrote_in_german_is_marked_german_on_english_pages(client, centre_a):
    centre_a.description = "Ein offenes Haus für alle."
    centre_a.save()

    english = client.get("/en/zentren/zentrum-alpha/").text
    german = client.get("/zentren/zentrum-alpha/").text

    assert '<h1 lang="de">Zentrum Alpha</h1>' in english
    assert '<p lang="de">Ein offenes Haus für alle.</p>' in english
    assert '<h2 lang="de"><a href="/en/zentren/zentrum-alpha/">' in client.get("/en/zentren/").text
    assert "<h1>Zentrum Alpha</h1>" in german


def test_links_on_english_pages_stay_in_english(client, centre_a):
    html = client.get("/en/zentren/").text

    assert 'href="/en/zentren/zentrum-alpha/"' in html
    assert 'href="/en/angebote/"' in html


# --- Every public page type --------------------------------------------------------------------

PUBLIC_PAGES = [
    "/",
    "/bezirke/neukoelln/",
    "/zentren/",
    "/zentren/?bezirk=neukoelln&angebot=kurs&zielgruppe=kinder&barrierefrei=1&q=Alpha",
    "/zentren/zentrum-alpha/",
    "/angebote/",
    "/angebote/?art=kurs&wochentag=montag&tageszeit=morgens&kostenlos=1",
    "/angebote/alpha-yoga/",
    "/termine/",
    "/partner/",
    "/ueber/foerderung/",
    "/uebersicht/",
    "/uebersicht/neukoelln/",
    "/uebersicht/bericht/",
    "/impressum/",
    "/barrierefreiheit/",
    "/datenschutz/",
    "/stil/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_type_answers_in_english(client, centre_a, url):
    response = client.get("/en" + url)

    assert response.status_code == 200
    assert html_lang(response.text) == "en"
    assert "Neighbourhood centres in Berlin" in response.text  # the header


def test_a_partner_page_answers_in_english(client, centre_a):
    partner = centre_a.partnerships.get().organisation

    response = client.get(f"/en/partner/{partner.slug}/")

    assert response.status_code == 200
    assert "<h2>Works with</h2>" in response.text and '<p class="lead">School' in response.text


def test_a_missing_english_page_is_an_english_404(client, geography):
    response = client.get("/en/zentren/gibt-es-nicht/")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert html_lang(response.text) == "en"
    assert 'href="/en/mitmachen/">Get involved</a>' in response.text


def test_a_draft_is_not_public_in_english_either(client, centre_a):
    centre_a.status = Status.DRAFT
    centre_a.save()

    assert client.get("/en/zentren/zentrum-alpha/").status_code == 404


def test_the_admin_stays_german_and_has_no_english_address(client, db):
    login = client.get(f"/{settings.ADMIN_PATH}login/", headers={"accept-language": "en"})

    assert html_lang(login.text) == "de"
    assert "Anmelden" in login.text
    assert client.get(f"/en/{settings.ADMIN_PATH}").status_code == 404


# --- The catalogue ---------------------------------------------------------------------------


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgid (and plural), msgstr forms, flags."""
    entries, entry, field = [], None, None
    for line in [*path.read_text().splitlines(), ""]:
        if not line.strip():
            if entry and entry["msgid"]:
                entries.append(entry)
            entry = None
            continue
        entry = entry or {"msgid": "", "plural": "", "msgstr": {}, "flags": ""}
        if line.startswith("#,"):
            entry["flags"] += line
        elif line.startswith("#"):
            continue
        elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line):
            field = match.group(1)
            text = _unescape(match.group(2))
            if field.startswith("msgstr"):
                entry["msgstr"][field] = text
            elif field == "msgid_plural":
                entry["plural"] = text
            elif field == "msgid":
                entry["msgid"] = text
        elif line.startswith('"'):
            text = _unescape(line[1:-1])
            if field.startswith("msgstr"):
                entry["msgstr"][field] += text
            elif field == "msgid":
                entry["msgid"] += text
            elif field == "msgid_plural":
                entry["plural"] += text
    return entries


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def test_every_english_entry_is_translated_and_none_is_fuzzy():
    entries = read_po(ENGLISH / "django.po")

    assert len(entries) > 600
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_english_catalogue_says_what_the_po_says():
    with (ENGLISH / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    for entry in read_po(ENGLISH / "django.po"):
        if entry["plural"]:
            assert (
                compiled.ngettext(entry["msgid"], entry["plural"], 1)
                == entry["msgstr"]["msgstr[0]"]
            )
            assert (
                compiled.ngettext(entry["msgid"], entry["plural"], 2)
                == entry["msgstr"]["msgstr[1]"]
            )
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"]["msgstr"], entry["msgid"]


def test_makemessages_finds_no_string_without_an_english_translation(
    tmp_path, monkeypatch, settings
):
    """A new or changed {% translate %} or gettext string fails here until locale/en has it."""
    for source in ("centres", "templates", "stadtteilzentren"):
        shutil.copytree(
            Path(settings.BASE_DIR) / source,
            tmp_path / source,
            ignore=shutil.ignore_patterns("__pycache__", "migrations"),
        )
    catalogue = tmp_path / "locale" / "en" / "LC_MESSAGES"
    catalogue.mkdir(parents=True)
    shutil.copy(ENGLISH / "django.po", catalogue / "django.po")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", **OPTIONS)

    merged = read_po(catalogue / "django.po")
    committed = {e["msgid"] for e in read_po(ENGLISH / "django.po")}
    assert sorted({e["msgid"] for e in merged} - committed) == []
    assert [e["msgid"] for e in merged if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in merged if not all(e["msgstr"].values())] == []
