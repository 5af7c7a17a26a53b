"""`manage.py refresh_public`: the daily job that stores which offerings are public.

Run it once a day shortly after midnight (Berlin), e.g. from cron or a Kubernetes CronJob:
    5 0 * * *  python manage.py refresh_public
Idempotent: a second run changes nothing. docs/performance.md explains why.
"""

from django.core.management.base import BaseCommand

from centres.services.public import public_refresh


class Command(BaseCommand):
    help = "Stores which offerings are public today (is_public, public_until); run daily."

    def handle(self, *args, **options) -> None:
        changed = public_refresh()
        self.stdout.write(f"{changed} offering(s) changed.")
