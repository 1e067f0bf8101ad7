"""Finding a lexicon's matches in a text by trying only the branches that can match there.

A frame lexicon (the red flags) is an alternation of hundreds of branches, most of them
starting with a concept of a few hundred words ({risk_boss}: 他, 老板, 人 …). Run as one
regex, it is tried at nearly every position of a complaint and each try walks every branch.
Two facts read off each branch's parse tree cut that down without changing what is found:

* the characters a match can start with: a branch is tried only where one of them stands (a
  branch that may start with any character, [^，。]{1,3}店, is tried everywhere);
* a few sets of characters of which any match must hold one each (跑/逃/溜 … for a boss who
  ran off): a branch whose set has no character in the text cannot match anywhere in it.

The branches that remain are tried in the lexicon's order at each position, so the branch
that wins is the one the whole alternation would pick.
"""

from __future__ import annotations

import importlib
import json
import operator
import re
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from functools import lru_cache, reduce
from pathlib import Path
from typing import Any

__all__ = ["CHAR_FREQUENCY", "BranchScanner", "first_chars", "required_chars"]

CHAR_FREQUENCY = Path(__file__).resolve().parent / "char_frequency.json"

# How many "must hold one of" sets a branch keeps: those complaints hold least often, which
# rule the branch out most often.
_FACTORS_PER_BRANCH = 3


def _sre() -> tuple[Any, Any]:
    # private modules of `re`; a Python that lacks them makes the callers scan everywhere
    return importlib.import_module("re._constants"), importlib.import_module("re._parser")


def _starts(c: Any, items: Any) -> tuple[set[str] | None, bool]:
    """The characters a match of the sequence `items` can start with (None: any) and whether
    to look past them (the sequence so far may be empty). `_nullable` says whether a whole
    pattern may be empty."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _starts_one(c, op, av)
        if chars is None:
            return None, False
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _starts_one(c: Any, op: Any, av: Any) -> tuple[set[str] | None, bool]:
    if op is c.LITERAL:
        return {chr(av)}, False
    if op is c.IN:
        chars: set[str] = set()
        for o, a in av:
            if o is c.LITERAL:
                chars.add(chr(a))
            elif o is c.RANGE and a[1] - a[0] < 256:
                chars |= {chr(x) for x in range(a[0], a[1] + 1)}
            else:  # a negated set, a category: any character
                return None, False
        return chars, False
    if op is c.SUBPATTERN:
        return _starts(c, av[3])
    if op is c.BRANCH:
        union: set[str] = set()
        nullable = False
        for alt in av[1]:
            chars_, n = _starts(c, alt)
            if chars_ is None:
                return None, False
            union |= chars_
            nullable = nullable or n
        return union, nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        chars_, n = _starts(c, av[2])
        return chars_, n or av[0] == 0
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), True  # zero-width: what a lookaround reads is not part of the match
    return None, False


def _nullable(c: Any, items: Any) -> bool:
    """Whether the sequence `items` can match the empty string (when unsure: yes)."""
    return all(_nullable_one(c, op, av) for op, av in items)


def _nullable_one(c: Any, op: Any, av: Any) -> bool:
    if op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY, c.CATEGORY):
        return False
    if op is c.SUBPATTERN:
        return _nullable(c, av[3])
    if op is c.BRANCH:
        return any(_nullable(c, alt) for alt in av[1])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        return av[0] == 0 or _nullable(c, av[2])
    return True  # AT, ASSERT, ASSERT_NOT are zero-width; anything else may be empty too


def _plain(c: Any, items: Any) -> bool:
    """Whether a branch means the same compiled alone as inside the whole alternation and
    the character facts hold for it: no flags (a (?i) branch matches characters it does not
    spell), no back-references or conditionals (alone, they count groups differently)."""
    for op, av in items:
        if op in (c.GROUPREF, c.GROUPREF_EXISTS):
            return False
        if op is c.SUBPATTERN and (av[1] or av[2] or not _plain(c, av[3])):
            return False
        if op is c.BRANCH and not all(_plain(c, alt) for alt in av[1]):
            return False
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and not _plain(c, av[2]):
            return False
        if op in (c.ASSERT, c.ASSERT_NOT) and not _plain(c, av[1]):
            return False
        if op is c.ATOMIC_GROUP and not _plain(c, av):
            return False
    return True


def first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with, or None when any may (or the
    pattern can match the empty string)."""
    first, _, nullable = analysed(pattern)
    return None if nullable else first


@lru_cache(maxsize=4096)  # a default set has about 2,000 branches
def analysed(
    pattern: str,
) -> tuple[frozenset[str] | None, tuple[frozenset[str], ...], bool]:
    """The characters a match can start with (None: any), the sets of characters it must
    hold (see `required_chars`) and whether it may be empty or is not plain (`_plain`): then
    the lexicon runs its whole alternation. One parse: parsing is most of a lexicon's loading
    time, on every process start and publish."""
    try:
        c, parser = _sre()
        tree = parser.parse(pattern)
        plain = _plain(c, tree) and not tree.state.groupdict and not tree.state.flags & ~re.UNICODE
    except Exception:  # a construct this does not understand: nothing is known
        return None, (), True
    if not plain:
        return None, (), True
    found, _ = _starts(c, tree)
    first = frozenset(found) if found else None
    needs = sorted(dict.fromkeys(_needs(c, tree)), key=_chance)
    return first, tuple(needs[:_FACTORS_PER_BRANCH]), _nullable(c, tree)


def _flattened(c: Any, items: Any) -> list[tuple[Any, Any]]:
    """The top-level sequence with plain groups opened up: `(?:老板(?:跑了))` is the
    sequence 老, 板, 跑, 了, each of which a match must hold."""
    out: list[tuple[Any, Any]] = []
    for op, av in items:
        if op is c.SUBPATTERN and not av[1] and not av[2]:  # no flags added or removed
            out += _flattened(c, av[3])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            out += _flattened(c, av[2])  # what one repetition must hold, the whole must hold
        else:
            out.append((op, av))
    return out


@lru_cache(maxsize=1)
def _holding() -> tuple[dict[str, float], float]:
    """The share of complaints that hold each character, and the share assumed for one never
    counted (scripts/count_characters.py). Without the file every character counts alike."""
    try:
        data = json.loads(CHAR_FREQUENCY.read_text("utf-8"))
    except (OSError, ValueError):
        return {}, 0.5
    total = max(1, int(data["complaints"]))
    return {ch: n / total for ch, n in data["holding"].items()}, 1 / total


def _chance(chars: AbstractSet[str]) -> float:
    """How likely a complaint holds one of `chars` (characters taken as independent)."""
    share, unseen = _holding()
    missing = 1.0
    for ch in chars:
        missing *= 1.0 - share.get(ch, unseen)
    return 1.0 - missing


def _needs(c: Any, items: Any) -> list[frozenset[str]]:
    """Sets of characters of which every match of the sequence holds one each. For an
    alternation, the union of each alternative's rarest set: (?:不见了|没影了) needs 见 or 影,
    which a complaint holds far less often than 不 or 没."""
    out: list[frozenset[str]] = []
    for op, av in _flattened(c, items):
        if op is c.BRANCH:
            union: set[str] = set()
            for alt in av[1]:
                sets = _needs(c, alt)
                if not sets:
                    break
                union |= min(sets, key=_chance)
            else:
                out.append(frozenset(union))
            continue
        chars, nullable = _starts_one(c, op, av)
        if chars and not nullable:
            out.append(frozenset(chars))
    return out


def required_chars(pattern: str) -> tuple[frozenset[str], ...]:
    """Up to three sets of characters such that every match of `pattern` holds at least one
    character of each set, the ones complaints hold least often first; () when none is
    known."""
    return analysed(pattern)[1]


class BranchScanner:
    """What `re.finditer` of the whole alternation finds (its non-empty matches), trying at
    each position only the branches that can start there and can match in this text. Each
    branch is compiled when first tried: loading a routing-table version stays fast."""

    __slots__ = (
        "_all",
        "_anywhere",
        "_branches",
        "_compiled",
        "_first",
        "_first_chars",
        "_free",
        "_needed",
        "_slots",
    )

    def __init__(self, branches: list[str], firsts: list[frozenset[str] | None]) -> None:
        self._branches = branches
        self._compiled: list[re.Pattern[str] | None] = [None] * len(branches)
        self._all = (1 << len(branches)) - 1
        # per character, the branches (a bit each) that can start with it; `_anywhere`, those
        # that can start with any character ([^，。]{1,3}店), tried everywhere when live
        self._first: dict[str, int] = {}
        self._anywhere = 0
        for i, chars in enumerate(firsts):
            if chars is None:
                self._anywhere |= 1 << i
            for ch in chars or ():
                self._first[ch] = self._first.get(ch, 0) | (1 << i)
        self._first_chars = frozenset(self._first)
        # slot k of a branch: its k-th "must hold one of" set. Per character, the branches whose
        # set in a slot holds it, every slot packed in one int (slot k at bits k*n …), so the
        # slots a text fills are one OR per character; `_free`, the branches with a slot empty.
        needs = [required_chars(b) for b in branches]  # parsed once with `first_chars`
        n = len(branches)
        self._slots = max((len(sets) for sets in needs), default=0)
        self._free = 0
        needed: dict[str, int] = {}
        for i, sets in enumerate(needs):
            for k in range(self._slots):
                bit = 1 << (k * n + i)
                if k >= len(sets):
                    self._free |= bit
                for ch in sets[k] if k < len(sets) else ():
                    needed[ch] = needed.get(ch, 0) | bit
        self._needed = needed

    @classmethod
    def of(cls, branches: list[str]) -> BranchScanner | None:
        """A scanner, or None when some branch may match the empty string or is not
        understood (the caller then runs the whole alternation: `finditer` treats an empty
        match in a way a branch-by-branch scan does not follow)."""
        facts = [analysed(b) for b in branches]
        if any(nullable for _, _, nullable in facts):
            return None
        return cls(branches, [first for first, _, _ in facts])

    def _regex(self, i: int) -> re.Pattern[str]:
        found = self._compiled[i]
        if found is None:
            found = self._compiled[i] = re.compile(self._branches[i])
        return found

    def live(self, text: str) -> int:
        """The branches (a bit each) that can match somewhere in `text`."""
        chars = self._needed.keys() & _chars_of(text)
        filled = reduce(operator.or_, map(self._needed.__getitem__, chars), self._free)
        live, n = self._all, len(self._branches)
        for k in range(self._slots):
            live &= filled >> (k * n)
        return live

    def matches(self, text: str) -> Iterator[re.Match[str]]:
        live = self.live(text)
        if not live:
            return
        first = self._first
        anywhere = self._anywhere & live
        if anywhere:
            positions: Iterable[int] = range(len(text))
        else:
            starts = [ch for ch in self._first_chars & _chars_of(text) if first[ch] & live]
            positions = _positions(text, starts)
        resume = 0
        for pos in positions:
            if pos < resume:
                continue
            tried = (first.get(text[pos], 0) & live) | anywhere
            while tried:
                low = tried & -tried
                m = self._regex(low.bit_length() - 1).match(text, pos)
                if m is not None:
                    if m.end() > pos:
                        resume = m.end()
                        yield m
                    break
                tried ^= low


_recent: dict[str, frozenset[str]] = {}


def _chars_of(text: str) -> frozenset[str]:
    """The characters of `text`. Every lexicon scans the same complaint (and the employer's
    name) in turn; the set is made once for all of them: for a 50-character complaint it
    costs as much as ruling a lexicon out."""
    chars = _recent.get(text)
    if chars is None:
        if len(_recent) >= 8:
            _recent.clear()
        chars = _recent[text] = frozenset(text)
    return chars


def _positions(text: str, chars: list[str]) -> list[int]:
    """Where any of `chars` stands in `text`, in order."""
    out: list[int] = []
    for ch in chars:
        at = text.find(ch)
        while at >= 0:
            out.append(at)
            at = text.find(ch, at + 1)
    if len(chars) > 1:
        out.sort()
    return out
