"""Draft → published → archived, review dates, expired offerings and safe deletion."""

import datetime

from django import forms
from django.urls import reverse
from django.utils import timezone

from centres.models import Centre, Offering, Status

CHANGELIST = reverse("admin:centres_centre_changelist")
OFFERINGS = reverse("admin:centres_offering_changelist")


def _action(client, url, action, objects, **extra):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], **extra}
    return client.post(url, data)


def test_coordinator_publishes_after_a_confirmation_page(client, coordinator, centre_a):
    Centre.objects.filter(pk=centre_a.pk).update(status=Status.DRAFT)
    client.force_login(coordinator)
    response = _action(client, CHANGELIST, "publish", [centre_a])
    assert response.status_code == 200
    assert "Zentrum Alpha" in response.text
    centre_a.refresh_from_db()
    assert centre_a.status == Status.DRAFT  # nothing happens before the confirmation
    response = _action(client, CHANGELIST, "publish", [centre_a], post="yes")
    assert response.status_code == 302
    centre_a.refresh_from_db()
    assert centre_a.status == Status.PUBLISHED
    assert centre_a.updated_by == coordinator


def test_coordinator_archives_an_offering(client, coordinator, centre_a):
    offering = centre_a.offerings.get()
    client.force_login(coordinator)
    _action(client, OFFERINGS, "archive", [offering], post="yes")
    offering.refresh_from_db()
    assert offering.status == Status.ARCHIVED


def test_editor_cannot_see_or_run_publish_and_archive(client, editor, centre_a):
    Centre.objects.filter(pk=centre_a.pk).update(status=Status.DRAFT)
    client.force_login(editor)
    response = client.get(CHANGELIST)
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert "publish" not in actions and "archive" not in actions
    assert "reset_to_draft" in actions and "mark_reviewed" in actions
    _action(client, CHANGELIST, "publish", [centre_a], post="yes")
    centre_a.refresh_from_db()
    assert centre_a.status == Status.DRAFT


def test_editors_change_keeps_the_listing_published(client, editor, centre_a):
    client.force_login(editor)
    url = reverse("admin:centres_centre_change", args=[centre_a.pk])
    form = client.get(url).context["adminform"].form
    assert "status" not in form.fields  # read-only for editors
    data = _form_data(client, url)
    data["description"] = "Neu beschrieben"
    data["status"] = Status.DRAFT  # ignored: not a field for editors
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    centre_a.refresh_from_db()
    assert centre_a.description == "Neu beschrieben"
    assert centre_a.status == Status.PUBLISHED
    assert centre_a.updated_by == editor
    assert "Neu beschrieben" in client.get(centre_a.get_absolute_url()).text


def test_mark_reviewed_records_date_and_reviewer(client, editor, centre_a):
    client.force_login(editor)
    _action(client, CHANGELIST, "mark_reviewed", [centre_a], post="yes")
    centre_a.refresh_from_db()
    assert centre_a.last_reviewed == timezone.localdate()
    assert centre_a.reviewed_by == editor


def test_review_overdue_filter_and_public_note(client, team, make_centre):
    old = make_centre(name="Lange nicht geprüft", last_reviewed=datetime.date(2020, 1, 1))
    fresh = make_centre(name="Frisch geprüft", last_reviewed=timezone.localdate())
    client.force_login(team)
    response = client.get(CHANGELIST, {"pruefung": "ueberfaellig"})
    assert old.name in response.text and fresh.name not in response.text
    response = client.get(CHANGELIST, {"pruefung": "aktuell"})
    assert fresh.name in response.text and old.name not in response.text
    page = client.get(old.get_absolute_url()).text
    assert "Angaben zuletzt geprüft am 1. Januar 2020" in page
    assert "länger als ein Jahr" in page
    assert "länger als ein Jahr" not in client.get(fresh.get_absolute_url()).text


def test_expired_offerings_show_as_expired(client, team, centre_a, make_offering, in_days):
    over = make_offering(centre_a, title="Vorbei", starts_at=in_days(-3), ends_at=in_days(-3, 20))
    client.force_login(team)
    response = client.get(OFFERINGS, {"abgelaufen": "ja"})
    assert "Vorbei" in response.text and "Alpha-Yoga" not in response.text
    assert over.is_expired
    assert not Offering.objects.published().filter(pk=over.pk).exists()
    assert "Vorbei" not in client.get(centre_a.get_absolute_url()).text


def test_deleting_a_centre_with_offerings_archives_by_default(client, team, centre_a):
    client.force_login(team)
    url = reverse("admin:centres_centre_delete", args=[centre_a.pk])
    page = client.get(url)
    assert "Stattdessen archivieren" in page.text
    # Without the explicit checkbox nothing is deleted.
    response = client.post(url, {"post": "yes", "_delete": "1"})
    assert response.status_code == 200
    assert Centre.objects.filter(pk=centre_a.pk).exists()
    response = client.post(url, {"_archive": "1"})
    assert response.status_code == 302
    centre_a.refresh_from_db()
    assert centre_a.status == Status.ARCHIVED
    assert centre_a.offerings.count() == 1
    response = client.post(url, {"post": "yes", "_delete": "1", "confirm_offerings": "1"})
    assert response.status_code == 302
    assert not Centre.objects.filter(pk=centre_a.pk).exists()


def test_bulk_delete_asks_for_centres_with_offerings(client, team, centre_a, make_centre):
    empty = make_centre(name="Leeres Zentrum")
    client.force_login(team)
    response = _action(client, CHANGELIST, "delete_selected", [centre_a, empty], post="yes")
    assert response.status_code == 200
    assert "Stattdessen archivieren" in response.text
    assert Centre.objects.filter(pk=centre_a.pk).exists()
    _action(client, CHANGELIST, "delete_selected", [centre_a, empty], _archive="1")
    assert set(
        Centre.objects.filter(pk__in=[centre_a.pk, empty.pk]).values_list("status", flat=True)
    ) == {Status.ARCHIVED}
    _action(
        client,
        CHANGELIST,
        "delete_selected",
        [centre_a, empty],
        post="yes",
        _delete="1",
        confirm_offerings="1",
    )
    assert not Centre.objects.filter(pk__in=[centre_a.pk, empty.pk]).exists()


def _form_data(client, url) -> dict:
    """The change form's current values as a browser would post them (incl. inlines)."""
    response = client.get(url)
    data = {}
    for form in [response.context["adminform"].form] + [
        form
        for formset in response.context.get("inline_admin_formsets", [])
        for form in formset.formset.forms
    ]:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None or isinstance(field, forms.FileField):
                continue
            key = form.add_prefix(name)
            if isinstance(value, (list, tuple)) or hasattr(value, "all"):
                data[key] = [
                    getattr(v, "pk", v) for v in (value.all() if hasattr(value, "all") else value)
                ]
            elif hasattr(value, "pk"):
                data[key] = value.pk
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            else:
                data[key] = value
    for formset in response.context.get("inline_admin_formsets", []):
        for key, value in formset.formset.management_form.initial.items():
            data[f"{formset.formset.prefix}-{key}"] = value
    return data
