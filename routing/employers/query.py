"""A worker's query cut into comparable units, with the words around the name removed.

A unit is one Han character, one pinyin syllable typed in Latin letters (`hongda` gives
`hong`, `da`), or one other Latin/digit run. Each unit carries a pinyin code so that
homophones and romanised input compare equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jieba

from routing.employers import pinyin
from routing.employers.lexicon import tokens
from routing.employers.normalize import (
    BOSS_WORDS,
    FILLER_WORDS,
    PARTICLES,
    SURNAMES,
    normalize_text,
)

_RUN = re.compile(r"[a-z]+|[0-9]+|.", re.S)


@dataclass(frozen=True, slots=True)
class Units:
    texts: tuple[str, ...]
    han: tuple[bool, ...]
    codes: tuple[int, ...]  # primary pinyin id; unique negative ids for units without one

    def __len__(self) -> int:
        return len(self.texts)

    def join(self, start: int = 0, end: int | None = None) -> str:
        return "".join(self.texts[start:end])


def _split_units(text: str) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for m in _RUN.finditer(text):
        piece = m.group()
        if piece.isascii() and piece.isalpha():
            syllables = pinyin.segment(piece)
            out.extend((s, False) for s in syllables) if syllables else out.append((piece, False))
        elif piece.isdigit():
            out.extend((d, False) for d in piece)
        else:
            out.append((piece, True))
    return out


_OTHER_IDS: dict[str, int] = {}


def _other_id(t: str) -> int:
    got = _OTHER_IDS.get(t)
    if got is None:
        got = _OTHER_IDS[t] = -(len(_OTHER_IDS) + 1)
    return got


def make_units(pieces: list[tuple[str, bool]]) -> Units:
    codes = []
    for t, is_han in pieces:
        c = pinyin.code(t) if is_han or t.isalpha() else 0
        codes.append(c if c else _other_id(t))
    return Units(tuple(t for t, _ in pieces), tuple(h for _, h in pieces), tuple(codes))


@lru_cache(maxsize=65536)
def units_of(text: str) -> Units:
    """Units of an already normalized string (registry side; cached, names repeat)."""
    return make_units(_split_units(text))


def said_readings(units: Units) -> tuple[tuple[str, ...], ...]:
    """The pinyin each unit may have been typed with (() when none)."""
    out: list[tuple[str, ...]] = []
    for t, is_han in zip(units.texts, units.han, strict=True):
        if is_han:
            out.append(pinyin.typed_readings(t))
        else:
            out.append((t,) if t in pinyin.SYLLABLES else ())
    return tuple(out)


_NUMERAL = "[一二三四五六七八九十两几半好\\d]"
_SURNAMES = "".join(sorted(SURNAMES))
_MONEY = "(?:工资|工钱|血汗钱|钱|账)"
# What a complaint says around the name (欠俺五个月工资, 四个月没发钱, 老板跑了, 到现在没结账):
# never part of a name, and read as part of it the name's characters are a small share.
_COMPLAINT = re.compile(
    "|".join(
        (
            f"(?:拖欠|欠)了?(?:俺们|我们|俺|我|大家)?的?(?:{_NUMERAL}+(?:个多?月|年多?|天))?的?{_MONEY}",
            f"(?:干了|做了|拖了)?{_NUMERAL}+(?:个多?月|个?月多|年多?|多年|天)(?:的)?{_MONEY}?"
            f"(?:都|也|还|一直)?(?:没|不)?(?:发|给|结)?(?:钱|工资|工钱|账)?",
            f"{_MONEY}(?:都|也|还|一直)?(?:没|不)(?:发|给|结)",
            "(?:没|不)(?:发|给|结)(?:钱|工资|工钱|账)",
            "(?:老板|人)?跑了",
            # the boss's own name (老板是罗三旺的…, 老板叫王建国，…): a surname and one or two more
            # when a name follows (老板是高远的 may be said of the company 高远)
            f"(?:老板|老总|工头|包工头)(?:是|叫|姓)[{_SURNAMES}][\u4e00-\u9fff]{{0,2}}?"
            "(?=(?:的|[,，。 ]).*[\u4e00-\u9fff]{2})",
            "到现在|至今|打杂",
            # the worker's place there (…大峪煤矿当临时工): the unit is named before it
            "(?:当|做|干)(?:临时工|小工|杂工|工人|零工)",
        )
    )
)


def without_complaint(text: str) -> str:
    """`text` with what the complaint says around the name blanked out."""
    return _COMPLAINT.sub(" ", text)


def content_text(query: object, tk: jieba.Tokenizer, *, keep_lone: bool = False) -> str:
    """The normalized query without filler words (all of it when it is nothing but filler);
    with `keep_lone`, a one-character filler word (这, 工) is kept wherever it stands."""
    text = normalize_text(query)
    toks = tokens(tk, text)
    marked: list[tuple[str, bool]] = []  # (token, is filler)
    k = 0
    while k < len(toks):
        tok = toks[k]
        if tok[:1] in SURNAMES and tok[1:] in BOSS_WORDS:
            marked.append((tok, True))  # 刘老板 (one token), 王经理: the person, not the company
            k += 1
            continue
        if tok in SURNAMES and k + 1 < len(toks) and toks[k + 1] in BOSS_WORDS:
            marked.append((tok + toks[k + 1], True))  # 刘 | 老板
            k += 2
            continue
        if len(tok) == 2 and tok[0] in "老小" and tok[1] in SURNAMES:
            marked.append((tok, True))  # 老郑, 小王: what a boss is called
            k += 1
            continue
        if tok == "老" and k + 1 < len(toks) and toks[k + 1] in SURNAMES:
            marked.append((tok + toks[k + 1], True))  # 老 | 韩
            k += 2
            continue
        # jieba may cut a filler in two (那/家): two or three tokens that join into one count
        for n in (3, 2, 1):
            if k + n <= len(toks) and "".join(toks[k : k + n]) in FILLER_WORDS:
                marked.append(("".join(toks[k : k + n]), True))
                k += n
                break
        else:
            marked.append((tok, False))
            k += 1
    kept = []
    for k, (tok, filler) in enumerate(marked):
        if filler and len(tok) == 1 and tok not in PARTICLES:
            # a lone 这 or 工 between two parts of a name is more likely a slip for a name's
            # character (这 for 达) than a word of speech: kept unless at an edge or by filler
            inner = 0 < k < len(marked) - 1 and not marked[k - 1][1] and not marked[k + 1][1]
            if inner or keep_lone:
                kept.append(tok)
            continue
        if not filler:
            kept.append(tok)
    return "".join(kept) or text


def readings_of(text: str, *, limit: int = 4) -> list[Units]:
    """Units of `text` under each way of reading its Latin runs as pinyin (`hongxinganggou`
    is hong|xin|gang|gou or hong|xing|an|gou), most likely first."""
    runs = [m.group() for m in _RUN.finditer(text)]
    ambiguous = [
        r for r in runs if r.isascii() and r.isalpha() and len(pinyin.segmentations(r)) > 1
    ]
    if not ambiguous:
        return [make_units(_split_units(text))]
    variants: list[list[tuple[str, bool]]] = [[]]
    for r in runs:
        if r.isascii() and r.isalpha():
            segs = pinyin.segmentations(r) or [(r,)]
            variants = [v + [(s, False) for s in seg] for v in variants for seg in segs]
        else:
            variants = [v + _split_units(r) for v in variants]
        variants = variants[:limit]
    return [make_units(v) for v in variants]
