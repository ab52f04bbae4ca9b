"""Word segmentation: Vietnamese writes a word of several syllables with spaces between them
("vắc xin", "khẳng định"); this joins them back into words.

underthesea's CRF segmenter, whose model ships inside its wheel (no download). Matching and
claim scoring read syllables and syllable pairs instead, on the folded text; this is for
callers that want words: research exports and anyone building on the text layer.
"""

from __future__ import annotations

from .normalize import normalize


def segment(text: str) -> list[str]:
    """The words of ``text`` in order, each word's syllables joined by a space.

    >>> segment("Bộ Y tế khẳng định vắc xin không gây vô sinh")
    ['Bộ', 'Y tế', 'khẳng định', 'vắc xin', 'không', 'gây', 'vô sinh']
    """
    from underthesea import word_tokenize

    text = normalize(text)
    return list(word_tokenize(text)) if text.strip() else []
