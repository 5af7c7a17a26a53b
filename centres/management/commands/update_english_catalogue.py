from django.core.management import call_command
from django.core.management.base import BaseCommand

# The staff wing stays German (docs/languages.md): its sources are left out of the English
# catalogue, so only what a resident can see has to be translated.
STAFF_ONLY = [
    "centres/admin.py",
    "centres/staff/*",
    "centres/management/*",
    "templates/admin/*",
    "templates/simple_history/*",
]
NOT_SOURCES = ["tests/*", "scripts/*", "staticfiles/*", "media/*", "fixtures/*", "docs/*"]
# What `makemessages` is called with, here and in tests/test_languages.py.
OPTIONS = {
    "locale": ["en"],
    "domain": "django",
    "ignore_patterns": STAFF_ONLY + NOT_SOURCES,
    "no_obsolete": True,
    "add_location": "file",
    "verbosity": 0,
}


class Command(BaseCommand):
    help = (
        "Updates locale/en/LC_MESSAGES/django.po with every German string of the public pages; "
        "translate the new ones, then `make messages` compiles it (docs/languages.md)."
    )

    def handle(self, *args, **options) -> None:
        call_command("makemessages", **OPTIONS)
