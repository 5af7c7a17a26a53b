"""Every role against every admin model: what it must not touch answers 404, what it may, 200."""

import pytest
from django.urls import reverse

from centres.models import Centre, Offering, Partnership, Site

ROLES = ["editor", "other_editor", "coordinator", "team", "superuser"]
# The centre each role must not touch (None: it may touch everything).
FORBIDDEN = {
    "editor": "b",
    "other_editor": "a",
    "coordinator": "b",
    "team": None,
    "superuser": None,
}
MODELS = {
    "centre": (Centre, lambda centre: centre, "name"),
    "site": (Site, lambda centre: centre.sites.get(is_main=True), "name"),
    "offering": (Offering, lambda centre: centre.offerings.get(), "title"),
    "partnership": (Partnership, lambda centre: centre.partnerships.get(), "note"),
}


@pytest.fixture
def world(centre_a, centre_b, editor, other_editor, coordinator, team, superuser):
    return {
        "centres": {"a": centre_a, "b": centre_b},
        "users": {
            "editor": editor,
            "other_editor": other_editor,
            "coordinator": coordinator,
            "team": team,
            "superuser": superuser,
        },
    }


def _url(obj, view: str) -> str:
    return reverse(f"admin:centres_{obj._meta.model_name}_{view}", args=[obj.pk])


def _objects(world, role, model):
    """(object the role must not touch or None, object it may touch)."""
    _, get, label = MODELS[model]
    forbidden = FORBIDDEN[role]
    allowed = {"a": "b", "b": "a", None: "a"}[forbidden]
    if role == "other_editor":
        allowed = "b"
    foreign = get(world["centres"][forbidden]) if forbidden else None
    return foreign, get(world["centres"][allowed]), label


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("role", ROLES)
def test_role_sees_only_its_objects_in_the_list(client, world, role, model):
    client.force_login(world["users"][role])
    foreign, own, label = _objects(world, role, model)
    response = client.get(reverse(f"admin:centres_{model}_changelist"))
    assert response.status_code == 200
    assert getattr(own, label) in response.text
    if foreign is not None:
        assert getattr(foreign, label) not in response.text


@pytest.mark.parametrize("view", ["change", "delete", "history"])
@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("role", ["editor", "other_editor", "coordinator"])
def test_role_cannot_reach_another_centres_objects(client, world, role, model, view):
    client.force_login(world["users"][role])
    foreign, _, _ = _objects(world, role, model)
    assert client.get(_url(foreign, view)).status_code == 404
    assert client.post(_url(foreign, view), {"post": "yes"}).status_code == 404
    assert type(foreign).objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("role", ["editor", "other_editor", "coordinator"])
def test_role_cannot_revert_another_centres_objects(client, world, role, model):
    client.force_login(world["users"][role])
    foreign, _, _ = _objects(world, role, model)
    version = foreign.history.latest()
    url = reverse(f"admin:centres_{model}_simple_history", args=[foreign.pk, version.history_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("view", ["change", "history"])
@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("role", ROLES)
def test_role_reaches_its_own_objects(client, world, role, model, view):
    client.force_login(world["users"][role])
    _, own, label = _objects(world, role, model)
    response = client.get(_url(own, view))
    assert response.status_code == 200
    assert str(own) in response.text


@pytest.mark.parametrize("role", ROLES)
def test_only_the_team_deletes_centres(client, world, role):
    client.force_login(world["users"][role])
    _, own, _ = _objects(world, role, "centre")
    expected = 200 if role in ("team", "superuser") else 403
    assert client.get(_url(own, "delete")).status_code == expected


@pytest.mark.parametrize("model", ["offering", "partnership", "site"])
@pytest.mark.parametrize("role", ROLES)
def test_every_role_deletes_its_own_offerings_partnerships_and_sites(client, world, role, model):
    client.force_login(world["users"][role])
    _, own, _ = _objects(world, role, model)
    assert client.get(_url(own, "delete")).status_code == 200
    response = client.post(_url(own, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not type(own).objects.filter(pk=own.pk).exists()


def _export(client, model: str, **extra):
    resource = {"centre": "centreresource", "offering": "offeringresource"}[model]
    data = {"format": "0", "resource": "0", f"{resource}_kurzname": "on"}
    data[f"{resource}_{'name' if model == 'centre' else 'titel'}"] = "on"
    return client.post(reverse(f"admin:centres_{model}_export"), {**data, **extra})


@pytest.mark.parametrize("model", ["centre", "offering"])
@pytest.mark.parametrize("role", ROLES)
def test_export_contains_only_the_roles_objects(client, world, role, model):
    client.force_login(world["users"][role])
    foreign, own, label = _objects(world, role, model)
    response = _export(client, model)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode()
    assert getattr(own, label) in content
    if foreign is not None:
        assert getattr(foreign, label) not in content
        # Asking for the foreign object by id does not export it either.
        response = _export(client, model, export_items=[foreign.pk])
        assert getattr(foreign, label) not in response.content.decode()


def test_editor_forms_offer_only_their_own_centres(client, world):
    client.force_login(world["users"]["editor"])
    response = client.get(reverse("admin:centres_offering_add"))
    field = response.context["adminform"].form.fields["centre"]
    assert list(field.queryset) == [world["centres"]["a"]]
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "centres",
            "model_name": "offering",
            "field_name": "centre",
            "term": "Zentrum",
        },
    )
    assert [item["text"] for item in autocomplete.json()["results"]] == ["Zentrum Alpha"]


def test_editor_cannot_create_an_offering_for_another_centre(client, world):
    client.force_login(world["users"]["editor"])
    response = client.post(
        reverse("admin:centres_offering_add"),
        {
            "centre": world["centres"]["b"].pk,
            "title": "Eingeschmuggelt",
            "slug": "eingeschmuggelt",
            "kind": "kurs",
            "cost": "kostenlos",
            "times-TOTAL_FORMS": "0",
            "times-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "centre" in response.context["adminform"].form.errors
    assert not Offering.objects.filter(slug="eingeschmuggelt").exists()


def test_editor_sees_no_reference_data_changes(client, world):
    client.force_login(world["users"]["editor"])
    district = world["centres"]["a"].district
    assert client.get(reverse("admin:centres_district_changelist")).status_code == 200
    response = client.post(
        reverse("admin:centres_district_change", args=[district.pk]), {"name": "X"}
    )
    assert response.status_code == 403
