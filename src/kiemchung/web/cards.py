"""Share cards: the picture a link to a fact-check shows when pasted in Zalo, Facebook or X.

A 1200 × 630 PNG with the outlet's name, the verdict as a coloured badge and the claim, drawn
on the server with Pillow in Be Vietnam Pro (a font made for Vietnamese, shipped in its wheel).
Cards are kept in the data directory under the hash of what they show, so a correction that
changes the claim or the verdict gets a new card, and an unchanged one is drawn once.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import fontpkg_be_vietnam_pro
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BACKGROUND = "#fbfaf7"
INK = "#1d2430"
MUTED = "#5b6472"
# The site's verdict colours (static/style.css), so the card and the page agree.
COLOURS = {
    "false": "#b3261e",
    "mostly-false": "#b3261e",
    "misleading": "#9a6700",
    "half-true": "#9a6700",
    "mostly-true": "#2e7d32",
    "true": "#2e7d32",
    "unproven": "#5b6472",
}
CLAIM_SIZES = (58, 50, 44, 38)  # the largest that fits the claim in CLAIM_LINES lines
CLAIM_LINES = 5
DESIGN = "1"  # part of every card's key: a change of layout draws every card again
FOLDER = "cards"


@lru_cache(maxsize=16)
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    path = Path(fontpkg_be_vietnam_pro.ROOT) / "files" / f"BeVietnamPro-{weight}.ttf"
    return ImageFont.truetype(str(path), size)


def _split_word(word: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """A word wider than a line (a long URL) cut into pieces that fit."""
    pieces, piece = [], ""
    for char in word:
        if piece and font.getlength(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels, broken between words where possible."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for piece in _split_word(word, font, width):
            candidate = f"{line} {piece}" if line else piece
            if line and font.getlength(candidate) > width:
                lines.append(line)
                candidate = piece
            line = candidate
    return [*lines, line] if line else lines


def _fit_claim(claim: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    for size in CLAIM_SIZES:
        font = _font("SemiBold", size)
        lines = wrap(f"“{claim}”", font, width)
        if len(lines) <= CLAIM_LINES:
            return font, lines
    lines = lines[:CLAIM_LINES]
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1].rstrip()
    lines[-1] = last + "…"
    return font, lines


def draw(claim: str, rating_key: str, rating_name: str, kicker: str, outlet: str) -> bytes:
    """The card as PNG bytes: ``kicker`` over the verdict badge, the claim, ``outlet`` below."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    colour = COLOURS.get(rating_key, MUTED)
    pen.rectangle((0, 0, 18, HEIGHT), fill=colour)
    pen.text((MARGIN, 56), kicker.upper(), font=_font("Bold", 26), fill=MUTED)
    badge_font = _font("Bold", 44)
    badge_width = int(badge_font.getlength(rating_name)) + 56
    pen.rounded_rectangle((MARGIN, 104, MARGIN + badge_width, 180), radius=12, fill=colour)
    pen.text((MARGIN + 28, 142), rating_name, font=badge_font, fill="#ffffff", anchor="lm")
    font, lines = _fit_claim(claim, WIDTH - 2 * MARGIN)
    step = int(font.size * 1.28)
    for number, line in enumerate(lines):
        pen.text((MARGIN, 214 + number * step), line, font=font, fill=INK)
    pen.line((MARGIN, HEIGHT - 92, WIDTH - MARGIN, HEIGHT - 92), fill="#dedbd2", width=2)
    mark = [(MARGIN, HEIGHT - 52), (MARGIN + 10, HEIGHT - 40), (MARGIN + 30, HEIGHT - 64)]
    pen.line(mark, fill=colour, width=7, joint="curve")
    pen.text((MARGIN + 46, HEIGHT - 50), outlet, font=_font("Bold", 32), fill=INK, anchor="lm")
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def key(claim: str, rating_key: str, rating_name: str, kicker: str, outlet: str) -> str:
    """The hash of what a card shows (and of its design): its name in the cache and its ETag."""
    shown = json.dumps([DESIGN, claim, rating_key, rating_name, kicker, outlet], ensure_ascii=False)
    return hashlib.sha256(shown.encode()).hexdigest()


def card(
    home: Path, claim: str, rating_key: str, rating_name: str, kicker: str, outlet: str
) -> tuple[str, bytes]:
    """``(key, png)`` for a card, drawn once and kept in ``home/cards/``. The file is written
    under a temporary name and renamed, so a killed server never leaves half a card."""
    name = key(claim, rating_key, rating_name, kicker, outlet)
    path = home / FOLDER / f"{name}.png"
    if path.exists():
        return name, path.read_bytes()
    png = draw(claim, rating_key, rating_name, kicker, outlet)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(png)
    partial.replace(path)
    return name, png
