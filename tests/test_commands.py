"""The management commands explain themselves in German, and their help can be printed."""

import pytest
from django.core.management import load_command_class

COMMANDS = {
    "load_reference_data": "Lädt die echten Referenzdaten",
    "load_demo_data": "Ersetzt die Demo-Daten",
    "import_centres": "Importiert Stadtteilzentren oder Angebote",
    "inbox_purge": "Löscht Meldungen aus der Nachbarschaft",
}


@pytest.mark.parametrize(("name", "opening"), COMMANDS.items())
def test_command_help_is_german_and_prints(name, opening):
    command = load_command_class("centres", name)

    text = " ".join(command.create_parser("manage.py", name).format_help().split())

    assert opening in text
    assert "show this help message" in text  # argparse's own line: the whole help rendered
