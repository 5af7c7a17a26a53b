"""Every admin URL × every role × own / other / draft object gives the expected answer.

Own is centre A (Neukölln: the editor's centre, in the coordinator's Bezirk); other is centre B
(Pankow); draft is a draft centre in Pankow. Outside a person's scope an object is a 404, exactly
as if it did not exist, so the admin reveals nothing about other centres.
"""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from centres.models import Centre, Message, Offering, Room, Status
from centres.models.vocabularies import Cost

ROLES = ["resident", "editor", "coordinator", "team", "superuser"]
OBJECTS = ["own", "other", "draft"]
PAGES = [
    "change",
    "delete",
    "history",
    "revert",
    "view_on_site",
    "offering",
    "site",
    "message",
    "room_request",
]


def expected(role: str, kind: str, page: str) -> int:
    if role == "resident":
        return 302  # to the login
    if page == "view_on_site":
        in_scope = role in {"team", "superuser"} or kind == "own"
        return 302 if in_scope else 404
    if role in {"team", "superuser"}:
        return 200
    if kind != "own":
        return 404
    return 403 if page == "delete" else 200  # centres are deleted by the directory team only


@pytest.fixture
def objects(centre_a, centre_b, make_centre, make_offering):
    draft = make_centre("pankow", name="Entwurf Pankow", slug="entwurf-pankow", status=Status.DRAFT)
    make_offering(draft, title="Entwurfsangebot", slug="entwurfsangebot")
    for centre in (centre_a, centre_b, draft):  # a resident's message to each (centres/inbox.py)
        Message.objects.create(kind=Message.Kind.CORRECTION, centre=centre, text="Falsch")
        room = Room.objects.create(  # and a room request (centres/room_requests.py)
            centre=centre,
            site=centre.main_site,
            name="Saal",
            slug=f"saal-{centre.slug}",
            cost=Cost.FREE,
        )
        Message.objects.create(
            kind=Message.Kind.ROOM_REQUEST, centre=centre, room=room, text="Feier", phone="030 1"
        )
    return {"own": centre_a, "other": centre_b, "draft": draft}


@pytest.fixture
def people(editor, coordinator, team, superuser):
    return {"resident": None, "editor": editor, "coordinator": coordinator, "team": team, "superuser": superuser}  # fmt: skip


def url_of(page: str, centre: Centre) -> str:
    if page == "revert":
        version = centre.history.earliest()
        return reverse("admin:centres_centre_simple_history", args=[centre.pk, version.pk])
    if page == "view_on_site":
        content_type = ContentType.objects.get_for_model(Centre)
        return reverse("admin:view_on_site", args=[content_type.pk, centre.pk])
    if page == "offering":
        offering = Offering.objects.filter(centre=centre).first()
        return reverse("admin:centres_offering_change", args=[offering.pk])
    if page == "site":
        return reverse("admin:centres_site_change", args=[centre.main_site.pk])
    if page in {"message", "room_request"}:
        kind = Message.Kind.CORRECTION if page == "message" else Message.Kind.ROOM_REQUEST
        message = Message.objects.get(centre=centre, kind=kind)
        return reverse("admin:centres_message_change", args=[message.pk])
    return reverse(f"admin:centres_centre_{page}", args=[centre.pk])


@pytest.mark.parametrize("role", ROLES)
def test_every_object_page_answers_as_the_role_may(client, people, objects, role):
    if people[role] is not None:
        client.force_login(people[role])

    answers = {
        (kind, page): client.get(url_of(page, objects[kind])).status_code
        for kind in OBJECTS
        for page in PAGES
    }

    assert answers == {
        (kind, page): expected(role, kind, page) for kind in OBJECTS for page in PAGES
    }


LIST_PAGES = {
    "changelist": reverse("admin:centres_centre_changelist"),
    "offerings": reverse("admin:centres_offering_changelist"),
    "sites": reverse("admin:centres_site_changelist"),
    "messages": reverse("admin:centres_message_changelist"),
    "autocomplete": reverse("admin:autocomplete")
    + "?app_label=centres&model_name=offering&field_name=centre&term=",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", LIST_PAGES)
def test_list_pages_show_only_what_is_in_scope(client, people, objects, role, page):
    if people[role] is not None:
        client.force_login(people[role])

    response = client.get(LIST_PAGES[page])

    if role == "resident":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    text = response.content.decode()
    sees_everything = role in {"team", "superuser"}
    assert ("Zentrum Alpha" in text or "Alpha" in text) is True
    assert ("Zentrum Beta" in text or "Beta-Chor" in text) is sees_everything
    assert ("Entwurf Pankow" in text or "Entwurfsangebot" in text) is sees_everything


@pytest.mark.parametrize("role", ["editor", "coordinator", "team"])
def test_the_export_holds_only_what_is_in_scope(client, people, objects, role):
    client.force_login(people[role])
    fields = {f"centreresource_{name}": "on" for name in ("kurzname", "name")}

    response = client.post(
        reverse("admin:centres_centre_export"), {"format": "1", "resource": "0", **fields}
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    slugs = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    everything = {"zentrum-alpha", "zentrum-beta", "entwurf-pankow"}
    assert slugs == (everything if role == "team" else {"zentrum-alpha"})


@pytest.mark.parametrize("role", ["editor", "coordinator"])
def test_an_action_on_objects_outside_the_scope_changes_nothing(client, people, objects, role):
    client.force_login(people[role])
    outside = [objects["other"].pk, objects["draft"].pk]

    client.post(
        reverse("admin:centres_offering_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(
                Offering.objects.filter(centre_id__in=outside).values_list("pk", flat=True)
            ),
            "post": "yes",
        },
    )

    assert Offering.objects.filter(centre_id__in=outside).count() == 2
    assert Centre.objects.filter(pk__in=outside).count() == 2


@pytest.mark.parametrize("role", ["editor", "coordinator"])
def test_posting_a_change_to_another_centre_is_a_404(client, people, objects, role):
    client.force_login(people[role])

    response = client.post(
        reverse("admin:centres_centre_change", args=[objects["other"].pk]), {"name": "Gekapert"}
    )

    assert response.status_code == 404
    assert Centre.objects.get(pk=objects["other"].pk).name == "Zentrum Beta"
