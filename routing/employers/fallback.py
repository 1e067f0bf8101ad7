"""The fallback path: names known by their words rather than a 字号.

Government organs, public institutions, state-owned companies and confirmed aliases are
called by abbreviations (城管局 for 城市管理局, 登封三中 for 登封市第三中学). Candidates share
the query's rarest characters; each is scored by aligning the query with the whole name:
every query character inside the aligned stretch must be explained, and the name's
informative characters should be covered.
"""

from __future__ import annotations

from collections import Counter

from routing.employers import glyphs
from routing.employers.align import align
from routing.employers.brandpath import NUMERALS
from routing.employers.parse import ParsedName
from routing.employers.query import Units
from routing.employers.store import RegistryStore, Scored, keep

_MAX_CANDIDATES = 30


def score(store: RegistryStore, units: Units, scored: dict[int, Scored]) -> None:
    chars = {t for t, h in zip(units.texts, units.han, strict=True) if h and t in store.fb_chars}
    if not chars:
        return
    rare = sorted(chars, key=lambda c: len(store.fb_chars[c]))[:4]
    votes: Counter[int] = Counter()
    for ch in rare:
        votes.update(store.fb_chars[ch])
    need = min(2, len(rare))
    for idx, v in votes.most_common(_MAX_CANDIDATES):
        if v < need:
            break
        p = store.parsed[idx]
        if p is None:
            continue
        strings = store.fb_strings.get(idx, ())
        best = max((_align_score(store, units, idx, s, p) for s in strings), default=0.0)
        if best > 0:
            keep(scored, idx, best, "abbreviation" if best < 0.95 else "words")


def _align_score(store: RegistryStore, units: Units, idx: int, text: str, p: ParsedName) -> float:
    e, weights = store.fallback_form(idx, text, p)
    a = align(e.codes, units.codes, lambda r, t: glyphs.look_alike(e.texts[r], units.texts[t]))
    if not a.pairs:
        return 0.0
    q_used = {t for _, t in a.pairs} | {t for _, t in a.slips}
    pre = a.first
    region_f = 1.0
    if pre and not store.regions.strip_prefix(units.join(0, a.first))[1]:
        pre, region_f = 0, 0.95  # another region named before the name
    inner = [k for k in range(a.first, a.end) if k not in q_used]
    post = len(units) - a.end
    if any(units.texts[k] in NUMERALS for k in inner) or any(
        t in NUMERALS for t in units.texts[:pre]
    ):
        return 0.0  # 第九中学 is not 第一中学
    if any(units.texts[t] in NUMERALS or e.texts[r] in NUMERALS for r, t in a.slips):
        return 0.0
    precision = a.matched / (a.matched + len(inner) + pre + 0.5 * post)
    total = sum(weights)
    got = sum(weights[r] for r, _ in a.pairs) + sum(weights[r] for r, _ in a.slips)
    coverage = got / total if total else 0.0
    homophones = sum(1 for r, t in a.pairs if units.texts[t] != e.texts[r])
    return (
        (0.6 + 0.4 * coverage) * precision**3 * 0.95**homophones * 0.85 ** len(a.slips) * region_f
    )
