"""Reading an image a user sent, within limits, and keeping it content-addressed.

Bytes become a Pillow image only after the checks a hostile file must pass: the size cap, a
format we read (PNG, JPEG, WebP, GIF), and a pixel count read from the header before anything
is decoded (a small file that decodes to gigapixels — a decompression bomb — is refused). The
kept file is re-encoded from the pixels alone, so EXIF (a phone's location, its serial number)
and every other metadata block are left behind; its sha256 names it under ``images/`` in the
data directory.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import InputError
from ..settings import Settings

FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
FOLDER = "images"


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pixels: int

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(
            settings.integer("KIEMCHUNG_IMAGE_MAX_BYTES"),
            settings.integer("KIEMCHUNG_IMAGE_MAX_PIXELS"),
        )


@dataclass(frozen=True)
class Kept:
    """An image as stored: its name (sha256 of the file), file format, size and bytes."""

    sha256: str
    format: str  # "png" or "jpeg"
    width: int
    height: int
    data: bytes


def decode(data: bytes, limits: Limits, name: str = "the image") -> tuple[Image.Image, str]:
    """The pixels of ``data`` upright (EXIF orientation applied), in RGB, and the file's format;
    an ``InputError`` with one line for an empty, too large, unreadable or bomb-like file."""
    if not data:
        raise InputError(f"{name}: the file is empty")
    if len(data) > limits.max_bytes:
        raise InputError(
            f"{name}: {len(data):,} bytes is larger than the {limits.max_bytes:,} allowed"
        )
    with warnings.catch_warnings():
        # Pillow warns of bombs beyond its own limit; ours is checked first, the rest is refused.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            _check_pixels(image, limits, name)
            kind = str(image.format)
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            return upright.convert("RGB"), kind
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise InputError(f"{name}: refused as a decompression bomb (too many pixels)") from None
        except UnidentifiedImageError:
            raise InputError(f"{name}: not an image (PNG, JPEG, WebP or GIF)") from None
        except (OSError, SyntaxError, ValueError) as error:
            raise InputError(f"{name}: the image is damaged and cannot be read ({error})") from None


def _check_pixels(image: Image.Image, limits: Limits, name: str) -> None:
    width, height = image.size
    if width * height > limits.max_pixels:
        raise InputError(
            f"{name}: {width} × {height} pixels is more than the {limits.max_pixels:,} allowed "
            "(refused as a possible decompression bomb)"
        )


def encode(image: Image.Image, source_format: str | None) -> Kept:
    """``image`` re-encoded from its pixels alone (no EXIF, no metadata): JPEG stays JPEG,
    anything else becomes PNG."""
    buffer = io.BytesIO()
    if source_format == "JPEG":
        image.save(buffer, "JPEG", quality=92, optimize=True)
        kind = "jpeg"
    else:
        image.save(buffer, "PNG", optimize=False)
        kind = "png"
    data = buffer.getvalue()
    return Kept(hashlib.sha256(data).hexdigest(), kind, image.width, image.height, data)


def path_of(home: Path, sha256: str, kind: str) -> Path:
    """Where the image named ``sha256`` lives in the data directory ``home``."""
    extension = "jpg" if kind == "jpeg" else "png"
    return home / FOLDER / sha256[:2] / f"{sha256}.{extension}"


def write(home: Path, kept: Kept) -> Path:
    """Write ``kept`` once (a rerun finds it there); a killed write leaves no half file."""
    path = path_of(home, kept.sha256, kept.format)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(kept.data)
    os.replace(partial, path)
    return path
