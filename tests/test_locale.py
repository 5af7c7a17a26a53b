"""The German overrides in locale/ are compiled: the committed .mo says what the .po says."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

ENTRY = re.compile(r'^msgid "(.+)"\nmsgstr "(.*)"$', re.MULTILINE)
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES" / "django.po"


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\\\", "\\")


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [(_unescape(a), _unescape(b)) for a, b in ENTRY.findall(CATALOGUE.read_text())],
    ids=lambda text: text[:30],
)
def test_every_override_is_compiled(msgid, msgstr):
    with translation.override("de"):
        assert translation.gettext(msgid) == msgstr
