"""Keyword lexicons: admin-editable YAML data, compiled once into fast matchers.

A lexicon file holds ``lexicons:`` — a mapping from lexicon name to::

    description: 中文说明（shown in routing reasons）
    terms: [煤矿, 井下]          # substrings
    patterns: ['^[一二三四五六七八九十]+[中小]$']  # optional regular expressions
    negations: [不会, 不想]      # optional: a cue this close before a hit cancels it
    window: 6                     # optional: how many characters before a hit to look for cues
    cancelled_by: reachable       # optional: any hit of that lexicon cancels this one
    implies: {sector: coal}       # optional: facts a hit stands for (sector/ownership/funding)

Lexicons that read meaning rather than words (the red flags in risk.yaml) add::

    patterns: ['{boss}{adverb}*跑了']   # {name} stands for another lexicon's terms and patterns
    scope_gap: '(?:{boss}|会|想|去)*'   # what may stand between a negation cue and the hit
    irrealis: [怕, 万一]                # cues that make every later hit of the clause a fear
    post_negations: ['[^，。]{0,6}不可能']  # what right after a hit takes it back
    benign: ['关机(?:维修|充电)']        # look-alikes: a hit inside one of these is no hit
    not_cues: [没想到]                  # hold a cue but negate nothing: they end the scope
    clause_break: '{risk_discourse}'    # words that start a new clause where no comma does
    retractions: ['打消(?:了)?念头']     # later in the sentence, these take back a stated intent
    retract_if: '(?:说|要|想|打算)'      # ... when one of these stands before the hit
    sound_alike: true                   # also a term typed with a same-pinyin slip (跳搂)

With ``scope_gap`` a cue negates a hit only when nothing but the gap's words stands between
them in the same clause: "没说要去闹" is negated (说/要/去 are gap words), "再不给钱就去闹"
is not (给钱就 is not). A hit right after a negated one with only a conjunction between is
negated too ("不会去堵路拉横幅"). An irrealis cue governs the rest of its clause ("担心朱经理
过完年就把俺们拉黑"). Speech input and chat leave out the commas that bound a clause;
``clause_break`` names the spoken connectives (然后, 反正, 结果 …) that bound it instead, so
"就怕老板跑路结果电话真打不通了" reports the second, real event, and a taking-back after a
connective is someone else's answer. A stated intent talked down later in the sentence
("工友说过要去上访，经劝说已打消念头") is taken back by ``retractions``; an act done
("跑到楼顶坐着，被人劝下来了") is not, as no intent word (``retract_if``) stands before it.
Concept lexicons (terms only, referenced as ``{name}``)
let an admin add one synonym that every frame using the concept then understands.

Lexicons keep the order of the file: where several may decide the same fact (an employer's
sector), the first one that hits wins, so the order in the file is the precedence.

Matching is substring-based (a lexicon is one regex alternation; a frame lexicon is scanned by
routing/lexicons/scanner.py, which tries only the branches that can match in the text), not
jieba segmentation:
segmentation splits the very words we look for (跑路 -> 跑/路, 堵路 -> 堵/路) and costs about
160 µs per message, a third of the routing budget. jieba's dictionary is still used where it
is the right tool: telling whether a township short form is a common word (townships.py).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from routing import yaml_data
from routing.lexicons.scanner import BranchScanner
from routing.lexicons.sound_alike import SoundAlike

__all__ = [
    "DEFAULT_LEXICON_DIR",
    "IMPLIABLE_FACTS",
    "Hit",
    "Lexicon",
    "LexiconError",
    "LexiconSet",
    "default_lexicons",
    "load_lexicons",
]

DEFAULT_LEXICON_DIR = Path(__file__).resolve().parent
IMPLIABLE_FACTS = frozenset({"sector", "ownership", "funding"})
# A negation cue only reaches back within its clause.
_CLAUSE_BREAK = re.compile(r"[，,。.!！?？;；、\s]")
_CLAUSE_BREAK_RE = r"[，,。.!！?？;；\s]"
_SENTENCE_END = re.compile(r"[。!！?？\n]")
# "{name}": another lexicon of the set (a regex quantifier is "{m,n}", digits only).
_REF = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# between two hits negated together: "不会去堵路、拉横幅", "不会动手也不会闹"
_COORDINATION = r"(?:和|或|或者|跟|还有|也|、|再)?"


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and the reason."""


@dataclass(frozen=True, slots=True)
class Hit:
    lexicon: str
    term: str  # the text that matched
    start: int


Expander = Callable[[str], str]


def _no_refs(pattern: str) -> str:
    return pattern


@dataclass(slots=True)
class Lexicon:
    name: str
    description: str
    terms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    window: int = 6
    cancelled_by: str | None = None
    implies: Mapping[str, str] = field(default_factory=dict)
    group: str = ""  # the file it came from (e.g. "employer_names")
    scope_gap: str = ""
    irrealis: tuple[str, ...] = ()
    post_negations: tuple[str, ...] = ()
    benign: tuple[str, ...] = ()
    not_cues: tuple[str, ...] = ()
    clause_break: str = ""
    retractions: tuple[str, ...] = ()
    retract_if: str = ""
    sound_alike: bool = False
    _regex: re.Pattern[str] | None = field(default=None, repr=False)
    _body: str = field(default="", repr=False)  # the whole alternation, once compiled
    _negated_re: re.Pattern[str] | None = field(default=None, repr=False)
    _irrealis_re: re.Pattern[str] | None = field(default=None, repr=False)
    _chain_re: re.Pattern[str] | None = field(default=None, repr=False)
    _post_re: re.Pattern[str] | None = field(default=None, repr=False)
    _benign_re: re.Pattern[str] | None = field(default=None, repr=False)
    _scanner: BranchScanner | None = field(default=None, repr=False)
    _not_cues_re: re.Pattern[str] | None = field(default=None, repr=False)
    _break_re: re.Pattern[str] | None = field(default=None, repr=False)
    _retract_re: re.Pattern[str] | None = field(default=None, repr=False)
    _retract_if_re: re.Pattern[str] | None = field(default=None, repr=False)
    _sounds: SoundAlike | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # a lexicon whose patterns name others ({risk_boss}) is compiled by the LexiconSet
        # that binds the names; compiled here unbound, the largest lexicons would be compiled
        # two more times for nothing (on every table load, process start and publish)
        if not _uses_refs(self):
            self.compile(_no_refs)

    def _branches(self, expand: Expander) -> list[str]:
        parts = [re.escape(t) for t in sorted(set(self.terms), key=len, reverse=True) if t]
        return parts + [f"(?:{expand(p)})" for p in self.patterns]

    def alternation(self, expand: Expander) -> str:
        """The lexicon as one regex alternation, references expanded (for ``{name}``)."""
        return "|".join(self._branches(expand))

    def compile(self, expand: Expander) -> None:
        """Build the matchers; `expand` replaces ``{name}`` references in patterns."""
        branches = self._branches(expand)
        body = "|".join(branches)
        self._scanner = BranchScanner.of(branches) if body and self.patterns else None
        # with a scanner the whole alternation is never run; compiling it would cost as much
        # as the rest of the lexicon
        self._regex = re.compile(body) if body and self._scanner is None else None
        self._body = body
        gap = f"(?:{expand(self.scope_gap)})" if self.scope_gap else ""
        self._negated_re = self._irrealis_re = self._chain_re = None
        if gap:
            if self.negations:
                self._negated_re = re.compile(f"(?:{_cues(self.negations)}){gap}$")
            if self.irrealis:
                # a fear or a supposition governs its whole clause: "担心朱经理过完年就把俺们拉黑"
                self._irrealis_re = re.compile(_cues(self.irrealis))
            self._chain_re = re.compile(f"{_COORDINATION}{gap}")
        posts = [f"(?:{expand(p)})" for p in self.post_negations]
        self._post_re = re.compile("|".join(posts)) if posts else None
        benign = [f"(?:{expand(p)})" for p in self.benign]
        self._benign_re = re.compile("|".join(benign)) if benign else None
        self._not_cues_re = re.compile(_cues(self.not_cues)) if self.not_cues else None
        self._break_re = re.compile(expand(self.clause_break)) if self.clause_break else None
        retractions = [f"(?:{expand(p)})" for p in self.retractions]
        self._retract_re = re.compile("|".join(retractions)) if retractions else None
        self._retract_if_re = re.compile(expand(self.retract_if)) if self.retract_if else None
        sounds = SoundAlike(self.terms) if self.sound_alike else None
        self._sounds = sounds if sounds else None

    def _negated(self, text: str, start: int) -> bool:
        if not self.negations:
            return False
        before = text[max(0, start - self.window) : start]
        # only the part of the window inside the hit's own clause counts
        before = _CLAUSE_BREAK.split(before)[-1]
        return any(cue in before for cue in self.negations)

    def _in_scope(self, clause_before: str, hit: str) -> bool:
        """A negation cue governs the hit when only gap words stand between; an irrealis cue
        anywhere before it in the clause, or inside a frame's filler ("他爸怕老板跑了")."""
        with_hit = clause_before + hit
        if self._not_cues_re is not None:
            # "没想到老板跑了": a word that holds a cue but negates nothing ends the scope
            clause_before = self._not_cues_re.split(clause_before)[-1]
            with_hit = self._not_cues_re.split(with_hit)[-1]
        if self._negated_re is not None and self._negated_re.search(clause_before):
            return True
        return self._irrealis_re is not None and self._irrealis_re.search(with_hit) is not None

    def _retracted(self, text: str, clause_start: int, start: int, end: int) -> bool:
        """A stated intent talked down later in the same sentence."""
        if self._retract_re is None:
            return False
        # the intent word may stand inside the hit itself: 想死, 人说他跑了
        if self._retract_if_re is not None and not self._retract_if_re.search(
            text, clause_start, end
        ):
            return False
        rest = _SENTENCE_END.split(text[end : end + 40], maxsplit=1)[0]
        return self._retract_re.search(rest) is not None

    def _taken_back(self, text: str, end: int) -> bool:
        if self._post_re is None:
            return False
        after = re.split(_CLAUSE_BREAK_RE, text[end : end + 24], maxsplit=1)[0]
        if self._break_re is not None:
            spoken = self._break_re.search(after)
            if spoken is not None:
                after = after[: spoken.start()]
        return self._post_re.match(after) is not None

    def _clause_start(self, text: str, pos: int) -> int:
        """Where the clause holding `pos` starts: after a punctuation mark or, in text
        without any, after the last spoken connective before it."""
        start = _clause_start(text, pos)
        if self._break_re is not None:
            for m in self._break_re.finditer(text, start, pos):
                if m.end() > m.start():
                    start = m.end()
        return start

    def _matches(self, text: str) -> Iterator[re.Match[str]]:
        """What `finditer` finds, tried only where and with what can match."""
        if self._scanner is not None:
            return self._scanner.matches(text)
        assert self._regex is not None
        return self._regex.finditer(text)

    def raw_hits(self, text: str) -> list[Hit]:
        """Hits before cancellation by another lexicon, negated ones dropped. With
        ``sound_alike`` a term typed with a same-pinyin slip counts as the term; the hit then
        quotes the typed words, each slip followed by its term: "跳搂（跳楼）"."""
        if not self._body or not text:
            return []
        if self._sounds is None:
            return self._hits_in(text)
        respelt, slips = self._sounds.respell(text)
        if not slips:
            return self._hits_in(text)
        hits = self._hits_in(respelt)
        for i, hit in enumerate(hits):
            end = hit.start + len(hit.term)
            if any(s < end and hit.start < e for s, e, _ in slips):
                hits[i] = Hit(hit.lexicon, _quote_slips(text, hit.start, end, slips), hit.start)
        return hits

    def mentioned(self, text: str) -> bool:
        """Whether any of the words or frames occur, before negation and cancellation, or a
        benign reading does: a mention the rules then set aside (没说要去闹, 万一他跑了, 失信名单)
        is a reasoned "no" that nothing else should overrule."""
        if not self._body or not text:
            return False
        if any(m.group(0) for m in self._matches(text)):
            return True
        if self._benign_re is not None and self._benign_re.search(text):
            return True
        if self._sounds is None:
            return False
        respelt, slips = self._sounds.respell(text)
        return bool(slips) and any(m.group(0) for m in self._matches(respelt))

    def _hits_in(self, text: str) -> list[Hit]:
        if self._chain_re is None and self._benign_re is None and self._post_re is None:
            return [
                Hit(self.name, m.group(0), m.start())
                for m in self._matches(text)
                if m.group(0) and not self._negated(text, m.start())
            ]
        matches = list(self._matches(text))
        if not matches:
            return []
        benign = (
            [(b.start(), b.end()) for b in self._benign_re.finditer(text)]
            if self._benign_re is not None
            else []
        )
        hits: list[Hit] = []
        negated_end = -1  # where the last negated hit ended, for coordinated hits
        for m in matches:
            start, end = m.start(), m.end()
            if start == end or any(b0 <= start < b1 or b0 < end <= b1 for b0, b1 in benign):
                continue
            clause_start = self._clause_start(text, start)
            negated = (
                self._in_scope(text[clause_start:start], m.group(0))
                # a lexicon without a scope counts its negation cues in a window, here too
                or (self._negated_re is None and self._negated(text, start))
                or (
                    negated_end >= clause_start
                    and self._chain_re is not None
                    and self._chain_re.fullmatch(text, negated_end, start) is not None
                )
                or self._taken_back(text, end)
                or self._retracted(text, clause_start, start, end)
            )
            if negated:
                negated_end = end
            else:
                hits.append(Hit(self.name, m.group(0), start))
        return hits


def _quote_slips(text: str, start: int, end: int, slips: list[tuple[int, int, str]]) -> str:
    """The typed words of a hit, each slip followed by the word it stands for:
    "去省里尚访（上访）"."""
    out: list[str] = []
    last = start
    for s, e, term in slips:
        if s < end and start < e:
            cut = min(e, end)
            out += [text[last:cut], f"（{term}）"]
            last = cut
    out.append(text[last:end])
    return "".join(out)


def _cues(cues: Iterable[str]) -> str:
    return "|".join(re.escape(c) for c in sorted(set(cues), key=len, reverse=True) if c)


def _clause_start(text: str, pos: int) -> int:
    for i in range(pos - 1, -1, -1):
        if text[i] in "，,。.!！?？;；\n\t ":
            return i + 1
    return 0


class LexiconSet:
    """All lexicons by name, in file order; one call finds every hit in a text."""

    def __init__(self, lexicons: Iterable[Lexicon]) -> None:
        self._by_name: dict[str, Lexicon] = {}
        for lex in lexicons:
            if lex.name in self._by_name:
                raise LexiconError(f"lexicon {lex.name!r} is defined twice")
            self._by_name[lex.name] = lex
        for lex in self._by_name.values():
            if lex.cancelled_by and lex.cancelled_by not in self._by_name:
                raise LexiconError(
                    f"lexicon {lex.name!r}: cancelled_by names unknown lexicon {lex.cancelled_by!r}"
                )
        for name, lex in list(self._by_name.items()):
            if _uses_refs(lex):
                # a copy: the same Lexicon may sit in another set (the packaged defaults kept
                # beside a version's own groups) whose concepts say something else
                bound = dataclasses.replace(lex)
                bound.compile(self._expander(name))
                self._by_name[name] = bound

    def _expander(self, owner: str) -> Expander:
        def expand(pattern: str, seen: tuple[str, ...] = (owner,)) -> str:
            def one(m: re.Match[str]) -> str:
                name = m.group(1)
                if name in seen:
                    raise LexiconError(f"lexicon {owner!r}: {{{name}}} refers to itself")
                ref = self._by_name.get(name)
                if ref is None:
                    raise LexiconError(f"lexicon {owner!r}: {{{name}}} names no lexicon")
                return f"(?:{ref.alternation(lambda p: expand(p, (*seen, name)))})"

            return _REF.sub(one, pattern)

        return expand

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Lexicon:
        return self._by_name[name]

    def __iter__(self) -> Iterator[Lexicon]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    @property
    def names(self) -> list[str]:
        return list(self._by_name)

    def group(self, group: str) -> list[Lexicon]:
        return [lex for lex in self._by_name.values() if lex.group == group]

    def hits(self, name: str, text: str) -> list[Hit]:
        lex = self._by_name.get(name)
        if lex is None:
            return []
        found = lex.raw_hits(text)
        if found and lex.cancelled_by and self._by_name[lex.cancelled_by].raw_hits(text):
            return []
        return found

    def mentioned(self, name: str, text: str) -> bool:
        """Whether the lexicon or the one that cancels it finds its words at all (see
        `Lexicon.mentioned`)."""
        lex = self._by_name.get(name)
        if lex is None:
            return False
        other = self._by_name.get(lex.cancelled_by) if lex.cancelled_by else None
        return lex.mentioned(text) or (other is not None and bool(other.raw_hits(text)))

    def scan(self, text: str, names: Iterable[str] | None = None) -> dict[str, list[Hit]]:
        """Hits per lexicon (only lexicons with hits appear)."""
        out: dict[str, list[Hit]] = {}
        for name in self._by_name if names is None else names:
            found = self.hits(name, text)
            if found:
                out[name] = found
        return out

    def first_implying(
        self, fact: str, text: str, group: str | None = None
    ) -> tuple[str, Lexicon, Hit] | None:
        """First lexicon (file order) implying ``fact`` that hits: (value, lexicon, hit)."""
        for lex in self._by_name.values():
            if fact not in lex.implies or (group is not None and lex.group != group):
                continue
            found = self.hits(lex.name, text)
            if found:
                return lex.implies[fact], lex, found[0]
        return None

    def to_yaml_data(self) -> dict[str, dict[str, Any]]:
        """Lexicons grouped by file, in the YAML file shape (for export/editing)."""
        files: dict[str, dict[str, Any]] = {}
        for lex in self._by_name.values():
            entry: dict[str, Any] = {"description": lex.description}
            if lex.terms:
                entry["terms"] = list(lex.terms)
            if lex.patterns:
                entry["patterns"] = list(lex.patterns)
            if lex.negations:
                entry["negations"] = list(lex.negations)
                entry["window"] = lex.window
            if lex.cancelled_by:
                entry["cancelled_by"] = lex.cancelled_by
            if lex.scope_gap:
                entry["scope_gap"] = lex.scope_gap
            for key in ("irrealis", "post_negations", "benign", "not_cues"):
                if getattr(lex, key):
                    entry[key] = list(getattr(lex, key))
            for key in ("clause_break", "retract_if"):
                if getattr(lex, key):
                    entry[key] = getattr(lex, key)
            if lex.retractions:
                entry["retractions"] = list(lex.retractions)
            if lex.sound_alike:
                entry["sound_alike"] = True
            if lex.implies:
                entry["implies"] = dict(lex.implies)
            files.setdefault(lex.group, {"lexicons": {}})["lexicons"][lex.name] = entry
        return files


def _uses_refs(lex: Lexicon) -> bool:
    texts = (
        *lex.patterns,
        lex.scope_gap,
        lex.clause_break,
        lex.retract_if,
        *lex.retractions,
        *lex.post_negations,
        *lex.benign,
    )
    return any(_REF.search(t) for t in texts)


def _str_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{where}: {key} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _parse_lexicon(name: str, data: Any, group: str, where: str) -> Lexicon:
    if not isinstance(data, dict):
        raise LexiconError(f"{where}: lexicon {name!r} must be a mapping")
    unknown = set(data) - {
        "description",
        "terms",
        "patterns",
        "negations",
        "window",
        "cancelled_by",
        "implies",
        "scope_gap",
        "irrealis",
        "post_negations",
        "benign",
        "not_cues",
        "clause_break",
        "retractions",
        "retract_if",
        "sound_alike",
    }
    if unknown:
        raise LexiconError(f"{where}: lexicon {name!r} has unknown keys {sorted(unknown)}")
    patterns = _str_list(data.get("patterns"), where, f"{name}.patterns")
    post_negations = _str_list(data.get("post_negations"), where, f"{name}.post_negations")
    benign = _str_list(data.get("benign"), where, f"{name}.benign")
    scope_gap = data.get("scope_gap") or ""
    clause_break = data.get("clause_break") or ""
    retract_if = data.get("retract_if") or ""
    retractions = _str_list(data.get("retractions"), where, f"{name}.retractions")
    for key, value in (
        ("scope_gap", scope_gap),
        ("clause_break", clause_break),
        ("retract_if", retract_if),
    ):
        if not isinstance(value, str):
            raise LexiconError(f"{where}: lexicon {name!r}: {key} must be a string")
    for p in (
        *patterns,
        *post_negations,
        *benign,
        *retractions,
        scope_gap,
        clause_break,
        retract_if,
    ):
        try:
            # a reference is checked when the set is built; here it must at least parse
            re.compile(_REF.sub("(?:x)", p))
        except re.error as exc:
            raise LexiconError(f"{where}: lexicon {name!r}: bad pattern {p!r}: {exc}") from exc
    implies = data.get("implies") or {}
    if not isinstance(implies, dict) or not set(implies) <= IMPLIABLE_FACTS:
        raise LexiconError(
            f"{where}: lexicon {name!r}: implies may only set {sorted(IMPLIABLE_FACTS)}"
        )
    window = data.get("window", 6)
    if not isinstance(window, int) or not 0 < window <= 40:
        raise LexiconError(f"{where}: lexicon {name!r}: window must be an integer 1..40")
    terms = _str_list(data.get("terms"), where, f"{name}.terms")
    sound_alike = data.get("sound_alike", False)
    if not isinstance(sound_alike, bool):
        raise LexiconError(f"{where}: lexicon {name!r}: sound_alike must be true or false")
    if not terms and not patterns:
        raise LexiconError(f"{where}: lexicon {name!r} has neither terms nor patterns")
    return Lexicon(
        name=name,
        description=str(data.get("description") or name),
        terms=terms,
        patterns=patterns,
        negations=_str_list(data.get("negations"), where, f"{name}.negations"),
        window=window,
        cancelled_by=data.get("cancelled_by"),
        implies={k: str(v) for k, v in implies.items()},
        group=group,
        scope_gap=scope_gap.strip(),
        irrealis=_str_list(data.get("irrealis"), where, f"{name}.irrealis"),
        post_negations=post_negations,
        benign=benign,
        not_cues=_str_list(data.get("not_cues"), where, f"{name}.not_cues"),
        clause_break=clause_break.strip(),
        retractions=retractions,
        retract_if=retract_if.strip(),
        sound_alike=sound_alike,
    )


def parse_lexicon_yaml(text: str, group: str, where: str = "<yaml>") -> list[Lexicon]:
    try:
        data = yaml_data.safe_load(text)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{where}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("lexicons"), dict):
        raise LexiconError(f"{where}: expected a top-level 'lexicons:' mapping")
    return [_parse_lexicon(str(n), d, group, where) for n, d in data["lexicons"].items()]


# The files of the default set, in precedence order across files.
DEFAULT_FILES = ("risk", "funding", "employer_names", "work", "context")


def load_lexicons(directory: str | Path | None = None) -> LexiconSet:
    """Load ``*.yaml`` lexicon files of a directory (the default files first, in their order)."""
    base = Path(directory) if directory is not None else DEFAULT_LEXICON_DIR
    files = sorted(base.glob("*.yaml"), key=lambda p: (p.stem not in DEFAULT_FILES, p.stem))
    files.sort(
        key=lambda p: DEFAULT_FILES.index(p.stem) if p.stem in DEFAULT_FILES else len(DEFAULT_FILES)
    )
    lexicons: list[Lexicon] = []
    for path in files:
        lexicons += parse_lexicon_yaml(path.read_text(encoding="utf-8"), path.stem, str(path))
    return LexiconSet(lexicons)


@lru_cache(maxsize=1)
def default_lexicons() -> LexiconSet:
    return load_lexicons()
