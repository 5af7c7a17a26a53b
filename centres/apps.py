from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = _("Stadtteilzentren")

    def ready(self) -> None:
        from centres import checks, pagecache, signals  # noqa: F401 (checks register themselves)

        signals.connect()
        pagecache.connect()
