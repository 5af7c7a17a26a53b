"""`manage.py inbox_purge`: the daily job that deletes residents' messages closed long ago.

A message's contact goes when it is closed (`message_close`); the message itself goes
`INBOX_RETENTION_DAYS` (default 90) days later, as the privacy page says. Run it once a day,
e.g. from cron or the Kubernetes CronJob in deploy/kubernetes/cronjob.yaml:
    35 0 * * *  python manage.py inbox_purge
Idempotent: a second run deletes nothing more.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from centres.services.inbox import inbox_purge


class Command(BaseCommand):
    help = (
        "Löscht Meldungen aus der Nachbarschaft, die vor mehr als INBOX_RETENTION_DAYS Tagen "
        "erledigt oder abgelehnt wurden; offene bleiben. Täglich ausführen."
    )

    def handle(self, *args, **options) -> None:
        deleted = inbox_purge()
        self.stdout.write(
            f"{deleted} Meldung(en) gelöscht, abgeschlossen vor mehr als "
            f"{settings.INBOX_RETENTION_DAYS} Tagen."
        )
