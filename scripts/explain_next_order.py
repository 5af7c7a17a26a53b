"""The plan of `/angebote/` page 1 by next occurrence, stored against computed (docs/performance.md).

    DATABASE_URL=postgres://… python scripts/explain_next_order.py [--computed] [--refresh]

Prints `EXPLAIN (ANALYZE, BUFFERS)` of the list's page-1 query (the view's queryset, first
`OFFERINGS_PER_PAGE` rows): by the stored order (`by_next_occurrence()`, the partial index
`centres_offering_pub_next`) or, with `--computed`, by the order computed per row as before
(`by_computed_next_occurrence()`). With `--refresh`, also times the daily refresh
(`public_refresh()`) and the catch-up of every few minutes (`order_catch_up()`), each run twice
(the second finds nothing to change). Needs PostgreSQL and a loaded database
(`manage.py load_demo_data --centres 1000`, then `ANALYZE`).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stadtteilzentren.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from centres.models import Offering  # noqa: E402
from centres.services.public import order_catch_up, public_refresh  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--computed", action="store_true", help="the order computed per row")
    parser.add_argument("--refresh", action="store_true", help="time the refreshes too")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("EXPLAIN (ANALYZE, BUFFERS) needs PostgreSQL: set DATABASE_URL.")
    print(
        f"{Offering.objects.count():,} offerings, {Offering.objects.published().count():,} public"
    )
    listed = Offering.objects.published().for_list()
    if args.computed:  # the query as it was: without the new columns (runs before migrating)
        ordered = listed.defer("is_demo", "next_key").by_computed_next_occurrence()
    else:
        ordered = listed.by_next_occurrence()
    print(ordered[: settings.OFFERINGS_PER_PAGE].explain(analyze=True, buffers=True))
    if args.refresh:
        for name, refresh in (
            ("public_refresh()", public_refresh),
            ("order_catch_up()", order_catch_up),
        ):
            for run in (1, 2):
                started = time.perf_counter()
                changed = refresh()
                elapsed = time.perf_counter() - started
                print(f"{name} run {run}: {changed:,} changed in {elapsed * 1000:,.0f} ms")


if __name__ == "__main__":
    main()
