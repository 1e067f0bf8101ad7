"""The structured path: find a registry brand (字号) inside the query, then judge the rest.

For each window of the query that is a registry brand — typed exactly, by sound (homophone
characters or pinyin) or, on a second pass, with one look-alike character — the words
before it are read for a region, the words after it are compared with each industry the
brand is registered with, and legal form and branch are compared. Each comparison gives a
factor in 0..1; the product is the candidate's score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from routing.employers import glyphs, pinyin
from routing.employers.align import align
from routing.employers.parse import BRANCH_RE, LEGAL_FORMS, ParsedName
from routing.employers.query import Units, primary_readings, units_of
from routing.employers.regions import related
from routing.employers.store import RegistryStore, Scored, keep

# Evidence carried by a brand character, by how it matched.
EXACT, ROMANISED, HOMOPHONE, LOOKALIKE = 1.0, 0.97, 0.86, 0.8
NUMERALS = frozenset("一二三四五六七八九十百零〇两0123456789")
_BRANCH_ANYWHERE = re.compile(BRANCH_RE.pattern.rstrip("$"))
_LEGAL_CODES = [(f, units_of(f).codes) for f in LEGAL_FORMS]
_WEAKEST = 0.3  # below this a candidate is not worth offering


@dataclass(frozen=True, slots=True)
class Branch:
    start: int  # unit index where the branch words begin (len(units) when none)
    key: str  # canonical, as ParsedName.branch_key
    codes: tuple[int, ...]


def find_branch(store: RegistryStore, units: Units) -> Branch:
    """The branch named at the end of the query (宏达建筑登封分公司 -> 登封分公司)."""
    text = units.join()
    last = None
    for m in _BRANCH_ANYWHERE.finditer(text):
        last = m
    if last is None:
        return Branch(len(units), "", ())
    kind, acc = 0, 0  # unit where the branch kind (分公司, 第一分公司) starts
    while kind < len(units) and acc + len(units.texts[kind]) <= last.start():
        acc += len(units.texts[kind])
        kind += 1
    start, region = kind, None
    got = store.regions.match_ending_at(text, acc)
    if got:
        region = got[1]
        while start > 0 and acc - len(units.join(start - 1, kind)) >= acc - got[0]:
            start -= 1
    else:
        for n in (4, 3, 2):  # a slip in the branch's place name: 登峰分公司, 灯封分公司
            if kind - n >= 0 and (region := store.regions.by_sound(units.codes[kind - n : kind])):
                start = kind - n
                break
    rest = text[acc : last.end()]
    key = (region.key if region else "") + "|" + rest
    return Branch(start, key, units_of(units.join(start, kind) + rest).codes)


def brand_hits(store: RegistryStore, units: Units, end: int, lookalike: bool) -> dict:
    """{(start, size, brand): evidence} for windows of units[:end] that name a brand."""
    hits: dict[tuple[int, int, str], float] = {}
    sounds = primary_readings(units)
    for i in range(end):
        for size in range(2, min(store.max_brand, end - i) + 1):
            texts = units.texts[i : i + size]
            s = "".join(texts)
            all_han = all(units.han[i : i + size])
            if lookalike:
                if all_han:
                    _lookalike_hits(store, s, i, hits)
                continue
            if all_han and s in store.brands:
                hits[(i, size, s)] = EXACT
            said = sounds[i : i + size]
            key = "" if "" in said else "".join(said)
            for b in store.brand_keys.get(key, ()) if key else ():
                if len(b) == size and b != s:
                    f = _sound_evidence(texts, units.han[i : i + size], b)
                    if f:
                        hits[(i, size, b)] = f
    return hits


def _sound_evidence(texts: tuple[str, ...], han: tuple[bool, ...], brand: str) -> float:
    f = 1.0
    for t, is_han, ch in zip(texts, han, brand, strict=True):
        if t == ch:
            continue
        if not pinyin.sounds_like(t, ch):
            return 0.0
        f *= HOMOPHONE if is_han else ROMANISED
    return f


def _lookalike_hits(store: RegistryStore, s: str, i: int, hits: dict) -> None:
    for p, ch in enumerate(s):
        if ch in NUMERALS:
            continue  # 第九 is not 第七 however alike they look
        for alt in store.lookalike_of.get(ch, ()):
            b = s[:p] + alt + s[p + 1 :]
            if b in store.brands and alt not in NUMERALS:
                hits.setdefault((i, len(s), b), LOOKALIKE)


def score(
    store: RegistryStore, units: Units, scored: dict[int, Scored], *, lookalike: bool
) -> None:
    branch = find_branch(store, units)
    hits = brand_hits(store, units, branch.start, lookalike)
    prefixes: dict[int, tuple[str, float]] = {}
    fits: dict[tuple[int, str], tuple[float, str, bool] | None] = {}
    for (i, size, brand), evidence in hits.items():
        how = (
            f"brand {brand} ({'look-alike' if lookalike else 'sound' if evidence < 1 else 'exact'})"
        )
        if i not in prefixes:
            prefixes[i] = _prefix(store, units, i)
        q_region, prefix_f = prefixes[i]
        j = i + size
        for industry, members in store.brands[brand].items():
            if not members:
                continue
            key = (j, industry)
            if key not in fits:
                fits[key] = _industry_fit(store, units, j, branch.start, industry)
            fit = fits[key]
            if fit is None:
                continue
            fit_f, q_legal, needs_branch = fit
            base = evidence * prefix_f * fit_f
            if base < _WEAKEST:
                continue  # could not reach a useful candidate whatever else agrees
            decisive = _regions_differ(store, members)
            for idx in members:
                p = store.parsed[idx]
                if p is None or (needs_branch and not (branch.key and branch.key == p.branch_key)):
                    continue
                f = base * _region_factor(q_region, p, decisive)
                f *= _legal_factor(q_legal, p) * _branch_factor(store, branch, p)
                keep(scored, idx, f, how)


def _prefix(store: RegistryStore, units: Units, i: int) -> tuple[str, float]:
    """(region key, factor) read from the units before a brand window."""
    text = units.join(0, i)
    region, pos, adjacent, stray = "", 0, 0, 0
    while pos < len(text):
        got = store.regions.match_at(text, pos)
        if got:
            region, pos = got[1].key, pos + got[0]
            stray, adjacent = stray + adjacent, 0
        else:
            pos += 1
            adjacent += 1
    f = 1.0 if stray < 2 else 0.9
    if adjacent:
        near = text[-adjacent:]
        if any(c in NUMERALS for c in near):
            f *= 0.3  # 登封市第三|人民医院: a number names another unit
        elif adjacent == 1:
            f *= 0.55  # 金|宏达: one stray character is most likely part of another 字号
        else:
            f *= 0.85
    return region, f


def _industry_fit(
    store: RegistryStore, units: Units, j: int, end: int, industry: str
) -> tuple[float, str, bool] | None:
    """(factor, legal form, needs the branch to agree) for the words after a brand against one
    of its industries; None when they name another trade (宏达餐饮 against 宏达建筑工程)."""
    lex = store.lexicon
    zone = units.join(j, end)
    ind_codes = store.codes(industry) if industry else ()
    word = lex.starts_with_word(zone)
    if word and not _contains(ind_codes, store.codes(word)):
        # Another trade names another company. A word of the same trade passes, weakly:
        # with the same head and no registered industry of its own (建筑 for 建设工程), or
        # when the query also names a registered branch of the company (福信运输登封分公司).
        if not lex.same_trade(word, industry):
            return None
        corroborate = not (industry[:1] == word[:1] and word not in lex.phrases)
        legal, _ = _legal_at(units, j + len(units_of(word)), end)
        return 0.85, legal, corroborate
    zone_codes = units.codes[j : min(end, j + len(industry) + 4)]
    a = align(
        ind_codes, zone_codes, lambda r, t: glyphs.look_alike(industry[r], units.texts[j + t])
    )
    rest = j + a.end
    if a.matched:
        nxt = lex.starts_with_word(units.join(rest, end))
        if (
            nxt
            and not any(f.startswith(nxt) for f in LEGAL_FORMS)
            and not _contains(ind_codes, store.codes(nxt))
        ):
            return None
    legal, after_legal = _legal_at(units, rest, end)
    if not a.matched:
        # words right after the brand that are neither its trade nor a legal form name
        # something else (宏达服饰 against 宏达职业技能培训)
        return (0.6 if after_legal == rest < end else 0.88), legal, False
    homophones = sum(
        1 for r, t in a.pairs if units.han[j + t] and units.texts[j + t] != industry[r]
    )
    precision = a.matched / a.end
    coverage = a.matched / len(industry)
    f = (0.8 + 0.2 * coverage) * precision**2 * 0.97**homophones * 0.85 ** len(a.slips)
    if a.first > 0:
        f *= 0.8  # something between brand and industry: 宏达鑫建筑
    if after_legal == rest < end:
        f *= 0.9  # unexplained words after the industry: wu ye against 物流
    return f, legal, False


def _contains(haystack: tuple[int, ...], needle: tuple[int, ...]) -> bool:
    """`needle` is a subsequence of `haystack` (pinyin codes, so 建住 fits 建筑)."""
    if not needle:
        return False
    it = iter(haystack)
    return all(any(c == h for h in it) for c in needle)


def _legal_at(units: Units, start: int, end: int) -> tuple[str, int]:
    """(legal form, unit after it) at `start`; homophone slips count (有线公司, 工司)."""
    codes = units.codes[start:end]
    for form, fc in _LEGAL_CODES:
        if codes[: len(fc)] != fc:
            continue
        if form == "集团":
            rest = codes[len(fc) :]
            for form2, fc2 in _LEGAL_CODES:
                if form2 != "集团" and rest[: len(fc2)] == fc2:
                    return "集团" + form2, start + len(fc) + len(fc2)
        return form, start + len(fc)
    return "", start


def _regions_differ(store: RegistryStore, members: list[int]) -> bool:
    """Whether the same brand + industry is registered in more than one region."""
    if len(members) < 2:
        return False
    regions = {p.region for k in members if (p := store.parsed[k]) is not None}
    return len(regions) > 1


def _region_factor(q_region: str, p: ParsedName, decisive: bool) -> float:
    if q_region == p.region:
        return 1.0
    if decisive:  # then the region is what tells the registered companies apart
        return 0.9 if not q_region else (0.85 if related(q_region, p.region) else 0.7)
    if not q_region or not p.region:
        return 0.99
    return 0.985 if related(q_region, p.region) else 0.97


def _legal_factor(q_legal: str, p: ParsedName) -> float:
    if not q_legal:
        return 1.0
    q_group = q_legal.startswith("集团")
    if q_group and not p.group:
        return 0.8  # 集团 is part of a name's identity
    if q_legal == "公司" or q_legal == p.legal or q_legal.removeprefix("集团") == p.legal:
        return 1.0  # 公司 is what everyone calls every company
    return 0.9 if p.group and not q_group else 0.98


def _branch_factor(store: RegistryStore, branch: Branch, p: ParsedName) -> float:
    if branch.key == p.branch_key:
        return 1.0
    if not branch.key:
        return 0.93  # a parent named whose only registered relative is this branch
    if not p.branch_key:
        return 0.85  # a branch named that is not registered: its parent
    if branch.codes == store.codes(p.branch):
        return 0.97  # 登峰分公司 for 登封分公司
    return 0.7
