"""Words the site uses for facts in more than one place, so they read the same everywhere."""

from __future__ import annotations

from django.utils.translation import gettext as _


def yes_no_unknown(value: bool | None) -> str:
    """A yes/no fact that may not be known: "ja", "nein" or "nicht bekannt"."""
    if value is None:
        return _("nicht bekannt")
    return _("ja") if value else _("nein")
