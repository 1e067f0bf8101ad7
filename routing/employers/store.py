"""The registry held in memory with the lookup tables matching needs.

Everything is keyed so a query finds its candidates by dictionary lookups:

* `brands`: 字号 -> industry phrase -> entry numbers (宏达 -> 建筑工程 -> [17, 903]);
* `brand_keys`: toneless pinyin of a brand -> brands (hongda -> 宏达, 鸿达);
* `fb_chars`: character -> entries of the fallback path (organs, institutions, SOEs, aliases).

Entries are numbered in insertion order; a removed entry leaves a hole (None).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from routing.employers import glyphs, pinyin, trades, uscc
from routing.employers.lexicon import IndustryLexicon, new_tokenizer
from routing.employers.normalize import normalize_many, normalize_name
from routing.employers.parse import LEGAL_FORMS, NameParser, ParsedName
from routing.employers.query import Units, units_of
from routing.employers.regions import RegionLexicon
from routing.employers.registry import EmployerRecord

MAX_BRAND_UNITS = 8
_SAMPLE = 50_000  # names read to learn industry words and character weights
_MARKET_TYPES = frozenset({"91", "92", "93"})  # 企业, 个体工商户, 农民专业合作社 (USCC pos 1-2)


@dataclass(slots=True)
class Scored:
    score: float
    how: str


def keep(scored: dict[int, Scored], idx: int, score: float, how: str) -> None:
    old = scored.get(idx)
    if old is None or score > old.score:
        scored[idx] = Scored(score, how)


_DOUBLED = re.compile(r"([\u4e00-\u9fff])\1")
_EVERYDAY_WORD = 50  # jieba frequency from which a doubled pair is a word (天天; 程程 is a name)
# Branches named only by where they are and what they are (嵩阳分公司, 登封第一分公司): their
# text says nothing without the company's own name.
_GENERIC_BRANCH = re.compile(r"(?:分公司|分店|分厂|分部|营业部|办事处|分中心|支行|分行|分院|分校)$")


class RegistryStore:
    def __init__(self, records: list[EmployerRecord]) -> None:
        codes = Counter(r.uscc[2:8] for r in records if len(r.uscc) == 18)
        homes = [c for c, n in codes.items() if n >= 0.02 * max(1, len(records))]
        townships = sorted({r.township for r in records if r.township})
        self.regions = RegionLexicon(home_codes=homes, townships=townships)
        self.char_df: Counter[str] = Counter()
        bare = NameParser(self.regions, IndustryLexicon())
        step = max(1, len(records) // _SAMPLE)
        norms = normalize_many([r.name for r in records])
        sample = [bare.parse_normalized(n) for n in norms[::step]]
        for n in norms[::step]:
            self.char_df.update(set(n))
        vocab = [*self.regions.forms, *LEGAL_FORMS]
        cores = [p.brand + p.industry for p in sample]
        self.lexicon = IndustryLexicon.learn(cores, new_tokenizer(vocab))
        # character frequencies for weights come from the same sample, scaled to the registry
        self._df_scale = step
        self.parser = NameParser(self.regions, self.lexicon)

        self.records: list[EmployerRecord | None] = []
        self.parsed: list[ParsedName | None] = []
        self.by_id: dict[str, int] = {}
        self.by_uscc: dict[str, int] = {}
        self.doubled: set[str] = set()  # characters some registered name writes twice in a row
        self.brands: dict[str, dict[str, list[int]]] = {}
        self.brand_keys: dict[str, list[str]] = {}
        # brands by their characters sorted (swapped characters), by each form with one
        # character left out (three or more characters), and two-character brands by character
        self.brand_anagrams: dict[str, list[str]] = {}
        self.brand_gaps: dict[str, list[str]] = {}
        self.brands_by_char: dict[str, list[str]] = {}
        self.brand_masks: dict[str, list[str]] = {}  # one character blanked: 宏? -> 宏达, 宏泰
        self.brand_chars: set[str] = set()
        self.max_brand = 2
        self.fb_chars: dict[str, set[int]] = {}
        self.fb_strings: dict[int, list[str]] = {}
        # per fallback string: its units and each unit's weight (0 for the legal form)
        self.fb_forms: dict[str, tuple[Units, tuple[float, ...]]] = {}
        self.aliases: dict[str, int] = {}
        # hash of the normalized full name -> entry (-1: two entries share the name); a hash
        # rather than the name keeps a million-row index from holding every name twice
        self.by_name_hash: dict[int, int] = {}
        self.sectors: set[str] = set()  # the sectors registered entries have
        self._codes: dict[str, tuple[int, ...]] = {}
        for r, norm in zip(records, norms, strict=True):
            self.add(r, norm)
        del norms
        # typed character -> brand characters it looks like (from glyphs; computed once here,
        # since working out one character's look-alikes takes milliseconds)
        self.lookalike_of: dict[str, set[str]] = {}
        for ch in self.brand_chars:
            self._note_lookalikes(ch)
        self.regions.by_sound(())  # built now, not in the first query that needs it
        pinyin.common_readings("长")  # likewise the phrase dictionary's reading counts
        for idx, strings in self.fb_strings.items():  # likewise the fallback names' units
            parsed = self.parsed[idx]
            if parsed is not None:
                for text in strings:
                    self.fallback_form(idx, text, parsed)
        # everyday short forms are words too: 工信局 is not the filler 工 and 信局
        shorts = [short for short, _ in trades.SHORT_FORMS]
        self.tokenizer = new_tokenizer(
            [*vocab, *self.lexicon.words, *self.lexicon.phrases, *self.brands, *shorts]
        )

    # ------------------------------------------------------------------ entries

    def is_fallback(self, rec: EmployerRecord, p: ParsedName) -> bool:
        """Names people abbreviate rather than call by a 字号: organs, institutions, SOEs,
        and names whose brand could not be told from their trade."""
        return (
            rec.uscc[:2] not in _MARKET_TYPES
            or rec.ownership != "private"
            or not p.industry
            or not 2 <= len(p.brand) <= 4
        )

    def add(self, rec: EmployerRecord, norm: str | None = None) -> int:
        if norm is None:
            norm = normalize_name(rec.name)
        p = self.parser.parse_normalized(norm)
        idx = len(self.records)
        self.records.append(rec)
        self.parsed.append(p)
        self.by_id[rec.id] = idx
        if _DOUBLED.search(norm):
            self.doubled.update(_DOUBLED.findall(norm))
        name_key = hash(norm)
        self.by_name_hash[name_key] = idx if self.by_name_hash.get(name_key, idx) == idx else -1
        if rec.uscc:
            code = rec.uscc if rec.uscc.isupper() and rec.uscc.isalnum() else uscc.clean(rec.uscc)
            self.by_uscc[code] = idx
        self.lexicon.note_sector(p.industry, rec.sector)
        if rec.sector:
            self.sectors.add(rec.sector)
        if p.brand:
            by_industry = self.brands.get(p.brand)
            if by_industry is None:
                by_industry = self.brands[p.brand] = {}
                for key in pinyin.keys(p.brand):
                    self.brand_keys.setdefault(key, []).append(p.brand)
                self._index_shape(p.brand)
                for ch in p.brand:
                    if ch not in self.brand_chars:
                        self.brand_chars.add(ch)
                        if hasattr(self, "lookalike_of"):
                            self._note_lookalikes(ch)
                self.max_brand = min(MAX_BRAND_UNITS, max(self.max_brand, len(p.brand)))
            by_industry.setdefault(p.industry, []).append(idx)
        if self.is_fallback(rec, p):
            self.add_fallback_string(idx, norm)  # the name comes first: see fallback_form
            if p.branch and not _GENERIC_BRANCH.search(p.branch):
                # a unit with a name of its own (集团…告成煤矿) is called by that name alone
                self.add_fallback_string(idx, p.branch)
        return idx

    def _index_shape(self, brand: str) -> None:
        n = len(brand)
        if n < 2:
            return
        anagrams, masks = self.brand_anagrams, self.brand_masks
        key = "".join(sorted(brand))
        got = anagrams.get(key)
        if got is None:
            anagrams[key] = [brand]
        else:
            got.append(brand)
        for k in range(n):
            key = brand[:k] + "?" + brand[k + 1 :]
            got = masks.get(key)
            if got is None:
                masks[key] = [brand]
            else:
                got.append(brand)
        if n == 2:
            for ch in {brand[0], brand[1]}:
                self.brands_by_char.setdefault(ch, []).append(brand)
        else:
            for gap in {brand[:k] + brand[k + 1 :] for k in range(n)}:
                self.brand_gaps.setdefault(gap, []).append(brand)

    def _note_lookalikes(self, ch: str) -> None:
        for other in glyphs.lookalikes(ch):
            self.lookalike_of.setdefault(other, set()).add(ch)

    def exact_name(self, text: str) -> int | None:
        """The one entry whose full name is `text` (normalized), if any."""
        norm = normalize_name(text)
        idx = self.by_name_hash.get(hash(norm), -1) if norm else -1
        rec = self.records[idx] if idx >= 0 else None
        return idx if rec is not None and normalize_name(rec.name) == norm else None

    def add_fallback_string(self, idx: int, text: str) -> None:
        strings = self.fb_strings.setdefault(idx, [])
        if text and text not in strings:
            strings.append(text)
            for ch in set(text):
                self.fb_chars.setdefault(ch, set()).add(idx)

    def drop(self, idx: int) -> None:
        rec, p = self.records[idx], self.parsed[idx]
        if rec is None or p is None:
            return
        self.records[idx] = None
        self.parsed[idx] = None
        if self.by_id.get(rec.id) == idx:
            del self.by_id[rec.id]
        if self.by_name_hash.get(name_key := hash(normalize_name(rec.name))) == idx:
            del self.by_name_hash[name_key]
        if self.by_uscc.get(uscc.clean(rec.uscc)) == idx:
            del self.by_uscc[uscc.clean(rec.uscc)]
        members = self.brands.get(p.brand, {}).get(p.industry, [])
        if idx in members:
            members.remove(idx)
        for text in self.fb_strings.pop(idx, []):
            self.fb_forms.pop(text, None)
            for ch in set(text):
                self.fb_chars.get(ch, set()).discard(idx)
        for alias in [a for a, i in self.aliases.items() if i == idx]:
            del self.aliases[alias]

    # ------------------------------------------------------------------ helpers

    def codes(self, text: str) -> tuple[int, ...]:
        """Pinyin codes of a registry string (cached: industry phrases repeat)."""
        got = self._codes.get(text)
        if got is None:
            if len(self._codes) > 100_000:
                self._codes.clear()
            got = self._codes[text] = units_of(text).codes
        return got

    def fallback_form(self, idx: int, text: str, p: ParsedName) -> tuple[Units, tuple[float, ...]]:
        """Units of a fallback string and how much each tells (legal form 0, region little)."""
        got = self.fb_forms.get(text)
        if got is None:
            e = units_of(text)
            is_name = text == self.fb_strings[idx][0]
            legal_from = len(text) - len(p.legal) - len(p.branch) if is_name else len(text)
            region_to = len(p.region_text) if is_name else 0
            weights = tuple(
                0.0 if k >= legal_from else self.weight(ch) * (0.3 if k < region_to else 1.0)
                for k, ch in enumerate(e.texts)
            )
            got = self.fb_forms[text] = (e, weights)
        return got

    def weight(self, ch: str) -> float:
        """How much a character tells about a name: rarer in the registry, heavier."""
        n = max(1, len(self.by_id))
        df = self.char_df.get(ch, 0) * self._df_scale
        return math.log((n + 1) / (df + 1)) + 0.5

    def one_of_each(self, text: str) -> str:
        """`text` with a character typed twice in a row written once (卫卫生院, 工程程), unless a
        registered name writes it twice (鑫鑫) or the two make a word (天天, 谢谢)."""
        if not _DOUBLED.search(text):
            return text
        freq = self.tokenizer.FREQ
        return _DOUBLED.sub(
            lambda m: (
                m.group(0)
                if m.group(1) in self.doubled or freq.get(m.group(0), 0) >= _EVERYDAY_WORD
                else m.group(1)
            ),
            text,
        )
