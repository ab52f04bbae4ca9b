"""Chat screenshots of a claim, drawn with Pillow: the text as a reader would forward it, with
the app's chrome around it (status bar, header, "Đã chia sẻ", time, reactions, the input box).

Used by the image tests and by eval/ocr_matching.py. Fonts with Vietnamese glyphs: DejaVu Sans
and Roboto, Android's own (Debian fonts-dejavu-core, fonts-roboto-unhinted), and Be Vietnam Pro
(PyPI fontpkg-be-vietnam-pro), whichever are installed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
ROBOTO = Path("/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Regular.ttf")


def _be_vietnam_pro() -> Path | None:
    try:
        import fontpkg_be_vietnam_pro
    except ImportError:
        return None
    return Path(fontpkg_be_vietnam_pro.ROOT) / "files" / "BeVietnamPro-Regular.ttf"


def fonts() -> dict[str, Path]:
    """The fonts installed here, by name."""
    found = {"dejavu": DEJAVU, "roboto": ROBOTO, "be-vietnam-pro": _be_vietnam_pro()}
    return {name: path for name, path in found.items() if path is not None and path.exists()}


@dataclass(frozen=True)
class Theme:
    background: str
    bubble: str
    text: str
    muted: str


THEMES = {
    "light": Theme("#ffffff", "#e4e6eb", "#050505", "#65676b"),
    "dark": Theme("#000000", "#303030", "#e4e6eb", "#a8abaf"),
    "blue": Theme("#ffffff", "#0084ff", "#ffffff", "#65676b"),  # one's own bubble, light theme
}
WIDTHS = (720, 1080, 1170)  # phone screenshots, in pixels


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=font) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def render(
    text: str,
    font: Path = DEJAVU,
    theme: str = "light",
    width: int = 1080,
    forwarded: str = "Đã chia sẻ",
) -> Image.Image:
    """A chat screenshot of ``text`` at ``width`` pixels, in a light, dark or blue theme."""
    colours = THEMES[theme]
    scale = width / 360
    size = round(15 * scale)
    body = ImageFont.truetype(str(font), size)
    small = ImageFont.truetype(str(font), round(11 * scale))
    header = ImageFont.truetype(str(font), round(16 * scale))
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    inner = round(width * 0.72)
    lines = _wrap(probe, text, body, inner)
    line_height = round(size * 1.35)
    pad = round(10 * scale)
    bubble_height = len(lines) * line_height + 2 * pad
    top = round(110 * scale)
    height = top + bubble_height + round(150 * scale)
    image = Image.new("RGB", (width, height), colours.background)
    draw = ImageDraw.Draw(image)
    draw.text((pad * 2, pad), "9:41", font=small, fill=colours.text)
    draw.text((width - round(90 * scale), pad), "4G  85%", font=small, fill=colours.text)
    draw.text((round(60 * scale), round(40 * scale)), "Nhóm Gia Đình", font=header, fill=colours.text)
    draw.text((round(60 * scale), round(62 * scale)), "Đang hoạt động", font=small, fill=colours.muted)
    draw.line((0, round(90 * scale), width, round(90 * scale)), fill=colours.muted, width=1)
    left = round(16 * scale)
    draw.text((left, top - round(18 * scale)), forwarded, font=small, fill=colours.muted)
    box = (left, top, left + inner + 2 * pad, top + bubble_height)
    draw.rounded_rectangle(box, radius=round(16 * scale), fill=colours.bubble)
    for number, line in enumerate(lines):
        draw.text((left + pad, top + pad + number * line_height), line, font=body, fill=colours.text)
    below = top + bubble_height + round(6 * scale)
    draw.text((left, below), "10:45", font=small, fill=colours.muted)
    draw.text((left + round(60 * scale), below), "❤ 12", font=small, fill=colours.muted)
    bar = height - round(50 * scale)
    draw.rounded_rectangle(
        (left, bar, width - left, bar + round(36 * scale)), radius=round(18 * scale), outline=colours.muted
    )
    draw.text((left + pad * 2, bar + round(9 * scale)), "Nhập tin nhắn", font=small, fill=colours.muted)
    return image


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(image: Image.Image, quality: int = 85, **extra: object) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=quality, **extra)
    return buffer.getvalue()


def photo(seed: int, size: tuple[int, int] = (1200, 900)) -> Image.Image:
    """A photo-like picture without text: a gradient and overlapping shapes, one per seed."""
    import random

    rng = random.Random(seed)
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(40, 260)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x - r, y - r, x + r, y + r), fill=colour)
    return image


def require_tesseract() -> None:
    """Skip when Tesseract or its Vietnamese data is missing; under CI (CI=true) fail instead,
    as the browser tests do."""
    import os
    import shutil

    import pytest

    if shutil.which("tesseract") is not None:
        import pytesseract

        if {"vie", "eng"} <= set(pytesseract.get_languages(config="")):
            return
    reason = "tesseract with vie and eng data is missing (apt-get install tesseract-ocr-vie)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} and CI=true")
    pytest.skip(reason)
