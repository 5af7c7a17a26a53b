"""Words the site uses for facts in more than one place, so they read the same everywhere."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The one wording for a fact nobody has entered: yes/no facts, step-free access, a provider.
NOT_KNOWN = gettext_lazy("nicht bekannt")


def yes_no_unknown(value: bool | None) -> str:
    """A yes/no fact that may not be known: "ja", "nein" or "nicht bekannt"."""
    if value is None:
        return str(NOT_KNOWN)
    return _("ja") if value else _("nein")
