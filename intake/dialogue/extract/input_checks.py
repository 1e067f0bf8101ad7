"""Messages we cannot use at all: too long, empty, or only emoji / symbols."""

from __future__ import annotations

import unicodedata
from typing import Literal

MAX_TEXT_CHARS = 2000

TextProblem = Literal["too_long", "empty", "no_text"]


def text_problem(text: str) -> TextProblem | None:
    if len(text) > MAX_TEXT_CHARS:
        return "too_long"
    stripped = text.strip()
    if not stripped:
        return "empty"
    # letters (incl. Han), digits: something we can read. Emoji are So/Sk/Mn/Cf (ZWJ, VS16).
    if not any(unicodedata.category(ch)[0] in ("L", "N") for ch in stripped):
        return "no_text"
    return None
