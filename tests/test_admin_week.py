"""Opening hours as a week: Monday to Sunday, several periods a day, closed days explicit,
closures and special hours in the same place."""

import datetime

from django.urls import reverse

from centres.models import OpeningException, OpeningHours
from tests.test_admin_language import english_in


def _week_url(site) -> str:
    return reverse("admin:centres_site_week", args=[site.pk])


def _week_data(days: dict[int, list[tuple[str, str]]], closed=()) -> dict:
    data = {
        "week-TOTAL_FORMS": 7,
        "week-INITIAL_FORMS": 7,
        "week-MIN_NUM_FORMS": 7,
        "week-MAX_NUM_FORMS": 7,
        "exceptions-TOTAL_FORMS": 1,
        "exceptions-INITIAL_FORMS": 0,
        "exceptions-MIN_NUM_FORMS": 0,
        "exceptions-MAX_NUM_FORMS": 1000,
    }
    for index in range(7):
        for number, (opens, closes) in enumerate(days.get(index + 1, []), 1):
            data[f"week-{index}-opens_{number}"] = opens
            data[f"week-{index}-closes_{number}"] = closes
        if index + 1 in closed:
            data[f"week-{index}-closed"] = "on"
    return data


def test_the_week_shows_every_day_with_its_periods(client, editor, centre_a):
    site = centre_a.main_site
    site.opening_hours.create(weekday=1, opens="09:00", closes="13:00")
    site.opening_hours.create(weekday=1, opens="14:00", closes="18:00")
    client.force_login(editor)

    page = client.get(_week_url(site))

    assert page.status_code == 200
    for day in ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]:
        assert f'<th scope="row">{day}</th>' in page.text
    assert 'value="09:00"' in page.text and 'value="14:00"' in page.text
    assert 'name="week-1-closed" id="id_week-1-closed" checked' in page.text  # Tuesday: closed
    assert "Schließungen und Sonderöffnungszeiten" in page.text
    assert not english_in(page.text)


def test_saving_the_week_replaces_the_hours_and_keeps_unchanged_ones(client, editor, centre_a):
    site = centre_a.main_site
    kept = site.opening_hours.create(weekday=1, opens="09:00", closes="17:00")
    site.opening_hours.create(weekday=6, opens="10:00", closes="12:00")
    client.force_login(editor)
    week = {day: [("9", "17")] for day in range(1, 6)}
    week[3] = [("9", "12:30"), ("13.30", "19")]

    response = client.post(_week_url(site), _week_data(week, closed=(6, 7)))

    assert response.status_code == 302
    hours = [(h.weekday, h.opens, h.closes) for h in OpeningHours.objects.filter(site=site)]
    assert hours == [
        (1, datetime.time(9), datetime.time(17)),
        (2, datetime.time(9), datetime.time(17)),
        (3, datetime.time(9), datetime.time(12, 30)),
        (3, datetime.time(13, 30), datetime.time(19)),
        (4, datetime.time(9), datetime.time(17)),
        (5, datetime.time(9), datetime.time(17)),
    ]
    assert OpeningHours.objects.filter(pk=kept.pk).exists()  # unchanged, history untouched


def test_an_overlap_in_the_week_is_a_sentence_at_the_day(client, editor, centre_a):
    client.force_login(editor)

    response = client.post(
        _week_url(centre_a.main_site), _week_data({1: [("9", "13"), ("10", "11"), ("14", "20")]})
    )

    assert response.status_code == 200
    assert "Zwei Zeiträume am Montag überschneiden sich." in response.text
    assert not OpeningHours.objects.filter(site=centre_a.main_site).exists()


def test_closed_with_times_and_half_a_period_are_explained(client, editor, centre_a):
    client.force_login(editor)
    data = _week_data({2: [("9", "12")], 4: [("9", "")]}, closed=(2,))

    response = client.post(_week_url(centre_a.main_site), data)

    assert (
        "Am Dienstag ist „geschlossen“ angekreuzt und es sind Zeiten eingetragen." in response.text
    )
    assert "Bitte geben Sie Beginn und Ende an." in response.text


def test_a_closure_is_added_in_the_same_place(client, editor, centre_a):
    client.force_login(editor)
    start = datetime.date.today() + datetime.timedelta(days=30)
    data = _week_data({1: [("9", "17")]})
    data.update({"exceptions-0-starts_on": start.isoformat(), "exceptions-0-note": "Sommerpause"})

    response = client.post(_week_url(centre_a.main_site), data)

    assert response.status_code == 302
    closure = OpeningException.objects.get(site=centre_a.main_site)
    assert (closure.starts_on, closure.ends_on, closure.note) == (start, start, "Sommerpause")


def test_another_centres_week_is_not_found(client, editor, centre_b):
    client.force_login(editor)

    assert client.get(_week_url(centre_b.main_site)).status_code == 404


def test_the_site_page_and_the_start_page_lead_to_the_week(client, editor, centre_a):
    client.force_login(editor)
    url = _week_url(centre_a.main_site)

    assert (
        url in client.get(reverse("admin:centres_site_change", args=[centre_a.main_site.pk])).text
    )
    assert url in client.get(reverse("admin:index")).text


# --- An offering's weekly times ------------------------------------------------------------


def _offering_week_url(offering) -> str:
    return reverse("admin:centres_offering_week", args=[offering.pk])


def _times(offering):
    return [(t.weekday, t.opens, t.closes) for t in offering.times.all()]


def test_an_offerings_times_are_edited_as_a_week(client, editor, centre_a):
    offering = centre_a.offerings.get()  # Mondays 10–12
    client.force_login(editor)
    change_page = client.get(reverse("admin:centres_offering_change", args=[offering.pk])).text
    data = _week_data({1: [("10", "12")], 3: [("16", "18")]})
    data["exceptions-TOTAL_FORMS"] = 0

    page = client.get(_offering_week_url(offering))
    response = client.post(_offering_week_url(offering), data)

    assert _offering_week_url(offering) in change_page
    assert "Wöchentliche Termine" in page.text and "Schließungen" not in page.text
    assert not english_in(page.text)
    assert response.status_code == 302
    assert _times(offering) == [
        (1, datetime.time(10), datetime.time(12)),
        (3, datetime.time(16), datetime.time(18)),
    ]


def test_a_recurring_offering_keeps_at_least_one_time(client, editor, centre_a):
    offering = centre_a.offerings.get()
    client.force_login(editor)

    response = client.post(_offering_week_url(offering), _week_data({}, closed=range(1, 8)))

    assert "Ein regelmäßiges Angebot braucht mindestens einen Termin." in response.text
    assert _times(offering) == [(1, datetime.time(10), datetime.time(12))]


def test_an_event_gets_no_weekly_times(client, editor, centre_a, make_offering, in_days):
    event = make_offering(centre_a, title="Kiezfest", starts_at=in_days(5), ends_at=in_days(5, 22))
    client.force_login(editor)

    response = client.post(_offering_week_url(event), _week_data({6: [("14", "20")]}))

    assert "Eine einmalige Veranstaltung hat Beginn und Ende" in response.text
    assert not event.times.exists()


def test_the_week_page_keeps_its_query_budget(
    client, editor, centre_a, django_assert_max_num_queries
):
    site = centre_a.main_site
    for day in range(1, 8):
        site.opening_hours.create(weekday=day, opens="09:00", closes="12:00")
        site.opening_hours.create(weekday=day, opens="13:00", closes="18:00")
    client.force_login(editor)

    with django_assert_max_num_queries(20):
        assert client.get(_week_url(site)).status_code == 200
