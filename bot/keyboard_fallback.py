"""Choice buttons on Telegram: an inline keyboard, and plain numbered text when that fails.

Telegram rejects an inline keyboard whose callback data is empty or over 64 bytes, or that
has more than 100 buttons; some clients and self-hosted servers reject it for other reasons.
The worker must still be able to answer, so the same options are then offered as text
("回复数字即可：1. … 2. …") and a typed number, or the label itself, picks the option.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import cn2an
import regex
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from intake.messaging import Button, coerce_buttons

__all__ = [
    "FALLBACK_HEADER",
    "Button",
    "can_render_inline",
    "coerce_buttons",
    "inline_keyboard",
    "numbered_text",
    "parse_choice",
]

CALLBACK_DATA_MAX_BYTES = 64
MAX_INLINE_BUTTONS = 100
FALLBACK_HEADER = "回复数字即可："
# Buttons share a row while their labels stay short; display width counts CJK as 2.
_ROW_WIDTH = 24
_MAX_PER_ROW = 3


def can_render_inline(buttons: Sequence[Button]) -> bool:
    """Whether Telegram will take these as an inline keyboard (known limits only)."""
    if not buttons or len(buttons) > MAX_INLINE_BUTTONS:
        return False
    return all(1 <= len(b.value.encode("utf-8")) <= CALLBACK_DATA_MAX_BYTES for b in buttons)


def inline_keyboard(buttons: Sequence[Button]) -> InlineKeyboardMarkup:
    """One callback button per option; the callback data is the option's value."""
    rows: list[list[InlineKeyboardButton]] = []
    row: list[InlineKeyboardButton] = []
    row_width = 0
    for button in buttons:
        width = _display_width(button.label) + 4  # padding Telegram draws around a label
        if row and (len(row) >= _MAX_PER_ROW or row_width + width > _ROW_WIDTH):
            rows.append(row)
            row, row_width = [], 0
        row.append(InlineKeyboardButton(text=button.label, callback_data=button.value))
        row_width += width
    if row:
        rows.append(row)
    return InlineKeyboardMarkup(inline_keyboard=rows)


def numbered_text(text: str, buttons: Sequence[Button]) -> str:
    """`text` followed by the options as a numbered list the worker answers by typing."""
    if not buttons:
        return text
    lines = [f"{number}. {button.label}" for number, button in enumerate(buttons, start=1)]
    options = FALLBACK_HEADER + "\n" + "\n".join(lines)
    return f"{text.rstrip()}\n\n{options}" if text.strip() else options


_CHOICE = regex.compile(
    r"^(?:第|选择?|选项|选第)?\s*(\d{1,3}|[零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]{1,4})"
    r"\s*(?:个|项|号|条|个选项)?\s*[.。,，、)）]?$"
)


def parse_choice(typed: str | None, buttons: Sequence[Button]) -> str | None:
    """The value of the option the worker picked by typing its number or its label.

    Accepts "2", "２", "2.", "二", "第二个", "选2" and the label itself (ignoring width, case
    and surrounding spaces). Anything else, or a number outside the list, gives None.
    """
    if not typed or not buttons:
        return None
    text = _normalize(typed)
    if not text:
        return None
    match = _CHOICE.match(text)
    if match:
        number = _to_int(match.group(1))
        if number is not None and 1 <= number <= len(buttons):
            return buttons[number - 1].value
        return None
    for button in buttons:
        if text == _normalize(button.label):
            return button.value
    return None


def _normalize(text: str) -> str:
    # NFKC turns full-width digits and letters into ASCII; casefold ignores case.
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _to_int(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    try:
        value = cn2an.cn2an(token, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if float(value).is_integer() else None


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
