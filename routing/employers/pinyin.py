"""Pinyin for homophone matching and romanised input (pypinyin does the readings).

Readings are toneless (`Style.NORMAL`, ü written v). Two characters are homophones when
their reading sets intersect. Latin input such as `hongdajianzhu` is cut into syllables
drawn from pypinyin's own dictionary, so `Hong Da`, `hongda` and `HONGDA` all give
`hong|da`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache
from itertools import islice, product

from pypinyin import Style, pinyin
from pypinyin.contrib.tone_convert import to_normal
from pypinyin.pinyin_dict import pinyin_dict

_MAX_SYLLABLE = 6


def _all_syllables() -> frozenset[str]:
    # 1,500 distinct toned readings among 40,000 characters: convert each once.
    toned = {r for readings in pinyin_dict.values() for r in readings.split(",")}
    out: set[str] = set()
    for r in toned:
        s = to_normal(r).replace("ü", "v")
        if s.isascii() and s.isalpha():
            out.add(s)
    # People type ü as u after l/n as often as v.
    out |= {s.replace("v", "u") for s in out if "v" in s}
    return frozenset(out)


SYLLABLES = _all_syllables()

_IDS: dict[str, int] = {}


def syllable_id(s: str) -> int:
    """A small integer per syllable, so sequences compare fast in rapidfuzz."""
    got = _IDS.get(s)
    if got is None:
        got = _IDS[s] = len(_IDS) + 1
    return got


@lru_cache(maxsize=32768)
def readings(ch: str) -> tuple[str, ...]:
    """Toneless readings of one Han character, most common first; () for anything else."""
    got = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    if not got or not got[0]:
        return ()
    out = []
    for r in got[0]:
        r = r.replace("ü", "v")
        if r.isascii() and r.isalpha() and r not in out:
            out.append(r)
            if "v" in r:
                out.append(r.replace("v", "u"))
    return tuple(out)


@lru_cache(maxsize=32768)
def code(ch: str) -> int:
    """Id of the primary reading (a syllable's own id when `ch` is a syllable); 0 if none."""
    if ch.isascii():
        return syllable_id(ch) if ch in SYLLABLES else 0
    r = readings(ch)
    return syllable_id(r[0]) if r else 0


# A reading is common when at least this share of the character's words in pypinyin's phrase
# dictionary read it so (长 chang 407 and zhang 144 of 551; 市 shi in all 93, never fu).
_COMMON_SHARE = 0.1


@lru_cache(maxsize=1)
def _phrase_readings() -> dict[str, Counter[str]]:
    """Per character, how many of the phrase dictionary's words read it each way."""
    from pypinyin.phrases_dict import phrases_dict  # 47,000 words: loaded on first use

    toned: dict[str, Counter[str]] = defaultdict(Counter)
    for phrase, rs in phrases_dict.items():
        if len(phrase) == len(rs):
            for ch, said in zip(phrase, rs, strict=True):
                toned[ch][said[0]] += 1
    out: dict[str, Counter[str]] = {}
    for ch, counts in toned.items():
        out[ch] = Counter()
        for reading, n in counts.items():  # toneless after counting: 120,000 readings, 9,000 kinds
            out[ch][to_normal(reading).replace("ü", "v")] += n
    return out


# Readings the dictionary lists behind an old one that names no longer use (the 通用规范汉字表
# reads 晟 shèng only; pypinyin lists chéng first and has no word to count it by).
_NAME_READINGS = {"晟": ("sheng",)}


def _readings_by_share(ch: str, share: float) -> tuple[str, ...]:
    if ch in _NAME_READINGS:
        return _NAME_READINGS[ch]
    r = readings(ch)
    counts = _phrase_readings().get(ch)
    if not counts:
        return r[:2]
    total = sum(counts.values())
    return tuple(x for i, x in enumerate(r) if i == 0 or counts[x] >= share * total)


@lru_cache(maxsize=32768)
def common_readings(ch: str) -> tuple[str, ...]:
    """The readings a meant character may have been typed by: the primary one and any other
    that words commonly use (长 is zhang first, but chang in most words: 畅耀 for 长耀). A
    character the phrase dictionary has no word for keeps its first two (吨 dun, tun)."""
    return _readings_by_share(ch, _COMMON_SHARE)


@lru_cache(maxsize=32768)
def typed_readings(ch: str) -> tuple[str, ...]:
    """The readings a typed character was likely picked by: the primary one and one most words
    use (泊 po first, bo in most words); an input method lists 降 under jiang, not xiang."""
    return _readings_by_share(ch, 0.5)


def sounds_like(typed: str, meant: str) -> bool:
    """Whether `typed` (a Han character or a Latin syllable) can stand for `meant` by sound.

    A slip comes from typing the meant character's pinyin and picking another character of it;
    rare readings (市 also reads fu, 降 xiang) would make noise.
    """
    if typed == meant:
        return True
    if typed.isascii():
        return typed in readings(meant)
    return not set(typed_readings(typed)).isdisjoint(common_readings(meant))


def keys(text: str, *, limit: int = 4) -> list[str]:
    """Concatenated toneless keys for a registry string: its two main readings per character."""
    options = []
    for ch in text:
        r = readings(ch) if not ch.isascii() else (ch,)
        if not r:
            return []
        options.append(r[:2])
    return ["".join(p) for p in islice(product(*options), limit)]


def segmentations(latin: str, *, limit: int = 6) -> list[tuple[str, ...]]:
    """All ways (up to `limit`) to read a Latin run as pinyin syllables, fewest pieces first."""
    out: list[tuple[str, ...]] = []

    def walk(i: int, acc: tuple[str, ...]) -> None:
        if len(out) >= limit * 4:
            return
        if i == len(latin):
            out.append(acc)
            return
        for n in range(min(_MAX_SYLLABLE, len(latin) - i), 0, -1):
            piece = latin[i : i + n]
            if piece in SYLLABLES:
                walk(i + n, (*acc, piece))

    if latin and len(latin) <= 40:
        walk(0, ())
    return sorted(out, key=len)[:limit]


@lru_cache(maxsize=8192)
def segment(latin: str) -> tuple[str, ...] | None:
    """The most likely syllable reading of a Latin run (fewest syllables), None if there is none."""
    got = segmentations(latin, limit=1)
    return got[0] if got else None
