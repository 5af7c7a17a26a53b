from django.core.management.base import BaseCommand

from centres.services.reference_data import reference_data_load


class Command(BaseCommand):
    help = (
        "Load the real reference data from fixtures/ (12 Bezirke, 97 Ortsteile, target groups, "
        "languages, known Stadtteilzentren). Safe to re-run: existing rows are left unchanged."
    )

    def handle(self, *args, **options):
        report = reference_data_load()
        self.stdout.write(self.style.SUCCESS(f"Referenzdaten geladen ({report})."))
