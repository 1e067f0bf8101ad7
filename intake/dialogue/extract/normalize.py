"""One normalised form of a worker's message for all extractors.

Workers type full-width digits, traditional characters and odd spacing; every extractor
works on the same simplified, half-width text so that none has to care.
"""

from __future__ import annotations

import re
import unicodedata

from routing.simplify import t2s

_SPACES_RE = re.compile(r"[ \t\u3000\u00a0]+")


def normalize(text: str) -> str:
    """Simplified characters, half-width digits/letters/punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", text or "")
    text = t2s().convert(text)
    # OpenCC keeps 著 (valid in simplified 著名), but in chat 跟著/拖著 is traditional 着
    text = re.sub(r"(?<!显)著(?![名作称])", "着", text)
    text = _SPACES_RE.sub(" ", text)
    return text.strip()


def compact(text: str) -> str:
    """`normalize` without any whitespace (for matching short answers)."""
    return re.sub(r"\s+", "", normalize(text))


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace the given spans with a separator so later parsers do not read them again."""
    if not spans:
        return text
    out = list(text)
    for start, end in spans:
        for i in range(start, end):
            out[i] = "，" if i == start else " "
    return "".join(out)
