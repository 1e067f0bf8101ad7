"""Industry words (行业用语) learned from the registry itself, and the jieba tokenizer that
knows the registry's vocabulary.

A registry name's core (region and legal form removed) is 字号 + industry words. jieba splits
the core into words; a tail of whole words is an industry phrase when many different words
precede it across the registry (建筑工程 follows hundreds of brands, a brand follows only
a region). Phrases must start with a word of two or more characters, so a brand character
that jieba leaves single (宏/达/建筑/工程) never becomes part of an industry phrase.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import jieba

from routing import jieba_dictionary

MAX_PHRASE_LEN = 10
_SAMPLE = 50_000


def new_tokenizer(words: Iterable[str] = ()) -> jieba.Tokenizer:
    """A private jieba tokenizer: the default dictionary plus `words` as user words."""
    base = jieba_dictionary.loaded()
    tk = jieba.Tokenizer()
    tk.FREQ = dict(base.FREQ)
    tk.total = base.total
    tk.initialized = True
    for w in words:
        if w and len(w) >= 2:
            tk.add_word(w, freq=max(tk.FREQ.get(w, 0), 2000))
    return tk


def tokens(tk: jieba.Tokenizer, text: str) -> list[str]:
    return tk.lcut(text, HMM=False) if text else []


class IndustryLexicon:
    def __init__(self, phrases: Iterable[str] = ()) -> None:
        self.phrases: set[str] = {p for p in phrases if 2 <= len(p) <= MAX_PHRASE_LEN}
        self.words: set[str] = set()  # multi-character words inside phrases: 建筑, 工程, 餐饮 ...
        # registry sectors seen with each phrase and word, to tell another trade (宏达餐饮 vs
        # 宏达建筑工程) from a synonym of the same trade (宏达建筑 vs 宏达建设工程)
        self._phrase_sectors: dict[str, Counter[str]] = {}
        self._word_sectors: dict[str, frozenset[str]] = {}
        self._word_parts: dict[str, list[str]] = {}
        self.abbreviations: dict[str, set[str]] = {}  # 耐材 -> {耐火材料}

    @classmethod
    def learn(cls, cores: Sequence[str], tk: jieba.Tokenizer) -> IndustryLexicon:
        step = max(1, len(cores) // _SAMPLE)
        sample = cores[::step]
        need = max(3, min(10, len(sample) // 2000))
        left: dict[str, set[str]] = {}
        count: Counter[str] = Counter()
        rest_of: dict[str, str] = {}  # phrase -> phrase without its first word, when that is 1 char
        for core in sample:
            toks = tokens(tk, core)
            for k in range(1, len(toks)):
                phrase = "".join(toks[-k:])
                if len(phrase) > MAX_PHRASE_LEN:
                    break
                count[phrase] += 1
                if len(toks[-k]) < 2 and k > 1:
                    rest_of[phrase] = phrase[1:]
                seen = left.setdefault(phrase, set())
                if len(seen) < need:
                    seen.add(toks[-k - 1])

        def accepted(p: str) -> bool:
            if len(left[p]) < need:
                return False
            # 耐材 split as 耐/材 is a word when nearly every 材 follows 耐; 达/建筑工程 is not.
            rest = rest_of.get(p)
            return rest is None or (count[p] >= 2 * need and count[p] >= 0.3 * count[rest])

        kept = {p for p in left if accepted(p)}
        # 万钢结构工程 (jieba knows 万钢 as a word) is a brand character glued to 钢结构工程:
        # a phrase far rarer than a phrase it ends with is not a phrase of its own.
        kept = {p for p in kept if not (p[1:] in kept and count[p] < 0.3 * count[p[1:]])}
        lex = cls(kept)
        for p in lex.phrases:
            # search mode also yields the words inside compounds: 耐火材料 -> 耐火, 材料
            parts = [w for w in tk.lcut_for_search(p, HMM=False) if len(w) >= 2]
            lex._word_parts[p] = parts
            lex.words.update(parts)
        for p in lex.phrases:
            # what people shorten a trade to: its first character and one more (耐材 for
            # 耐火材料, 钢构 for 钢结构工程); kept apart from the words jieba is taught
            for k in range(2, len(p)):
                short = p[0] + p[k]
                if short not in lex.words and short not in lex.phrases:
                    lex.abbreviations.setdefault(short, set()).add(p)
            # a trade in 业 named by its place of work: 纸厂 for 纸业, 煤矿 for 煤业
            if len(p) == 2 and p[1] == "业":
                for short in (p[0] + "厂", p[0] + "矿"):
                    if short not in lex.words and short not in lex.phrases:
                        lex.abbreviations.setdefault(short, set()).add(p)
        for short, full in lex.abbreviations.items():
            for p in full:
                lex._word_parts[p].append(short)
        return lex

    def note_sector(self, industry: str, sector: str) -> None:
        """Record that a registry entry with this industry phrase has this sector."""
        if industry and sector:
            # not setdefault(industry, Counter()): that makes a Counter for every registry row
            got = self._phrase_sectors.get(industry)
            if got is None:
                got = self._phrase_sectors[industry] = Counter()
            got[sector] += 1
            if self._word_sectors:
                self._word_sectors.clear()

    def sectors_of(self, word: str) -> frozenset[str]:
        if not self._word_sectors:
            counts: dict[str, Counter[str]] = {}
            for phrase, secs in self._phrase_sectors.items():
                for w in {phrase, *self._word_parts.get(phrase, ())}:
                    counts.setdefault(w, Counter()).update(secs)
            self._word_sectors = {
                w: frozenset(s for s, n in c.items() if n >= 0.15 * sum(c.values()))
                for w, c in counts.items()
            }
        return self._word_sectors.get(word, frozenset())

    def same_trade(self, word: str, industry: str) -> bool:
        """Whether a query's industry word can name an entry with this industry phrase."""
        ws = self.sectors_of(word)
        es = self.sectors_of(industry) if industry else frozenset()
        return not ws or not es or bool(ws & es)

    def split(self, core: str) -> tuple[str, str]:
        """(brand, industry): the longest industry phrase ending the core that leaves a brand
        of two characters (one if nothing else fits)."""
        short_brand = 0
        for n in range(min(MAX_PHRASE_LEN, len(core) - 1), 1, -1):
            if core[-n:] in self.phrases:
                if len(core) - n >= 2:
                    return core[:-n], core[-n:]
                short_brand = short_brand or n
        n = short_brand
        return core[: len(core) - n], core[len(core) - n :]

    def starts_with_word(self, text: str) -> str:
        """The longest industry word at the start of `text` ("" if none)."""
        for n in range(min(6, len(text)), 1, -1):
            if text[:n] in self.words or text[:n] in self.phrases:
                return text[:n]
        return text[:2] if text[:2] in self.abbreviations else ""
