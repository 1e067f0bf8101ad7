"""Money amounts and headcounts as workers type them.

Workers write ``35000元``, ``3.5万``, ``三万五``, ``一万二``, ``5千``, ``两万多``,
``一天200干了40天``;
headcounts as ``就我一个``, ``我和老乡两个人``, ``七八个人``, ``二十多个人``, ``十来号人``.

Conventions (callers rely on them):

* Money is returned as whole yuan (``int``); fractions (``3.5万``) are computed with ``Decimal``.
* Approximate words take the lower bound: ``两万多`` -> 20000, ``二十多个人`` -> 20,
  ``十几个`` -> 10, ``三十来号人`` -> 30. ``十几个`` still counts as a group (>= 10).
* Adjacent-digit ranges take the upper bound: ``七八个人`` -> 8, ``三四万`` -> 40000 — the
  worker is telling us "up to".
* A rate times a duration (``一天200，干了40天``) is used only when no total is stated,
  and is per person (the worker states their own wage rate).
* Nothing found -> ``None``; these functions never raise on odd input.

Chinese numerals are converted by cn2an; this module only finds the spans and their units.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

__all__ = ["parse_amount_yuan", "parse_headcount", "parse_number"]

# Traditional / variant characters that matter for numbers and units (the rest of the text
# can stay as it is, so no full OpenCC pass is needed here).
_CHAR_MAP = str.maketrans(
    {
        "萬": "万",
        "億": "亿",
        "兩": "两",
        "倆": "俩",
        "塊": "块",
        "個": "个",
        "幾": "几",
        "來": "来",
        "餘": "余",
        "號": "号",
        "圓": "元",
        "們": "们",
        "幹": "干",
        "總": "总",
        "計": "计",
        "錢": "钱",
        "給": "给",
        "結": "结",
        "發": "发",
        "與": "与",
        "媽": "妈",
        "婦": "妇",
        "鄉": "乡",
        "幺": "一",
    }
)

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_UNITS = "十百千万亿"
_DIGIT_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}

# A numeral span: Arabic digits (with a decimal point) and/or Chinese numerals.
_SPAN_RE = re.compile(r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿])+[kKwW]?")
_ARABIC_RE = re.compile(
    r"^(?P<a>\d+(?:\.\d+)?)(?:(?P<u1>[万千百亿kKwW])(?P<b>\d)?(?:(?P<u2>千)?)?)?$"
)
# "七八", "三四", "十七八", "一两": two consecutive digits, the second one larger by one.
_RANGE_RE = re.compile(r"([一二三四五六七八九])([二两三四五六七八九])")
# Words after a number that say it is not money (durations, dates, counts of things).
_NON_MONEY_UNITS = (
    "个月",
    "个多月",
    "个人",
    "个工",
    "个",
    "月",
    "天",
    "年",
    "日",
    "号",
    "点",
    "岁",
    "次",
    "回",
    "层",
    "楼",
    "周",
    "星期",
    "礼拜",
    "学期",
    "小时",
    "分钟",
    "人",
    "名",
    "位",
    "户",
    "家",
    "栋",
    "期",
    "队",
    "组",
    "条",
    "斤",
    "吨",
    "米",
    "平",
    "方",
    "车",
    "趟",
    "遍",
    "中",
    "小",
    "公里",
    "路",
    "矿",
    "井",
)
_MONEY_UNITS = ("块钱", "块", "元", "圆", "大洋", "快钱")
_APPROX = "多几来余把"
_TOTAL_BEFORE = ("一共", "总共", "共计", "合计", "总计", "加起来", "算下来", "一起", "共")
_MONEY_BEFORE = ("工钱", "工资", "欠", "薪", "钱", "劳务费", "费", "款", "拖", "结", "差")
_MONEY_AFTER = ("没结", "没给", "没发", "未结", "未付", "没付", "到现在", "工钱", "工资", "的钱")


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_CHAR_MAP)
    # thousands separators between digits: 35,000 -> 35000
    return re.sub(r"(?<=\d)[,，](?=\d{3}(?!\d))", "", text)


def _collapse_ranges(span: str) -> str:
    """``七八`` -> ``八``, ``三四万`` -> ``四万`` (upper bound of an adjacent-digit range)."""

    def repl(m: re.Match[str]) -> str:
        lo, hi = _DIGIT_VALUE[m.group(1)], _DIGIT_VALUE[m.group(2)]
        return m.group(2) if hi == lo + 1 else m.group(0)

    return _RANGE_RE.sub(repl, span)


def parse_number(span: str) -> Decimal | None:
    """Value of one numeral span (``3.5万``, ``三万五``, ``七八``); ``None`` if it is not one."""
    s = _normalize(span).strip()
    if not s:
        return None
    m = _ARABIC_RE.match(s)
    if m:
        try:
            value = Decimal(m.group("a"))
        except InvalidOperation:
            return None
        unit = (m.group("u1") or "").lower()
        mult = {"": 1, "万": 10_000, "w": 10_000, "千": 1000, "k": 1000, "百": 100, "亿": 10**8}[
            unit
        ]
        value *= mult
        if m.group("b"):
            # colloquial "2万3" = 23000: the trailing digit is one order below the unit
            value += int(m.group("b")) * (mult // 10)
        return value
    if any(ch.isdigit() for ch in s):
        return None
    s = _collapse_ranges(s)
    try:
        result = cn2an.cn2an(s, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    try:
        return Decimal(str(result))
    except InvalidOperation:
        return None


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    value: Decimal
    after: str  # text right after the span, approximation words (多/几/来) skipped
    before: str  # up to 6 characters before the span
    approx_mult: int  # "十几万": the 万 after 几 multiplies


def _spans(text: str) -> list[_Span]:
    out: list[_Span] = []
    for m in _SPAN_RE.finditer(text):
        raw = m.group(0)
        # A lone 一 is glued to words (一共, 一直, 一天, 一个姓邓的); 就我一个 has its own
        # pattern. Spans starting with 百/千/万/亿 are words (万一, 千万), not quantities.
        if raw == "一" or raw[0] in "百千万亿":
            continue
        value = parse_number(raw)
        if value is None:
            continue
        end = m.end()
        rest = text[end : end + 8]
        approx_mult = 1
        stripped = rest.lstrip(_APPROX)
        if stripped != rest and stripped[:1] in ("万", "千"):
            approx_mult = 10_000 if stripped[0] == "万" else 1000
            stripped = stripped[1:]
        out.append(
            _Span(
                start=m.start(),
                end=end,
                value=value,
                after=stripped,
                before=text[max(0, m.start() - 6) : m.start()],
                approx_mult=approx_mult,
            )
        )
    return out


def _looks_like_phone(span: str) -> bool:
    return span.isdigit() and len(span) == 11 and span.startswith("1")


# --- amounts ---------------------------------------------------------------------------

_NUM = r"(\d+(?:\.\d+)?[万千kK]?|[零〇一二两三四五六七八九十百千万]+)"
_RATE_RE = re.compile(
    r"(?P<per>一天|每天|一日|每日|日工资|日薪|一个工|每个工|一工|天工资|一个月|每个月|每月|月工资|月薪)"
    r"(?:是|给|按|能挣|挣|工钱|工资)?\s*" + _NUM + r"\s*(?:块钱|块|元)?"
)
_DURATION_RE = re.compile(r"干了\s*" + _NUM + r"\s*(?:个多|个)?(?P<unit>天|工|月)")


def _rate_times_duration(text: str) -> tuple[int, tuple[int, int]] | None:
    """``一天200，干了40天`` -> (8000, span of the rate number)."""
    rate = _RATE_RE.search(text)
    if not rate:
        return None
    per_day = rate.group("per") not in ("一个月", "每个月", "每月", "月工资", "月薪")
    for dur in _DURATION_RE.finditer(text, rate.end()):
        unit_is_day = dur.group("unit") in ("天", "工")
        if unit_is_day != per_day:
            continue
        r, d = parse_number(rate.group(2)), parse_number(dur.group(1))
        if r is None or d is None or r <= 0 or d <= 0:
            return None
        return int((r * d).to_integral_value()), rate.span(2)
    return None


def _money_score(sp: _Span, raw: str) -> int:
    """How sure we are that a span is the owed amount (0 = not money)."""
    after = sp.after
    has_money_unit = after.startswith(_MONEY_UNITS)
    if not has_money_unit and after.startswith(_NON_MONEY_UNITS):
        return 0
    if _looks_like_phone(raw) or (raw.isdigit() and len(raw) >= 11):
        return 0
    if sp.before.endswith(("第", "月", "年")):  # 第3, 3月5号
        return 0
    score = 0
    if has_money_unit:
        score += 3
    if any(u in raw for u in "万千") or sp.approx_mult > 1 or raw[-1:] in "kKwW":
        score += 2
    if sp.before.endswith(_TOTAL_BEFORE) or any(w in sp.before for w in _TOTAL_BEFORE[:-1]):
        score += 3
    if any(w in sp.before for w in _MONEY_BEFORE):
        score += 1
    if after.startswith(_MONEY_AFTER) or after.lstrip("，, ").startswith(_MONEY_AFTER):
        score += 1
    if score == 0 and sp.value >= 100:
        score = 1  # a bare number large enough to be money, nothing says otherwise
    return score


def parse_amount_yuan(text: str) -> int | None:
    """Total owed in yuan named in ``text``, or ``None`` if it names none."""
    t = _normalize(text)
    if not t:
        return None
    rated = _rate_times_duration(t)
    rate_span = rated[1] if rated else None
    best: tuple[int, Decimal] | None = None
    for sp in _spans(t):
        if rate_span and sp.start < rate_span[1] and sp.end > rate_span[0]:
            continue
        raw = t[sp.start : sp.end]
        score = _money_score(sp, raw)
        if score == 0:
            continue
        value = sp.value * sp.approx_mult
        if value <= 0 or value >= 10**9:
            continue
        if rated and score < 4:
            continue  # an explicit total beats a computed one; weak numbers do not
        key = (score, value)
        if best is None or key > best:
            best = key
    if best is not None:
        return int(best[1].to_integral_value())
    return rated[0] if rated else None


# --- headcount --------------------------------------------------------------------------

_ALONE_RE = re.compile(
    r"(?:就|只有|只|光)(?:我|俺|咱)(?:自己|一个人?|1个人?)|(?:我|俺)一个人|就俺?我?自个"
    r"|(?:我|俺)(?:自己)?一个(?![月多星礼天年钱])"
)
_BARE_COUNT_RE = re.compile(
    r"(?:一共|总共|共|有)?((?:\d+|[零〇一二两三四五六七八九十百千]+))[多几来余]?(?:个|名|位|号)?人?"
)
_PAIR_RE = re.compile(
    r"^俩|俩人|俩个人|(?:俺|我|咱|你|他|她)们?俩|(?:媳妇|老婆|对象|爱人|老公|老乡|兄弟|哥|弟|姐|妹|儿子|闺女|两口子)俩"
)
# "我的工钱", "欠了我" with no plural anywhere: one worker speaking for themself.
_SINGULAR_RE = re.compile(r"(?:我|俺)的(?:工钱|工资|钱)|欠(?:了)?(?:我|俺)(?!们)")
_PLURAL_RE = re.compile(r"(?<![你恁他她])们|大家|工友|俩|伙|班组|一起")
_PEOPLE_NOUNS = (
    "人",
    "工友",
    "工人",
    "兄弟",
    "老乡",
    "伙计",
    "师傅",
    "农民工",
    "同事",
    "名",
    "位",
    "号人",
)
_GROUP_BEFORE = ("俺们", "我们", "咱们", "咱", "大家", "班组", "一共", "总共", "共", "欠", "有")


def _count_from_span(sp: _Span) -> int | None:
    after = sp.after
    if sp.value <= 0 or sp.value >= 100_000 or sp.value != sp.value.to_integral_value():
        return None
    n = int(sp.value)
    if after.startswith(("个月", "个多月", "个小时", "个工地", "个项目", "个工作日", "个工期")):
        return None
    if after.startswith(_PEOPLE_NOUNS):
        return n
    if after.startswith("个"):
        tail = after[1:]
        if tail.startswith(_PEOPLE_NOUNS) or any(sp.before.endswith(w) for w in _GROUP_BEFORE):
            return n
        # "俺们十几个，一共..." / "5个的工钱"
        if tail[:1] in ("，", ",", "。", "的", "一", " ", "") and any(
            w in sp.before for w in _GROUP_BEFORE
        ):
            return n
    return None


def parse_headcount(text: str) -> int | None:
    """Number of workers owed, as the text tells it, or ``None``."""
    t = _normalize(text)
    if not t:
        return None
    counts: list[int] = []
    for sp in _spans(t):
        n = _count_from_span(sp)
        if n is not None:
            counts.append(n)
    if counts:
        return max(counts)
    if _PAIR_RE.search(t):
        return 2
    if _ALONE_RE.search(t):
        return 1
    if _SINGULAR_RE.search(t) and not _PLURAL_RE.search(t):
        return 1
    # a bare answer to "how many people?": "10", "十二", "十来个", "五六个人"
    bare = _BARE_COUNT_RE.fullmatch(t.strip().rstrip("。.!！ "))
    if bare:
        value = parse_number(bare.group(1))
        if value is not None and 0 < value < 100_000 and value == value.to_integral_value():
            return int(value)
    return None
