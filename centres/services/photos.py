"""Photos stored before renditions existed: their size and their smaller copies."""

from __future__ import annotations

from centres.models import Centre


def photo_renditions_refresh() -> int:
    """Give every centre photo its width, height and renditions; safe to re-run. A file missing
    from storage is skipped (its page shows the photo as before). Returns the photos done."""
    centres = Centre.objects.exclude(photo="").only("pk", "photo").iterator()
    return sum(centre.photo_renditions_create() for centre in centres)
