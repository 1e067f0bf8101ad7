"""One normalisation for routing text: full-width to half-width (NFKC) and traditional to
simplified Chinese (OpenCC t2s), so lexicons and names are written once, in simplified."""

from __future__ import annotations

import re
import statistics
import unicodedata
from functools import lru_cache

import opencc

__all__ = ["despaced", "t2s", "to_simplified"]


@lru_cache(maxsize=1)
def t2s() -> opencc.OpenCC:
    """The process's one traditional-to-simplified converter (each loads its dictionaries)."""
    return opencc.OpenCC("t2s")


def to_simplified(text: str | None) -> str:
    if not text:
        return ""
    return t2s().convert(unicodedata.normalize("NFKC", text))


_HAN = "[\u3400-\u9fff]"
_HAN_GAP = re.compile(f"(?<={_HAN})[ \u3000]+(?={_HAN})")


def despaced(text: str) -> str:
    """Text typed with a space after every character or word (voice input, an elderly worker's
    typing: 工 资 不 给 我 去 他 家) read as written together. Most chat uses a space as a comma
    between longer phrases (老板跑了 我们明天去堵门); those stay, they end a clause."""
    tokens = [t for t in text.split() if re.search(_HAN, t)]
    if len(tokens) < 5 or statistics.median(len(t) for t in tokens) > 2:
        return text
    return _HAN_GAP.sub("", text)
