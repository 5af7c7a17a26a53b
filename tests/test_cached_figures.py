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


def statements_of(client, url: str) -> str:
    """The SQL of the queries a request makes, one statement per line."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return "\n".join(query["sql"] for query in queries.captured_queries)


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


def test_a_bezirk_page_counts_its_kinds_and_empty_ortsteile_once_per_data_version(
    client, make_centre, make_offering
):
    centre = make_centre("mitte")
    make_offering(centre, kind="kurs")
    kinds = "\"kind\" = 'kurs')"  # the kind counts' FILTER (WHERE "kind" = 'kurs')
    ortsteile = 'FROM "centres_ortsteil"'
    first = statements_of(client, "/bezirke/mitte/")
    assert kinds in first and ortsteile in first
    # Another address of the same Bezirk page (its partners' first page asked for by number):
    # rendered, the kinds per Bezirk and the Ortsteile without a centre read, not counted.
    second = statements_of(client, "/bezirke/mitte/?partner_page=1")
    assert kinds not in second and ortsteile not in second
    assert ">Kurs</a>: 1<" in client.get("/bezirke/mitte/?partner_page=1").text

    make_offering(centre, kind="sport")
    third, _ = queries_of(client, "/bezirke/mitte/")
    assert ">Kurs</a>: 1<" in third and ">Sportgruppe</a>: 1<" in third


def test_the_overview_pages_and_exports_compute_their_figures_once(client, make_centre):
    make_centre("mitte", name="Haus Mitte")
    _, overview_queries = queries_of(client, "/uebersicht/")
    # Another sort order and the export: rendered, but from the same figures.
    _, sorted_queries = queries_of(client, "/uebersicht/?sort=-centres")
    _, export_queries = queries_of(client, "/uebersicht/export.csv")

    assert sorted_queries < overview_queries
    assert export_queries <= sorted_queries


def test_a_change_reaches_the_overview_and_its_export_at_once(client, make_centre):
    make_centre("mitte", name="Haus Mitte")
    assert "Haus Neu" not in client.get("/uebersicht/mitte/").text
    client.get("/uebersicht/mitte/export.csv")

    make_centre("mitte", name="Haus Neu")

    assert "Haus Neu" in client.get("/uebersicht/mitte/").text
    assert "Haus Neu" in client.get("/uebersicht/mitte/export.csv").content.decode()


def test_the_printed_report_is_rendered_once_per_data_version(client, make_centre):
    from django.core.cache import cache

    from centres import pagecache

    make_centre("mitte", name="Haus Mitte")
    first = client.get("/uebersicht/bericht/")
    # The page cache forgets its pages (a new clock slot, say); the report itself is kept.
    for key in list(cache._cache):
        if ":page:" in key:
            del cache._cache[key]
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/uebersicht/bericht/")

    assert again.content == first.content
    assert len(queries) == 0
    pagecache.data_version_bump()
    assert client.get("/uebersicht/bericht/").content == first.content


def test_the_overview_bezirk_page_lists_its_centres_in_pages(client, make_centre):
    for number in range(55):
        make_centre("mitte", name=f"Haus {number:02d}")

    first = client.get("/uebersicht/mitte/").text
    second = client.get("/uebersicht/mitte/?page=2&sort=name").text
    export = client.get("/uebersicht/mitte/export.csv").content.decode()

    assert "Haus 00" in first and "Haus 54" not in first
    assert "Seite 1 von 2" in first
    assert "Haus 54" in second and "Haus 00" not in second
    assert all(f"Haus {number:02d}" in export for number in range(55))
    assert client.get("/uebersicht/mitte/?page=99").status_code == 200
