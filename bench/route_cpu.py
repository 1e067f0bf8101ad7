"""CPU cost of routing a complaint, counted in instructions: repeatable on a noisy machine.

    .venv/bin/python bench/route_cpu.py [--cases FILE] [--registry FILE] [--checkout DIR]

bench/route measures routings per second, and on a shared 2-core machine the same code has
measured anywhere from 520 to 1,090 a second within an hour: too much to tell a 10 % saving.
This routes the same cases in process under valgrind's callgrind, which counts the
instructions executed whatever else the machine does, in two phases after an uncounted warm-up
(compiling the frames the cases need):

1. baseline: the cases routed without the registry lookup;
2. full: the cases routed with it (as bench/route's throughput line);

and prints instructions per routing and the ratio. `--checkout DIR` counts another checkout's
routing code (an older commit in a `git worktree`) with this one's driver, to compare two
versions by instructions rather than seconds. Needs valgrind; takes a few minutes, the process
runs about 50 times slower while counting.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
UNDER_CALLGRIND = "ANXIN_BENCH_ROUTE_CALLGRIND"


def counted(checkout: Path, cases_file: str, registry: str) -> dict[str, int]:
    """Runs under callgrind: builds both routers uncounted, warms them up, then counts."""
    sys.path.insert(0, str(checkout))
    sys.path.insert(1, str(ROOT / "bench"))
    from callgrind_counts import callgrind

    from routing.employers.index import EmployerIndex
    from routing.employers.registry import iter_registry_csv
    from routing.router import Router
    from routing.townships import TownshipGazetteer

    lines = Path(cases_file).read_text(encoding="utf-8").splitlines()
    work = [(c["text"], c["fields"]) for c in map(json.loads, filter(str.strip, lines))]
    records = list(iter_registry_csv(registry))
    townships = TownshipGazetteer({r.township for r in records if r.township})
    full = Router(index=EmployerIndex.from_records(records), townships=townships)
    baseline = Router(index=None, townships=townships)
    for router in (baseline, full):
        for text, fields in work:
            router.route(text, fields)
    callgrind("-i", "on")
    for router, name in ((baseline, "baseline"), (full, "full")):
        for text, fields in work:
            router.route(text, fields)
        callgrind(f"--dump={name}")
    callgrind("-i", "off")
    return {"routings": len(work)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", default=str(DATA / "routing_cases.jsonl"))
    ap.add_argument("--registry", default=str(DATA / "registry.csv"))
    ap.add_argument("--checkout", default=str(ROOT), help="the checkout whose routing is counted")
    args = ap.parse_args()
    if os.environ.get(UNDER_CALLGRIND):  # the child: count and report back as JSON
        print(json.dumps(counted(Path(args.checkout), args.cases, args.registry)))
        return
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("bench/route_cpu needs valgrind: apt-get install -y valgrind")
    sys.path.insert(0, str(ROOT / "bench"))
    from callgrind_counts import counted_run

    with tempfile.TemporaryDirectory(prefix="anxin-route-cpu-") as tmp:
        args_ = ["--cases", args.cases, "--registry", args.registry, "--checkout", args.checkout]
        env = {**os.environ, UNDER_CALLGRIND: "1"}
        out = Path(tmp) / "callgrind.out"
        report, counts = counted_run(__file__, args_, env, out, dumps=2, cwd=Path(tmp))
    n = report["routings"]
    baseline, full = counts[0] / n, counts[1] / n
    print(f"{n} routings of {args.cases}, code of {args.checkout}")
    print(f"  baseline: no registry   {baseline:14,.0f} instructions per routing")
    print(f"  with registry lookup    {full:14,.0f} instructions per routing")
    print(f"  ratio full/baseline     {full / baseline:14.2f}")


if __name__ == "__main__":
    main()
