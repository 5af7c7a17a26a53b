"""Every public page renders in a fixed number of queries, whether there are 3 or 300 centres."""

import pytest

from centres.services.demo_data import demo_data_remove
from tests.datasets import budget_dataset
from tests.pages import OVERVIEW_PAGES, PAGES, measure_pages

# The budget per page; docs/performance.md lists the measured counts. A centre card reads its
# main site's hours and exceptions ("heute geöffnet bis 18:00"): two prefetches (docs/hours.md).
MAX_QUERIES = 14
# A Bezirk page also draws its centres' partner network: two GROUP BY queries (docs/network.md).
BEZIRK_QUERIES = 16


@pytest.mark.django_db
def test_every_page_takes_the_same_number_of_queries_with_3_and_300_centres(client):
    budget_dataset(centres=3)
    small = measure_pages(client)
    demo_data_remove()
    budget_dataset(centres=300)
    large = measure_pages(client)

    assert [m.page for m in small] == list(PAGES)
    for few, many in zip(small, large, strict=True):
        assert few.status == many.status == 200, few.url
        assert few.queries == many.queries, f"{few.page}: {few.queries} vs {many.queries}"
        budget = BEZIRK_QUERIES if many.page.startswith("bezirk") else MAX_QUERIES
        assert many.queries <= budget, f"{many.page} takes {many.queries} queries"


@pytest.mark.django_db
def test_the_overview_and_its_exports_take_the_same_number_of_queries_with_3_and_300_centres(
    client,
):
    budget_dataset(centres=3)
    small = measure_pages(client, OVERVIEW_PAGES)
    demo_data_remove()
    budget_dataset(centres=300)
    large = measure_pages(client, OVERVIEW_PAGES)

    assert [m.page for m in small] == list(OVERVIEW_PAGES)
    for few, many in zip(small, large, strict=True):
        assert few.status == many.status == 200, few.url
        assert few.queries == many.queries, f"{few.page}: {few.queries} vs {many.queries}"
