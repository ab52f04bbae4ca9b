"""Unicode and tone-mark normalisation, and the folded (accent-free) form used for matching."""

from __future__ import annotations

import re
import unicodedata

# Combining tone marks (the five Vietnamese tones other than ngang).
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Zero-width characters, BOM, soft hyphen, bidi controls: invisible, and they break matching.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# C0/C1 controls except tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")

# Blocks whose letters and digits are plain ones drawn in another style: the mathematical
# alphabets (𝐓𝐡𝐨̂𝐧𝐠 𝐛𝐚́𝐨, 𝘁𝗶𝗻 𝗻𝗼́𝗻𝗴), their letter-like holes (ℍ, ℓ), circled (Ⓐ, ①) and
# squared (🄰) ones, and full-width forms (ＴＩＮ). Posts made eye-catching with a "font"
# generator are written in them; Unicode's compatibility mapping reads each as its letter.
_STYLED_BLOCKS = (
    (0x1D400, 0x1D7FF),
    (0x2100, 0x214F),
    (0x2460, 0x24FF),
    (0x1F130, 0x1F149),
    (0xFF10, 0xFF5A),
)
# Styles that mapping does not cover: negative circled and squared capitals (🅐, 🅰) and the
# small capitals of phonetics (ᴛʜᴏ̂ɴɢ ʙᴀ́ᴏ), which generators use for lower case.
_NEGATIVE_CAPITALS = (0x1F150, 0x1F170)
_SMALL_CAPITALS = dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnoprstuvwyz"))


def _styled_letters() -> dict[int, str]:
    """Each styled letter or digit's plain one, by code point."""
    table: dict[int, str] = {}
    for first, last in _STYLED_BLOCKS:
        for code in range(first, last + 1):
            plain = unicodedata.normalize("NFKC", chr(code))
            if len(plain) == 1 and plain.isascii() and plain.isalnum():
                table[code] = plain
    for first in _NEGATIVE_CAPITALS:
        table.update((first + i, chr(ord("A") + i)) for i in range(26))
    table.update((ord(small), plain) for small, plain in _SMALL_CAPITALS.items())
    return table


_STYLED = _styled_letters()
_ANY_STYLED = re.compile("[" + "".join(map(chr, sorted(_STYLED))) + "]")


def _move_tone(word: str) -> str:
    """Put the tone of a final ``oa``/``oe``/``uy`` on its first vowel (``hoà`` → ``hòa``)."""
    decomposed = unicodedata.normalize("NFD", word)
    tone = next((ch for ch in decomposed if ch in _TONES), None)
    if tone is None:
        return word
    base = "".join(ch for ch in decomposed if ch not in _TONES)
    lowered = unicodedata.normalize("NFC", base).lower()
    if len(lowered) < 2 or lowered[-2:] not in {"oa", "oe", "uy"}:
        return word
    if lowered[-2:] == "uy" and lowered[:-2].endswith("q"):
        return word  # "quý": the u belongs to the consonant "qu"
    # Only the bare vowels: "oá" but not "oă"/"ơa" (those have quality marks and no ambiguity).
    letters = unicodedata.normalize("NFC", base)
    if len(letters) > 2 and unicodedata.normalize("NFD", letters[-3]).lower()[:1] in "aeiouy":
        return word  # a longer vowel cluster such as "uoa" is left as written
    first, second = letters[-2], letters[-1]
    moved = letters[:-2] + unicodedata.normalize("NFC", first + tone) + second
    return unicodedata.normalize("NFC", moved)


def normalize_tones(text: str) -> str:
    """One tone placement for every word: the traditional one (``hòa``, ``khỏe``, ``thủy``)."""
    return _WORD.sub(lambda match: _move_tone(match.group()), text)


def plain_letters(text: str) -> str:
    """``text`` with letters and digits drawn in a style (𝐓𝐡𝐨̂𝐧𝐠, ＴＩＮ, ᴛɪɴ) as plain ones,
    their tone marks kept: what a reader reads, and what searching and matching compare."""
    if text.isascii() or not _ANY_STYLED.search(text):
        return text
    return text.translate(_STYLED)


def clean(text: str) -> str:
    """NFC, without invisible and control characters; same meaning, same look."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return _CONTROL.sub(" ", text)


def normalize(text: str) -> str:
    """The canonical form of a text: plain letters, clean, one tone placement, single spaces,
    trimmed."""
    text = normalize_tones(clean(plain_letters(text)))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class _Folded(dict[int, str]):
    """Each character without its diacritics, worked out once per character (a table for
    ``str.translate``): dropping the marks of a decomposed text drops them letter by letter."""

    def __missing__(self, code: int) -> str:
        letter = _STYLED[code].lower() if code in _STYLED else chr(code)
        kept = "".join(
            ch for ch in unicodedata.normalize("NFD", letter) if not unicodedata.combining(ch)
        )
        value = self[code] = kept.replace("đ", "d")
        return value


_FOLDED = _Folded()


def fold(text: str) -> str:
    """Lower-case plain letters without diacritics (``Đắk Lắk``, ``𝐃𝐚̆́𝐤`` → ``dak lak``,
    ``dak``), for accent-insensitive use."""
    return clean(text).lower().translate(_FOLDED)
