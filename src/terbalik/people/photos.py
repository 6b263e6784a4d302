"""Profile photos: checked, then re-encoded with Pillow to a small square JPEG.

Only JPEG, PNG and WebP files up to MAX_BYTES are read; the decoded image may not exceed
MAX_PIXELS (decompression bombs). The stored file is a fresh JPEG of SIZE x SIZE pixels,
centre-cropped, so nothing of the upload (metadata, location, embedded scripts) survives.
"""

from __future__ import annotations

import io
from typing import IO, Any

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from terbalik.core.service_errors import ServiceError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
SIZE = 256
FORMATS = {"JPEG", "PNG", "WEBP"}


def _refuse(message: str) -> ServiceError:
    return ServiceError({"photo": [message]}, code="photo_refused")


def square_jpeg(upload: IO[bytes], *, size: int | None = None) -> bytes:
    """The upload as a SIZE x SIZE JPEG, or ServiceError naming the `photo` field."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _refuse(_("The photo is larger than 5 MB. Choose a smaller file."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in FORMATS:
                raise _refuse(_("Upload a JPEG, PNG or WebP photo."))
            if probe.width * probe.height > MAX_PIXELS:
                raise _refuse(_("The photo has too many pixels. Choose a smaller image."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image) or image
            image = image.convert("RGB")
            square = ImageOps.fit(image, (SIZE, SIZE), method=Image.Resampling.LANCZOS)
    except ServiceError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise _refuse(_("This file is not a photo we can read. Upload a JPEG, PNG or WebP "
                        "photo.")) from None
    out = io.BytesIO()
    square.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def initials(full_name: str) -> str:
    """Up to two initials for the avatar shown when there is no photo."""
    words = [w for w in (full_name or "").split() if w[:1].isalpha()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:1].upper()
    return (words[0][:1] + words[-1][:1]).upper()


def photo_response(profile: Any) -> FileResponse:
    """The profile's stored photo as a JPEG response; 404 when there is none or its file is
    missing from MEDIA_ROOT (lost disk, an app server without the shared folder)."""
    if profile is None or not profile.photo:
        raise Http404
    try:
        handle = profile.photo.open("rb")
    except OSError as exc:  # FileNotFoundError included
        raise Http404 from exc
    return FileResponse(handle, content_type="image/jpeg")
