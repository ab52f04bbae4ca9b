"""Images readers send: screenshots and photos read (OCR), kept content-addressed without
EXIF, and matched to the fact-checks about the same picture (perceptual hashes).

The public face is ``read_image(store, data) -> ImageReading``; ``attach`` makes an image one a
fact-check is about. See docs/images.md.
"""

from .library import Near, attach, kept_file, near, of_factcheck, of_item, remember_for_item
from .reading import ImageReading, image_matches, read_image

__all__ = [
    "ImageReading",
    "Near",
    "attach",
    "image_matches",
    "kept_file",
    "near",
    "of_factcheck",
    "of_item",
    "read_image",
    "remember_for_item",
]
