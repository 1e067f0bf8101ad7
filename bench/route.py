"""Routing benchmark: accuracy on the dev routing cases and throughput on one core.

    .venv/bin/python bench/route.py [--cases FILE] [--registry FILE] [--repeat N]

Prints task-force accuracy (overall and by the case's note category), per-flag precision and
recall, township accuracy, the red flags and task force per family on the generated risk
phrasings (bench/risk_phrasings.py, …_b.py, …_c.py; held-out families apart), and routing
throughput with a baseline measured in the same run (the same cases routed without the
registry lookup), plus a per-call cost breakdown (the red-flag scan apart).
The `note` field is read only to group errors by category, never as an input.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import risk_eval  # noqa: E402
from bench.risk_eval import generate_all as generate_risk_cases  # noqa: E402
from routing.employers.index import EmployerIndex  # noqa: E402
from routing.employers.registry import iter_registry_csv  # noqa: E402
from routing.lexicons import load_lexicons  # noqa: E402
from routing.router import Router  # noqa: E402
from routing.townships import TownshipGazetteer  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
FLAGS = ("group", "extreme_risk", "absconded")


def _category(note: str) -> str:
    if note.startswith("HARD"):
        return "HARD"
    m = re.search(r"\(basis: (\w+)\)", note)
    return f"basis:{m.group(1)}" if m else "other"


def _accuracy(router: Router, cases: list[dict], verbose: bool) -> None:
    ok = 0
    by_cat: Counter[str] = Counter()
    tot_cat: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    flag_counts: Counter[tuple[str, bool, bool]] = Counter()
    for case in cases:
        d = router.route(case["text"], case["fields"])
        exp = case["expected_task_force"]
        cat = _category(case.get("note", ""))
        tot_cat[cat] += 1
        if d.task_force == exp:
            ok += 1
            by_cat[cat] += 1
        else:
            confusion[(exp, d.task_force)] += 1
            if verbose:
                print(f"  MISS {exp} <- {d.task_force} [{d.rule_id}] {case['text'][:60]}")
        for flag in FLAGS:
            flag_counts[(flag, flag in case["expected_flags"], flag in d.flags)] += 1
    n = len(cases)
    print(f"task-force accuracy: {ok}/{n} = {ok / n:.1%}")
    for cat in sorted(tot_cat):
        print(f"  {cat:<16} {by_cat[cat]}/{tot_cat[cat]} = {by_cat[cat] / tot_cat[cat]:.1%}")
    if confusion:
        print(
            "  errors (expected <- got): "
            + ", ".join(f"{e}<-{g} x{c}" for (e, g), c in confusion.most_common())
        )
    for flag in FLAGS:
        tp = flag_counts[(flag, True, True)]
        fp = flag_counts[(flag, False, True)]
        fn = flag_counts[(flag, True, False)]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        print(f"flag {flag:<13} precision {p:.3f}  recall {r:.3f}  (tp {tp}, fp {fp}, fn {fn})")


def _townships(router: Router, cases: list[dict]) -> None:
    """Where fields name a township: is it the one routed? And with the field blanked, does
    the text alone give the same township, nothing, or a different one (a false hit)?"""
    named = [c for c in cases if c["fields"].get("township")]
    ok = sum(
        router.route(c["text"], c["fields"]).township == c["fields"]["township"] for c in named
    )
    print(f"township (fields name one): {ok}/{len(named)} = {ok / max(1, len(named)):.1%}")
    same = none = other = 0
    classifier = router.classifier
    index, classifier.index = classifier.index, None  # no registry fallback: text only
    try:
        for c in named:
            fields = {**c["fields"], "township": ""}
            got = classifier.classify(c["text"], fields).township
            if got == c["fields"]["township"]:
                same += 1
            elif got is None:
                none += 1
            else:
                other += 1
    finally:
        classifier.index = index
    print(
        f"township from text alone (field blanked): same {same}, none {none}, "
        f"different {other} -> precision {same / max(1, same + other):.1%}"
    )


def _throughput(router: Router, baseline: Router, cases: list[dict], repeat: int) -> None:
    work = [(c["text"], c["fields"]) for c in cases] * repeat

    def run(r: Router) -> float:
        t0 = time.process_time()
        for text, fields in work:
            r.route(text, fields)
        return time.process_time() - t0

    run(router)  # warm caches
    t_full = run(router)
    t_base = run(baseline)
    n = len(work)
    print(f"throughput (one core, CPU time, {n} routings):")
    print(f"  with registry lookup     {n / t_full:8.0f} /s  ({t_full / n * 1e6:6.0f} µs each)")
    print(f"  baseline: no registry    {n / t_base:8.0f} /s  ({t_base / n * 1e6:6.0f} µs each)")
    print(f"  ratio full/baseline      {t_full / t_base:8.2f}x the time")

    # per-call breakdown: employer lookup alone, classification, rule evaluation
    index = router.classifier.index
    names = [f.get("employer_name") or "" for _, f in work]
    t0 = time.process_time()
    if index is not None:
        for q in names:
            if q:
                index.match(q)
    t_index = time.process_time() - t0
    t0 = time.process_time()
    facts = [router.classify(t, f) for t, f in work]
    t_classify = time.process_time() - t0
    t0 = time.process_time()
    for f in facts:
        router.decide(f)
    t_decide = time.process_time() - t0
    lexicons = router.classifier.lexicons
    texts = [f.text for f in facts]
    t0 = time.process_time()
    for text in texts:
        lexicons.hits("extreme_risk", text)
        lexicons.hits("absconded", text)
    t_flags = time.process_time() - t0
    model = router.classifier.risk_model
    t0 = time.process_time()
    if model is not None:
        for text in texts:
            model.read(text)
    t_model = time.process_time() - t0
    print(
        f"  breakdown per complaint: employer index.match {t_index / n * 1e6:.0f} µs, "
        f"classify (incl. match) {t_classify / n * 1e6:.0f} µs "
        f"(of it the red-flag scan {t_flags / n * 1e6:.0f} µs and the red-flag model "
        f"{t_model / n * 1e6:.0f} µs), evaluate + reasons {t_decide / n * 1e6:.0f} µs"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default=str(DATA / "routing_cases.jsonl"))
    ap.add_argument("--registry", default=str(DATA / "registry.csv"))
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    ap.add_argument(
        "--risk-per-family", type=int, default=120, help="generated risk cases per family"
    )
    ap.add_argument("--risk-seed", type=int, default=21)
    ap.add_argument(
        "--lexicons", default=None, help="a lexicon directory to measure instead of the packaged"
    )
    args = ap.parse_args(argv)
    lexicons = load_lexicons(args.lexicons) if args.lexicons else None

    lines = Path(args.cases).read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    t0 = time.perf_counter()
    records = list(iter_registry_csv(args.registry))
    index = EmployerIndex.from_records(records)
    t_index = time.perf_counter() - t0
    townships = TownshipGazetteer({r.township for r in records if r.township})
    router = Router(index=index, townships=townships, lexicons=lexicons)
    baseline = Router(index=None, townships=townships, lexicons=lexicons)
    print(
        f"{len(cases)} cases, registry {len(records)} rows (index built in {t_index:.2f} s), "
        f"{len(townships)} townships, table {router.table.version}"
    )
    _accuracy(router, cases, args.verbose)
    _townships(router, cases)
    risk_cases = generate_risk_cases(per_family=args.risk_per_family, seed=args.risk_seed)
    print(
        f"(seed {args.risk_seed}) "
        + "\n".join(risk_eval.report(risk_eval.score(router, risk_cases)))
    )
    _throughput(router, baseline, cases, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
