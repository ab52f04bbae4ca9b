"""Perceptual hashes: PDQ (the 256-bit hash Meta published for finding copies of a picture).

Two copies of one photo — re-compressed, resized, lightly cropped — have PDQ hashes that differ
in few bits; unrelated pictures differ in about half (128). A fact-check's image is hashed whole,
as centre crops, with each side cut by a tenth and as its corners, so that a copy cut down is
still near one of its hashes; a picture asked about is also looked up without a plain border
(a photo pasted into a frame).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pdqhash
from PIL import Image, ImageChops

HASH_SIDE = 512  # PDQ reads a 64×64 reduction; a smaller input is faster and hashes the same
LEAST_QUALITY = 50  # PDQ's advice: hashes of flatter images match too much to be trusted
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


def sides(image: Image.Image, share: float) -> dict[str, Image.Image]:
    """``image`` with one side cut so that ``share`` of it is left, for each side."""
    width, height = image.size
    cut_x, cut_y = round(width * (1 - share)), round(height * (1 - share))
    return {
        "left": image.crop((0, 0, width - cut_x, height)),
        "right": image.crop((cut_x, 0, width, height)),
        "top": image.crop((0, 0, width, height - cut_y)),
        "bottom": image.crop((0, cut_y, width, height)),
    }


def corners(image: Image.Image, share: float) -> dict[str, Image.Image]:
    """``share`` of ``image`` on each side, kept in each corner."""
    width, height = image.size
    w, h = round(width * share), round(height * share)
    return {
        "topleft": image.crop((0, 0, w, h)),
        "topright": image.crop((width - w, 0, width, h)),
        "bottomleft": image.crop((0, height - h, w, height)),
        "bottomright": image.crop((width - w, height - h, width, height)),
    }


def hashes(image: Image.Image) -> list[Hash]:
    """The hashes kept for an image a fact-check is about: whole, its centre crops, the image
    with one side cut by a tenth and its corners (PDQ alone does not see through a crop off the
    centre)."""
    found = [Hash("full", *pdq(image))]
    found += [Hash(name, *pdq(centre(image, share))) for name, share in CROPS]
    found += [Hash(f"{side}90", *pdq(part)) for side, part in sides(image, 0.9).items()]
    found += [Hash(f"{corner}85", *pdq(part)) for corner, part in corners(image, 0.85).items()]
    return found


def trim(image: Image.Image, tolerance: int = 24) -> Image.Image:
    """``image`` without a plain border around it (a photo pasted into a frame or a chat
    screenshot); itself when there is none."""
    rgb = image.convert("RGB")
    background = Image.new("RGB", rgb.size, rgb.getpixel((0, 0)))
    difference = ImageChops.difference(rgb, background).convert("L")
    box = difference.point(lambda value: 255 if value > tolerance else 0).getbbox()
    if box is None or (box[2] - box[0]) * (box[3] - box[1]) < 0.2 * rgb.width * rgb.height:
        return image  # nothing but border, or too little left to be the picture
    return rgb.crop(box)


def queries(image: Image.Image) -> list[str]:
    """The hashes a picture is looked up by: whole, and without its plain border if it has
    one."""
    found = [pdq(image)]
    trimmed = trim(image)
    if trimmed is not image:
        found.append(pdq(trimmed))
    return [value for value, quality in found if quality >= LEAST_QUALITY]


def distance(first: str, second: str) -> int:
    """How many of the 256 bits differ between two hashes."""
    return (int(first, 16) ^ int(second, 16)).bit_count()
