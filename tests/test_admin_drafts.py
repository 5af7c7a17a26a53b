"""Saving a draft says what happens next; its editors preview it, the public gets a 404."""

from django.urls import reverse

from centres.models import Offering, Status
from centres.preview import preview_url
from tests.test_admin_messages import _offering_data


def test_a_new_offering_saved_as_draft_says_who_publishes_it(client, editor, coordinator, centre_a):
    client.force_login(editor)

    response = client.post(
        reverse("admin:centres_offering_add"),
        _offering_data(centre_a, times=[("3", "16", "18")]),
        follow=True,
    )

    assert (
        "Gespeichert als Entwurf. Sichtbar, sobald die Bezirkskoordination es veröffentlicht (carla)"
        in response.text
    )
    assert "Vorschau ansehen" in response.text
    assert Offering.objects.get(slug="sprachcafe-test").status == Status.DRAFT


def test_view_on_site_of_a_draft_leads_to_a_preview_its_editor_can_open(
    client, editor, centre_a, make_offering
):
    draft = make_offering(centre_a, title="Entwurf Nähcafé", status=Status.DRAFT)
    client.force_login(editor)

    change = client.get(reverse("admin:centres_offering_change", args=[draft.pk]))
    link = change.context["absolute_url"]
    preview = client.get(link)

    assert f'href="{link}' in change.text.replace("&amp;", "&")

    assert preview.status_code == 200
    assert "Entwurf Nähcafé" in preview.text
    assert "Vorschau für die Redaktion" in preview.text


def test_a_draft_centre_previews_with_its_draft_offerings(client, editor, centre_a, make_offering):
    Offering.objects.filter(centre=centre_a).update(status=Status.DRAFT)
    centre_a.status = Status.DRAFT
    centre_a.save()
    client.force_login(editor)

    page = client.get(preview_url(centre_a))

    assert page.status_code == 200
    assert "Vorschau für die Redaktion" in page.text and "Alpha-Yoga" in page.text


def test_the_public_and_a_bad_token_get_a_404(client, editor, centre_a, make_offering):
    draft = make_offering(centre_a, title="Geheim", status=Status.DRAFT)
    url = preview_url(draft)

    assert client.get(url).status_code == 404  # not logged in
    client.force_login(editor)
    assert client.get(draft.get_absolute_url()).status_code == 404  # no token
    assert client.get(url.replace("vorschau=", "vorschau=x")).status_code == 404
    assert (
        client.get(
            preview_url(centre_a).replace(centre_a.get_absolute_url(), draft.get_absolute_url())
        ).status_code
        == 404
    )


def test_a_published_page_has_no_preview_notice(client, editor, centre_a):
    client.force_login(editor)

    assert "Vorschau für die Redaktion" not in client.get(centre_a.get_absolute_url()).text


def test_a_new_offerings_slug_is_spelled_the_german_way(client, editor, centre_a, make_offering):
    make_offering(centre_a, title="Schon da", slug="naehcafe-fuer-alle")
    client.force_login(editor)
    data = _offering_data(centre_a, times=[("3", "16", "18")])
    data.update({"title": "Nähcafé für alle", "slug": "nahcafe-fur-alle"})  # the admin's prefill

    client.post(reverse("admin:centres_offering_add"), data)
    data.update({"title": "Straßenfest", "slug": "mein-eigener-kurzname"})
    client.post(reverse("admin:centres_offering_add"), data)

    assert Offering.objects.filter(slug="naehcafe-fuer-alle-2", title="Nähcafé für alle").exists()
    assert Offering.objects.filter(slug="mein-eigener-kurzname").exists()  # typed: kept
