"""Key words typed with an input method's wrong pick: 跳搂 for 跳楼, 尚访 for 上访, 关基 for 关机.

A pinyin input method offers every character of the typed syllable; picking the wrong one
leaves a word that reads the same but is spelt differently, and a lexicon that matches
characters misses it. `SoundAlike` indexes a lexicon's terms by their toneless pinyin (first
syllable first, as the lexicon scan indexes branches by first character) and respells such a
span as the term, keeping the text's length so every position still points at the typed text.

A span stands for a term only when
- it has the term's length and, character by character, the term's character or one whose
  usual reading is the term's syllable (a rare reading, 跳 read diao, would make 上跳 上吊);
- at most half of its characters are slips and at least one is the term's own, so the typed
  word is anchored in the word meant (a single-character term can never qualify);
- it is not itself a word of jieba's dictionary: a real word stands for itself (讨债 is not a
  slip for 逃债, 外套 not for 外逃, 啥事 not for 傻事);
- a slip at its edge does not make a dictionary word with the character beside it (过几天 is
  过 几天, not 过激 天);
- no slip is one of the commonest characters (了, 好, 人, 大 …, about a hundred): they join
  any word in everyday phrases that jieba does not list (衣服换好了 is not 换号).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

__all__ = ["SoundAlike", "Slip"]

Slip = tuple[int, int, str]  # start, end, the term the typed span stands for


@lru_cache(maxsize=32768)
def _reading(ch: str) -> str:
    """The usual toneless reading of one Han character (ü as v); "" for anything else."""
    if not "\u3400" <= ch <= "\u9fff":
        return ""
    got = pinyin(ch, style=Style.NORMAL, errors="ignore")
    r = got[0][0].replace("ü", "v") if got and got[0] else ""
    return r if r.isalpha() else ""


@lru_cache(maxsize=1)
def _dictionary() -> Mapping[str, int]:
    import jieba

    jieba.setLogLevel(60)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok.FREQ


# A character at least this frequent in jieba's dictionary is one of the commonest ones.
_COMMON_CHAR_FREQ = 50_000


def _is_word(span: str) -> bool:
    return _dictionary().get(span, 0) > 0


def _is_common_char(ch: str) -> bool:
    return _dictionary().get(ch, 0) >= _COMMON_CHAR_FREQ


def _joins_outside(text: str, start: int, end: int, term: str) -> bool:
    """Whether a slip at an edge of the span forms a word with the character beside it."""
    if start > 0 and text[start] != term[0] and _is_word(text[start - 1 : start + 1]):
        return True
    return end < len(text) and text[end - 1] != term[-1] and _is_word(text[end - 1 : end + 1])


class SoundAlike:
    """The terms of one lexicon by sound; `respell` finds the typed slips of them."""

    __slots__ = ("_by_first", "_can_start")

    def __init__(self, terms: Iterable[str]) -> None:
        by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for term in sorted(set(terms), key=len, reverse=True):
            if len(term) < 2 or not all(_reading(ch) for ch in term):
                continue
            sounds = tuple(s.replace("ü", "v") for s in lazy_pinyin(term, style=Style.NORMAL))
            if len(sounds) != len(term):
                continue
            by_first.setdefault(sounds[0], []).append((term, sounds))
        self._by_first = by_first
        # per character of the text: whether any term may start there (filled as met)
        self._can_start: dict[str, bool] = {}

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def _starts_here(self, ch: str) -> bool:
        known = self._can_start.get(ch)
        if known is None:
            known = self._can_start[ch] = _reading(ch) in self._by_first
        return known

    def _term_at(self, text: str, pos: int) -> str | None:
        for term, sounds in self._by_first.get(_reading(text[pos]), ()):
            end = pos + len(term)
            span = text[pos:end]
            if len(span) != len(term) or span == term:
                continue
            slips = sum(a != b for a, b in zip(span, term, strict=True))
            if slips * 2 > len(term):
                continue
            if (
                all(
                    a == b or (s == _reading(a) and not _is_common_char(a))
                    for a, b, s in zip(span, term, sounds, strict=True)
                )
                and not _is_word(span)
                and not _joins_outside(text, pos, end, term)
            ):
                return term
        return None

    def respell(self, text: str) -> tuple[str, list[Slip]]:
        """The text with each slip replaced by its term (same length), and the slips."""
        slips: list[Slip] = []
        pos, n = 0, len(text)
        while pos < n:
            if self._starts_here(text[pos]):
                term = self._term_at(text, pos)
                if term is not None:
                    slips.append((pos, pos + len(term), term))
                    pos += len(term)
                    continue
            pos += 1
        if not slips:
            return text, slips
        parts: list[str] = []
        last = 0
        for start, end, term in slips:
            parts += [text[last:start], term]
            last = end
        parts.append(text[last:])
        return "".join(parts), slips
