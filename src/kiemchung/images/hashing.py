"""Perceptual hashes: PDQ (the 256-bit hash Meta published for finding copies of a picture).

Two copies of one photo — re-compressed, resized, lightly cropped — have PDQ hashes that differ
in few bits; unrelated pictures differ in about half (128). A fact-check's image is hashed whole
and as centre crops, so that a copy cut down to its middle is still near one of its hashes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pdqhash
from PIL import Image

HASH_SIDE = 512  # PDQ reads a 64×64 reduction; a smaller input is faster and hashes the same
CROPS = (("crop90", 0.9), ("crop80", 0.8), ("crop70", 0.7))


@dataclass(frozen=True)
class Hash:
    variant: str  # "full" or a centre crop, "crop90" …
    pdq: str  # 64 hex digits
    quality: int  # PDQ's own 0–100: low for flat images (a blank page matches everything)


def pdq(image: Image.Image) -> tuple[str, int]:
    """The PDQ hash of ``image`` as 64 hex digits, and its quality."""
    small = image.convert("RGB")
    small.thumbnail((HASH_SIDE, HASH_SIDE))
    bits, quality = pdqhash.compute(np.asarray(small))
    return np.packbits(bits.astype(np.uint8)).tobytes().hex(), int(quality)


def centre(image: Image.Image, share: float) -> Image.Image:
    """The middle ``share`` of ``image`` on each side."""
    width, height = image.size
    left, top = round(width * (1 - share) / 2), round(height * (1 - share) / 2)
    return image.crop((left, top, width - left, height - top))


def hashes(image: Image.Image) -> list[Hash]:
    """The hashes kept for an image a fact-check is about: whole, and its centre crops."""
    found = [Hash("full", *pdq(image))]
    found += [Hash(name, *pdq(centre(image, share))) for name, share in CROPS]
    return found


def distance(first: str, second: str) -> int:
    """How many of the 256 bits differ between two hashes."""
    return (int(first, 16) ^ int(second, 16)).bit_count()
