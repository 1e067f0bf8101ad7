"""When the work was done: "去年10月到今年1月", "从三月份干到七月份", "2023年5月至今".

Relative words (今年, 去年, 上个月, 至今) are resolved against the dialogue's today; a month
without a year is the most recent such month that is not in the future. The result has
month (or day) granularity and is never in the future.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import cn2an

_CN = "零〇一二两三四五六七八九十"
_YEAR_NUM = rf"(?:\d{{4}}|\d{{2}}|[{_CN}]{{2,4}})"
_MONTH_NUM = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|腊|冬|正)"
# Lunar month names taken as the same-numbered month: close enough for "说个大概".
_LUNAR_MONTH = {"腊": 12, "冬": 11, "正": 1}
_DAY_NUM = r"(?:3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_REL_YEAR = {
    "今年": 0,
    "本年": 0,
    "去年": -1,
    "上年": -1,
    "前年": -2,
    "大前年": -3,
    "明年": 1,  # only so that "明年3月" is read as the future it is, and refused
}
_REL_MONTH = {"上上个月": -2, "上个月": -1, "上月": -1, "这个月": 0, "本月": 0, "这月": 0}
_YEAR_PART = {
    "年初": (1, 1),
    "年头": (1, 1),
    "开年": (1, 1),
    "年中": (6, 6),
    "年底": (12, 12),
    "年末": (12, 12),
    "年尾": (12, 12),
    "上半年": (1, 6),
    "下半年": (7, 12),
    "一整年": (1, 12),
    "整年": (1, 12),
    "全年": (1, 12),
    "一年": (1, 12),
}

_POINT_RE = re.compile(
    r"(?P<now>至今|到现在|到今天|到目前|一直到现在|现在还在干|还在干|没干完)"
    r"|(?P<relm>上上个月|上个月|上月|这个月|本月|这月)"
    r"|(?P<ymd>(?P<y1>\d{4})(?P<sep>[./-])(?P<m1>1[0-2]|0?[1-9])"
    r"(?:(?P=sep)(?P<d1>3[01]|[12]\d|0?[1-9]))?(?!\d))"
    r"|(?:(?P<year>"
    + "|".join(sorted(_REL_YEAR, key=len, reverse=True))
    + r"|"
    + _YEAR_NUM
    + r"年)"
    r"(?:的)?)?"
    r"(?:(?P<month>" + _MONTH_NUM + r")月份?(?:(?P<day>" + _DAY_NUM + r")[日号])?"
    r"|(?P<part>" + "|".join(sorted(_YEAR_PART, key=len, reverse=True)) + r"))?"
)
_START_ONLY_RE = re.compile(r"开始|起|以来|进场|来的|去的|上班")
_DURATION_RE = re.compile(
    r"(?:干|做|上班|打工)了?(?:快|将近|差不多|大概|有)?"
    r"(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3}|半|大半)(?:个多|个|多个)?(?P<unit>月|年)"
)


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    text: str  # the words it was read from

    def label(self) -> str:
        """2024年10月–2025年1月 (or one month / a day range)."""

        def fmt(d: date, first: bool) -> str:
            last = calendar.monthrange(d.year, d.month)[1]
            if (first and d.day != 1) or (not first and d.day != last):
                return f"{d.year}年{d.month}月{d.day}日"
            return f"{d.year}年{d.month}月"

        a, b = fmt(self.start, True), fmt(self.end, False)
        return a if a == b else f"{a}–{b}"


@dataclass(frozen=True, slots=True)
class _Point:
    year: int | None
    m_from: int | None
    m_to: int | None
    day: int | None
    now: bool
    span: tuple[int, int]
    year_only: bool = False


def _num(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    try:
        if all(c in "零〇一二三四五六七八九" for c in s):  # digit by digit: 二三 -> 23
            return int("".join(str("零一二三四五六七八九".index(c.replace("〇", "零"))) for c in s))
        return int(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _year(token: str, today: date) -> int | None:
    if token in _REL_YEAR:
        return today.year + _REL_YEAR[token]
    n = _num(token.removesuffix("年"))
    if n is None:
        return None
    if n < 100:
        n += 2000 if n <= today.year % 100 else 1900
    return n


def _points(text: str, today: date) -> list[_Point]:
    pts: list[_Point] = []
    for m in _POINT_RE.finditer(text):
        if not m.group(0):
            continue
        if m.group("now"):
            pts.append(_Point(today.year, today.month, today.month, today.day, True, m.span()))
            continue
        if m.group("relm"):
            k = today.year * 12 + today.month - 1 + _REL_MONTH[m.group("relm")]
            y, mo = divmod(k, 12)
            pts.append(_Point(y, mo + 1, mo + 1, None, False, m.span()))
            continue
        if m.group("ymd"):
            d = m.group("d1")
            ym = int(m.group("m1"))
            pts.append(_Point(int(m.group("y1")), ym, ym, int(d) if d else None, False, m.span()))
            continue
        year = _year(m.group("year"), today) if m.group("year") else None
        if m.group("year") and year is None:
            continue
        if m.group("month"):
            word = m.group("month")
            month = _LUNAR_MONTH.get(word) or _num(word)
            day = _num(m.group("day")) if m.group("day") else None
            if month is None or not 1 <= month <= 12:
                continue
            pts.append(_Point(year, month, month, day, False, m.span()))
        elif m.group("part"):
            lo, hi = _YEAR_PART[m.group("part")]
            if m.group("part") == "一年" and year is None:
                continue  # "干了一年" is a duration, not a year
            pts.append(_Point(year, lo, hi, None, False, m.span()))
        elif year is not None:
            pts.append(_Point(year, 1, 12, None, False, m.span(), year_only=True))
    return pts


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _from_index(k: int) -> tuple[int, int]:
    y, m = divmod(k, 12)
    return y, m + 1


def _latest_year_for(month: int, today: date) -> int:
    return today.year if month <= today.month else today.year - 1


def _duration_months(text: str) -> int | None:
    m = _DURATION_RE.search(text)
    if not m:
        return None
    n = m.group("n")
    if n in ("半", "大半"):
        months = 6 if n == "半" else 8
        return months if m.group("unit") == "年" else None
    value = _num(n)
    if value is None or value <= 0:
        return None
    return value * 12 if m.group("unit") == "年" else value


def parse_period(text: str, today: date) -> Period | None:
    """The period named in (normalised) text, or None when it names none or an impossible one."""
    pts = _points(text, today)
    if not pts:
        return None
    first, last = pts[0], pts[-1]
    start_y, start_m, start_d = first.year, first.m_from, first.day
    end_y, end_m, end_d = last.year, last.m_to, last.day
    assert start_m is not None and end_m is not None
    duration = _duration_months(text)
    if len(pts) == 1 and not first.now:
        tail = text[first.span[1] : first.span[1] + 6]
        if _START_ONLY_RE.match(tail.lstrip("份就开始干到的")) or "开始" in tail:
            end_d = None
            if duration:
                y0 = start_y if start_y is not None else _latest_year_for(start_m, today)
                end_y, end_m = _from_index(_month_index(y0, start_m) + duration - 1)
            else:
                end_y, end_m, end_d = today.year, today.month, today.day  # "从3月开始干"
    elif len(pts) == 1:
        if not duration:
            return None  # "到现在" alone says nothing about when it started
        start_y, start_m = _from_index(_month_index(today.year, today.month) - duration + 1)
        start_d = None
    # fill in missing years: the end is the latest such month not after today
    if end_y is None and start_y is None:
        end_y = _latest_year_for(end_m, today)
        start_y = end_y if start_m <= end_m else end_y - 1
    elif end_y is None:
        assert start_y is not None
        end_y = start_y if end_m >= start_m else start_y + 1
    elif start_y is None:
        start_y = end_y if start_m <= end_m else end_y - 1
    assert start_y is not None and end_y is not None
    if not (1980 <= start_y <= today.year + 1 and 1980 <= end_y <= today.year + 1):
        return None
    try:
        start = date(start_y, start_m, start_d or 1)
        end = date(end_y, end_m, end_d or calendar.monthrange(end_y, end_m)[1])
    except ValueError:
        return None
    if start > today:
        return None
    end = min(end, today)
    if end < start:
        return None
    words = text[first.span[0] : last.span[1]].strip(" ，,。")
    return Period(start=start, end=end, text=words or text.strip())


def years_before(today: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February -> 28 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)
