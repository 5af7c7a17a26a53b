import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from centres.staff.imports import centres_import, import_dataset_read


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # Translated when the parser is built: argparse cannot format a lazy string.
        return _(
            "Importiert Stadtteilzentren oder Angebote aus einer CSV- oder XLSX-Datei (Spalten: "
            "docs/staff.md). Alle Zeilen oder keine: bei einem Fehler wird nichts gespeichert. "
            "Ein erneuter Import derselben Datei ändert nichts."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("Pfad zu einer .csv- oder .xlsx-Datei"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Nur prüfen und zusammenfassen, nichts speichern"),
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(_("Datei nicht gefunden: %(file)s") % {"file": file})
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
            _(
                "%(total)d Zeilen: %(new)d neu, %(updated)d geändert, "
                "%(unchanged)d unverändert, %(errors)d Fehler."
            )
            % {
                "total": total,
                "new": summary.new,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "errors": len(summary.errors),
            }
        )
        if not summary.ok:
            for message in summary.errors:
                self.stderr.write(message)
            raise CommandError(_("Nichts gespeichert: die Datei enthält Fehler."))
        if dry_run:
            self.stdout.write(_("Probelauf: nichts gespeichert."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Import gespeichert.")))

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
