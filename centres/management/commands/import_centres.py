import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from centres.staff.imports import centres_import, import_dataset_read


class Command(BaseCommand):
    help = (
        "Importiert Stadtteilzentren oder Angebote aus einer CSV- oder XLSX-Datei (Spalten: "
        "docs/staff.md). Alle Zeilen oder keine: bei einem Fehler wird nichts gespeichert. "
        "Ein erneuter Import derselben Datei ändert nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Pfad zu einer .csv- oder .xlsx-Datei")
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur prüfen und zusammenfassen, nichts speichern"
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"Datei nicht gefunden: {file}")
        try:
            dataset = import_dataset_read(path=file)
        except ValueError as error:
            raise CommandError(str(error)) from error
        total = len(dataset)
        summary = centres_import(
            dataset=dataset, dry_run=dry_run, progress=self.progress_bar(total)
        )
        self.stdout.write("")
        self.stdout.write(
            f"{total} Zeilen: {summary.new} neu, {summary.updated} geändert, "
            f"{summary.unchanged} unverändert, {len(summary.errors)} Fehler."
        )
        if not summary.ok:
            for message in summary.errors:
                self.stderr.write(message)
            raise CommandError("Nichts gespeichert: die Datei enthält Fehler.")
        if dry_run:
            self.stdout.write("Probelauf: nichts gespeichert.")
        else:
            self.stdout.write(self.style.SUCCESS("Import gespeichert."))

    def progress_bar(self, total: int, width: int = 30):
        # Redraws one line on a terminal; writes nothing in between elsewhere (logs, tests).
        interactive = hasattr(self.stdout, "isatty") and self.stdout.isatty()

        def show(row_number: int) -> None:
            if not interactive and row_number != total:
                return
            done = int(width * row_number / max(total, 1))
            self.stdout.write(
                f"\r[{'#' * done}{'.' * (width - done)}] {row_number}/{total}", ending=""
            )
            (self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout).flush()

        return show
