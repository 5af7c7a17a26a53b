"""The admin's "view on site" link (/admin/r/<content type>/<id>/) answers within scope only."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from centres.models import Centre, Offering, Status


def view_on_site_url(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


def test_the_url_is_the_admins_own(centre_a):
    assert view_on_site_url(centre_a).startswith("/admin/r/")


def test_an_editor_is_sent_to_their_own_centres_page(client, editor, centre_a):
    client.force_login(editor)

    response = client.get(view_on_site_url(centre_a))

    assert response.status_code == 302
    assert response.url.endswith(centre_a.get_absolute_url())


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.DRAFT, Status.ARCHIVED])
def test_an_editor_learns_nothing_about_another_centre(client, editor, centre_b, status):
    Centre.objects.filter(pk=centre_b.pk).update(status=status, slug="geheimer-entwurf")
    client.force_login(editor)

    response = client.get(view_on_site_url(centre_b))

    assert response.status_code == 404
    assert "geheimer-entwurf" not in response.text


def test_an_editor_learns_nothing_about_another_centres_offering(client, editor, centre_b):
    client.force_login(editor)

    response = client.get(view_on_site_url(Offering.objects.get(centre=centre_b)))

    assert response.status_code == 404


def test_walking_ids_and_content_types_gives_404s(client, editor, centre_a):
    client.force_login(editor)
    centre_type = ContentType.objects.get_for_model(Centre).pk

    assert client.get(f"/admin/r/{centre_type}/999999/").status_code == 404
    assert client.get("/admin/r/999999/1/").status_code == 404
    permission_type = ContentType.objects.get(app_label="auth", model="permission").pk
    assert client.get(f"/admin/r/{permission_type}/1/").status_code == 404


def test_the_directory_team_may_view_any_centre(client, team, centre_b):
    client.force_login(team)

    response = client.get(view_on_site_url(centre_b))

    assert response.status_code == 302
    assert response.url.endswith(centre_b.get_absolute_url())


def test_visitors_are_sent_to_the_login(client, centre_a):
    response = client.get(view_on_site_url(centre_a))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
