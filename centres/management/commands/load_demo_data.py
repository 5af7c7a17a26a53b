from django.core.management.base import BaseCommand, CommandError

from centres.services.demo_data import demo_data_create


class Command(BaseCommand):
    help = (
        "Replace the demo data with N clearly fictional demo centres (named 'Demo-…', flagged as "
        "demo) with offerings, opening hours and partners. Real centres are never touched. "
        "The same --seed gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--centres", type=int, default=36, help="number of demo centres")
        parser.add_argument("--offerings", type=int, default=12, help="offerings per demo centre")
        parser.add_argument("--seed", type=int, default=1, help="random seed")

    def handle(self, *args, centres, offerings, seed, **options):
        if centres < 0 or offerings < 0:
            raise CommandError("--centres and --offerings must not be negative.")
        report = demo_data_create(centres=centres, offerings_per_centre=offerings, seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo-Daten: {report.centres} Zentren, {report.offerings} Angebote, "
                f"{report.organisations} Organisationen "
                f"(ersetzt: {report.removed_centres} Zentren)."
            )
        )
