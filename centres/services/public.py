"""The stored notion of "public" for offerings (`Offering.is_public`, `public_until`).

`OfferingQuerySet.published()` reads them, so the condition uses the partial indexes. Saves keep
them right (`Offering.save`, `Centre.save`); what time undoes (an event that ended, a validity
that ran out) `published()` leaves out at once through `public_until`, and the daily
`manage.py refresh_public` writes into `is_public`, so the flag and the partial indexes stay
exact and small. Writes that bypass `save()` (`bulk_create`, `QuerySet.update()` of a status
or a date) call `public_refresh()` afterwards.
"""

from __future__ import annotations

from centres.models import Offering
from centres.pagecache import data_version_bump


def public_refresh(*, offerings=None, dates: bool = True) -> int:
    """Brings `is_public` (and with `dates`, `public_until`) of these offerings (default all)
    in line with `computed_public()`. Idempotent; returns how many rows changed and bumps the
    page cache's data version when any did (a public page or figure may show them)."""
    queryset = Offering.objects.all() if offerings is None else offerings
    changed = queryset.public_flags_refresh(dates=dates)
    if changed:
        data_version_bump()
    return changed
