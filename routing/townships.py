"""Township (乡镇/街道) names: canonical names, derived short forms and aliases.

The gazetteer is built from the list of known townships (from the database, or a registry
CSV's township column), never from a list in code. From ``少林街道`` it derives ``少林``,
``少林办事处``, ``少林街道办``; from ``大金店镇`` ``大金店``; from ``石道乡`` ``石道``.
Extra aliases can be passed explicitly.

Short forms are where false hits come from: ``告成`` is also a word (大功告成), ``嵩阳路`` is a
road, ``少林寺`` a temple. So a short form counts in free text only when it is not followed by
a road/temple/company word, and — if jieba's dictionary knows it as a common word — only with a
location cue (在告成…, 告成这块…).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import lazy_pinyin

from routing import jieba_dictionary
from routing.simplify import to_simplified

__all__ = ["TownshipGazetteer", "TownshipMention"]

_SHORT_ANSWER_CHARS = 10  # longer texts are stories, not answers: no matching by sound there

# Longest first: 街道办事处 before 办事处 before 街道.
_SUFFIXES = (
    "街道办事处",
    "工业区",
    "管委会",
    "民族乡",
    "街道办",
    "办事处",
    "街道",
    "矿区",
    "林场",
    "镇",
    "乡",
)
_STREET_SUFFIXES = ("街道办事处", "街道办", "办事处", "街道")
_LOCATION_BEFORE = ("在", "再", "到", "去", "于", "住", "从", "回", "是", "属于")
_LOCATIVE_AFTER = (
    "这块",
    "那块",
    "这边",
    "那边",
    "这里",
    "那里",
    "这儿",
    "那儿",
    "一带",
    "附近",
    "地区",
    "片区",
    "街上",
    "镇上",
    "乡里",
    "乡下",
    "村",
    "一个",
    "那个",
    "这个",
    "的工地",
    "的一个",
    "的那个",
    "的项目",
    "干",
    "上班",
    "打工",
    "卫生院",
    "中心校",
    "中学",
    "小学",
    "初中",
    "派出所",
    "政府",
    "镇政府",
    "乡政府",
)
# A short form followed by these is part of another name (嵩阳路, 少林寺, 中岳建筑).
_NAME_AFTER = (
    "路",
    "大街",
    "街(?!道)",
    "大道",
    "大桥",
    "桥",
    "寺",
    "山",
    "河",
    "湖",
    "公园",
    "小区",
    "花园",
    "家园",
    "广场",
    "公司",
    "集团",
    "武校",
    "武术",
    "宾馆",
    "酒店",
    "饭店",
    "建筑",
    "建设",
    "建工",
    "劳务",
    "实业",
    "科技",
    "商贸",
    "物业",
    "置业",
    "地产",
    "装饰",
    "工程",
    "大酒店",
    "景区",
)
_NAME_AFTER_RE = re.compile("|".join(_NAME_AFTER))
# Words in jieba's dictionary at least this frequent are "common words" (告成 58, 少林 1659).
_COMMON_WORD_FREQ = 20


def is_common_word(word: str) -> bool:
    """True if jieba's dictionary knows ``word`` as a reasonably frequent word."""
    return jieba_dictionary.frequencies().get(word, 0) >= _COMMON_WORD_FREQ


@lru_cache(maxsize=4096)
def _sound_of(text: str) -> str:
    """The text in toneless pinyin (颖阳 -> yingyang). Cached: pypinyin segments the text
    into phrases first, about 45 us for three characters, and the same short answers (不清楚,
    木工, 没有) come again and again."""
    return "".join(lazy_pinyin(text))


def short_form(name: str) -> str | None:
    """``少林街道`` -> ``少林``; None when stripping would leave fewer than two characters."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@dataclass(frozen=True, slots=True)
class TownshipMention:
    township: str  # canonical name
    surface: str  # what the text says
    start: int
    strength: int  # 3 = full name/alias, 2 = short form with a cue before, 1 = other short form


class TownshipGazetteer:
    def __init__(
        self,
        names: Iterable[str],
        aliases: Mapping[str, str] | None = None,
        *,
        common_word: bool | None = None,
    ) -> None:
        """``names``: canonical township names; ``aliases``: extra alias -> canonical name.

        ``common_word`` forces every short form to be treated as common (True) or not (False);
        by default jieba's dictionary decides per short form.
        """
        self.names: list[str] = sorted({to_simplified(n.strip()) for n in names if n and n.strip()})
        full: dict[str, str] = {n: n for n in self.names}
        shorts: dict[str, str] = {}
        ambiguous: set[str] = set()
        for name in self.names:
            short = short_form(name)
            if not short:
                continue
            if short in shorts and shorts[short] != name:
                ambiguous.add(short)
            shorts[short] = name
            if name.endswith(_STREET_SUFFIXES):
                for suffix in _STREET_SUFFIXES:
                    full.setdefault(short + suffix, name)
        for short in ambiguous:
            shorts.pop(short, None)
        for alias, target in (aliases or {}).items():
            target_s = to_simplified(target.strip())
            if target_s in full:
                full[to_simplified(alias.strip())] = full[target_s]
        # a short form that is itself a full name/alias is matched as a full name
        self._full = full
        self._shorts = {s: n for s, n in shorts.items() if s not in full}
        self._common = {
            s: (is_common_word(s) if common_word is None else common_word) for s in self._shorts
        }
        surfaces = sorted([*self._full, *self._shorts], key=len, reverse=True)
        self._regex = re.compile("|".join(map(re.escape, surfaces))) if surfaces else None
        self._pinyin: dict[str, str] = {}
        for surface, canonical in [*self._full.items(), *self._shorts.items()]:
            self._pinyin.setdefault(_sound_of(surface), canonical)

    @classmethod
    def from_names(
        cls, names: Iterable[str], aliases: Mapping[str, str] | None = None
    ) -> TownshipGazetteer:
        return cls(names, aliases)

    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, name: object) -> bool:
        return name in self._full

    # --- a value the dialogue collected -------------------------------------------------

    def canonical(self, value: str | None) -> str | None:
        """The canonical township for a field value (full, short, alias, typo by sound)."""
        v = to_simplified((value or "").strip()).replace(" ", "")
        if not v:
            return None
        if v in self._full:
            return self._full[v]
        if v in self._shorts:
            return self._shorts[v]
        for prefix in ("河南省", "郑州市", "登封市", "河南", "郑州", "登封"):
            if v.startswith(prefix) and v[len(prefix) :] in self._full:
                return self._full[v[len(prefix) :]]
        mention = self.find(v, field=True)
        if mention is not None:
            return mention.township
        found = self._pinyin.get(_sound_of(v))
        short = short_form(v)
        if found is None and short is not None:
            found = self._pinyin.get(_sound_of(short))
        return found

    # --- free text -------------------------------------------------------------------------

    def mentions(self, text: str, *, field: bool = False) -> list[TownshipMention]:
        """Township mentions in (simplified) text, strongest evidence first."""
        if self._regex is None or not text:
            return []
        out: list[TownshipMention] = []
        for m in self._regex.finditer(text):
            surface = m.group(0)
            if surface in self._full:
                out.append(TownshipMention(self._full[surface], surface, m.start(), 3))
                continue
            after = text[m.end() : m.end() + 4]
            if _NAME_AFTER_RE.match(after):
                continue
            cue_before = text[max(0, m.start() - 2) : m.start()].endswith(_LOCATION_BEFORE)
            cue_after = after.startswith(_LOCATIVE_AFTER)
            whole = field and surface == text.strip()
            if self._common[surface] and not (cue_before or cue_after or whole):
                continue
            strength = 2 if cue_before or whole else 1
            out.append(TownshipMention(self._shorts[surface], surface, m.start(), strength))
        out.sort(key=lambda x: (-x.strength, x.start))
        return out

    def find_answer(self, text: str) -> str | None:
        """The township a worker names in a message or a short answer to "which township?".

        A short answer may also just sound like one (颖阳 for 颍阳镇): typed from memory."""
        simplified = to_simplified(text or "")
        found = self.find(simplified, field=True)
        if found is not None:
            return found.township
        answer = re.sub(r"[^\u4e00-\u9fff]", "", simplified)
        if 2 <= len(answer) <= _SHORT_ANSWER_CHARS:
            return self.canonical(answer)
        return None

    def find(self, text: str, *, field: bool = False) -> TownshipMention | None:
        found = self.mentions(text, field=field)
        return found[0] if found else None

    def mask(self, text: str) -> str:
        """Replace full township names by placeholders so 送表矿区 does not read as a mine."""
        if self._regex is None:
            return text
        return self._regex.sub(lambda m: "□" * len(m.group(0)), text)
