"""Simplified or traditional characters: answer the worker in the script they write.

The catalog is in simplified Chinese; replies are converted with OpenCC (s2tw) for a
worker who writes traditional characters. A message with no telling characters (digits,
"好") keeps the previous choice.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import opencc

from intake.dialogue.io import Button, Reply
from routing.simplify import t2s

Script = Literal["simplified", "traditional"]


@lru_cache(maxsize=1)
def _converters() -> tuple[opencc.OpenCC, opencc.OpenCC, opencc.OpenCC]:
    # detection: t2s / s2t; replies: s2tw, the character forms people actually read
    # (plain s2t gives archaic variants such as 覈對 for 核对)
    return t2s(), opencc.OpenCC("s2t"), opencc.OpenCC("s2tw")


def detect_script(text: str) -> Script | None:
    """Which script the text is written in, or None if it does not tell."""
    t2s, s2t, _ = _converters()
    simplified = t2s.convert(text)
    traditional = s2t.convert(text)
    trad_only = sum(a != b for a, b in zip(text, simplified, strict=False))
    simp_only = sum(a != b for a, b in zip(text, traditional, strict=False))
    if trad_only > simp_only:
        return "traditional"
    if simp_only > trad_only:
        return "simplified"
    return None


def to_script(text: str, script: Script) -> str:
    if script == "simplified":
        return text
    return _converters()[2].convert(text)


def replies_in_script(replies: list[Reply], script: Script) -> list[Reply]:
    """Texts and button labels converted; button values stay as they are."""
    if script == "simplified":
        return replies
    return [
        Reply(
            text=to_script(r.text, script),
            buttons=[Button(label=to_script(b.label, script), value=b.value) for b in r.buttons],
        )
        for r in replies
    ]
