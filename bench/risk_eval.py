"""Per-family scores of the red flags and the task force on the generated risk phrasings.

    .venv/bin/python bench/risk_eval.py [--per-family N] [--seed S] [--families a,b] [-v]

bench/route.py prints the same table after its own; the fast test
tests/routing/test_risk_eval.py guards the targets with a margin.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.risk_phrasings import FAMILIES, HELD_OUT, generate  # noqa: E402
from bench.risk_phrasings_b import FAMILIES_B, HELD_OUT_B, generate_b  # noqa: E402
from bench.risk_phrasings_c import FAMILIES_C, HELD_OUT_C, generate_c  # noqa: E402
from bench.risk_phrasings_d import FAMILIES_D, HELD_OUT_D, generate_d  # noqa: E402
from bench.risk_phrasings_f import FAMILIES_F, HELD_OUT_F, generate_f  # noqa: E402
from bench.risk_phrasings_h import FAMILIES_H, HELD_OUT_H, generate_h  # noqa: E402
from bench.risk_phrasings_typo import FAMILIES_T, HELD_OUT_T, generate_t  # noqa: E402
from routing.lexicons import load_lexicons  # noqa: E402
from routing.router import Router  # noqa: E402

RISK_FLAGS = ("extreme_risk", "absconded")
# The sets: the first (bench/risk_phrasings.py), the independent second one (…_b.py), the
# composed third one (…_c.py), a second family of typed slips (…_typo.py), and a fourth set
# written without reading the lexicons, half of it held out (…_d.py), and ordinary complaints
# in words that flags are made of, written the same way and held out (…_f.py), and a last one
# written the same way and held out whole (…_h.py).
ALL_FAMILIES = (
    FAMILIES + FAMILIES_B + FAMILIES_C + FAMILIES_T + FAMILIES_D + FAMILIES_F + tuple(FAMILIES_H)
)
ALL_HELD_OUT = (
    HELD_OUT | HELD_OUT_B | HELD_OUT_C | HELD_OUT_T | HELD_OUT_D | HELD_OUT_F | HELD_OUT_H
)


def generate_all(*, per_family: int = 120, seed: int = 21) -> list[dict[str, Any]]:
    return (
        generate(per_family=per_family, seed=seed)
        + generate_b(per_family=per_family, seed=seed)
        + generate_c(per_family=per_family, seed=seed)
        + generate_t(per_family=per_family, seed=seed)
        + generate_d(per_family=per_family, seed=seed)
        + generate_f(per_family=per_family, seed=seed)
        + generate_h(per_family=per_family, seed=seed)
    )


@dataclass
class Score:
    cases: int = 0
    task_force_ok: int = 0
    counts: Counter[tuple[str, bool, bool]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.cases += other.cases
        self.task_force_ok += other.task_force_ok
        self.counts.update(other.counts)
        self.misses += other.misses

    def precision(self, flag: str) -> float | None:
        tp, fp = self.counts[(flag, True, True)], self.counts[(flag, False, True)]
        return tp / (tp + fp) if tp + fp else None

    def recall(self, flag: str) -> float | None:
        tp, fn = self.counts[(flag, True, True)], self.counts[(flag, True, False)]
        return tp / (tp + fn) if tp + fn else None

    @property
    def task_force_accuracy(self) -> float:
        return self.task_force_ok / self.cases if self.cases else 1.0


def score(router: Router, cases: list[dict[str, Any]]) -> dict[str, Score]:
    """Scores per family (the key ``family`` of each case)."""
    out: dict[str, Score] = {}
    for case in cases:
        s = out.setdefault(case["family"], Score())
        d = router.route(case["text"], case["fields"])
        s.cases += 1
        tf_ok = d.task_force == case["expected_task_force"]
        s.task_force_ok += tf_ok
        wrong = []
        for flag in RISK_FLAGS:
            expected, got = flag in case["expected_flags"], flag in d.flags
            s.counts[(flag, expected, got)] += 1
            if expected != got:
                wrong.append(f"{flag} {'missed' if expected else 'raised'}")
        if not tf_ok:
            wrong.append(f"task force {d.task_force} (expected {case['expected_task_force']})")
        if wrong:
            s.misses.append(f"{'; '.join(wrong)}: {case['text']}")
    return out


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def report(
    scores: dict[str, Score], *, verbose: bool = False, show_held_out: bool = False
) -> list[str]:
    lines = [
        "red flags on generated phrasings (bench/risk_phrasings.py, …_b.py, …_c.py, …_typo.py,"
        " …_d.py, …_f.py, …_h.py), by family:",
        f"  {'family':<12} {'cases':>5}  {'extreme P':>9} {'extreme R':>9}"
        f" {'abscond P':>9} {'abscond R':>9}  task force",
    ]
    totals = {"tuned": Score(), "held out": Score()}
    for family in ALL_FAMILIES:
        s = scores.get(family)
        if s is None:
            continue
        totals["held out" if family in ALL_HELD_OUT else "tuned"].add(s)
        mark = " (held out)" if family in ALL_HELD_OUT else ""
        lines.append(_row(f"{family}{mark}", s))
    for name, s in totals.items():
        if s.cases:
            lines.append(_row(f"ALL {name}", s))
    if verbose:
        # a held-out family's misses, once read, would make it a tuned one
        for family, s in scores.items():
            if show_held_out or family not in ALL_HELD_OUT:
                lines += [f"  MISS [{family}] {m}" for m in s.misses]
    return lines


def _row(label: str, s: Score) -> str:
    return (
        f"  {label:<24} {s.cases:>5}  {_fmt(s.precision('extreme_risk'))}    "
        f"{_fmt(s.recall('extreme_risk'))}    {_fmt(s.precision('absconded'))}    "
        f"{_fmt(s.recall('absconded'))}    {s.task_force_accuracy:6.1%}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-family", type=int, default=120)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--families", default="", help="comma-separated; default: all")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the tuned families' misses")
    ap.add_argument(
        "--show-held-out",
        action="store_true",
        help="with -v, list the held-out families' misses too (they are then no longer held out)",
    )
    ap.add_argument(
        "--lexicons", default=None, help="a lexicon directory to measure instead of the packaged"
    )
    args = ap.parse_args(argv)
    cases = generate_all(per_family=args.per_family, seed=args.seed)
    if args.families:
        wanted = set(args.families.split(","))
        cases = [c for c in cases if c["family"] in wanted]
    lexicons = load_lexicons(args.lexicons) if args.lexicons else None
    print(
        "\n".join(
            report(
                score(Router(lexicons=lexicons), cases),
                verbose=args.verbose,
                show_held_out=args.show_held_out,
            )
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
