"""The admin's start page: "Mein Zentrum" for editors, their Bezirk for coordinators."""

import datetime

from django.urls import reverse
from django.utils import timezone

from centres.models import Centre, Offering, Status

INDEX = reverse("admin:index")


def test_an_editor_lands_on_my_centre_with_what_is_to_do(
    client, editor, centre_a, make_offering, in_days
):
    make_offering(
        centre_a, title="Sommerkurs", valid_until=timezone.localdate() - datetime.timedelta(days=3)
    )
    make_offering(centre_a, title="Neuer Kurs", status=Status.DRAFT)
    client.force_login(editor)

    page = client.get(INDEX)

    assert page.status_code == 200
    assert "<h1>Mein Zentrum</h1>" in page.text
    assert "Zentrum Alpha" in page.text and "Öffentlich sichtbar." in page.text
    assert "Prüfung überfällig: noch nie geprüft." in page.text
    assert "Abgelaufen:" in page.text and "Sommerkurs" in page.text
    assert "Es fehlen Angaben: Telefon, Öffnungszeiten, Barrierefreiheit." in page.text
    assert "Neuer Kurs" in page.text and "wartet auf Veröffentlichung" in page.text
    assert "Öffnungszeiten bearbeiten" in page.text
    assert reverse("admin:centres_site_week", args=[centre_a.main_site.pk]) in page.text
    assert f"{reverse('admin:centres_offering_add')}?centre={centre_a.pk}" in page.text
    assert "Als geprüft markieren" in page.text


def test_the_index_hides_what_an_editor_can_only_look_at(client, editor, centre_a):
    client.force_login(editor)

    page = client.get(INDEX).text

    assert reverse("admin:centres_offering_changelist") in page
    assert reverse("admin:centres_organisation_changelist") in page  # they may add one
    assert reverse("admin:centres_district_changelist") not in page
    assert reverse("admin:centres_language_changelist") not in page


def test_mark_as_reviewed_from_the_start_page_asks_once(client, editor, centre_a):
    client.force_login(editor)
    data = {"action": "mark_reviewed", "_selected_action": centre_a.pk}

    confirmation = client.post(reverse("admin:centres_centre_changelist"), data)
    client.post(reverse("admin:centres_centre_changelist"), {**data, "post": "yes"})

    assert "Als geprüft markieren" in confirmation.text
    centre_a.refresh_from_db()
    assert centre_a.last_reviewed == timezone.localdate()
    assert "Nichts überfällig." not in client.get(INDEX).text  # facts are still missing


def test_a_coordinator_lands_on_their_bezirk_with_the_drafts(
    client, coordinator, editor, centre_a, make_centre, make_offering
):
    draft = make_offering(centre_a, title="Nähcafé", status=Status.DRAFT, updated_by=editor)
    make_centre("neukoelln", name="Neues Haus", status=Status.DRAFT)
    make_centre("pankow", name="Fremdes Haus", status=Status.DRAFT)
    client.force_login(coordinator)

    page = client.get(INDEX).text

    assert "<h1>Mein Bezirk</h1>" in page and "Bezirk Neukölln" in page
    assert "Nähcafé" in page and "alice" in page  # who submitted it
    assert "„Nähcafé“ veröffentlichen" in page and "„Neues Haus“ veröffentlichen" in page
    assert "Fremdes Haus" not in page
    assert "Prüfung überfällig" in page and "Zentren mit fehlenden Angaben" in page
    confirm = client.post(
        reverse("admin:centres_offering_changelist"),
        {"action": "publish", "_selected_action": draft.pk},
    )
    client.post(
        reverse("admin:centres_offering_changelist"),
        {"action": "publish", "_selected_action": draft.pk, "post": "yes"},
    )
    assert "Veröffentlichen" in confirm.text
    assert Offering.objects.get(pk=draft.pk).status == Status.PUBLISHED
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_the_team_keeps_the_full_index(client, team, centre_a):
    client.force_login(team)

    page = client.get(INDEX).text

    assert "<h1>Verzeichnis pflegen</h1>" in page
    assert reverse("admin:centres_district_changelist") in page
    assert reverse("admin:centres_loginattempt_changelist") in page


def test_list_filters_offer_only_ones_own_bezirke(client, editor, centre_a, centre_b):
    client.force_login(editor)

    centres = client.get(reverse("admin:centres_centre_changelist")).text
    offerings = client.get(reverse("admin:centres_offering_changelist")).text

    for page in (centres, offerings):
        assert "Pankow" not in page and "Mitte" not in page
    assert "Neukölln" in centres


def test_the_start_page_keeps_its_query_budget(
    client, editor, centre_a, make_centre, make_offering, django_assert_max_num_queries
):
    for number in range(3):
        centre = make_centre(name=f"Weiteres Haus {number}")
        centre.editors.add(editor)
        for _ in range(3):
            make_offering(centre)
    client.force_login(editor)

    with django_assert_max_num_queries(30):
        assert client.get(INDEX).status_code == 200
    assert Centre.objects.filter(editors=editor).count() == 4


def test_a_centres_page_names_its_bezirk_coordinators(client, team, coordinator, centre_a):
    client.force_login(team)

    page = client.get(reverse("admin:centres_centre_change", args=[centre_a.pk])).text

    assert "Bezirkskoordination" in page and "carla" in page
    assert reverse("admin:centres_district_change", args=[centre_a.district_id]) in page
