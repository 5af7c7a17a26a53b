"""When, on the public pages: open now on cards and centre pages, "jetzt geöffnet", offerings by
their next occurrence and the date filters, the agenda (/termine/), the admin's exceptions.

The clock is pinned (`clock.set(...)`): Tuesday 1 December 2026, 11:00, unless a test says
otherwise.
"""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from centres import hours
from centres.models import OpeningException, Site
from centres.services.demo_data import demo_data_remove
from centres.services.public import order_catch_up
from tests.datasets import budget_dataset
from tests.pages import count_queries

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: the agenda's per-day statements"
)

TUESDAY = datetime.date(2026, 12, 1)


def berlin(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=hours.BERLIN)


def time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


class Clock:
    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def set(self, moment: datetime.datetime) -> None:
        utc = moment.astimezone(datetime.UTC)
        self.monkeypatch.setattr(timezone, "now", lambda: utc)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock(monkeypatch)
    clock.set(berlin(2026, 12, 1, 11, 0))
    return clock


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def open_states(html: str) -> list[str]:
    return re.findall(r'class="open-state[^"]*">([^<]*)<', html)


def titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/angebote/[^"]+/">([^<]+)</a></h2>', html)


def centre_names(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/zentren/[^"]+/">([^<]+)</a></h2>', html)


@pytest.fixture
def open_tuesdays(make_centre):
    """A centre whose main site opens Tuesday and Thursday 10–18."""
    centre = make_centre(name="Haus am Tage")
    for weekday in (2, 4):
        centre.main_site.opening_hours.create(
            weekday=weekday, opens=time("10:00"), closes=time("18:00")
        )
    return centre


# --- Cards and the centre page ---------------------------------------------------------------


def test_centre_card_says_open_until_18_00_at_17_59_on_a_tuesday(client, clock, open_tuesdays):
    clock.set(berlin(2026, 12, 1, 17, 59))

    assert open_states(page(client, "/zentren/")) == ["heute geöffnet bis 18:00"]


def test_centre_card_says_closed_and_when_it_opens_at_18_00(client, clock, open_tuesdays):
    clock.set(berlin(2026, 12, 1, 18, 0))

    assert open_states(page(client, "/zentren/")) == ["jetzt geschlossen · öffnet Do 10:00"]


def test_centre_card_says_nothing_where_no_hours_are_known(client, clock, make_centre):
    make_centre(name="Haus ohne Zeiten")

    html = page(client, "/zentren/")

    assert "Haus ohne Zeiten" in html and open_states(html) == []


def test_bezirk_page_cards_say_whether_open(client, clock, open_tuesdays):
    html = page(client, open_tuesdays.district.get_absolute_url())

    assert open_states(html) == ["heute geöffnet bis 18:00"]


def test_centre_page_says_whether_each_site_is_open_and_lists_coming_exceptions(
    client, clock, open_tuesdays
):
    garden = Site.objects.create(centre=open_tuesdays, name="Kiezgarten")
    garden.opening_hours.create(weekday=3, opens=time("14:00"), closes=time("19:00"))
    OpeningException.objects.create(
        site=open_tuesdays.main_site,
        starts_on=datetime.date(2026, 12, 21),
        ends_on=datetime.date(2027, 1, 3),
        note="Winterpause",
    )
    OpeningException.objects.create(
        site=open_tuesdays.main_site, starts_on=datetime.date(2026, 11, 1), note="Längst vorbei"
    )

    html = page(client, open_tuesdays.get_absolute_url())

    assert open_states(html) == [
        "heute geöffnet bis 18:00",
        "jetzt geschlossen · öffnet morgen 14:00",
    ]
    assert "Winterpause" in html and '<time datetime="2026-12-21">' in html
    assert "Längst vorbei" not in html


# --- "jetzt geöffnet" and "geöffnet am" ----------------------------------------------------


@pytest.fixture
def edge_centres(make_centre):
    """Centres whose hours meet the edge cases, each by name."""
    make = {}

    def centre(name, *hours_):
        c = make_centre(name=name)
        for weekday, opens, closes in hours_:
            c.main_site.opening_hours.create(
                weekday=weekday, opens=time(opens), closes=time(closes)
            )
        make[name] = c
        return c

    centre("Dienstagshaus", (2, "10:00", "18:00"))
    centre("Montagshaus", (1, "10:00", "18:00"))
    centre("Nachthaus", (5, "18:00", "00:00"))
    special = centre("Sonderhaus", (4, "10:00", "18:00"))
    OpeningException.objects.create(
        site=special.main_site,
        starts_on=datetime.date(2026, 12, 24),
        opens=time("10:00"),
        closes=time("13:00"),
    )
    holiday_open = centre("Feiertagshaus", (1, "10:00", "18:00"))
    OpeningException.objects.create(
        site=holiday_open.main_site,
        starts_on=datetime.date(2027, 3, 8),
        opens=time("11:00"),
        closes=time("15:00"),
    )
    closed = centre("Pausenhaus", (2, "10:00", "18:00"))
    OpeningException.objects.create(
        site=closed.main_site,
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2026, 12, 31),
        note="Umbau",
    )
    return make


@pytest.mark.parametrize(
    ("moment", "open_ones"),
    [
        (berlin(2026, 12, 1, 17, 59), ["Dienstagshaus"]),  # Pausenhaus is closed for works
        (berlin(2026, 12, 1, 18, 0), []),
        (berlin(2027, 3, 8, 12, 0), ["Feiertagshaus"]),  # Frauentag: only special hours
        (berlin(2026, 12, 24, 12, 0), ["Sonderhaus"]),
        (berlin(2026, 12, 24, 13, 0), []),
        (berlin(2026, 12, 4, 23, 59), ["Nachthaus"]),
        (berlin(2026, 12, 5, 0, 0), []),
    ],
)
def test_open_now_filter_finds_exactly_the_centres_whose_cards_say_open(
    client, clock, edge_centres, moment, open_ones
):
    clock.set(moment)

    filtered = page(client, "/zentren/?geoeffnet=jetzt")
    everything = page(client, "/zentren/")
    said_open = [
        name
        for name, state in zip(centre_names(everything), open_states(everything), strict=True)
        if state.startswith("heute geöffnet")
    ]

    assert sorted(centre_names(filtered)) == sorted(open_ones) == sorted(said_open)


def test_open_on_a_weekday_filter_finds_centres_with_hours_that_day(client, clock, edge_centres):
    html = page(client, "/zentren/?geoeffnet_am=montag&geoeffnet_am=freitag")

    assert sorted(centre_names(html)) == ["Feiertagshaus", "Montagshaus", "Nachthaus"]
    assert 'title="Geöffnet am">Montag</a>' in html


def test_unknown_open_values_are_named_and_ignored(client, clock, edge_centres):
    html = page(client, "/zentren/?geoeffnet=bald&geoeffnet_am=feiertag")

    assert "„bald“ ist hier kein bekannter Wert." in html
    assert "„feiertag“ ist hier kein bekannter Wert." in html
    assert len(centre_names(html)) == len(edge_centres)


# --- Offerings: next occurrence and date filters ------------------------------------------------


@pytest.fixture
def programme(make_centre, make_offering):
    centre = make_centre()
    make_offering(centre, title="Neujahrsempfang", starts_at=berlin(2027, 1, 1, 12, 0))
    make_offering(centre, title="Weihnachtsmarkt", starts_at=berlin(2026, 12, 5, 14, 0))
    make_offering(centre, title="Vergangenes Fest", starts_at=berlin(2026, 11, 20, 14, 0))
    make_offering(centre, title="Abendchor", weekdays=[2], kind="kurs")  # Tuesdays 10–12
    make_offering(centre, title="Mittwochskurs", weekdays=[3])
    make_offering(centre, title="Montagskurs", weekdays=[1])
    later = make_offering(centre, title="Kurs ab Februar", weekdays=[2])
    later.valid_from = datetime.date(2027, 2, 1)
    later.save()
    evening = make_offering(centre, title="Spätschicht", weekdays=[])
    evening.times.create(weekday=4, opens=time("19:00"), closes=time("21:00"))
    return centre


def test_offerings_sort_by_their_next_occurrence_and_past_events_are_gone(client, clock, programme):
    clock.set(berlin(2026, 12, 1, 12, 30))  # Tuesday: today's 10–12 course is over
    order_catch_up()  # `refresh_public --order`, every five minutes

    assert titles(page(client, "/angebote/")) == [
        "Mittwochskurs",  # tomorrow
        "Spätschicht",  # Thursday
        "Weihnachtsmarkt",  # Saturday 5 December
        "Montagskurs",  # Monday 7 December
        "Abendchor",  # next Tuesday
        "Neujahrsempfang",  # 1 January
        "Kurs ab Februar",
    ]


def test_a_weekly_time_still_running_today_sorts_first(client, clock, programme):
    clock.set(berlin(2026, 12, 1, 11, 0))

    assert titles(page(client, "/angebote/"))[0] == "Abendchor"


def test_until_the_order_catches_up_an_ended_course_keeps_its_place_and_its_card_the_new_date(
    client, clock, programme
):
    clock.set(berlin(2026, 12, 1, 12, 2))  # today's 10–12 course ended two minutes ago
    html = page(client, "/angebote/")

    assert titles(html)[0] == "Abendchor"  # where it stood when it ran: at most 5 minutes
    assert "8. Dezember" in html.split("Mittwochskurs")[0]  # its card shows the next date
    assert order_catch_up() == 1  # `refresh_public --order` at 12:02 …
    clock.set(berlin(2026, 12, 1, 12, 5))  # … and the page's next clock slot shows it
    assert titles(page(client, "/angebote/"))[:2] == ["Mittwochskurs", "Spätschicht"]


def test_today_finds_what_takes_place_today(client, clock, programme):
    assert titles(page(client, "/angebote/?wann=heute")) == ["Abendchor"]


def test_this_week_runs_until_sunday(client, clock, programme):
    html = page(client, "/angebote/?wann=woche")

    assert sorted(titles(html)) == ["Abendchor", "Mittwochskurs", "Spätschicht", "Weihnachtsmarkt"]
    assert 'title="Wann">diese Woche (bis Sonntag)</a>' in html


def test_a_date_range_finds_events_and_weekly_offerings_in_it(client, clock, programme):
    html = page(client, "/angebote/?von=2026-12-31&bis=2027-01-01")

    # 31 December is a Thursday, 1 January a Friday and a holiday.
    assert sorted(titles(html)) == ["Neujahrsempfang", "Spätschicht"]
    assert 'title="Von (Datum)">ab 31. Dezember 2026</a>' in html
    assert 'href="?bis=2027-01-01"' in html  # the chip that removes "von"


def test_weekly_offerings_do_not_count_on_a_public_holiday(client, clock, programme):
    html = page(client, "/angebote/?von=2026-12-25&bis=2026-12-26")

    assert titles(html) == []


def test_time_of_day_filters_by_start(client, clock, programme):
    assert titles(page(client, "/angebote/?tageszeit=abends")) == ["Spätschicht"]
    assert "Weihnachtsmarkt" in titles(page(client, "/angebote/?tageszeit=nachmittags"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("von=2026-12-24&bis=2026-12-01", "Das Datum „bis“ liegt vor „von“."),
        ("von=gestern", "Bitte ein Datum wie 2026-12-24 angeben."),
        ("bis=2026-13-45", "Bitte ein Datum wie 2026-12-24 angeben."),
        ("wann=morgen", "„morgen“ ist hier kein bekannter Wert."),
        ("tageszeit=nachts", "„nachts“ ist hier kein bekannter Wert."),
    ],
)
def test_bad_date_filters_are_named_and_ignored(client, clock, programme, query, message):
    html = page(client, f"/angebote/?{query}")

    assert message in html and "Dieser Filter wurde ignoriert." in html
    assert len(titles(html)) >= 6


# --- The agenda ---------------------------------------------------------------------------


def agenda_days(html: str) -> list[str]:
    return re.findall(r'<h2 id="tag-\d+"><time datetime="([\d-]+)">', html)


def agenda_entries(html: str, day: str) -> list[str]:
    section = html.split(f'<time datetime="{day}">', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="/angebote/[^"]+/">([^<]+)</a>', section)


def test_agenda_lists_four_weeks_day_by_day_in_date_order(client, clock, programme):
    html = page(client, reverse("centres:agenda"))

    days = agenda_days(html)
    assert days == sorted(days)
    assert days[0] == "2026-12-01" and days[-1] <= "2026-12-28"
    assert "2026-12-29" not in days
    assert agenda_entries(html, "2026-12-01") == ["Abendchor"]
    assert agenda_entries(html, "2026-12-05") == ["Weihnachtsmarkt"]
    # Each Tuesday's course, but not on the holidays
    assert [d for d in days if "Abendchor" in agenda_entries(html, d)] == [
        "2026-12-01",
        "2026-12-08",
        "2026-12-15",
        "2026-12-22",
    ]
    assert "Neujahrsempfang" not in html  # more than four weeks away
    assert "Vergangenes Fest" not in html


def test_agenda_names_holidays_and_skips_weekly_offerings_on_them(client, clock, programme):
    html = page(client, reverse("centres:agenda") + "?von=2026-12-21")

    assert "Feiertag: Erster Weihnachtstag" not in html  # no entry on the 25th at all
    assert "2026-12-25" not in agenda_days(html)
    assert "Neujahrsempfang" in agenda_entries(html, "2027-01-01")
    assert "Feiertag: Neujahr" in html


def test_agenda_leaves_out_weekly_offerings_while_their_venue_is_closed(
    client, clock, programme, make_offering
):
    garden = Site.objects.create(centre=programme, name="Kiezgarten")
    make_offering(programme, title="Gartentreff", weekdays=[2], site=garden)
    for site, monday in ((programme.main_site, 7), (garden, 14)):
        OpeningException.objects.create(
            site=site,
            starts_on=datetime.date(2026, 12, monday),
            ends_on=datetime.date(2026, 12, monday + 6),
        )

    html = page(client, "/termine/")

    assert "Abendchor" not in agenda_entries(html, "2026-12-08")  # the main site's break
    assert "Gartentreff" in agenda_entries(html, "2026-12-08")
    assert "Abendchor" in agenda_entries(html, "2026-12-15")
    assert "Gartentreff" not in agenda_entries(html, "2026-12-15")  # the garden's break
    assert "Weihnachtsmarkt" in agenda_entries(html, "2026-12-05")


def test_agenda_today_shortcut_shows_today_only(client, clock, programme):
    html = page(client, reverse("centres:agenda") + "?wann=heute")

    assert agenda_days(html) == ["2026-12-01"]
    assert "1 Termin am Dienstag, 1. Dezember 2026" in html
    assert 'href="?wann=heute" aria-current="true"' in html


def test_agenda_this_week_ends_on_sunday(client, clock, programme):
    html = page(client, reverse("centres:agenda") + "?wann=woche")

    assert agenda_days(html) == ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-05"]


def test_agenda_filters_like_the_offering_list(
    client, clock, programme, make_centre, make_offering
):
    elsewhere = make_centre("pankow")
    make_offering(elsewhere, title="Pankower Treff", weekdays=[2], cost="gebuehr")

    assert "Pankower Treff" in page(client, "/termine/?wann=heute")
    assert "Pankower Treff" not in page(client, "/termine/?wann=heute&bezirk=neukoelln")
    assert "Pankower Treff" not in page(client, "/termine/?wann=heute&kostenlos=1")
    assert agenda_entries(page(client, "/termine/?art=kurs&wann=heute"), "2026-12-01") == [
        "Abendchor",
        "Pankower Treff",
    ]


def test_agenda_shows_a_few_per_day_and_links_to_the_whole_day(
    client, clock, settings, programme, make_offering
):
    settings.AGENDA_PER_DAY = 2
    for n in range(3):
        make_offering(programme, title=f"Dienstagstreff {n}", weekdays=[2])

    html = page(client, "/termine/")

    assert len(agenda_entries(html, "2026-12-08")) == 2
    assert "Alle 4 Termine am Dienstag, 8. Dezember" in html
    assert 'href="?von=2026-12-08&amp;bis=2026-12-08"' in html
    assert (
        len(agenda_entries(page(client, "/termine/?von=2026-12-08&bis=2026-12-08"), "2026-12-08"))
        == 4
    )


def test_agenda_lines_show_start_and_end_with_midnight_as_24_00(
    client, clock, programme, make_offering
):
    late = make_offering(programme, title="Mitternachtstreff", weekdays=[])
    late.times.create(weekday=3, opens=time("20:00"), closes=time("00:00"))
    make_offering(
        programme,
        title="Lange Nacht",
        starts_at=berlin(2026, 12, 4, 22, 0),
        ends_at=berlin(2026, 12, 5, 2, 0),
    )

    html = page(client, "/termine/")

    assert (
        '<time datetime="2026-12-01T10:00:00+01:00">10:00</time>'
        '–<time datetime="2026-12-01T12:00:00+01:00">12:00</time>'
    ) in html  # Abendchor
    assert (
        '<time datetime="2026-12-02T20:00:00+01:00">20:00</time>'
        '–<time datetime="2026-12-03T00:00:00+01:00">24:00</time>'
    ) in html
    assert '<time datetime="2026-12-04T22:00:00+01:00">22:00</time></span>' in html  # ends later
    assert "Kurs · " in html and "kurs · " not in html  # the kind's label


def test_agenda_groups_the_thousands_of_its_total(client, clock, make_centre, make_offering):
    centre = make_centre()
    for n in range(40):
        make_offering(centre, title=f"Täglicher Treff {n}", weekdays=[1, 2, 3, 4, 5, 6, 7])

    # 40 × 26 days: four weeks without the two Christmas holidays.
    assert "1.040 Termine vom 1. Dezember bis 28. Dezember 2026" in page(client, "/termine/")
    assert "1,040 dates from" in page(client, "/en/termine/")


def test_agenda_counts_a_busy_day_only_up_to_a_limit_and_says_more_than(
    client, clock, settings, programme, make_offering
):
    settings.AGENDA_PER_DAY = 2
    settings.AGENDA_PER_DAY_ONE_DAY = 4
    settings.AGENDA_COUNT_LIMIT = 3
    for n in range(4):
        make_offering(programme, title=f"Dienstagstreff {n}", weekdays=[2])

    html = page(client, "/termine/")
    one_day = page(client, "/termine/?von=2026-12-08&bis=2026-12-08")

    assert len(agenda_entries(html, "2026-12-08")) == 2
    assert "Mehr als 3 Termine am Dienstag, 8. Dezember" in html  # five take place
    assert "Alle 1 Termine am Mittwoch" not in html and "Mittwochskurs" in html
    assert "Mehr als 25 Termine vom 1. Dezember bis 28. Dezember 2026" in html  # 4 × 3 + 13
    assert len(agenda_entries(one_day, "2026-12-08")) == 4  # a day counts as many as it shows
    assert "Mehr als 4 Termine am Dienstag, 8. Dezember 2026" in one_day
    assert 'href="/angebote/?von=2026-12-08&amp;bis=2026-12-08"' in one_day


@postgresql_only
def test_agenda_on_postgresql_asks_day_by_day_and_finds_what_the_weekly_expansion_finds(
    clock, programme, make_centre, make_offering
):
    from centres import agenda
    from centres.models import Offering

    clock.set(berlin(2026, 12, 8, 11, 30))  # a Tuesday: the 10–12 course still runs
    garden = Site.objects.create(centre=programme, name="Kiezgarten")
    make_offering(programme, title="Gartentreff", weekdays=[2, 6], site=garden)
    OpeningException.objects.create(
        site=programme.main_site,
        starts_on=datetime.date(2026, 12, 14),
        ends_on=datetime.date(2026, 12, 20),
    )
    OpeningException.objects.create(
        site=garden, starts_on=datetime.date(2026, 12, 19), ends_on=datetime.date(2026, 12, 19)
    )
    other = make_centre("pankow")
    make_offering(other, title="Ärztliche Beratung", weekdays=[2, 3])
    make_offering(other, title="abendliche Runde", weekdays=[2, 3])
    short = make_offering(other, title="Kurzkurs", weekdays=[1, 2])
    short.valid_until = datetime.date(2026, 12, 15)
    short.save()
    make_offering(other, title="Lesung", starts_at=berlin(2026, 12, 9, 0, 0))
    make_offering(other, title="Nachtkino", starts_at=berlin(2026, 12, 9, 23, 59))
    first, last = datetime.date(2026, 12, 8), datetime.date(2027, 1, 4)  # Christmas, New Year
    offerings = Offering.objects.published()

    found, counts = agenda._per_day_in_sql(offerings, first, last, per_day=50, now=timezone.now())
    expanded = agenda._expanded(offerings, first, last, now=timezone.now())

    assert {day: sorted(rows) for day, rows in found.items()} == {
        day: sorted(rows) for day, rows in expanded.items() if rows
    }
    assert counts == {day: len(rows) for day, rows in expanded.items() if rows}
    assert len(found[datetime.date(2026, 12, 8)]) == 5  # today: every Tuesday time still runs
    assert datetime.date(2026, 12, 25) not in found  # no weekly offering on a holiday


def test_agenda_says_so_when_nothing_takes_place(client, clock, geography):
    html = page(client, "/termine/?von=kein-datum")

    assert "In diesem Zeitraum passen keine Termine zu diesen Filtern." in html
    assert "Bitte ein Datum wie 2026-12-24 angeben." in html


def test_agenda_is_in_the_navigation_and_on_the_start_page(client, clock, programme):
    html = page(client, "/")

    assert html.count('href="/termine/"') == 2


# --- Query budgets ------------------------------------------------------------------------------

BUDGET_PAGES = [
    "/zentren/?geoeffnet=jetzt&geoeffnet_am=montag",
    "/angebote/?wann=woche&tageszeit=morgens&von=2026-11-30&bis=2026-12-31",
    "/termine/",
    "/termine/?wann=heute&bezirk=mitte&art=kurs&zielgruppe=kinder&kostenlos=1",
]


@pytest.mark.django_db
def test_new_filters_and_the_agenda_take_the_same_number_of_queries_with_3_and_300_centres(
    client, clock
):
    clock.set(berlin(2026, 11, 30, 10, 0))  # a Monday: the budget centres open 9–13
    budget_dataset(centres=3)
    assert "heute geöffnet bis 13:00" in page(client, BUDGET_PAGES[0])
    small = [count_queries(client, url) for url in BUDGET_PAGES]
    demo_data_remove()
    budget_dataset(centres=300)
    large = [count_queries(client, url) for url in BUDGET_PAGES]

    assert small == large
    assert max(large) <= 14


# --- The admin: closures and special hours on the site's page ----------------------------------


def test_editor_enters_a_summer_break_on_the_site_page(client, clock, editor, centre_a):
    from tests.test_admin_workflow import _form_data

    client.force_login(editor)
    site = centre_a.main_site
    url = reverse("admin:centres_site_change", args=[site.pk])
    data = _form_data(client, url)
    data.update(
        {
            "exceptions-TOTAL_FORMS": "1",
            "exceptions-INITIAL_FORMS": "0",
            "exceptions-0-starts_on": "2027-07-19",
            "exceptions-0-ends_on": "2027-08-08",
            "exceptions-0-note": "Sommerpause",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    closure = site.exceptions.get()
    assert (closure.starts_on, closure.ends_on, closure.is_closure) == (
        datetime.date(2027, 7, 19),
        datetime.date(2027, 8, 8),
        True,
    )
    assert closure.history.count() == 1


def test_special_hours_over_several_days_are_a_form_error_in_words(client, clock, editor, centre_a):
    from tests.test_admin_workflow import _form_data

    client.force_login(editor)
    url = reverse("admin:centres_site_change", args=[centre_a.main_site.pk])
    data = _form_data(client, url)
    data.update(
        {
            "exceptions-TOTAL_FORMS": "1",
            "exceptions-INITIAL_FORMS": "0",
            "exceptions-0-starts_on": "2026-12-24",
            "exceptions-0-ends_on": "2026-12-27",
            "exceptions-0-opens": "10:00",
            "exceptions-0-closes": "13:00",
        }
    )

    html = client.post(url, data).content.decode()

    assert "Sonderöffnungszeiten gelten für einen Tag" in html
    assert not centre_a.main_site.exceptions.exists()


def test_other_editor_cannot_see_the_site_with_its_exceptions(
    client, clock, other_editor, centre_a
):
    client.force_login(other_editor)

    response = client.get(reverse("admin:centres_site_change", args=[centre_a.main_site.pk]))

    assert response.status_code == 404


def test_agenda_leaves_out_what_is_over_today(client, clock, programme):
    clock.set(berlin(2026, 12, 1, 12, 0))  # the Tuesday course ran 10–12

    days = agenda_days(page(client, "/termine/"))

    assert days[0] == "2026-12-02"


def test_offering_page_lists_its_next_dates_without_holidays_and_closures(
    client, clock, make_centre, make_offering
):
    centre = make_centre()
    course = make_offering(centre, title="Montagskurs", weekdays=[1])
    OpeningException.objects.create(site=centre.main_site, starts_on=datetime.date(2026, 12, 14))
    clock.set(berlin(2026, 12, 20, 11, 0))  # the Sunday before Christmas

    html = page(client, course.get_absolute_url())

    assert "Nächste Termine" in html
    # 21 and 28 December; 4 January (14 December was a closure, but that is past now)
    assert re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)T10:00:00', html) == [
        "2026-12-21",
        "2026-12-28",
        "2027-01-04",
    ]


def test_offering_page_skips_a_closure_of_its_venue(client, clock, make_centre, make_offering):
    centre = make_centre()
    course = make_offering(centre, title="Montagskurs", weekdays=[1])
    OpeningException.objects.create(site=centre.main_site, starts_on=datetime.date(2026, 12, 14))

    html = page(client, course.get_absolute_url())

    assert re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)T10:00:00', html) == [
        "2026-12-07",
        "2026-12-21",
        "2026-12-28",
    ]
