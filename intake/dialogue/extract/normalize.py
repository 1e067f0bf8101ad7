"""One normalised form of a worker's message for all extractors.

Workers type full-width digits, traditional characters and odd spacing; every extractor
works on the same simplified, half-width text so that none has to care.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from routing.simplify import t2s

_SPACES_RE = re.compile(r"[ \t\u3000\u00a0]+")
_WHITESPACE_RE = re.compile(r"\s+")
# a turn normalises the same message and its parts several times over (each extractor, the
# short-answer checks): remembered, unless long enough to make the cache a memory cost
_CACHED_CHARS = 500


def normalize(text: str) -> str:
    """Simplified characters, half-width digits/letters/punctuation, single spaces."""
    text = text or ""
    return _normalize_cached(text) if len(text) <= _CACHED_CHARS else _normalize(text)


def compact(text: str) -> str:
    """`normalize` without any whitespace (for matching short answers)."""
    text = text or ""
    if len(text) <= _CACHED_CHARS:
        return _compact_cached(text)
    return _WHITESPACE_RE.sub("", _normalize(text))


@lru_cache(maxsize=1024)
def _compact_cached(text: str) -> str:
    return _WHITESPACE_RE.sub("", normalize(text))


@lru_cache(maxsize=1024)
def _normalize_cached(text: str) -> str:
    return _normalize(text)


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = t2s().convert(text)
    # OpenCC keeps 著 (valid in simplified 著名), but in chat 跟著/拖著 is traditional 着
    text = re.sub(r"(?<!显)著(?![名作称])", "着", text)
    text = _SPACES_RE.sub(" ", text)
    return text.strip()


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace the given spans with a separator so later parsers do not read them again."""
    if not spans:
        return text
    out = list(text)
    for start, end in spans:
        for i in range(start, end):
            out[i] = "，" if i == start else " "
    return "".join(out)
