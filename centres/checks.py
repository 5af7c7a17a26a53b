"""System checks of this installation's own settings (`manage.py check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def development_secret_key_check(app_configs, **kwargs) -> list[Error]:
    """Django's own key check accepts the development key (it is long and varied enough)."""
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the development key from stadtteilzentren/settings.py.",
                hint="Set SECRET_KEY to a long random value of this installation "
                "(docs/deploy.md) and DEBUG=0.",
                id="centres.E001",
            )
        ]
    return []
