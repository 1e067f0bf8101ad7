"""Resident identity card numbers (GB 11643-1999): 17 digits and a check character.

The number is optional in a complaint; a wrong one is worse than none, so a number whose
check character or birth date does not fit is reported as invalid, never stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"  # index = weighted sum mod 11

# 18 characters (17 digits + digit/X), or the old 15-digit form, or a near miss of 16-19
# characters right after the word 身份证.
_ID_RE = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
_OLD_ID_RE = re.compile(r"(?<![\dA-Za-z])\d{15}(?![\dA-Za-z])")
_NEAR_MISS_RE = re.compile(r"身份证(?:号码?|号)?\s*[:：是为]?\s*([\dXx]{14,20})")


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def is_valid_id_number(value: str) -> bool:
    """True for an 18-character number with a correct check character and birth date."""
    value = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value) or value[0] in "09":
        return False
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if born.year < 1900:
        return False
    return check_char(value[:17]) == value[17]


@dataclass(frozen=True, slots=True)
class IdScan:
    valid: list[tuple[str, tuple[int, int]]]  # (number upper-cased, span)
    invalid: list[tuple[str, tuple[int, int]]]  # looked like an id number but is not one


def scan_id_numbers(text: str, *, today: date | None = None) -> IdScan:
    valid: list[tuple[str, tuple[int, int]]] = []
    invalid: list[tuple[str, tuple[int, int]]] = []
    seen: set[tuple[int, int]] = set()
    for m in _ID_RE.finditer(text):
        value = m.group().upper()
        ok = is_valid_id_number(value)
        if ok and today is not None and value[6:14] > today.strftime("%Y%m%d"):
            ok = False  # born in the future
        (valid if ok else invalid).append((value, m.span()))
        seen.add(m.span())
    for m in _OLD_ID_RE.finditer(text):
        invalid.append((m.group(), m.span()))  # first-generation cards expired in 2013
        seen.add(m.span())
    for m in _NEAR_MISS_RE.finditer(text):
        span = m.span(1)
        if not any(s <= span[0] < e for s, e in seen):
            invalid.append((m.group(1).upper(), span))
    return IdScan(valid=valid, invalid=invalid)


def mask_id_number(value: str) -> str:
    """4101**********123X: how an id number is echoed back."""
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}" if len(value) > 8 else value
