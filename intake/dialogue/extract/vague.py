"""Approximate numbers as workers say them: 四十来万, 三万多, 两万左右, 十几个人, 七八个.

The number itself is read by `routing.quantities` (the one the routing uses); here we keep
the words that say it is approximate, so the summary can show them beside the number.
"""

from __future__ import annotations

import re

_DIGITS = r"[\d.零〇一二两三四五六七八九十百千万]"
_HEDGE = r"(?:大概|大约|差不多|将近|快|约|估计|少说|至少|起码|有个)"
_MONEY_UNIT = r"(?:万块|万元|万|千块|千元|千|块钱|块|元|百块|百)"
_PEOPLE_UNIT = r"(?:个人|号人|位|名|个|人|号)"


def _patterns(unit: str) -> tuple[re.Pattern[str], ...]:
    return (
        # 四十来万, 三万多块, 十几个人, 二十多个, 好几十个
        re.compile(
            rf"{_HEDGE}?好?{_DIGITS}*[一二两三四五六七八九十百千万\d几]+(?:来|多|余|几){unit}(?:多|来)?(?:块|元|钱|人)?"
        ),
        # 三万多, 五千多块, 二十个多人
        re.compile(rf"{_HEDGE}?{_DIGITS}+{unit}(?:多|来|余)(?:块|元|钱|人)?"),
        # 两万左右, 5000块上下, 十个人出头
        re.compile(rf"{_HEDGE}?{_DIGITS}+{unit}?(?:钱)?(?:左右|上下|出头)"),
        # 七八个, 三四万: two neighbouring numerals
        re.compile(
            rf"{_HEDGE}?(?:一二|二三|两三|三四|四五|五六|六七|七八|八九)(?:十|百|千|万)?{unit}"
        ),
        # 大概五千, 差不多十个人
        re.compile(rf"{_HEDGE}{_DIGITS}+{unit}?"),
    )


_MONEY = _patterns(_MONEY_UNIT)
_PEOPLE = _patterns(_PEOPLE_UNIT)


def vague_words(text: str, *, people: bool = False) -> str | None:
    """The approximate number phrase in `text` as the worker wrote it (an amount, or with
    people=True a count), or None when the number is given exactly."""
    for rx in _PEOPLE if people else _MONEY:
        m = rx.search(text)
        if m and any(ch in m.group() for ch in "一二两三四五六七八九十百千万0123456789几"):
            words = m.group().strip()
            if people and not re.search(_PEOPLE_UNIT + "|人", words):
                continue
            return words
    return None
