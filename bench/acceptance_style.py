"""Names, routing and red flags on a set in the acceptance's shape written apart.

    .venv/bin/python bench/acceptance_style.py [--seed N] [-v]

bench/acceptance_style/gen.py (see the README beside it) writes, for a seed, a registry of
20,000 rows, 3,000 name queries and 600 routing cases into a temporary folder; this prints the
matcher's top-1 per query variant and the share of names not in the registry left unmatched,
then the task force and each flag's precision and recall on the routing cases (the registry
lookup included). Seed 7 was read while tuning; seed 8, the default, never was: it shares the
generator's templates, drawn afresh, so it measures new names and instances, not new phrasings.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from routing.employers.index import EmployerIndex  # noqa: E402
from routing.employers.registry import iter_registry_csv  # noqa: E402
from routing.router import Router  # noqa: E402
from routing.townships import TownshipGazetteer  # noqa: E402

GENERATOR = Path(__file__).resolve().parent / "acceptance_style" / "gen.py"
FLAGS = ("extreme_risk", "absconded", "group")


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def names(index: EmployerIndex, queries: list[dict], verbose: bool) -> None:
    per: Counter[str] = Counter()
    right: Counter[str] = Counter()
    nulls = wrong_nulls = 0
    for q in queries:
        got = index.match(q["query"]).match
        got_id = got.record.id if got else None
        if q["expected_id"] is None:
            nulls += 1
            wrong_nulls += got_id is not None
            continue
        per[q["variant"]] += 1
        ok = got_id == str(q["expected_id"])
        right[q["variant"]] += ok
        if verbose and not ok:
            print(f"  MISS [{q['variant']}] {q['query']} -> {got and got.record.name}")
    total, good = sum(per.values()), sum(right.values())
    print(
        f"names: top-1 {good / total:.1%} of {total}; not in the registry left unmatched "
        f"{(nulls - wrong_nulls) / max(1, nulls):.1%} of {nulls}"
    )
    for variant in sorted(per):
        print(f"  {variant:<16}{per[variant]:>5}  {right[variant] / per[variant]:6.1%}")


def routing(router: Router, cases: list[dict], verbose: bool) -> None:
    counts: Counter[tuple[str, bool, bool]] = Counter()
    right = 0
    for c in cases:
        d = router.route(c["text"], c["fields"])
        right += d.task_force == c["expected_task_force"]
        if verbose and d.task_force != c["expected_task_force"]:
            print(f"  TF {c['expected_task_force']} -> {d.task_force}: {c['text'][:60]}")
        for flag in FLAGS:
            counts[(flag, flag in c["expected_flags"], flag in d.flags)] += 1
    print(f"routing: task force {right / len(cases):.1%} of {len(cases)}")
    for flag in FLAGS:
        tp, fn, fp = (
            counts[(flag, True, True)],
            counts[(flag, True, False)],
            counts[(flag, False, True)],
        )
        print(
            f"  {flag:<14} precision {tp / max(1, tp + fp):.3f}  recall {tp / max(1, tp + fn):.3f}"
            f"  ({tp + fn} cases)"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="anxin-acceptance-style-") as tmp:
        subprocess.run(
            [sys.executable, str(GENERATOR), str(args.seed), tmp],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        out = Path(tmp)
        records = list(iter_registry_csv(out / "registry.csv"))
        index = EmployerIndex.from_records(records)
        print(f"seed {args.seed}: {len(records)} registry rows")
        names(index, _lines(out / "match_queries.jsonl"), args.verbose)
        townships = TownshipGazetteer({r.township for r in records if r.township})
        routing(
            Router(index=index, townships=townships),
            _lines(out / "routing_cases.jsonl"),
            args.verbose,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
