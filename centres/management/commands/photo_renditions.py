from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from centres.services.photos import photo_renditions_refresh


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Erzeugt für alle gespeicherten Fotos der Zentren die kleineren Fassungen "
            "(480 und 960 px) und trägt ihre Größe ein. Kann beliebig oft laufen."
        )

    def handle(self, *args, **options):
        done = photo_renditions_refresh()
        self.stdout.write(_("%(count)d Fotos bearbeitet.") % {"count": done})
