"""The Vietnamese text layer: normalise, fold, split into sentences, segment words, detect language."""

from .language import detect_language
from .normalize import fold, normalize, normalize_tones
from .sentences import Span, split_sentences

__all__ = ["Span", "detect_language", "fold", "normalize", "normalize_tones", "split_sentences"]
