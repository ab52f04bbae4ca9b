"""Kiểm chứng: find check-worthy claims in Vietnamese text and match them to existing fact-checks.

Used as a library (docs/python.md)::

    from kiemchung import Document, Pipeline, Settings, Store

    store = Store(settings=Settings.from_env())
    doc = Pipeline(store)(Document(text="Giá điện tăng 4,8% từ ngày 11/10."))

``Store`` and ``Matcher`` are imported on first use: they load SQLAlchemy and NumPy, which the
command line should not pay for on every start.
"""

import importlib
import typing

from .document import Claim, Document, Match
from .errors import (
    Conflict,
    CsrfFailed,
    FetchFailed,
    FetchRefused,
    Forbidden,
    InputError,
    KiemchungError,
    LoginRequired,
    MatchingUnavailable,
    NotFound,
    OcrUnavailable,
    SettingError,
    StoreError,
)
from .pipeline import Pipeline, register
from .settings import Settings
from .version import __version__ as __version__

__all__ = [
    "Claim",
    "Conflict",
    "CsrfFailed",
    "Document",
    "FetchFailed",
    "FetchRefused",
    "Forbidden",
    "InputError",
    "KiemchungError",
    "LoginRequired",
    "Match",
    "Matcher",
    "MatchingUnavailable",
    "MatchResult",
    "NotFound",
    "OcrUnavailable",
    "Pipeline",
    "register",
    "SettingError",
    "Settings",
    "Store",
    "StoreError",
]

_LAZY = {
    "Store": "kiemchung.store",
    "Matcher": "kiemchung.matching.matcher",
    "MatchResult": "kiemchung.matching.matcher",
}


def __getattr__(name: str) -> typing.Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kiemchung' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
