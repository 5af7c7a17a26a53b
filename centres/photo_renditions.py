"""Smaller copies of a centre's photo for `srcset`: 480 and 960 px wide beside the stored copy
(at most 2,000 px, `centres/staff/photos.py`), so a phone downloads a few dozen KB, not the
full size.

A rendition's name is derived from the photo's (`centres/haus.jpg` → `centres/haus.480w.jpg`),
so pages list them without asking storage, and removing a photo removes its renditions by
name. Everything goes through Django's storage API, so media can live in object storage.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from PIL import Image

WIDTHS = (480, 960)


def rendition_name(name: str, width: int) -> str:
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{width}w{path.suffix}"))


def rendition_widths(photo_width: int | None) -> list[int]:
    """The rendition widths a photo of this width has: only those smaller than the photo."""
    return [width for width in WIDTHS if photo_width and width < photo_width]


def renditions_create(name: str, storage: Storage) -> tuple[int, int] | None:
    """Write the renditions of the stored photo `name`, replacing older ones of the same name;
    safe to repeat. Returns the photo's size, or None where its file is missing."""
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as stored, Image.open(stored) as original:
        original.load()
        image_format = original.format
        for width in rendition_widths(original.width):
            height = max(1, round(original.height * width / original.width))
            copy = original.resize((width, height), Image.Resampling.LANCZOS)
            copy.info = {
                key: value for key, value in original.info.items() if key == "transparency"
            }
            output = io.BytesIO()
            options = {"quality": 82, "optimize": True} if image_format == "JPEG" else {}
            copy.save(output, format=image_format, **options)
            target = rendition_name(name, width)
            storage.delete(target)  # a re-run replaces, never adds "_abc123" copies
            storage.save(target, ContentFile(output.getvalue()))
        return original.size


def renditions_delete(name: str, storage: Storage) -> None:
    for width in WIDTHS:
        storage.delete(rendition_name(name, width))


def srcset(url: str, name: str, photo_width: int | None, storage: Storage) -> str:
    """`srcset` for the photo stored as `name` at `url`: its renditions, then itself."""
    if not rendition_widths(photo_width):
        return ""  # a photo smaller than every rendition has nothing to choose from
    candidates = [
        f"{storage.url(rendition_name(name, w))} {w}w" for w in rendition_widths(photo_width)
    ]
    return ", ".join([*candidates, f"{url} {photo_width}w"])
