"""The staff workflow: publishing, archiving and reviewing listings, recorded in their history."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from centres.models import Centre, Offering, Status


def _save_as(obj: Centre | Offering, user: AbstractBaseUser, **changes: object) -> None:
    """Save changes object by object, so the history records each change and who made it."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.updated_by = user
    obj._history_user = user
    obj.save()


@transaction.atomic
def listings_set_status(
    *, objects: Iterable[Centre | Offering], status: Status, user: AbstractBaseUser
) -> int:
    """Publish, archive or reset centres or offerings; returns how many changed."""
    changed = 0
    for obj in objects:
        if obj.status != status:
            _save_as(obj, user, status=status)
            changed += 1
    return changed


@transaction.atomic
def centres_mark_reviewed(
    *, centres: Sequence[Centre], user: AbstractBaseUser, on: datetime.date | None = None
) -> int:
    """Record that `user` checked the centres' listings today."""
    on = on or timezone.localdate()
    for centre in centres:
        centre.reviewed_by = user
        centre.last_reviewed = on
        centre._history_user = user
        centre.save(update_fields=["last_reviewed", "reviewed_by", "updated"])
    return len(centres)
