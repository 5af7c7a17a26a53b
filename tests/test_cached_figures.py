"""Counts and figures computed once per data version (`pagecache.versioned`, docs/caching.md):
a cache miss of a page reads them instead of counting again, and a write shows at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from centres.models import Status


def queries_of(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.text, len(queries)


def test_the_start_page_counts_every_bezirk_once_per_data_version(
    client, make_centre, make_offering
):
    centre = make_centre("pankow", name="Haus am Teich")
    make_offering(centre)
    first, first_queries = queries_of(client, "/")
    # Another address of the same start page (English): rendered, the counts read.
    second, second_queries = queries_of(client, "/en/")
    assert second_queries < first_queries

    make_offering(make_centre("pankow"))
    third, _ = queries_of(client, "/")
    assert "2 Zentren" in third and "2 Angebote" in third


def test_a_draft_centre_leaves_the_bezirk_counts_at_once(client, make_centre):
    centre = make_centre("mitte")
    assert "1 Stadtteilzentrum mit 0 Angeboten" in client.get("/bezirke/mitte/").text

    centre.status = Status.DRAFT
    centre.save()

    assert "0 Stadtteilzentren mit 0 Angeboten" in client.get("/bezirke/mitte/").text
