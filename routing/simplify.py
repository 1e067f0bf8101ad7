"""One normalisation for routing text: full-width to half-width (NFKC) and traditional to
simplified Chinese (OpenCC t2s), so lexicons and names are written once, in simplified."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

__all__ = ["t2s", "to_simplified"]


@lru_cache(maxsize=1)
def t2s() -> opencc.OpenCC:
    """The process's one traditional-to-simplified converter (each loads its dictionaries)."""
    return opencc.OpenCC("t2s")


def to_simplified(text: str | None) -> str:
    if not text:
        return ""
    return t2s().convert(unicodedata.normalize("NFKC", text))
