"""Key words typed with an input method's wrong pick: 跳搂 for 跳楼, 尚访 for 上访, 关基 for 关机.

A pinyin input method offers every character of the typed syllable; picking the wrong one
leaves a word that reads the same but is spelt differently, and a lexicon that matches
characters misses it. `SoundAlike` indexes a lexicon's terms by their toneless pinyin, one
code point per syllable, in one regex factored by first syllable (as the lexicon scan indexes
branches by first character); the text's sound, one code point per character, is searched
with it and each slip respelt as its term, keeping the text's length so that every position
still points at the typed text.

A span stands for a term only when
- it has the term's length and, character by character, the term's character or one whose
  usual reading is the term's syllable (a rare reading, 跳 read diao, would make 上跳 上吊);
- at most half of its characters are slips and at least one is the term's own and not a
  particle, so the typed word is anchored in the word meant (a single-character term can never
  qualify; 扎了 shares only 了 with 炸了, and 扎钢筋扎了一百天 is about rebar);
- it is not itself a word of jieba's dictionary: a real word stands for itself (讨债 is not a
  slip for 逃债, 外套 not for 外逃, 啥事 not for 傻事);
- a slip at its edge does not make a dictionary word with the character beside it (过几天 is
  过 几天, not 过激 天), its last character no everyday word with the one after it (季结束 is
  季 结束, not 集结), nor is the span an aspect marker inside a separable verb (没开过机 is
  开机 with 过 inside, not 过激);
- no slip is one of the commonest characters (了, 好, 人, 大 …, about a hundred): they join
  any word in everyday phrases that jieba does not list (衣服换好了 is not 换号).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

from routing import jieba_dictionary

__all__ = ["Slip", "SoundAlike"]

Slip = tuple[int, int, str]  # start, end, the term the typed span stands for


@lru_cache(maxsize=32768)
def _reading(ch: str) -> str:
    """The usual toneless reading of one Han character (ü as v); "" for anything else."""
    if not "\u3400" <= ch <= "\u9fff":
        return ""
    got = pinyin(ch, style=Style.NORMAL, errors="ignore")
    r = got[0][0].replace("ü", "v") if got and got[0] else ""
    return r if r.isalpha() else ""


def _dictionary() -> Mapping[str, int]:
    return jieba_dictionary.frequencies()  # loaded on the first candidate slip


# A character at least this frequent in jieba's dictionary is one of the commonest ones.
_COMMON_CHAR_FREQ = 50_000


def _is_word(span: str) -> bool:
    return _dictionary().get(span, 0) > 0


def _is_common_char(ch: str) -> bool:
    return _dictionary().get(ch, 0) >= _COMMON_CHAR_FREQ


def _joins_outside(text: str, start: int, end: int, term: str) -> bool:
    """Whether a slip at an edge of the span forms a word with the one or two characters
    beside it (过几天 is 过 几天; 楼顶上掉下来 is 掉下来, not 上吊)."""
    before = text[max(0, start - 2) : start + 1]  # the slip and up to two characters before
    after = text[end - 1 : end + 2]  # the slip and up to two characters after
    if start > 0 and text[start] != term[0] and _word_at_edge(before[-2:], before):
        return True
    return end < len(text) and text[end - 1] != term[-1] and _word_at_edge(after[:2], after)


# A word at least this frequent in jieba's dictionary is an everyday one (结束 8,944).
_EVERYDAY_WORD_FREQ = 1_000


def _ends_inside_a_word(text: str, end: int, span: str, term: str) -> bool:
    """Whether the span's last character, the term's own, makes an everyday word with the one
    after it: 暖气季结束 is 季 结束, not 集结 typed wrong. (Not at the start: 手机关基了 is
    关机 typed wrong though 机关 is a word.)"""
    return (
        end < len(text)
        and span[-1] == term[-1]
        and _dictionary().get(span[-1] + text[end], 0) >= _EVERYDAY_WORD_FREQ
    )


def _word_at_edge(two: str, three: str) -> bool:
    return _is_word(two) or (len(three) == 3 and _is_word(three))


_ASPECT = frozenset("过了着")
# Grammatical particles: shared with a term, they anchor nothing (扎了 is not 炸了).
_PARTICLES = frozenset("了着过的地得吗呢吧啊呀嘛啦喽咯")


def _inside_separable_verb(text: str, start: int, end: int, term: str) -> bool:
    """Whether the span is an aspect marker and the object of a separable verb (离合词) whose
    verb stands just before it: 没开过机 is 开机 with 过 inside, not 过激 typed wrong."""
    span = text[start:end]
    return (
        start > 0
        and len(span) == 2
        and span[0] in _ASPECT
        and span[1] != term[1]
        and _is_word(text[start - 1] + span[1])
    )


class _SoundTable(dict[int, str]):
    """For `str.translate`: each character to one code point standing for its usual reading
    (anything without one to NUL), so a text's sound is a string as long as the text and the
    terms' sounds are found in it by one compiled regex, in C."""

    def __missing__(self, key: int) -> str:
        reading = _reading(chr(key))
        code = _syllable_code(reading) if reading else "\0"
        self[key] = code
        return code


_SYLLABLES: dict[str, str] = {}


def _syllable_code(reading: str) -> str:
    code = _SYLLABLES.get(reading)
    if code is None:
        code = _SYLLABLES[reading] = chr(0xE000 + len(_SYLLABLES))  # the private-use area
    return code


_TABLE = _SoundTable()


@lru_cache(maxsize=64)
def _sound_of(text: str) -> str:
    """Cached: the flag lexicons each respell the same complaint."""
    return text.translate(_TABLE)


def _trie(keys: list[str]) -> str:
    """One regex for the keys, factored by common prefixes and longest match first, so at a
    position the engine tries the few keys of its first syllable, not all of them."""
    by_first: dict[str, list[str]] = {}
    for key in keys:
        by_first.setdefault(key[0], []).append(key[1:])
    branches = []
    for first, rests in by_first.items():
        longer = [r for r in rests if r]
        tail = _trie(longer) if longer else ""
        if longer and "" in rests:
            tail = f"(?:{tail})?"
        elif longer:
            tail = f"(?:{tail})"
        branches.append(re.escape(first) + tail)
    return "|".join(branches)


class SoundAlike:
    """The terms of one lexicon by sound; `respell` finds the typed slips of them."""

    __slots__ = ("_by_sound", "_regex", "_terms")

    def __init__(self, terms: Iterable[str]) -> None:
        self._terms = frozenset(terms)
        by_sound: dict[str, list[str]] = {}
        for term in sorted(self._terms, key=lambda t: (-len(t), t)):
            if len(term) < 2 or not all(_reading(ch) for ch in term):
                continue
            sounds = [s.replace("ü", "v") for s in lazy_pinyin(term, style=Style.NORMAL)]
            if len(sounds) != len(term):
                continue
            by_sound.setdefault("".join(map(_syllable_code, sounds)), []).append(term)
        self._by_sound = by_sound
        self._regex = re.compile(_trie(list(by_sound))) if by_sound else None

    def __bool__(self) -> bool:
        return self._regex is not None

    def _accepts(self, text: str, pos: int, term: str) -> bool:
        end = pos + len(term)
        span = text[pos:end]
        if span in self._terms:  # a term as typed stands for itself (失联 is not 失连)
            return False
        slips = [a for a, b in zip(span, term, strict=True) if a != b]
        return (
            len(slips) * 2 <= len(term)
            and any(a == b and a not in _PARTICLES for a, b in zip(span, term, strict=True))
            and not any(_is_common_char(a) for a in slips)
            and not _is_word(span)
            and not _joins_outside(text, pos, end, term)
            and not _ends_inside_a_word(text, end, span, term)
            and not _inside_separable_verb(text, pos, end, term)
        )

    def _term_at(self, text: str, sound: str, pos: int, longest: int) -> str | None:
        """The longest term a slip at `pos` stands for: the regex found the longest term
        that sounds alike there; a shorter one may be the slip when that one is not."""
        for length in range(longest, 1, -1):
            for term in self._by_sound.get(sound[pos : pos + length], ()):
                if self._accepts(text, pos, term):
                    return term
        return None

    def respell(self, text: str) -> tuple[str, list[Slip]]:
        """The text with each slip replaced by its term (same length), and the slips."""
        slips: list[Slip] = []
        if self._regex is None:
            return text, slips
        sound = _sound_of(text)
        search = self._regex.search
        m = search(sound)
        while m is not None:
            pos = m.start()
            term = self._term_at(text, sound, pos, m.end() - pos)
            if term is None:
                m = search(sound, pos + 1)
            else:
                slips.append((pos, pos + len(term), term))
                m = search(sound, pos + len(term))
        if not slips:
            return text, slips
        parts: list[str] = []
        last = 0
        for start, end, term in slips:
            parts += [text[last:start], term]
            last = end
        parts.append(text[last:])
        return "".join(parts), slips
