"""Queries rewritten the ways real posts are written, to measure how much the form of a post
moves a match (``kiemchung eval matching --rewrite NAME``).

A labelled set is written with care; the posts a desk receives are not. Each rewrite keeps what a
query claims and changes only its form: letter case, a font generator's bold, emphasis, emoji,
a chain message's heading, a call to pass it on, a reader asking whether it is true. A matcher
that reads posts as a reader does gives the same figures for every rewrite as for the set as
written; the difference is what the form alone moves (figures in ``docs/models.md``).
"""

from __future__ import annotations

import unicodedata
import zlib
from typing import Callable

# Plain letters and digits, and where a "font" generator draws them in its bold.
_PLAIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_BOLD = "".join(chr(0x1D400 + i) for i in range(52)) + "".join(chr(0x1D7CE + i) for i in range(10))
_EMOJI = ("🔥", "‼️", "⚠️", "😱", "👉", "📢", "❗")


def _bare(text: str) -> str:
    return text.strip().rstrip(".!?")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _bold(text: str) -> str:
    return unicodedata.normalize("NFD", text).translate(str.maketrans(_PLAIN, _BOLD))


def _emoji(text: str) -> str:
    """An emoji after one word in four, and one at the end; the same ones for the same text."""
    seed = zlib.crc32(text.encode())
    words = text.split()
    marked = [
        word + (" " + _EMOJI[(seed + i) % len(_EMOJI)] if (seed + i) % 4 == 3 else "")
        for i, word in enumerate(words)
    ]
    return " ".join(marked) + " " + _EMOJI[seed % len(_EMOJI)]


def _dotted(text: str) -> str:
    """The first word of four letters or more spelled with dots between its letters, as posts
    write a word a platform's filter might catch ("v.a.c.x.i.n")."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) >= 4 and word.isalpha():
            words[i] = ".".join(word)
            break
    return " ".join(words)


REWRITES: dict[str, Callable[[str], str]] = {
    "capitals": str.upper,
    "bold": _bold,
    "exclaimed": lambda text: _bare(text) + "!!!",
    "full-stop": lambda text: _bare(text) + ".",
    "emoji": _emoji,
    "heading": lambda text: "CẢNH BÁO KHẨN ‼️ " + text,
    "shared": lambda text: _bare(text) + ". Ai thấy thì share cho mọi người cùng biết nhé 🙏",
    "asked": lambda text: "Mn ơi tin này có thật không: " + text,
    "wrapped": lambda text: "Có thật là " + _lower_first(_bare(text)) + " không ạ?",
    "warned": lambda text: _bare(text) + ", mọi người cẩn thận nhé!",
    "dotted": _dotted,
    "hashtags": lambda text: text + " #tinnong #chiase",
}


def rewrite(name: str, text: str) -> str:
    """``text`` rewritten as ``REWRITES[name]`` does."""
    return REWRITES[name](text)
