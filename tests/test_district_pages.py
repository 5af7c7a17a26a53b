"""The Bezirk page lists its centres and partner organisations in pages: a Bezirk of a large
city has hundreds of each (issue 12)."""

import pytest
from django.test import override_settings

URL = "/bezirke/neukoelln/"


@pytest.fixture
def three_centres(make_centre, make_organisation, make_partnership):
    centres = [make_centre("neukoelln", name=f"Haus {letter}") for letter in "ABC"]
    for letter, centre in zip("XYZ", centres, strict=True):
        make_partnership(centre, make_organisation(name=f"Partner {letter}"))
    return centres


@override_settings(CENTRES_PER_PAGE=2)
def test_the_bezirk_page_shows_its_centres_in_pages(client, three_centres):
    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert [name in first.text for name in ("Haus A", "Haus B", "Haus C")] == [True, True, False]
    assert [name in second.text for name in ("Haus A", "Haus B", "Haus C")] == [False, False, True]
    assert "Seite 1 von 2" in first.text
    assert "3 Stadtteilzentren" in second.text  # the total, not the page's


@override_settings(PARTNERS_PER_PAGE=2)
def test_the_bezirk_page_shows_its_partners_in_pages(client, three_centres):
    first = client.get(URL)
    second = client.get(URL, {"partner_page": 2})

    assert [name in first.text for name in ("Partner X", "Partner Y", "Partner Z")] == [
        True,
        True,
        False,
    ]
    assert "Partner Z" in second.text and "Partner X" not in second.text
    assert "?partner_page=2#partners-heading" in first.text


@override_settings(CENTRES_PER_PAGE=2)
@pytest.mark.parametrize("page", ["abc", "99", "-1", ""])
def test_a_page_of_the_bezirk_that_does_not_exist_shows_the_nearest(client, three_centres, page):
    response = client.get(URL, {"page": page, "partner_page": page})

    assert response.status_code == 200
    assert "Haus" in response.text
