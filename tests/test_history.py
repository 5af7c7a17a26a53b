"""Every change is kept with who made it, and an earlier version can be restored."""

from django.urls import reverse

from centres.models import Centre, Status
from tests.test_admin_workflow import _form_data


def test_history_shows_editors_change_and_coordinators_publish_and_restores(
    client, editor, coordinator, centre_a
):
    Centre.objects.filter(pk=centre_a.pk).update(status=Status.DRAFT)
    change_url = reverse("admin:centres_centre_change", args=[centre_a.pk])
    original_description = centre_a.description

    client.force_login(editor)
    data = _form_data(client, change_url)
    data["description"] = "Mit Mittagstisch am Dienstag"
    assert client.post(change_url, data).status_code == 302

    client.force_login(coordinator)
    changelist = reverse("admin:centres_centre_changelist")
    client.post(changelist, {"action": "publish", "_selected_action": [centre_a.pk], "post": "yes"})

    history = centre_a.history.all()  # newest first
    assert [record.history_user for record in history[:2]] == [coordinator, editor]
    assert history[0].status == Status.PUBLISHED
    assert history[1].description == "Mit Mittagstisch am Dienstag"

    page = client.get(reverse("admin:centres_centre_history", args=[centre_a.pk])).text
    assert "alice" in page and "carla" in page
    assert (
        "Mit Mittagstisch am Dienstag" in page
    )  # the change itself, not only that something changed

    # The coordinator restores the version from before the editor's change.
    before = centre_a.history.filter(description=original_description).earliest()
    revert_url = reverse(
        "admin:centres_centre_simple_history", args=[centre_a.pk, before.history_id]
    )
    assert client.get(revert_url).status_code == 200
    data = _form_data(client, revert_url)
    assert client.post(revert_url, data).status_code == 302
    centre_a.refresh_from_db()
    assert centre_a.description == original_description
    assert centre_a.history.latest().history_user == coordinator


def test_offering_and_opening_hours_changes_are_kept(client, editor, centre_a):
    offering = centre_a.offerings.get()
    client.force_login(editor)
    url = reverse("admin:centres_offering_change", args=[offering.pk])
    data = _form_data(client, url)
    data["title"] = "Alpha-Yoga am Abend"
    assert client.post(url, data).status_code == 302
    assert offering.history.latest().history_user == editor
    time = offering.times.get()
    assert time.history.count() >= 1


def test_editor_restoring_an_old_version_keeps_status_and_bezirk(client, editor, centre_a):
    Centre.objects.filter(pk=centre_a.pk).update(status=Status.DRAFT)
    centre_a.refresh_from_db()
    centre_a.description = "Text aus der Entwurfszeit"
    centre_a.save()  # a draft-era version
    centre_a.status = Status.PUBLISHED
    centre_a.description = "Veröffentlichter Text"
    centre_a.save()
    draft_version = centre_a.history.get(description="Text aus der Entwurfszeit")

    client.force_login(editor)
    url = reverse(
        "admin:centres_centre_simple_history", args=[centre_a.pk, draft_version.history_id]
    )
    assert client.post(url, _form_data(client, url)).status_code == 302
    centre_a.refresh_from_db()
    assert centre_a.description == "Text aus der Entwurfszeit"
    assert centre_a.status == Status.PUBLISHED  # the editor may not change the status


def test_demo_data_starts_with_a_version_and_leaves_no_history_behind(geography):
    from centres.services.demo_data import demo_data_create

    demo_data_create(centres=3, offerings_per_centre=2, seed=1)
    demo = Centre.objects.filter(is_demo=True)
    assert Centre.history.filter(id__in=demo.values("pk")).count() == 3
    old_ids = list(demo.values_list("pk", flat=True))
    demo_data_create(centres=3, offerings_per_centre=2, seed=1)
    assert not Centre.history.filter(id__in=old_ids).exists()
    assert Centre.history.filter(is_demo=True).count() == 3


def test_a_sites_change_is_kept_with_who_made_it(client, editor, centre_a):
    change_url = reverse("admin:centres_centre_change", args=[centre_a.pk])
    client.force_login(editor)
    data = _form_data(client, change_url)
    data["sites-0-phone"] = "030 7777777"

    assert client.post(change_url, data).status_code == 302

    latest = centre_a.main_site.history.latest()
    assert (latest.phone, latest.history_user) == ("030 7777777", editor)
