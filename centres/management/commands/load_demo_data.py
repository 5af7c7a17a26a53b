from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from centres.services.demo_data import demo_data_create


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy translation
        return _(
            "Ersetzt die Demo-Daten durch N deutlich erfundene Demo-Zentren (Name „Demo-…“, als "
            "Demo markiert) mit Angeboten, Öffnungszeiten und Partnern. Echte Zentren bleiben "
            "unberührt. Derselbe --seed ergibt dieselben Daten."
        )

    def add_arguments(self, parser):
        parser.add_argument("--centres", type=int, default=36, help=_("Anzahl der Demo-Zentren"))
        parser.add_argument(
            "--offerings",
            type=int,
            default=12,
            help=_("Angebote je Demo-Zentrum"),
        )
        parser.add_argument(
            "--seed", type=int, default=1, help=_("Startwert des Zufallsgenerators")
        )

    def handle(self, *args, centres: int, offerings: int, seed: int, **options) -> None:
        if centres < 0 or offerings < 0:
            raise CommandError(_("--centres und --offerings dürfen nicht negativ sein."))
        report = demo_data_create(centres=centres, offerings_per_centre=offerings, seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo-Daten: %(centres)d Zentren, %(offerings)d Angebote, "
                    "%(organisations)d Organisationen (ersetzt: %(removed)d Zentren)."
                )
                % {
                    "centres": report.centres,
                    "offerings": report.offerings,
                    "organisations": report.organisations,
                    "removed": report.removed_centres,
                }
            )
        )
