"""Rooms for the neighbourhood (/raeume/) and getting involved (/mitmachen/): what a resident
finds, what stays hidden, what staff may edit, and that real centres get no invented rooms."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import RestrictedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from centres.models import (
    Centre,
    Commitment,
    Cost,
    Equipment,
    Offering,
    Room,
    RoomAudience,
    RoomAudienceEntry,
    RoomEquipment,
    Status,
    StepFree,
    VolunteerTask,
)
from centres.services.demo_data import demo_data_create
from centres.services.reference_data import reference_data_load


@pytest.fixture(autouse=True)
def in_german():
    """Addresses are reversed in German, whatever language an earlier request left active."""
    with translation.override("de"):
        yield


@pytest.fixture
def make_room(db):
    counter = iter(range(1, 10_000))

    def make(centre: Centre, **fields) -> Room:
        number = next(counter)
        equipment = fields.pop("equipment", [])
        audiences = fields.pop("audiences", [])
        fields.setdefault("name", f"Testraum {number}")
        fields.setdefault("slug", f"testraum-{number}")
        fields.setdefault("site", centre.sites.get(is_main=True))
        fields.setdefault("cost", Cost.FEE)
        fields.setdefault("status", Status.PUBLISHED)
        room = Room.objects.create(centre=centre, **fields)
        RoomEquipment.objects.bulk_create(RoomEquipment(room=room, item=i) for i in equipment)
        RoomAudienceEntry.objects.bulk_create(
            RoomAudienceEntry(room=room, audience=a) for a in audiences
        )
        return room

    return make


def names(response) -> list[str]:
    return [room.name for room in response.context["object_list"]]


# --- /raeume/ -------------------------------------------------------------------------------


def test_room_list_shows_published_rooms_with_count_and_map(client, make_centre, make_room):
    centre = make_centre("neukoelln")
    site = centre.sites.get()
    site.latitude, site.longitude = 52.48, 13.43
    site.save()
    make_room(centre, name="Großer Saal", size_m2=120, seats=80)

    response = client.get("/raeume/")

    assert response.status_code == 200
    assert "1 Raum gefunden" in response.text
    assert "Großer Saal" in response.text
    assert "120 m²" in response.text and "80 Plätze" in response.text
    assert response.context["map_data"]["markers"][0]["centre"] == "Großer Saal"


def test_draft_room_and_room_of_draft_centre_are_not_shown(client, make_centre, make_room):
    public = make_centre("neukoelln")
    hidden = make_centre("mitte", status=Status.DRAFT)
    make_room(public, name="Öffentlicher Raum")
    draft = make_room(public, name="Entwurfsraum", status=Status.DRAFT)
    of_draft_centre = make_room(hidden, name="Raum im Entwurf")

    response = client.get("/raeume/")

    assert names(response) == ["Öffentlicher Raum"]
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(of_draft_centre.get_absolute_url()).status_code == 404


def test_equipment_filter_finds_rooms_with_all_chosen_items(client, make_centre, make_room):
    centre = make_centre()
    make_room(centre, name="Saal", equipment=[Equipment.KITCHEN, Equipment.PROJECTOR])
    make_room(centre, name="Küche", equipment=[Equipment.KITCHEN])
    make_room(centre, name="Kino", equipment=[Equipment.PROJECTOR])

    both = client.get("/raeume/?ausstattung=kueche&ausstattung=beamer")
    kitchen = client.get("/raeume/?ausstattung=kueche")

    assert names(both) == ["Saal"]
    assert names(kitchen) == ["Küche", "Saal"]
    assert "Filter (2 aktiv)" in both.text


def test_filters_ask_with_exists_never_distinct(client, make_centre, make_room):
    make_room(make_centre("mitte"), name="Saal", equipment=[Equipment.KITCHEN, Equipment.PIANO])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            "/raeume/?bezirk=mitte&bezirk=pankow&ausstattung=kueche&ausstattung=klavier"
            "&fuer=privat&fuer=vereine"
        )

    assert response.status_code == 200
    assert not any("DISTINCT" in query["sql"].upper() for query in queries.captured_queries)


def test_step_free_filter_needs_yes_not_partly_or_unknown(client, make_centre, make_room):
    centre = make_centre()
    make_room(centre, name="Ebenerdig", step_free_access=StepFree.YES)
    make_room(centre, name="Teilweise", step_free_access=StepFree.PARTLY)
    make_room(centre, name="Unbekannt")

    response = client.get("/raeume/?barrierefrei=1")

    assert names(response) == ["Ebenerdig"]


def test_free_filter_leaves_out_donation_and_fee(client, make_centre, make_room):
    centre = make_centre()
    make_room(centre, name="Gratis", cost=Cost.FREE)
    make_room(centre, name="Spende", cost=Cost.DONATION)
    make_room(centre, name="Gebühr", cost=Cost.FEE)

    assert names(client.get("/raeume/?kostenlos=1")) == ["Gratis"]


def test_bezirk_size_seats_and_audience_filters(client, make_centre, make_room):
    neukoelln, pankow = make_centre("neukoelln"), make_centre("pankow")
    make_room(neukoelln, name="Klein", size_m2=20, seats=8, audiences=[RoomAudience.PRIVATE])
    make_room(neukoelln, name="Groß", size_m2=100, seats=60, audiences=[RoomAudience.ASSOCIATIONS])
    make_room(pankow, name="Pankower Saal", size_m2=90, seats=50)

    assert names(client.get("/raeume/?bezirk=pankow")) == ["Pankower Saal"]
    assert names(client.get("/raeume/?groesse=50&bezirk=neukoelln")) == ["Groß"]
    assert names(client.get("/raeume/?plaetze=55")) == ["Groß"]
    assert names(client.get("/raeume/?fuer=privat")) == ["Klein"]


@pytest.mark.parametrize(
    "query",
    [
        "ausstattung=raumschiff",
        "groesse=abc",
        "groesse=-5",
        "plaetze=999999999999999999999",
        "barrierefrei=vielleicht",
        "bezirk=atlantis",
        "fuer=%00",
    ],
)
def test_bad_filter_values_are_named_and_ignored(client, make_centre, make_room, query):
    make_room(make_centre(), name="Saal")

    response = client.get(f"/raeume/?{query}")

    assert response.status_code == 200
    assert "Nicht alle Filter konnten angewendet werden" in response.text
    assert names(response) == ["Saal"]


def test_a_page_past_the_last_is_a_friendly_404(client, make_centre, make_room):
    make_room(make_centre())

    response = client.get("/raeume/?page=99")

    assert response.status_code == 404
    assert "Seite 99 gibt es nicht" in response.text


def test_room_page_shows_facts_address_and_centre_contact(client, make_centre, make_room):
    centre = make_centre("neukoelln", name="Haus am Kanal", phone="030 123456")
    room = make_room(
        centre,
        name="Seminarraum",
        size_m2=45,
        seats=20,
        cost=Cost.DONATION,
        cost_note="nach Ermessen",
        equipment=[Equipment.PIANO, Equipment.WIFI],
        audiences=[RoomAudience.NEIGHBOURHOOD_GROUPS],
    )

    response = client.get(room.get_absolute_url())

    assert response.status_code == 200
    text = response.text
    for fact in (
        "Seminarraum",
        "45 m²",
        "Klavier, WLAN",
        "Nachbarschaftsgruppen und Initiativen",
        "Gegen Spende (nach Ermessen)",
        "nicht bekannt",  # step-free access not entered
        centre.sites.get().street,
        'href="tel:030123456"',
        "Raum anfragen",
    ):
        assert fact in text, fact
    assert f'href="{centre.get_absolute_url()}"' in text


def test_room_page_in_english(client, make_centre, make_room):
    room = make_room(make_centre(), equipment=[Equipment.KITCHEN])

    response = client.get(f"/en{room.get_absolute_url()}")

    assert response.status_code == 200
    assert "Kitchen" in response.text


def test_centre_page_lists_its_public_rooms_and_its_call(client, make_centre, make_room):
    centre = make_centre(volunteer_call="Wir suchen Hilfe im Garten.")
    make_room(centre, name="Gartenhaus")
    make_room(centre, name="Geheimer Entwurf", status=Status.DRAFT)

    text = client.get(centre.get_absolute_url()).text

    assert "Räume" in text and "Gartenhaus" in text
    assert "Geheimer Entwurf" not in text
    assert "Wir suchen Hilfe im Garten." in text


def test_centre_page_without_rooms_has_no_rooms_section(client, make_centre):
    text = client.get(make_centre().get_absolute_url()).text

    assert 'id="rooms-heading"' not in text
    assert 'id="mitmachen"' not in text


# --- The model's rules ----------------------------------------------------------------------


def test_a_room_at_another_centres_site_is_refused(make_centre, make_room):
    mine, other = make_centre(), make_centre()
    room = Room(centre=mine, site=other.sites.get(), name="Falsch", slug="falsch", cost=Cost.FREE)

    with pytest.raises(ValidationError) as error:
        room.full_clean()

    assert "Dieser Standort gehört zu einem anderen Zentrum." in str(error.value)


def test_database_refuses_unknown_equipment_and_zero_seats(make_centre, make_room):
    room = make_room(make_centre())

    with pytest.raises(IntegrityError), transaction.atomic():
        RoomEquipment.objects.create(room=room, item="raumschiff")
    with pytest.raises(IntegrityError), transaction.atomic():
        Room.objects.filter(pk=room.pk).update(seats=0)


# --- /mitmachen/ ----------------------------------------------------------------------------


def test_volunteering_lists_calls_and_volunteering_offerings(client, make_centre, make_offering):
    calling = make_centre(
        "neukoelln",
        name="Haus mit Aufruf",
        volunteer_call="Wir suchen Lesepatinnen.",
        volunteer_task=VolunteerTask.LEARNING,
        volunteer_commitment=Commitment.REGULAR,
    )
    make_centre("pankow", name="Haus ohne Aufruf")
    make_offering(calling, title="Ehrenamtsbörse", kind=Offering.Kind.VOLUNTEERING)
    make_offering(calling, title="Yoga", kind=Offering.Kind.SPORT)

    response = client.get("/mitmachen/")

    assert response.status_code == 200
    text = response.text
    assert "1 Aufruf, 1 ehrenamtliches Angebot gefunden" in text
    assert "Wir suchen Lesepatinnen." in text and "Lernhilfe und Sprache" in text
    assert "Ehrenamtsbörse" in text
    assert "Yoga" not in text and "Haus ohne Aufruf" not in text


def test_volunteering_filters_by_bezirk_task_commitment_and_language(
    client, make_centre, make_offering, in_days
):
    garden = make_centre(
        "neukoelln",
        name="Gartenhaus",
        volunteer_call="Garten",
        volunteer_task=VolunteerTask.GARDEN,
        volunteer_commitment=Commitment.FLEXIBLE,
        languages=["de"],
    )
    make_centre(
        "pankow",
        name="Übersetzungshaus",
        volunteer_call="Übersetzen",
        volunteer_task=VolunteerTask.TRANSLATION,
        volunteer_commitment=Commitment.REGULAR,
        languages=["tr"],
    )
    make_offering(
        garden,
        title="Pflanztag",
        kind=Offering.Kind.VOLUNTEERING,
        volunteer_task=VolunteerTask.GARDEN,
        starts_at=in_days(3),
    )
    make_offering(garden, title="Repair-Team", kind=Offering.Kind.VOLUNTEERING)

    def found(query: str) -> tuple[list[str], list[str]]:
        context = client.get(f"/mitmachen/?{query}").context
        return (
            [centre.name for centre in context["object_list"]],
            [offering.title for offering in context["offerings_page"].object_list],
        )

    assert found("bezirk=pankow") == (["Übersetzungshaus"], [])
    assert found("aufgabe=garten") == (["Gartenhaus"], ["Pflanztag"])
    assert found("zeit=einmalig") == ([], ["Pflanztag"])
    assert found("zeit=regelmaessig") == (["Übersetzungshaus"], ["Repair-Team"])
    assert found("sprache=tr") == (["Übersetzungshaus"], [])


def test_volunteering_bad_input_is_named_not_an_error(client, make_centre):
    make_centre(volunteer_call="Hilfe gesucht")

    response = client.get("/mitmachen/?zeit=nie&aufgabe=%3Cscript%3E&angebote_seite=abc")

    assert response.status_code == 200
    assert "Nicht alle Filter konnten angewendet werden" in response.text
    assert "<script>" not in response.text.split("<main", 1)[1].split("</main>")[0]


def test_volunteering_calls_of_draft_centres_are_hidden(client, make_centre):
    make_centre(status=Status.DRAFT, volunteer_call="Geheimer Aufruf")

    assert "Geheimer Aufruf" not in client.get("/mitmachen/").text


# --- Demo data, real data --------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_centres_get_rooms_and_calls_real_centres_none():
    reference_data_load()
    real = Centre.objects.real().count()
    assert real > 0

    demo_data_create(centres=12, offerings_per_centre=12, seed=3)

    assert Room.objects.exists()
    assert not Room.objects.real().exists()
    assert not Room.objects.filter(site__centre__is_demo=False).exists()
    assert Centre.objects.exclude(volunteer_call="").exists()
    assert not Centre.objects.real().exclude(volunteer_call="").exists()
    assert not Centre.objects.real().exclude(volunteer_task="").exists()
    assert Centre.objects.real().count() == real
    assert all(room.site.centre_id == room.centre_id for room in Room.objects.all())


def test_demo_data_replaced_twice_leaves_no_orphan_rooms(geography):
    demo_data_create(centres=6, offerings_per_centre=2, seed=1)
    first = Room.objects.count()
    demo_data_create(centres=6, offerings_per_centre=2, seed=1)

    assert Room.objects.count() == first
    assert RoomEquipment.objects.filter(room__isnull=True).count() == 0


# --- Staff ----------------------------------------------------------------------------------


def test_editor_edits_own_centres_rooms_only(client, editor, centre_a, centre_b, make_room):
    own = make_room(centre_a, name="Alpha-Saal")
    other = make_room(centre_b, name="Beta-Saal")
    client.force_login(editor)

    listing = client.get(reverse("admin:centres_room_changelist"))
    assert listing.status_code == 200
    assert "Alpha-Saal" in listing.text and "Beta-Saal" not in listing.text
    assert client.get(reverse("admin:centres_room_change", args=[other.pk])).status_code == 404

    response = client.post(
        reverse("admin:centres_room_change", args=[own.pk]),
        {
            "centre": centre_a.pk,
            "site": own.site_id,
            "name": "Alpha-Saal",
            "slug": own.slug,
            "description": "",
            "size_m2": "50",
            "seats": "30",
            "step_free_access": StepFree.YES,
            "equipment_items": [Equipment.KITCHEN, Equipment.PIANO],
            "audience_values": [RoomAudience.ASSOCIATIONS],
            "cost": Cost.FREE,
            "cost_note": "",
        },
    )

    assert response.status_code == 302, response.content
    own.refresh_from_db()
    assert own.seats == 30 and own.status == Status.PUBLISHED  # status is not theirs to change
    assert sorted(own.equipment.values_list("item", flat=True)) == ["klavier", "kueche"]
    assert own.history.count() >= 1


def test_editor_add_page_offers_only_own_centres_sites(client, editor, centre_a, centre_b):
    client.force_login(editor)

    response = client.get(reverse("admin:centres_room_add"))

    assert response.status_code == 200
    sites = response.context["adminform"].form.fields["site"].queryset
    assert set(sites.values_list("centre", flat=True)) == {centre_a.pk}
    assert "Ausstattung" in response.text and "Küche" in response.text


def test_editor_cannot_put_a_room_at_another_centres_site(client, editor, centre_a, centre_b):
    client.force_login(editor)

    response = client.post(
        reverse("admin:centres_room_add"),
        {
            "centre": centre_a.pk,
            "site": centre_b.sites.get().pk,
            "name": "Fremd",
            "slug": "fremd",
            "step_free_access": StepFree.UNKNOWN,
            "cost": Cost.FREE,
        },
    )

    assert response.status_code == 200
    assert not Room.objects.filter(slug="fremd").exists()


def test_room_without_date_fields_keeps_today(make_centre, make_room):
    room = make_room(make_centre())
    assert room.created.date() <= datetime.date.today() + datetime.timedelta(days=1)


def test_centre_admin_page_lists_its_rooms_with_links(client, editor, centre_a, make_room):
    room = make_room(centre_a, name="Alpha-Werkstatt")
    client.force_login(editor)

    response = client.get(reverse("admin:centres_centre_change", args=[centre_a.pk]))

    assert response.status_code == 200
    assert "Alpha-Werkstatt" in response.text
    assert reverse("admin:centres_room_change", args=[room.pk]) in response.text
    assert "Wir suchen Unterstützung bei …" in response.text  # the call's field


def test_room_list_and_volunteering_in_english(client, make_centre, make_room):
    centre = make_centre(volunteer_call="Wir suchen Hilfe.", volunteer_commitment=Commitment.ONCE)
    make_room(centre, seats=12, cost=Cost.FREE)

    rooms = client.get("/en/raeume/?kostenlos=1").text
    volunteering = client.get("/en/mitmachen/").text

    assert "Rooms for the neighbourhood" in rooms and "1 room found" in rooms
    assert "12 places" in rooms and "Free rooms only" in rooms
    assert "Get involved" in volunteering and "1 call" in volunteering
    assert "once" in volunteering


def test_a_site_with_rooms_cannot_be_deleted_alone_but_goes_with_its_centre(make_centre, make_room):
    centre = make_centre()
    room = make_room(centre)

    with pytest.raises(RestrictedError), transaction.atomic():
        room.site.delete()
    centre.delete()

    assert not Room.objects.filter(pk=room.pk).exists()


def test_team_deletes_a_centre_with_rooms_in_the_admin(client, team, make_centre, make_room):
    centre = make_centre()
    room = make_room(centre, name="Saal zum Löschen")
    client.force_login(team)
    url = reverse("admin:centres_centre_delete", args=[centre.pk])

    confirm = client.get(url)
    response = client.post(url, {"post": "yes"})

    assert confirm.status_code == 200 and "Saal zum Löschen" in confirm.text
    assert response.status_code == 302
    assert not Room.objects.filter(pk=room.pk).exists()


def test_editor_cannot_delete_a_site_that_has_rooms(client, editor, centre_a, make_room):
    make_room(centre_a)
    site = centre_a.sites.get()
    client.force_login(editor)
    url = reverse("admin:centres_site_delete", args=[site.pk])

    response = client.post(url, {"post": "yes"})

    assert response.status_code == 200  # the page names the rooms that keep the site
    assert "Testraum" in response.text
    assert centre_a.sites.filter(pk=site.pk).exists()
