"""`manage.py refresh_public`: the daily job that stores which offerings are public and when
they take place next; with `--order`, the job of every few minutes that keeps the order of the
lists by next occurrence exact.

Run it once a day shortly after midnight (Berlin), and with `--order` every five minutes (the
page cache's clock slot, `PAGE_CACHE_CLOCK_MINUTES`), e.g. from cron or Kubernetes CronJobs:
    5 0 * * *    python manage.py refresh_public
    */5 * * * *  python manage.py refresh_public --order
Idempotent: a second run changes nothing. docs/performance.md and docs/hours.md explain why.
"""

from django.core.management.base import BaseCommand

from centres.services.public import order_catch_up, public_refresh


class Command(BaseCommand):
    help = (
        "Stores which offerings are public today and when they take place next (run daily); "
        "with --order, only the next occurrences that have begun (run every few minutes)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--order",
            action="store_true",
            help="Only move the stored next occurrences that have ended (cheap, no data version).",
        )

    def handle(self, *args, **options) -> None:
        if options["order"]:
            moved = order_catch_up()
            self.stdout.write(f"{moved} next occurrence(s) moved.")
            return
        changed = public_refresh()
        self.stdout.write(f"{changed} offering(s) changed.")
