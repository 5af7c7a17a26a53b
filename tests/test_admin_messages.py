"""The admin's messages are German sentences next to the field: never a constraint's name."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse

from centres.models import Offering, OpeningHours, Partnership
from tests.test_admin_workflow import _form_data

CONSTRAINT_TRACES = ["Bedingung", "centres_", "darf nicht null sein", "IntegrityError"]


def _site_url(centre) -> str:
    return reverse("admin:centres_site_change", args=[centre.main_site.pk])


def _with_hours(data: dict, rows: list[tuple[str, str, str]]) -> dict:
    """The site form's data with these (weekday, opens, closes) rows as its opening hours."""
    data = {key: value for key, value in data.items() if not key.startswith("opening_hours-")}
    data.update(
        {
            "opening_hours-TOTAL_FORMS": len(rows),
            "opening_hours-INITIAL_FORMS": 0,
            "opening_hours-MIN_NUM_FORMS": 0,
            "opening_hours-MAX_NUM_FORMS": 1000,
        }
    )
    for number, (weekday, opens, closes) in enumerate(rows):
        data.update(
            {
                f"opening_hours-{number}-weekday": weekday,
                f"opening_hours-{number}-opens": opens,
                f"opening_hours-{number}-closes": closes,
            }
        )
    return data


def _shows_no_constraint(html: str) -> None:
    for trace in CONSTRAINT_TRACES:
        assert trace not in html


def test_overlapping_opening_hours_are_refused_with_a_sentence(client, editor, centre_a):
    client.force_login(editor)
    url = _site_url(centre_a)
    rows = [("1", "09:00", "13:00"), ("1", "10:00", "11:00"), ("1", "14:00", "20:00")]

    response = client.post(url, _with_hours(_form_data(client, url), rows))

    assert response.status_code == 200
    assert "überschneidet sich mit Montag 09:00–13:00" in response.text
    _shows_no_constraint(response.text)
    assert not OpeningHours.objects.filter(site__centre=centre_a).exists()


def test_periods_that_only_touch_and_a_lunch_break_are_fine(client, editor, centre_a):
    client.force_login(editor)
    url = _site_url(centre_a)
    rows = [("1", "9", "13"), ("1", "13:00", "14:30"), ("1", "15.30", "24:00")]

    response = client.post(url, _with_hours(_form_data(client, url), rows))

    assert response.status_code == 302
    assert [(h.opens, h.closes) for h in OpeningHours.objects.filter(site__centre=centre_a)] == [
        (datetime.time(9), datetime.time(13)),
        (datetime.time(13), datetime.time(14, 30)),
        (datetime.time(15, 30), datetime.time(0)),
    ]


def test_an_end_before_the_start_is_a_sentence_next_to_the_row(client, editor, centre_a):
    client.force_login(editor)
    url = _site_url(centre_a)

    response = client.post(url, _with_hours(_form_data(client, url), [("2", "17:00", "9:00")]))

    assert response.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen" in response.text
    _shows_no_constraint(response.text)


def test_a_time_that_is_not_a_time_is_explained(client, editor, centre_a):
    client.force_login(editor)
    url = _site_url(centre_a)

    response = client.post(url, _with_hours(_form_data(client, url), [("2", "morgens", "12")]))

    assert "Bitte geben Sie eine Uhrzeit wie 9, 9:30 oder 18:00 ein." in response.text


def test_the_week_shows_times_without_seconds_and_without_a_now_button(client, editor, centre_a):
    centre_a.main_site.opening_hours.create(weekday=1, opens="09:30", closes="17:00")
    client.force_login(editor)

    html = client.get(_site_url(centre_a)).text

    assert 'value="09:30"' in html and 'value="09:30:00"' not in html
    assert "vTimeField" not in html  # the admin's clock and "Jetzt" attach to this class


# --- Offerings: weekly times or dates --------------------------------------------------------

OFFERING_ADD = reverse("admin:centres_offering_add")


def _offering_data(centre, **fields) -> dict:
    data = {
        "centre": centre.pk,
        "title": "Sprachcafé",
        "slug": "sprachcafe-test",
        "kind": "offener-treff",
        "cost": "kostenlos",
        "times-TOTAL_FORMS": 0,
        "times-INITIAL_FORMS": 0,
        "times-MIN_NUM_FORMS": 0,
        "times-MAX_NUM_FORMS": 1000,
    }
    times = fields.pop("times", [])
    data["times-TOTAL_FORMS"] = len(times)
    for number, (weekday, opens, closes) in enumerate(times):
        data.update(
            {
                f"times-{number}-weekday": weekday,
                f"times-{number}-opens": opens,
                f"times-{number}-closes": closes,
            }
        )
    data.update(fields)
    return data


def test_an_offering_needs_weekly_times_or_dates(client, editor, centre_a):
    client.force_login(editor)

    response = client.post(OFFERING_ADD, _offering_data(centre_a))

    assert response.status_code == 200
    assert "Bitte geben Sie mindestens einen wöchentlichen Termin an" in response.text
    assert not Offering.objects.filter(slug="sprachcafe-test").exists()


def test_an_offering_has_weekly_times_or_dates_not_both(client, editor, centre_a):
    client.force_login(editor)
    data = _offering_data(
        centre_a,
        times=[("3", "16", "18")],
        starts_at_0="24.12.2030",
        starts_at_1="16:00",
    )

    response = client.post(OFFERING_ADD, data)

    assert response.status_code == 200
    assert "Eine einmalige Veranstaltung hat Beginn und Ende, keine wöchentlichen" in response.text
    assert not Offering.objects.filter(slug="sprachcafe-test").exists()


def test_valid_until_before_valid_from_is_a_sentence(client, editor, centre_a):
    client.force_login(editor)
    data = _offering_data(
        centre_a,
        times=[("3", "16", "18")],
        valid_from="01.09.2030",
        valid_until="01.08.2030",
    )

    response = client.post(OFFERING_ADD, data)

    assert "„Gültig bis“ liegt vor „Gültig ab“." in response.text
    _shows_no_constraint(response.text)


def test_overlapping_offering_times_are_refused(client, editor, centre_a):
    client.force_login(editor)
    data = _offering_data(centre_a, times=[("3", "16", "18"), ("3", "17", "19")])

    response = client.post(OFFERING_ADD, data)

    assert "überschneidet sich mit Mittwoch 16:00–18:00" in response.text


def test_a_weekly_offering_with_times_is_saved(client, editor, centre_a):
    client.force_login(editor)

    response = client.post(OFFERING_ADD, _offering_data(centre_a, times=[("3", "16", "18")]))

    assert response.status_code == 302
    assert Offering.objects.get(slug="sprachcafe-test").times.get().closes == datetime.time(18)


# --- The last line: the database -------------------------------------------------------------


def test_every_constraint_has_a_message_of_its_own():
    from django.apps import apps

    for model in apps.get_app_config("centres").get_models():
        for constraint in model._meta.constraints:
            message = constraint.get_violation_error_message()
            assert constraint.name not in message, f"{model.__name__}: {constraint.name}"


@pytest.mark.django_db(transaction=False)
def test_a_database_refusal_is_a_sentence_not_a_server_error(
    client, team, centre_a, make_organisation, monkeypatch
):
    def refuse(*args, **kwargs):
        raise IntegrityError("centres_partnership_unique_pair")

    monkeypatch.setattr(Partnership, "save", refuse)
    client.force_login(team)
    data = {"centre": centre_a.pk, "organisation": make_organisation().pk, "note": "Kiezfest"}

    response = client.post(reverse("admin:centres_partnership_add"), data, follow=True)

    assert response.status_code == 200
    assert "Die Angaben wurden nicht gespeichert" in response.text
    _shows_no_constraint(response.text)
