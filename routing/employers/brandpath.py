"""The structured path: find a registry brand (字号) inside the query, then judge the rest.

For each window of the query that is a registry brand — typed exactly, by sound (homophone
characters or pinyin) or, on a second pass, slipped (a look-alike character, one character
missing, one too many, two swapped, one replaced) — the parts around it are put in a
registry name's order (a trade named first, a region after the brand or in brackets), the
words before it are read for a region, the words after it are compared with each industry the
brand is registered with (another trade rules a company out), and legal form and branch are
compared. Each comparison gives a factor in 0..1; the product is the candidate's score, so a
slip costs in proportion to how little of the name is left to back it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice, product

from routing.employers import glyphs, pinyin, trades
from routing.employers.align import align
from routing.employers.parse import BRANCH_RE, LEGAL_FORMS, ParsedName
from routing.employers.query import Units, said_readings, units_of
from routing.employers.regions import related
from routing.employers.store import RegistryStore, Scored, keep

# Evidence carried by a brand character, by how it matched.
EXACT, ROMANISED, HOMOPHONE, LOOKALIKE = 1.0, 0.97, 0.86, 0.8
SWAPPED, EXTRA, MISSING, MISSING_OF_TWO = 0.84, 0.82, 0.8, 0.76
LOOSELY_ALIKE = 0.76  # a match only when region, trade and legal form all agree
SIMILAR, REPLACED = 0.7, 0.66  # never a match alone: a question with buttons
# the two characters of a two-character brand the other way round (宁德 for 德宁) may name
# another company: a question with buttons, a match only when the region named is its own
SWAPPED_PAIR = 0.7
_PAIR_KIND = "two characters the other way round"
_SHAPE_KINDS = frozenset({"look-alike", "look-alike, loosely"})  # one character of like shape
_SLIP_KINDS = _SHAPE_KINDS | {"sound"}  # a registered 字号 typed is not a slip of another
NUMERALS = frozenset("一二三四五六七八九十百零〇两0123456789")
_BRANCH_ANYWHERE = re.compile(BRANCH_RE.pattern.rstrip("$"))
_LEGAL_CODES = [(f, units_of(f).codes) for f in LEGAL_FORMS]
_WEAKEST = 0.3  # below this a candidate is not worth offering
SAME_HEAD_TRADE = 0.93
_PLACE_TAILS = frozenset("厂矿场")  # 煤矿 / 纸厂 said for a registered 煤业 / 纸业
SLIPPED_REGION = 0.95  # 巩一, 义巩市: the region is read, at a small cost
_MOVED = 0.98  # parts named out of the registry's order are as telling, nearly


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


Hits = dict[tuple[int, int, str], tuple[float, str]]  # (start, size, brand) -> (evidence, how)


def brand_hits(store: RegistryStore, units: Units, end: int, lookalike: bool) -> Hits:
    """{(start, size, brand): (evidence, how)} for windows of units[:end] that name a brand:
    typed exactly or by sound, or, on the second pass (`lookalike`), with one character
    slipped: a look-alike, one missing, one too many, two swapped."""
    hits: Hits = {}
    sounds = said_readings(units)
    first = [r[0] if r else "" for r in sounds]
    # units with another reading worth a key (长: zhang, chang); most queries have none
    multi = [len(r) > 1 for r in sounds] if any(len(r) > 1 for r in sounds) else None
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
                hits[(i, size, s)] = (EXACT, "exact")
            said = first[i : i + size]
            if "" in said:
                continue
            keys = ["".join(said)]
            if multi is not None and any(multi[i : i + size]):
                keys = ["".join(p) for p in islice(product(*sounds[i : i + size]), 4)]
            for key in keys:
                for b in store.brand_keys.get(key, ()):
                    if len(b) == size and b != s and (i, size, b) not in hits:
                        f = _sound_evidence(texts, units.han[i : i + size], b)
                        if f:
                            hits[(i, size, b)] = (f, "sound")
    if lookalike:
        _shape_hits(store, units, end, hits)
    return hits


def _shape_hits(store: RegistryStore, units: Units, end: int, hits: Hits) -> None:
    """Brands written with one character missing, one too many or two swapped."""
    texts, han = units.texts, units.han
    trades: dict[int, _Trade] = {}
    for i in range(end):
        if not han[i]:
            continue
        size = 1
        while i + size < end and han[i + size] and size <= store.max_brand:
            size += 1
            s = "".join(texts[i : i + size])
            if NUMERALS.intersection(s):
                continue  # 第十二 is not 第二
            # two characters of a two-character brand the other way round are another name
            # (宁德 is not 德宁); in a longer brand they are a slip
            for b in store.brand_anagrams.get("".join(sorted(s)), ()) if size > 2 else ():
                if b != s and _one_swap(s, b):
                    hits.setdefault((i, size, b), (SWAPPED, "swapped"))
            for b in store.brand_gaps.get(s, ()):
                if _has_trade(store, b):
                    hits.setdefault((i, size, b), (MISSING, "one character missing"))
            # one character replaced: by a character of like shape, or by any other (then
            # only worth a question: 宏泰 may be another company than 宏达); only brands
            # registered with the trade that follows (a bare brand has too many neighbours)
            trade = _trade_after(store, units, i + size, end, trades)
            if size == 2 and trade and (b := s[::-1]) in store.brands:
                # only when no brand of that trade has these two in this order and one more
                gaps = store.brand_gaps.get(s, ())
                lost = any(_registered_for(store, g, trade) for g in gaps)
                if not lost and _registered_for(store, b, trade):
                    hits.setdefault((i, size, b), (SWAPPED_PAIR, _PAIR_KIND))
            for k in range(size) if trade else ():
                for b in store.brand_masks.get(s[:k] + "?" + s[k + 1 :], ()):
                    if b != s and (i, size, b) not in hits and _registered_for(store, b, trade):
                        x, y = s[k], b[k]
                        if (
                            glyphs.loosely_alike(x, y)
                            or glyphs.similar_and_rendered_alike(x, y)
                            or glyphs.rendered_nearest(x, y)
                        ):
                            hits[(i, size, b)] = (LOOSELY_ALIKE, "look-alike, loosely")
                        elif glyphs.similar(x, y):
                            hits[(i, size, b)] = (SIMILAR, "similar shape")
                        else:
                            hits[(i, size, b)] = (REPLACED, "replaced")
            if size >= 3:
                for k in range(size):
                    # an inner character too many (大新星), or a doubled one (大大星)
                    if 0 < k < size - 1 or s[k] == s[k - 1 if k else 1]:
                        b = s[:k] + s[k + 1 :]
                        if b in store.brands and _has_trade(store, b):
                            hits.setdefault((i, size, b), (EXTRA, "one character too many"))
        _lone_character_hits(store, units, i, end, hits)


# A trade word said, as pinyin codes: the word's own and, for a shortening (耐材, 纸厂), those of
# the registered trades it stands for. () when none was said.
_Trade = tuple[tuple[int, ...], ...]


def _trade_after(
    store: RegistryStore, units: Units, j: int, end: int, cache: dict[int, _Trade]
) -> _Trade:
    """The trade word at unit `j`, as `_Trade`."""
    got = cache.get(j)
    if got is None:
        got = cache[j] = _trade_codes(store, store.lexicon.starts_with_word(units.join(j, end)))
    return got


def _trade_codes(store: RegistryStore, word: str) -> _Trade:
    if not word:
        return ()
    full = sorted(store.lexicon.abbreviations.get(word, ()))
    return (store.codes(word), *(store.codes(p) for p in full))


def _registered_for(store: RegistryStore, brand: str, trade: _Trade) -> bool:
    return any(
        ind and _contains(store.codes(ind), said) for ind in store.brands[brand] for said in trade
    )


def _one_swap(a: str, b: str) -> bool:
    diff = [k for k in range(len(a)) if a[k] != b[k]]
    return len(diff) == 2 and diff[1] == diff[0] + 1


def _has_trade(store: RegistryStore, brand: str) -> bool:
    """Whether some entry with this brand names a trade (中医院 names none: it is an
    institution's name, whose words are not a 字号 to be slipped)."""
    return any(ind for ind in store.brands[brand])


def _lone_character_hits(store: RegistryStore, units: Units, i: int, end: int, hits: Hits) -> None:
    """A two-character brand of which one character is left, between the region (or nothing)
    and a trade word: 登封|大|建筑劳务 for 登封大星建筑劳务."""
    ch = units.texts[i]
    brands = store.brands_by_char.get(ch)
    if not brands:
        return
    before = units.join(0, i)
    if before and store.regions.strip_prefix(before)[1]:
        return
    word = store.lexicon.starts_with_word(units.join(i + 1, end))
    if not word:
        return
    said = _trade_codes(store, word)
    for b in brands:
        if _registered_for(store, b, said):
            hits.setdefault((i, 1, b), (MISSING_OF_TWO, "one character missing"))


def _sound_evidence(texts: tuple[str, ...], han: tuple[bool, ...], brand: str) -> float:
    f = 1.0
    for t, is_han, ch in zip(texts, han, brand, strict=True):
        if t == ch:
            continue
        if not pinyin.sounds_like(t, ch):
            return 0.0
        f *= HOMOPHONE if is_han else ROMANISED
    return f


def _lookalike_hits(store: RegistryStore, s: str, i: int, hits: Hits) -> None:
    for p, ch in enumerate(s):
        if ch in NUMERALS:
            continue  # 第九 is not 第七 however alike they look
        for alt in store.lookalike_of.get(ch, ()):
            b = s[:p] + alt + s[p + 1 :]
            if b in store.brands and alt not in NUMERALS:
                hits.setdefault((i, len(s), b), (LOOKALIKE, "look-alike"))


@dataclass(frozen=True, slots=True)
class _View:
    """The query's units around one brand window, its parts put in the registry's order."""

    units: Units
    i: int  # brand window start
    j: int  # brand window end
    end: int  # where the branch words begin
    factor: float  # < 1 when parts were moved


def score(
    store: RegistryStore, units: Units, scored: dict[int, Scored], *, lookalike: bool
) -> None:
    branch = find_branch(store, units)
    said = units.join()  # the query as written, for a unit named at its end
    hits = brand_hits(store, units, branch.start, lookalike)
    views: dict[tuple[int, int], _View] = {}
    prefixes: dict[tuple[int, int], tuple[str, float]] = {}
    fits: dict[tuple[int, int, str], tuple[float, str, bool] | None] = {}
    for (i, size, brand), (evidence, kind) in hits.items():
        if kind in _SLIP_KINDS and evidence > SIMILAR and _typed_is_a_brand(store, units, i, size):
            # 木金路桥 with 木金 registered in another trade: the worker typed a 字号 that
            # exists; another 字号 one slip away is a question, never a match
            evidence = SIMILAR
        how = f"brand {brand} ({kind})"
        key = (i, i + size)
        view = views.get(key)
        if view is None:
            view = views[key] = rearranged(store, units, i, i + size, branch.start)
            prefixes[key] = _prefix(store, view.units, view.i)
        q_region, prefix_f = prefixes[key]
        for industry, members in store.brands[brand].items():
            if not members:
                continue
            fkey = (i, i + size, industry)
            if fkey not in fits:
                fits[fkey] = _industry_fit(store, view.units, view.j, view.end, industry)
            fit = fits[fkey]
            if fit is None:
                continue
            fit_f, q_legal, needs_branch = fit
            base = evidence * prefix_f * fit_f * view.factor
            if base < _WEAKEST:
                continue  # could not reach a useful candidate whatever else agrees
            decisive = _regions_differ(store, members)
            ending = _branch_said_at_end(store, said, members) if not branch.key else ""
            for idx in members:
                p = store.parsed[idx]
                if p is None or (needs_branch and not (branch.key and branch.key == p.branch_key)):
                    continue
                rec = store.records[idx]
                township = rec.township if rec is not None else ""
                f = base * _region_factor(q_region, p, decisive, township)
                f *= _legal_factor(q_legal, p) * _branch_factor(store, branch, p, ending)
                if kind == _PAIR_KIND and q_region and q_region == p.region:
                    f *= SWAPPED / SWAPPED_PAIR
                keep(scored, idx, f, how)


def _branch_said_at_end(store: RegistryStore, text: str, members: list[int]) -> str:
    """A registered unit's own name (告成煤矿 of 嵩基煤业集团有限公司告成煤矿, or 告成矿 said for
    it) the query `text` ends with, when no branch word (分公司) marked one; "" when none."""
    for idx in members:
        p = store.parsed[idx]
        if p is None or len(p.branch) < 3:
            continue
        if text.endswith(p.branch) or (
            len(p.branch) >= 4 and text.endswith(p.branch[:-2] + p.branch[-1])
        ):
            return p.branch
    return ""


def _typed_is_a_brand(store: RegistryStore, units: Units, i: int, size: int) -> bool:
    return all(units.han[i : i + size]) and units.join(i, i + size) in store.brands


def _slice(units: Units, spans: list[tuple[int, int]]) -> Units:
    texts: list[str] = []
    han: list[bool] = []
    codes: list[int] = []
    for a, b in spans:
        texts.extend(units.texts[a:b])
        han.extend(units.han[a:b])
        codes.extend(units.codes[a:b])
    return Units(tuple(texts), tuple(han), tuple(codes))


def _unit_at(units: Units, char_pos: int) -> int:
    """The unit index where character offset `char_pos` of units.join() falls."""
    acc = 0
    for k, t in enumerate(units.texts):
        if acc >= char_pos:
            return k
        acc += len(t)
    return len(units)


def _trade_run(store: RegistryStore, text: str) -> int:
    """How many characters at the start of `text` are trade words and legal forms (建筑劳务,
    耐材公司), read whole; 0 when something else comes first."""
    pos = 0
    while pos < len(text):
        word = store.lexicon.starts_with_word(text[pos:])
        if not word:
            word = next((f for f in LEGAL_FORMS if text.startswith(f, pos)), "")
        if not word:
            break
        pos += len(word)
    return pos


def rearranged(store: RegistryStore, units: Units, i: int, j: int, end: int) -> _View:
    """Put the parts around the brand window units[i:j] in the order a registry name has them:
    region, brand, trade, legal form. Workers name them in any order: 建筑劳务的大星 (trade
    first), 大星（登封）建筑劳务 and 大星建筑劳务（登封市） (region after the brand)."""
    regions = store.regions
    pre = units.join(0, i)
    post = units.join(j, end)
    moved = False
    # a trade named before the brand, after any region words: 登封 | 建筑劳务 | 大星
    pre_keep = [(0, i)]
    trade_before: list[tuple[int, int]] = []
    pos = 0
    while pos < len(pre):
        got = regions.match_at(pre, pos)
        if not got:
            break
        pos += got[0]
    run = _trade_run(store, pre[pos:]) if pos < len(pre) else 0
    if run:
        # the trade moves behind the brand; what follows it stays in front (绿化|润|宇麟: the
        # stray 润 still stands right before the brand)
        k, r = _unit_at(units, pos), _unit_at(units, pos + run)
        pre_keep, trade_before, moved = [(0, k), (r, i)], [(k, r)], True
    # region words right after the brand or at the very end: 大星登封建筑劳务, 大星建筑劳务登封市
    region_after: list[tuple[int, int]] = []
    post_span = (j, end)
    got = regions.match_at(post, 0) if post else None
    if got and len(store.lexicon.starts_with_word(post)) < got[0]:
        k = _unit_at(units, len(units.join(0, j)) + got[0])
        region_after.append((j, k))
        post_span = (k, end)
        moved = True
    else:
        got = regions.match_ending_at(post, len(post)) if post else None
        if got and got[0] < len(post):
            k = _unit_at(units, len(units.join(0, end)) - got[0])
            region_after.append((k, end))
            post_span = (j, k)
            moved = True
    # a trade said after the legal form: 凯辉公司那个耐火, 英阳有限责任公司（建筑工程）
    a, b = post_span
    trade_after = _trade_after_legal(store, units, a, b) if not trade_before else None
    if trade_after is not None:
        spans = [*region_after, *pre_keep, (i, j), (trade_after, b), (a, trade_after)]
        view = _slice(units, [s for s in spans if s[0] < s[1]])
        start = sum(b_ - a_ for a_, b_ in region_after + pre_keep)
        return _View(view, start, start + (j - i), len(view), _MOVED)
    if not moved:
        return _View(units, i, j, end, 1.0)
    # moved regions go first, so a stray character before the brand stays next to it; words
    # after the brand stay between it and a trade moved behind it (煤业|木南|夏: 夏 is part of
    # the name, not a word after the trade)
    a, b = post_span
    legal = _legal_start(units, a, b) if trade_before else b
    spans = [*region_after, *pre_keep, (i, j), (a, legal), *trade_before, (legal, b)]
    view = _slice(units, [s for s in spans if s[0] < s[1]])
    start = sum(b - a for a, b in region_after + pre_keep)
    return _View(view, start, start + (j - i), len(view), _MOVED)


_LEGAL_LONGEST_FIRST = sorted(LEGAL_FORMS, key=len, reverse=True)


def _trade_after_legal(store: RegistryStore, units: Units, a: int, b: int) -> int | None:
    """The unit where trade words begin when units[a:b] is a legal form and then nothing but
    trade words; None otherwise."""
    text = units.join(a, b)
    legal = next((f for f in _LEGAL_LONGEST_FIRST if text.startswith(f)), "")
    rest = text[len(legal) :]
    if not legal or not rest or _trade_run(store, rest) != len(rest):
        return None
    return _unit_at(units, len(units.join(0, a)) + len(legal))


def _prefix(store: RegistryStore, units: Units, i: int) -> tuple[str, float]:
    """(region key, factor) read from the units before a brand window."""
    text = units.join(0, i)
    region, pos, adjacent, stray, slips = "", 0, 0, 0, 0
    while pos < len(text):
        got = store.regions.match_at(text, pos)
        slipped = store.regions.slipped_at(text, pos)
        if slipped and (not got or slipped[0] > got[0]):
            got = slipped
            slips += 1
        if got:
            region, pos = got[1].key, pos + got[0]
            stray, adjacent = stray + adjacent, 0
        else:
            pos += 1
            adjacent += 1
    f = (1.0 if stray < 2 else 0.9) * SLIPPED_REGION**slips
    if adjacent:
        near = text[-adjacent:]
        if any(c in NUMERALS for c in near):
            f *= 0.3  # 登封市第三|人民医院: a number names another unit
        elif adjacent == 1:
            f *= 0.55  # 金|宏达: one stray character is most likely part of another 字号
        else:
            f *= 0.78  # words of unknown kind right before the brand: a trade not learned, or
            # the front of a longer name
    return region, f


def _industry_fit(
    store: RegistryStore, units: Units, j: int, end: int, industry: str
) -> tuple[float, str, bool] | None:
    """(factor, legal form, needs the branch to agree) for the words after a brand against one
    of its industries; None when they name another trade (宏达餐饮 against 宏达建筑工程)."""
    lex = store.lexicon
    stop = _legal_start(units, j, end)  # the legal form is not part of the trade: 装修有限公司
    zone = units.join(j, stop)
    ind_codes = store.codes(industry) if industry else ()
    word = lex.starts_with_word(zone)
    if word and not _contains(ind_codes, store.codes(word)):
        # Another trade names another company. A word of the same trade passes, weakly:
        # with the same head and no registered industry of its own (建筑 for 建设工程), or
        # when the query also names a registered branch of the company (福信运输登封分公司).
        if not lex.same_trade(word, industry):
            return None
        same_head = industry[:1] == word[:1] and word not in lex.phrases
        legal, _ = _legal_at(units, j + len(units_of(word)), end)
        # 煤矿 for 煤业, 纸厂 for 纸业: the everyday word of the very trade is nearly as telling
        plain = same_head and len(word) == 2 and word[1] in _PLACE_TAILS and industry[1:] == "业"
        return (SAME_HEAD_TRADE if plain else 0.85), legal, not same_head
    if not word and (synonym := trades.synonym_heading(zone, industry)):
        # a declared synonym of the industry's own word (装修 for 装饰工程): as telling as the
        # everyday word of the very trade
        legal, _ = _legal_at(units, j + len(units_of(synonym)), end)
        return SAME_HEAD_TRADE, legal, False
    if not word:
        # an everyday trade no registered name uses (万创装修 where names say 装饰): it still
        # tells the sector, and a company registered in another one is not meant (万创包装)
        said = trades.everyday_sector_at(zone)
        registered = lex.sectors_of(industry) if industry else frozenset()
        if said and registered and said not in registered:
            return None
    zone_codes = units.codes[j : min(stop, j + len(industry) + 4)]
    a = align(
        ind_codes, zone_codes, lambda r, t: glyphs.look_alike(industry[r], units.texts[j + t])
    )
    swapped = 0
    zone_len = len(zone_codes)
    if (
        a.matched
        and a.matched < len(industry)
        and (a.end - a.first > a.matched or a.first > 0 or a.end < zone_len)
    ):
        # two neighbouring characters typed the other way round (建筑 as 筑建, 纸业 as 业纸): an
        # alignment keeps only one of them; the pair put back in order explains both
        for k in range(max(0, a.first - 1), min(a.end, zone_len - 1)):
            z = (*zone_codes[:k], zone_codes[k + 1], zone_codes[k], *zone_codes[k + 2 :])
            b = align(ind_codes, z)
            if b.matched > a.matched and b.end - b.first == b.matched:
                a, swapped = b, 1
                break
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
    coverage = a.matched / len(industry)
    if word and a.first == 0 and a.matched >= len(word):
        # a trade's own short word (装饰 for 装饰装修工程); one declared for it, in full (建工)
        coverage = max(coverage, 1.0 if trades.stands_for(word, industry) else 0.75)
    inner = a.end - a.first - a.matched  # characters slipped into the trade: 机械制程造
    # a swapped pair is a slip of the hand with every character there: milder than one lost
    f = (0.8 + 0.2 * coverage) * 0.85 ** (inner + len(a.slips)) * 0.92**swapped
    f *= 0.97**homophones
    if a.first > 0:
        # something between brand and industry: 宏达鑫建筑
        f *= 0.8 * (a.matched / (a.matched + a.first)) ** 2
    if after_legal == rest < end:
        f *= 0.9  # unexplained words after the industry: wu ye against 物流
    return f, legal, False


def _contains(haystack: tuple[int, ...], needle: tuple[int, ...]) -> bool:
    """`needle` is a subsequence of `haystack` (pinyin codes, so 建住 fits 建筑)."""
    if not needle:
        return False
    it = iter(haystack)
    return all(any(c == h for h in it) for c in needle)


def _legal_start(units: Units, start: int, end: int) -> int:
    """The unit where a legal form that runs to `end` begins (`end` when there is none)."""
    codes = units.codes
    for form, fc in _LEGAL_CODES:
        k = end - len(fc)
        if k >= start and codes[k:end] == fc:
            if form == "公司" or form == "集团":
                k2 = _legal_start(units, start, k)  # 集团有限公司, 有限责任公司 read whole
                return k2 if k2 < k else k
            return k
    return end


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


def _region_factor(q_region: str, p: ParsedName, decisive: bool, township: str = "") -> float:
    if q_region == p.region or (township and q_region == "t:" + township):
        return 1.0
    if q_region.startswith("t:") and not p.legal and not p.region.startswith("t:"):
        # 大峪镇第三初级中学 is not the city's 第三初级中学: a township tells public units apart
        return 0.6
    if decisive:  # then the region is what tells the registered companies apart
        return 0.9 if not q_region else (0.85 if related(q_region, p.region) else 0.7)
    if not q_region or not p.region:
        return 0.99
    return 0.985 if related(q_region, p.region) else 0.97


def _legal_factor(q_legal: str, p: ParsedName) -> float:
    if not q_legal:
        return 1.0
    if not p.legal:
        return 0.85  # a 幼儿园 or a 饭店 is not a 公司
    q_group = q_legal.startswith("集团")
    if q_group and not p.group:
        return 0.8  # 集团 is part of a name's identity
    if q_legal == "公司" or q_legal == p.legal or q_legal.removeprefix("集团") == p.legal:
        return 1.0  # 公司 is what everyone calls every company
    if p.group and not q_group:
        return 0.9
    # 股份 is said on purpose; 有限责任公司 and 有限公司 are mixed up every day
    return 0.96 if ("股份" in q_legal) != ("股份" in p.legal) else 0.98


def _branch_factor(store: RegistryStore, branch: Branch, p: ParsedName, ending: str = "") -> float:
    if ending:  # 嵩基煤业集团大冶煤矿: the unit named at the end, not its group
        return 1.0 if p.branch == ending else 0.93 if not p.branch else 0.7
    if branch.key == p.branch_key:
        return 1.0
    if not branch.key:
        return 0.93  # a parent named whose only registered relative is this branch
    if not p.branch_key:
        return 0.85  # a branch named that is not registered: its parent
    if branch.codes == store.codes(p.branch):
        return 0.97  # 登峰分公司 for 登封分公司
    return 0.7
