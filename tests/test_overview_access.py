"""Who may see the overview: everyone by default; with OVERVIEW_REQUIRES_LOGIN only funders."""

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings

from centres.staff import roles
from tests.overview_dataset import build_small_berlin

OVERVIEW_URLS = [
    "/uebersicht/",
    "/uebersicht/export.csv",
    "/uebersicht/export.xlsx",
    "/uebersicht/bericht/",
    "/uebersicht/altstadt/",
    "/uebersicht/altstadt/export.csv",
    "/uebersicht/altstadt/export.xlsx",
]


@pytest.fixture
def small_berlin(db):
    return build_small_berlin()


@pytest.fixture
def staff_client(client, make_staff):
    """A logged-in staff member in no group, so without the funders' permission.

    Not the `editor` persona: that one edits a centre in the real Bezirke, which cannot be
    loaded beside the small Berlin of these tests.
    """
    client.force_login(make_staff("ohne-gruppe"))
    return client


@pytest.fixture
def funder_client(client, funder):
    """The funder persona (a member of the group the data migration created), logged in."""
    client.force_login(funder)
    return client


@pytest.mark.parametrize("url", OVERVIEW_URLS)
def test_overview_and_exports_are_public_by_default(resident, small_berlin, url):
    assert resident.get(url).status_code == 200


@override_settings(OVERVIEW_REQUIRES_LOGIN=True)
@pytest.mark.parametrize("url", OVERVIEW_URLS)
def test_when_restricted_anonymous_visitors_are_sent_to_the_login_page(resident, small_berlin, url):
    response = resident.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


@override_settings(OVERVIEW_REQUIRES_LOGIN=True)
@pytest.mark.parametrize("url", OVERVIEW_URLS)
def test_when_restricted_users_without_the_funders_permission_get_403(
    staff_client, small_berlin, url
):
    assert staff_client.get(url).status_code == 403


@override_settings(OVERVIEW_REQUIRES_LOGIN=True)
@pytest.mark.parametrize("url", OVERVIEW_URLS)
def test_when_restricted_members_of_the_funders_group_see_everything(
    funder_client, small_berlin, url
):
    assert funder_client.get(url).status_code == 200


@override_settings(OVERVIEW_REQUIRES_LOGIN=True)
def test_when_restricted_the_login_redirect_keeps_the_sort_order(resident, small_berlin):
    response = resident.get("/uebersicht/?sort=-centres")

    assert response["Location"] == "/admin/login/?next=/uebersicht/%3Fsort%3D-centres"


def test_the_funders_group_carries_only_the_overview_permission(db):
    group = Group.objects.get(name=roles.FUNDER)

    assert [permission.codename for permission in group.permissions.all()] == ["view_overview"]
    assert group.permissions.get().name == "Kann die Förderübersicht sehen"
