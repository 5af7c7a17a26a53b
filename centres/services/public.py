"""The stored notion of "public" for offerings (`Offering.is_public`, `public_until`), and
the stored order of the lists (`Offering.is_demo`, `next_key`).

`OfferingQuerySet.published()` reads them, so the condition uses the partial indexes. Saves keep
them right (`Offering.save`, `Centre.save`); what time undoes (an event that ended, a validity
that ran out) `published()` leaves out at once through `public_until`, and the daily
`manage.py refresh_public` writes into `is_public`, so the flag and the partial indexes stay
exact and small. Writes that bypass `save()` (`bulk_create`, `QuerySet.update()` of a status
or a date) call `public_refresh()` afterwards.

`next_key` is `hours.next_occurrence_key()` as of the last write; it moves only when the
occurrence it names ends (docs/hours.md). `public_refresh()` (daily) brings every key up to
date; `order_catch_up()` (every few minutes) only those of occurrences that have begun.
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


def order_catch_up() -> int:
    """Moves the stored next occurrence (`next_key`) of the public offerings whose occurrence
    has ended since it was written to the one after; returns how many moved. Bounded: only the
    offerings whose stored occurrence has begun are looked at. Does not bump the data version:
    every page that shows this order follows the page cache's clock slot, and no count or
    figure depends on it."""
    return Offering.objects.next_keys_catch_up()
