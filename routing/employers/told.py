"""A company named inside a sentence: 俺在辉发给瓷碗上釉，他们做陶瓷碗碟的; 强鹏呀 俺在熔铝炉跟前干.

A worker asked who owes them often answers with what they did there, and the registered 字号
is the only part of the name in it. Read part by part, such a sentence is mostly words no name
has, and no candidate comes near enough to be chosen. Read as a sentence: the registered 字号
written in it, where a name can stand (at the start, after 在/给/是…, before 那个/的/公司…),
gives its companies; the rest of the sentence tells them apart:

* a line of business it names (`trades.kin_words`: 上釉 and 陶瓷, 掌勺 and 餐饮) picks the
  companies registered in that line, and rules out the others when the line is narrow;
* failing that, the characters a candidate's registered trade shares with the sentence (熔铝炉
  and 铝业, 做家具 and 家具) pick the one that shares the most.

One company left is the match; a line said that none of them is in leaves none (金远服装厂,
俺缝衣服的, where every 金远 builds roads); several are offered, not chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

from routing.employers import pinyin, trades
from routing.employers.normalize import FILLER_WORDS, PARTICLES, fold
from routing.employers.store import RegistryStore

# Words and characters a registered trade shares with nearly any sentence or name: they tell
# nothing (服 of 服务 does, 服 of 服装 not).
_GENERIC_WORDS = re.compile("工程|有限|公司|责任|股份|集团|服务|管理|开发|建设|中心|专业|合作社")
_GENERIC = frozenset("业厂店部市县镇乡")
_SEPARATOR = trades.SEPARATOR
# What a name may follow and be followed by in a sentence: what a trade clause may, and 找宇腾,
# 被辉发, 到星润 before it, 辉发那, 辉发给, 创达派, 瑞力把 after it
_BEFORE = (*trades.OPENERS, "找", "叫", "被", "去", "到")
_AFTER = (*trades.HEADS, "那", "给", "派", "把")
# Words only a sentence has: the worker, what was done, what is owed (a name has none)
_SPEECH = re.compile(
    r"[俺我咱恁他她你欠干在给跟帮]|那个|那边|那家|这个|他们|工资|工钱|的[^士]|\s|[,，。！!？?]"
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# characters that start the words after a name, never a 字号's last one (干, 做, 当, 在 …)
_NOT_NAME = trades.ACTIONS | PARTICLES | frozenset("在给是的那这里下")
_MAX_MEMBERS = 12  # a 字号 more companies share than this is no clue to one of them
_MIN_TEXT = 6  # shorter queries are names, read part by part


@dataclass(frozen=True, slots=True)
class Told:
    chosen: int | None  # the one company the sentence names, if one
    offered: tuple[int, ...]  # the companies of the 字号 written, best first


def read(store: RegistryStore, query: str) -> Told | None:
    """The companies of the 字号 a sentence names, and the one it picks; None when `query`
    is no sentence or names no registered 字号 where a name can stand."""
    text = fold(query)
    if len(_SEPARATOR.sub("", text)) < _MIN_TEXT or not _SPEECH.search(text):
        return None  # a name, however long (登封市第三人民医院), is read part by part
    hits = _brands_in(store, text)
    if not hits:
        return None
    members = sorted({idx for brand, _, _ in hits for idx in _members(store, brand)})
    if not members or len(members) > _MAX_MEMBERS:
        return None
    rest = text
    for brand, start, _ in hits:
        rest = rest[:start] + " " * len(brand) + rest[start + len(brand) :]
    parsed = store.parsed
    # a registered trade written right after the 字号 rules out a namesake of another sector
    # (隆华商贸 is no 隆华磨料磨具, 凯发生态的老板 no 凯发耐火材料); one said elsewhere may be
    # the worker's own job (在森昌卖房子，当销售)
    written = [w for brand, start, _ in hits if (w := _trade_at(store, text, start + len(brand)))]
    members = [
        i
        for i in members
        if (p := parsed[i]) is not None
        and all(store.lexicon.same_trade(w, p.industry) for w in written)
    ]
    spoken = trades.read(store, text)
    if spoken is not None and spoken.sectors:
        # 搞钢筋的金锦: a trade said in a clause rules out the sectors it is not of
        members = [i for i in members if (r := store.records[i]) and r.sector in spoken.sectors]
    if not members:
        return None
    kin, narrow = trades.kin_words(_SEPARATOR.sub("", rest))
    affine = [
        i for i in members if (p := parsed[i]) is not None and trades.in_line(p.industry, kin)
    ]
    if not affine and narrow:
        return None  # a line of business none of them is in
    pool = affine or members
    shared = {i: _shared(p.industry if (p := parsed[i]) is not None else "", rest) for i in pool}
    best = max(shared.values())
    top = [i for i in pool if shared[i] == best]
    offered = tuple(sorted(members, key=lambda i: (i not in pool, -shared.get(i, 0))))
    if len(top) == 1 and (affine or best > 0):
        return Told(top[0], offered)
    return Told(None, offered)


def _trade_at(store: RegistryStore, text: str, pos: int) -> str:
    """The registered trade word written at `pos`, spaces inside it ignored (商  贸)."""
    return store.lexicon.starts_with_word(_SEPARATOR.sub("", text[pos : pos + 12]))


def _members(store: RegistryStore, brand: str) -> list[int]:
    return [
        idx
        for ids in store.brands.get(brand, {}).values()
        for idx in ids
        if store.records[idx] is not None
    ]


def _shared(industry: str, rest: str) -> int:
    """How many telling characters of a registered trade the sentence holds."""
    return sum(1 for ch in set(_GENERIC_WORDS.sub("", industry)) - _GENERIC if ch in rest)


def _brands_in(store: RegistryStore, text: str) -> list[tuple[str, int, bool]]:
    """(字号, where, found by sound) of each registered 字号 written where a name stands;
    by sound only when none is written character for character."""
    exact = _scan(store, text, by_sound=False)
    # a 字号 that is also a word of a line of business (武术) is that line beside another 字号
    # (鸿运就是教武术的那家)
    named = [hit for hit in exact if hit[0] not in trades.KIND_WORDS]
    return named or exact or _scan(store, text, by_sound=True)


def _scan(store: RegistryStore, text: str, *, by_sound: bool) -> list[tuple[str, int, bool]]:
    found: list[tuple[str, int, bool]] = []
    i = 0
    while i < len(text) - 1:
        for n in range(min(store.max_brand, len(text) - i), 1, -1):
            sub = text[i : i + n]
            brand = _registered(store, sub, by_sound)
            if (
                brand
                and sub not in FILLER_WORDS
                and _stands_as_name(text, i, i + n, both=by_sound)
                and not _longer_name(store, text, i + n)
                and not _longer_name_before(store, text, i)
            ):
                found.append((brand, i, by_sound))
                i += n
                break
        else:
            i += 1
    return found


def _registered(store: RegistryStore, sub: str, by_sound: bool) -> str:
    if not by_sound:
        return sub if sub in store.brands else ""
    if _SEPARATOR.search(sub) or store.lexicon.starts_with_word(sub) or sub in trades.KIND_WORDS:
        return ""  # 建筑 is a trade, not a slip for a 字号 that sounds like it
    said = set(product(*(pinyin.typed_readings(ch) for ch in sub)))
    brands = {
        b
        for key in {"".join(p) for p in said}
        for b in store.brand_keys.get(key, ())
        # syllable by syllable (前干 is qian gan, not 强安's qiang an), by the readings the
        # 字号's characters commonly have (宁 is ning, rarely zhu)
        if said & set(product(*(pinyin.common_readings(ch) for ch in b)))
    }
    return next(iter(brands)) if len(brands) == 1 else ""


def _longer_name(store: RegistryStore, text: str, end: int) -> bool:
    """Whether the 字号 found runs on past `end` into a longer one that is not registered: one
    more character before a trade word or the end (景建绿劳务分包, 环卫服务的大泽晶)."""
    if end >= len(text) or not _HAN.match(text[end]) or text[end] in _NOT_NAME:
        return False
    if any(text.startswith(w, end) for w in _AFTER):
        return False
    nxt = end + 1
    return (
        nxt >= len(text)
        or bool(_SEPARATOR.match(text[nxt]))
        or bool(store.lexicon.starts_with_word(text[nxt : nxt + 8]))
    )


def _longer_name_before(store: RegistryStore, text: str, start: int) -> bool:
    """Whether a character that no word around a name explains comes right before the 字号
    found (劳务分包的灿顺冬): a longer one that is not registered."""
    if start == 0 or not _HAN.match(text[start - 1]) or text[start - 1] in _NOT_NAME:
        return False
    if any(text.endswith(w, 0, start) for w in _BEFORE):
        return False
    return store.regions.match_ending_at(text, start) is None  # 登封华鹏: the region


def _stands_as_name(text: str, start: int, end: int, *, both: bool) -> bool:
    """Whether text[start:end] stands where a name does: after or before (with `both`, after
    and before: a slip of sound needs more to go on) a boundary or the words around a name."""
    before = start == 0 or bool(_SEPARATOR.match(text[start - 1]))
    before = before or any(text.endswith(w, 0, start) for w in _BEFORE)
    after = end == len(text) or bool(_SEPARATOR.match(text[end]))
    after = after or any(text.startswith(w, end) for w in _AFTER)
    return (before and after) if both else (before or after)
