from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from centres.services.reference_data import reference_data_load


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy translation
        return _(
            "Lädt die echten Referenzdaten aus fixtures/ (12 Bezirke, 97 Ortsteile, Zielgruppen, "
            "Sprachen, bekannte Stadtteilzentren). Kann gefahrlos wiederholt werden: Vorhandenes "
            "bleibt unverändert."
        )

    def handle(self, *args, **options) -> None:
        report = reference_data_load()
        self.stdout.write(
            self.style.SUCCESS(_("Referenzdaten geladen (%(report)s).") % {"report": report})
        )
