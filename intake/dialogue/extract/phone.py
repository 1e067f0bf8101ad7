"""Chinese mobile numbers (11 digits, 13x-19x), as typed: with +86, spaces or dashes.

A run of digits that looks like an attempt at a phone number but is not a valid mobile
number is reported too, so the dialogue can say what is wrong instead of ignoring it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# +86 / 0086 / 86 prefix, then 1[3-9]x xxxx xxxx with optional single separators.
_MOBILE_RE = re.compile(
    r"(?<![\dA-Za-z])(?:(?:\+|00)?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?![\dA-Za-z])"
)
# Digit runs with separators, 6..14 digits: candidates for "meant to be a phone number".
_DIGIT_RUN_RE = re.compile(r"(?<![\dA-Za-z.])\+?\d(?:[\s-]?\d){5,13}(?![\dA-Za-z.])")


@dataclass(frozen=True, slots=True)
class PhoneHit:
    number: str  # 11 digits, no prefix
    span: tuple[int, int]


def find_mobiles(text: str) -> list[PhoneHit]:
    """Every valid mobile number in (normalised) text, in order of appearance."""
    return [PhoneHit("".join(m.groups()), m.span()) for m in _MOBILE_RE.finditer(text)]


def find_phone_like(text: str) -> list[tuple[int, int]]:
    """Spans of digit runs that are not valid mobiles but could be meant as one."""
    valid = [h.span for h in find_mobiles(text)]
    out = []
    for m in _DIGIT_RUN_RE.finditer(text):
        if any(s <= m.start() < e for s, e in valid):
            continue
        digits = re.sub(r"\D", "", m.group())
        if 7 <= len(digits) <= 14 and len(digits) not in (15, 17, 18):
            out.append(m.span())
    return out


def mask_phone(number: str) -> str:
    """139****5678: how a number is echoed back (the chat may be on a shared screen)."""
    return f"{number[:3]}****{number[-4:]}" if len(number) == 11 else number
