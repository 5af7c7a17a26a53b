"""Centre photos: accept only real JPEG, PNG and WebP images and store a clean copy.

Uploads are decoded and re-encoded with Pillow from their pixels alone: no EXIF, XMP, ICC
profile or JPEG/PNG comment and text survives (camera serial numbers, GPS positions of staff's
homes, "Home of staff: Musterstr. 1", PHP in a comment), nor anything hidden after the image
data. The declared size is checked before any pixel is decoded, and JPEGs are decoded at a
reduced scale where that suffices, so a small file claiming a huge picture cannot take a
worker's memory. The
result is handed back as a file for the model's ImageField, which writes it through Django's
storage API, so production can keep media in object storage.
"""

from __future__ import annotations

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE_PX = 2000
# Pillow format name → file extension of the stored copy.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Decompression bombs: a 5 MB file can claim billions of pixels. 24 megapixels is a full-size
# photo of today's cameras (6000 × 4000); the stored copy has at most 2000 px a side anyway.
MAX_PIXELS = 24_000_000
# The only entry of Image.info a re-encoded copy keeps: a PNG's transparent colour.
KEPT_INFO = ("transparency",)


def photo_reencode(upload) -> ContentFile:
    """Validate an uploaded photo and return a re-encoded, metadata-free, bounded copy."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("Das Foto ist größer als 5 MB."), code="too_large")
    upload.seek(0)
    try:
        with Image.open(upload) as probe:  # reads the header only
            image_format = probe.format
            width, height = probe.size
            if image_format in ALLOWED_FORMATS and width * height <= MAX_PIXELS:
                probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(
            _("Die Datei ist kein lesbares Bild."), code="invalid_image"
        ) from error
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Nur JPEG-, PNG- und WebP-Bilder sind erlaubt."), code="invalid_format"
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("Das Bild hat zu viele Pixel (höchstens 24 Megapixel)."), code="too_many_pixels"
        )

    upload.seek(0)
    with Image.open(upload) as original:
        if image_format == "JPEG":
            # libjpeg decodes at 1/2, 1/4 or 1/8 scale where that still gives 2000 px a side.
            original.draft(original.mode, (MAX_SIDE_PX, MAX_SIDE_PX))
        # Apply the camera's rotation before the EXIF tag that carries it is dropped.
        image = ImageOps.exif_transpose(original)
        image.thumbnail((MAX_SIDE_PX, MAX_SIDE_PX), Image.Resampling.LANCZOS)
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        # Pillow writes a JPEG's comment, and some formats' profiles, from Image.info on save:
        # the copy keeps nothing but the pixels (and a PNG's transparent colour).
        image.info = {key: image.info[key] for key in KEPT_INFO if key in image.info}
        output = io.BytesIO()
        options = {"quality": 85, "optimize": True} if image_format == "JPEG" else {}
        image.save(output, format=image_format, **options)
    stem = PurePath(upload.name or "foto").stem[:80] or "foto"
    return ContentFile(output.getvalue(), name=f"{stem}.{ALLOWED_FORMATS[image_format]}")
