"""Only superusers hand out superuser status, single permissions and the directory team's group."""

from django.contrib.auth.models import Group, User
from django.urls import reverse

from centres.staff.roles import COORDINATOR, EDITOR, FUNDER, TEAM


def _user_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def _account_data(user, **changes) -> dict:
    data = {
        "username": user.username,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "01.01.2026",
        "date_joined_1": "10:00:00",
        "groups": [group.pk for group in user.groups.all()],
    }
    data.update(changes)
    return data


def test_the_team_cannot_make_anyone_a_superuser(client, team, editor):
    client.force_login(team)

    saved = client.post(_user_url(editor), _account_data(editor, is_superuser="on"))
    client.post(_user_url(team), _account_data(team, is_superuser="on"))

    assert saved.status_code == 302  # the rest of the form was saved
    assert not User.objects.filter(is_superuser=True).exists()


def test_the_team_assigns_roles_but_not_the_team_group(client, team, make_staff):
    person = make_staff("neu")
    client.force_login(team)

    form = client.get(_user_url(person)).context["adminform"].form
    offered = {group.name for group in form.fields["groups"].queryset}
    team_group = Group.objects.get(name=TEAM)
    refused = client.post(_user_url(person), _account_data(person, groups=[team_group.pk]))
    client.post(
        _user_url(person),
        _account_data(person, groups=[form.fields["groups"].queryset.get(name=EDITOR).pk]),
    )

    assert offered == {EDITOR, COORDINATOR, FUNDER}
    assert refused.status_code == 200  # not a choice
    assert list(person.groups.values_list("name", flat=True)) == [EDITOR]
    assert "user_permissions" not in form.fields


def test_the_team_cannot_change_a_superusers_account(client, team, superuser):
    client.force_login(team)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[superuser.pk]),
        {"password1": "Ganz-neues-Passwort-9", "password2": "Ganz-neues-Passwort-9"},
    )

    assert response.status_code == 403
    superuser.refresh_from_db()
    assert not superuser.check_password("Ganz-neues-Passwort-9")


def test_only_superusers_change_a_groups_permissions(client, team, superuser):
    group = Group.objects.get(name=EDITOR)
    url = reverse("admin:auth_group_change", args=[group.pk])
    client.force_login(team)

    page = client.get(url)
    client.post(url, {"name": group.name, "permissions": []})

    assert "Stadtteilzentrum: ändern" in page.text  # readable, in German
    assert group.permissions.exists()
    client.force_login(superuser)
    assert 'name="permissions"' in client.get(url).text


def test_permissions_are_named_in_german(client, superuser):
    client.force_login(superuser)

    html = client.get(reverse("admin:auth_group_add")).text

    assert "Angebot: anlegen" in html
    assert "Kann Einträge veröffentlichen und archivieren" in html
    assert "Can add" not in html


def test_a_persons_page_lists_the_centres_and_bezirke_they_work_on(
    client, team, editor, coordinator
):
    client.force_login(team)

    editor_page = client.get(_user_url(editor)).text
    coordinator_page = client.get(_user_url(coordinator)).text

    assert "Zentrumsredaktion für" in editor_page and "Zentrum Alpha" in editor_page
    assert "Bezirkskoordination für" in coordinator_page and "Neukölln" in coordinator_page


def test_restoring_a_centre_says_what_it_restores(client, team, centre_a):
    client.force_login(team)
    version = centre_a.history.first()

    page = client.get(
        reverse("admin:centres_centre_simple_history", args=[centre_a.pk, version.history_id])
    )

    assert (
        "Standorte mit ihren Öffnungszeiten" in page.text
        and "bleiben, wie sie jetzt sind" in page.text
    )
