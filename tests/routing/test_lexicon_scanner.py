"""The lexicon scanner tries only the branches that can match in a text: it must find exactly
what the whole alternation finds, whatever the branches and the text."""

from __future__ import annotations

import random
import re

from routing.lexicons.scanner import BranchScanner, required_chars

# a small alphabet, so that random texts hold the branches' words often enough to match
_CHARS = "老板跑了没人接电话关机不去闹我他"
_PIECES = [
    "老板",
    "他",
    "(?:跑|溜)了",
    "(?:不见了|没影了)",
    "电话(?:关机|没人接)",
    "[不没]",
    "(?:我|他)?",
    "[^，。]{0,3}?",
    "[^，。]{1,2}",  # a branch that may start with any character: [^，。]{1,3}店
    ".",
    "去闹",
    "(?<=我)",
    "(?!了)",
    "(?:了)*",
]


def _random_branch(rng: random.Random) -> str:
    while True:
        branch = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 4)))
        if not re.fullmatch(branch, ""):  # one that matches the empty text says nothing
            return branch


def test_random_branches_find_what_the_whole_alternation_finds() -> None:
    rng = random.Random(21)
    for _ in range(150):
        branches = [f"(?:{_random_branch(rng)})" for _ in range(rng.randint(1, 12))]
        scanner = BranchScanner.of(branches)
        whole = re.compile("|".join(branches))
        for _ in range(40):
            text = "".join(rng.choice(_CHARS + "，。") for _ in range(rng.randint(0, 30)))
            full = [(m.start(), m.group(0)) for m in whole.finditer(text) if m.group(0)]
            if scanner is None:  # a branch may match empty: the caller runs `whole`
                continue
            assert [(m.start(), m.group(0)) for m in scanner.matches(text)] == full, (
                branches,
                text,
            )


def test_a_branch_needs_the_characters_every_match_holds() -> None:
    sets = required_chars("(?:老板(?:都|也)?(?:跑|溜)(?:了|掉了))")
    assert frozenset("跑溜") in sets
    # an alternation needs one character of each alternative: the rarest one of each
    needed = required_chars("(?:不见了|没影了)")[0]
    assert needed <= frozenset("不见了没影") and len(needed) == 2
    # what may be left out, looked around or repeated zero times is not needed
    assert required_chars("(?:(?:老板)?(?<=我)(?=他)(?:了)*)") == ()
    assert required_chars("[^了]跑") == (frozenset("跑"),)


def test_a_lexicon_without_the_words_of_a_branch_rules_it_out() -> None:
    scanner = BranchScanner.of(["(?:老板(?:跑|溜)了)", "(?:电话关机)", "闹"])
    assert scanner is not None
    assert scanner.live("工资没给，老板天天在工地") == 0
    assert scanner.live("老板跑了") == 0b001
    assert [m.group(0) for m in scanner.matches("老板跑了，电话关机")] == ["老板跑了", "电话关机"]


def test_a_branch_that_means_something_else_alone_makes_the_lexicon_run_whole() -> None:
    # a flag makes a branch match characters it does not spell; a back-reference or a
    # conditional counts the groups of the branches before it; a named group may be named twice
    for branches in (
        ["(?:(?i:boss)跑了)"],
        ["(?i)abc", "x"],
        ["(?s)a.", "b."],
        ["(a)", "(b)\\1"],
        ["(a)", "(b)x(?(1)y|z)"],
        ["(?P<n>a)", "(?P<n>b)"],
    ):
        assert BranchScanner.of(branches) is None, branches
    # atomic groups and possessive repeats mean the same alone
    scanner = BranchScanner.of(["(?:(?>老板)跑了)", "(?:他++溜)"])
    assert scanner is not None
    assert [m.group(0) for m in scanner.matches("老板跑了他他溜")] == ["老板跑了", "他他溜"]
