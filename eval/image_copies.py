"""Copies of a picture found by perceptual hash: PDQ as kept (whole, centre crops, sides cut by a
tenth, corners; the picture asked about also without a plain border) against imagehash's pHash of the whole image, on photo-like pictures drawn per seed.

For each of ``--photos`` pictures, each edit below is looked up among the hashes of all the
pictures; found = its own picture is within the distance and nearest. False = an unrelated
picture within the distance.

    .venv/bin/python eval/image_copies.py [--photos 30]
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import imagehash  # noqa: E402
from PIL import Image  # noqa: E402
from screenshots import jpeg, photo  # noqa: E402

from kiemchung.images.hashing import centre, distance, hashes, pdq, queries  # noqa: E402

PDQ_DISTANCE = 56  # KIEMCHUNG_IMAGE_DISTANCE's default
PHASH_DISTANCE = 14  # of 64 bits, the same share as 56 of 256


def _reopen(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


EDITS = {
    "jpeg q30": lambda im: _reopen(jpeg(im, 30)),
    "half size": lambda im: im.resize((im.width // 2, im.height // 2)),
    "phone, jpeg q60": lambda im: _reopen(jpeg(im.resize((480, 360)), 60)),
    "centre crop 85%": lambda im: centre(im, 0.85),
    "left 90%": lambda im: im.crop((0, 0, int(im.width * 0.9), im.height)),
    "corner 85%": lambda im: im.crop((0, 0, int(im.width * 0.85), int(im.height * 0.85))),
    "border added": lambda im: _framed(im),
}


def _framed(image: Image.Image) -> Image.Image:
    frame = Image.new("RGB", (int(image.width * 1.1), int(image.height * 1.3)), "white")
    frame.paste(image, (int(image.width * 0.05), int(image.height * 0.15)))
    return frame


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=30)
    args = parser.parse_args()
    pictures = [photo(seed) for seed in range(args.photos)]
    kept = [[h.pdq for h in hashes(p)] for p in pictures]
    phashes = [imagehash.phash(p) for p in pictures]
    print(f"{'edit':18} {'PDQ found':>9} {'pHash found':>11}")
    for name, edit in EDITS.items():
        pdq_found = phash_found = 0
        for i, picture in enumerate(pictures):
            copy = edit(picture)
            asked = queries(copy)
            best = [min(distance(q, h) for q in asked for h in own) for own in kept]
            pdq_found += best[i] <= PDQ_DISTANCE and best[i] == min(best)
            ph = imagehash.phash(copy)
            gaps = [ph - other for other in phashes]
            phash_found += gaps[i] <= PHASH_DISTANCE and gaps[i] == min(gaps)
        print(f"{name:18} {pdq_found / len(pictures):9.2f} {phash_found / len(pictures):11.2f}")
    pairs = [(i, j) for i in range(len(pictures)) for j in range(len(pictures)) if i != j]
    pdq_false = sum(
        min(distance(pdq(pictures[i])[0], h) for h in kept[j]) <= PDQ_DISTANCE for i, j in pairs
    )
    phash_false = sum(phashes[i] - phashes[j] <= PHASH_DISTANCE for i, j in pairs)
    print(f"unrelated pairs within the distance: PDQ {pdq_false}/{len(pairs)}, "
          f"pHash {phash_false}/{len(pairs)}")


if __name__ == "__main__":
    main()
