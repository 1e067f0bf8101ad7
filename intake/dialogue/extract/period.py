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

# Festivals and farm seasons as workers date things: (month, day or None). 过年 is the
# Spring Festival, whose date is looked up per year (`spring_festival`).
_FESTIVALS: dict[str, tuple[int, int | None]] = {
    "过年": (0, None),
    "春节": (0, None),
    "大年三十": (0, None),
    "年三十": (0, None),
    "除夕": (0, None),
    "过完年": (0, None),
    "正月十五": (0, None),
    "元宵节": (0, None),
    "元宵": (0, None),
    "元旦": (1, 1),
    "清明": (4, 5),
    "五一": (5, 1),
    "麦收": (6, None),
    "收麦": (6, None),
    "麦忙": (6, None),
    "端午": (6, None),
    "秋收": (9, None),
    "中秋": (9, None),
    "国庆": (10, 1),
    "秋后": (10, None),
    "入冬": (11, None),
}
# Lunar new year's day: the lunar calendar is not arithmetic, so the dates are listed.
_SPRING_FESTIVAL = {
    2010: (2, 14), 2011: (2, 3), 2012: (1, 23), 2013: (2, 10), 2014: (1, 31), 2015: (2, 19),
    2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12),
    2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6),
    2028: (1, 26), 2029: (2, 13), 2030: (2, 3), 2031: (1, 23), 2032: (2, 11), 2033: (1, 31),
    2034: (2, 19), 2035: (2, 8),
}  # fmt: skip


def spring_festival(year: int) -> date:
    """The Spring Festival of `year` (early February outside the listed years)."""
    month, day = _SPRING_FESTIVAL.get(year, (2, 1))
    return date(year, month, day)


_POINT_RE = re.compile(
    r"(?P<now>至今|到现在|到今天|到目前|一直到现在|现在还在干|还在干|没干完|干到现在|做到现在)"
    r"|(?:(?P<fyear>"
    + "|".join(sorted(_REL_YEAR, key=len, reverse=True))
    + r"|"
    + _YEAR_NUM
    + r"年)(?:的)?)?(?P<fest>"
    + "|".join(sorted(_FESTIVALS, key=len, reverse=True))
    + r")"
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
_SPRING_WORDS = frozenset(
    {"过年", "春节", "大年三十", "年三十", "除夕", "过完年", "正月十五", "元宵节", "元宵"}
)
_END_CUE = re.compile(r"[到至]$")
_FESTIVAL_ANSWER_CHARS = 12  # longer: a story, where a festival alone is no period
_START_ONLY_RE = re.compile(r"开始|起|以来|进场|来的|去的|上班")
_DURATION_RE = re.compile(
    r"(?:干|做|上班|打工)了?(?:快|将近|差不多|大概|有|小|一)?"
    r"(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3}|半|大半)(?:个多|个来|个|多个|来个)?(?P<unit>月|年)"
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
    festival: str = ""  # 过年 etc.: the day depends on the year (resolved late)


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
        if m.group("fest"):
            word = m.group("fest")
            fyear = _year(m.group("fyear"), today) if m.group("fyear") else None
            f_month, f_day = _FESTIVALS[word]
            if f_month == 0:  # the Spring Festival: late January or February
                pts.append(_Point(fyear, 2, 2, None, False, m.span(), festival=word))
            else:
                pts.append(_Point(fyear, f_month, f_month, f_day, False, m.span(), festival=word))
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


# Between two ends of one period stands little: "去年10月到今年1月", "从麦收干到秋后".
_CHAIN_GAP = re.compile(r"^[^，,。；;!！?？\n]{0,8}$")


def _first_chain(pts: list[_Point], text: str) -> list[_Point]:
    """The points of the first period the text names: a story may date other things too
    ("…今年1月，过年前说好结账，到现在一分没给"). The first run of two or more points close
    together wins; else the first point."""
    chains: list[list[_Point]] = []
    for p in pts:
        if chains and _CHAIN_GAP.match(text[chains[-1][-1].span[1] : p.span[0]]):
            chains[-1].append(p)
        else:
            chains.append([p])
    for chain in chains:
        if len(chain) >= 2:
            return chain
    return chains[0][:1] if chains else []


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


def parse_period(text: str, today: date, *, answer: bool = False) -> Period | None:
    """The period named in (normalised) text, or None when it names none or an impossible one.

    answer: the text answers "从什么时候干到什么时候", so a duration alone ("干了三个月") is a
    period ending today; in a story it may have ended long ago, and is not read."""
    pts = _first_chain(_points(text, today), text)
    duration = _duration_months(text)
    if not pts:
        if not duration or not answer:
            return None
        # "干了三个月": a duration alone ends today
        y0, m0 = _from_index(_month_index(today.year, today.month) - duration + 1)
        start = date(y0, m0, 1)
        m = _DURATION_RE.search(text)
        return Period(start=start, end=today, text=m.group(0) if m else text.strip())
    first, last = pts[0], pts[-1]
    start_y, start_m, start_d = first.year, first.m_from, first.day
    end_y, end_m, end_d = last.year, last.m_to, last.day
    assert start_m is not None and end_m is not None
    single_end = len(pts) == 1 and _END_CUE.search(text[max(0, first.span[0] - 2) : first.span[0]])
    lone_festival = len(pts) == 1 and first.festival and not single_end and not duration
    if lone_festival and (not answer or len(text) > _FESTIVAL_ANSWER_CHARS):
        return None  # "过年都回不了家", 高国庆: a festival alone in a story is no period
    if single_end and not first.now:
        if not duration:
            return None  # "干到过年" alone says nothing about when it started
        y1 = end_y if end_y is not None else _latest_year_for(end_m, today)
        if first.festival in _SPRING_WORDS:
            sf = spring_festival(y1)
            end_y, end_m, end_d = sf.year, sf.month, sf.day
        else:
            end_y = y1
        start_y, start_m = _from_index(_month_index(end_y, end_m) - duration + 1)
        start_d = None
    elif len(pts) == 1 and not first.now:
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
    # the Spring Festival's day is known once its year is
    if first.festival in _SPRING_WORDS and not single_end:
        sf = spring_festival(start_y)
        start_y, start_m, start_d = sf.year, sf.month, sf.day
    if last.festival in _SPRING_WORDS and (len(pts) > 1 or single_end):
        sf = spring_festival(end_y)
        end_y, end_m, end_d = sf.year, sf.month, sf.day
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
