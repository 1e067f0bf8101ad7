"""Employer matching benchmark: accuracy on the dev set, then speed and memory at scale.

    .venv/bin/python bench/match.py                      # dev accuracy + 20k, 200k, 1M rows
    .venv/bin/python bench/match.py --sizes 20000        # a quicker run
    .venv/bin/python bench/match.py --sizes ""           # accuracy only

Accuracy: top-1 on the dev queries (overall and per variant tag) and how often queries for
employers that are not in the registry get a wrong match, beside the naive baseline
`rapidfuzz.process.extractOne(query, names, scorer=fuzz.WRatio)` (accepting a match at
score >= 90, as the replaced baseline did).

Curated names: the data set's generator (`gen_dev.py`) names public units and state companies
by everyday aliases (暖气公司, 粮库, 防疫站, 告成煤矿); each alias of a row that is in the
registry is matched against it, beside the naive baseline.

Scale: registries written by the data set's `scale_registry.py`; each size is measured in a
fresh child process so peak memory is that of one index: load + build time, peak RSS, and
query latency (median, p99) over the dev queries, beside extractOne over the same names in
the same process (on fewer queries: it scans every name).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz, process  # noqa: E402

from bench import name_forms  # noqa: E402
from routing.employers.index import EmployerIndex  # noqa: E402
from routing.employers.registry import iter_registry_csv  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data"
NAIVE_CUTOFF = 90
BUTTON_SCORE = 0.6  # the dialogue offers candidates from this calibrated score (absorb.py)


def load_queries(data: Path) -> list[dict]:
    with open(data / "match_queries.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def accuracy(data: Path) -> None:
    queries = load_queries(data)
    records = list(iter_registry_csv(data / "registry.csv"))
    index = EmployerIndex.from_records(records)
    names = [r.name for r in records]
    ids = [r.id for r in records]

    def ours(q: str) -> str | None:
        m = index.match(q).match
        return m.record.id if m else None

    def naive(q: str) -> str | None:
        got = process.extractOne(q, names, scorer=fuzz.WRatio, score_cutoff=NAIVE_CUTOFF)
        return ids[got[2]] if got else None

    print(f"dev set: {len(records)} registry rows, {len(queries)} queries ({data})")
    tally = {label: _tally(queries, fn) for label, fn in (("anxin", ours), ("naive", naive))}
    ours_t, base_t = tally["anxin"], tally["naive"]
    print(f"{'':30}{'anxin':>18}{'naive WRatio':>18}")
    print(f"{'top-1 overall':30}{_share(_total(ours_t.per)):>18}{_share(_total(base_t.per)):>18}")
    for tag in sorted(ours_t.per):
        print(f"{'  ' + tag:30}{_share(ours_t.per[tag]):>18}{_share(base_t.per[tag]):>18}")
    print(f"{'wrong match, not in registry':30}{_share(ours_t.null):>18}{_share(base_t.null):>18}")
    reliability(index, queries)
    curated(data, records, ours, naive)


def curated_aliases(data: Path) -> list[tuple[str, str]]:
    """(alias, registered name) for the generator's fixed lists of public units, state
    companies and curated private names; empty when the data set has no generator."""
    path = data / "gen_dev.py"
    spec = importlib.util.spec_from_file_location("gen_dev", path) if path.exists() else None
    if spec is None or spec.loader is None:
        return []
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)  # definitions only: it writes files under __main__
    pairs = []
    for rows in (getattr(gen, n, []) for n in ("GOV", "INSTITUTIONS", "SOES", "CURATED_PRIVATE")):
        for row in rows:
            aliases = next((x for x in row if isinstance(x, list)), [])
            pairs += [(alias, row[0]) for alias in aliases]
    return pairs


def curated(
    data: Path,
    records: list,
    ours: Callable[[str], str | None],
    naive: Callable[[str], str | None],
) -> None:
    by_name = {r.name: r.id for r in records}
    pairs = [(a, by_name[n]) for a, n in curated_aliases(data) if n in by_name]
    if not pairs:
        return
    got = {
        label: sum(fn(a) == rid for a, rid in pairs) for label, fn in (("o", ours), ("n", naive))
    }
    n = len(pairs)
    print(f"{'curated everyday names':30}{_share([got['o'], n]):>18}{_share([got['n'], n]):>18}")


def reliability(index: EmployerIndex, queries: list[dict]) -> None:
    """Is the score a probability? Share of right top candidates per score band."""
    bands: dict[float, list[int]] = defaultdict(lambda: [0, 0])
    for q in queries:
        cands = index.match(q["query"]).candidates
        if cands:
            band = min(0.9, int(cands[0].score * 10) / 10)
            bands[band][0] += q["expected_id"] is not None and cands[0].record.id == str(
                q["expected_id"]
            )
            bands[band][1] += 1
    print("calibration (top candidate's score band: share of them that were right)")
    for band in sorted(bands):
        print(f"  {band:.1f}-{band + 0.1:.1f}  {_share(bands[band]):>18}")


@dataclass
class _Tally:
    per: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    null: list[int] = field(default_factory=lambda: [0, 0])  # wrong matches, queries


def _tally(queries: list[dict], fn: Callable[[str], str | None]) -> _Tally:
    t = _Tally()
    for q in queries:
        got = fn(q["query"])
        if q["expected_id"] is None:
            t.null[0] += got is not None
            t.null[1] += 1
        else:
            t.per[q["variant"]][0] += got == str(q["expected_id"])
            t.per[q["variant"]][1] += 1
    return t


def _share(pair: list[int]) -> str:
    return f"{pair[0] / pair[1]:.1%} ({pair[0]}/{pair[1]})" if pair[1] else "-"


def _total(per: dict[str, list[int]]) -> list[int]:
    return [sum(v[0] for v in per.values()), sum(v[1] for v in per.values())]


def families(splits: list[str], rows: int, per_family: int, verbose: bool) -> dict:
    """Accuracy per name-form family on the generated sets (bench/name_forms.py)."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for split in splits:
        entries, queries = name_forms.make_set(split, rows=rows, per_family=per_family)
        index = EmployerIndex.from_records(name_forms.as_records(entries))
        per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for q in queries:
            res = index.match(q["query"])
            got = res.match.record.id if res.match else None
            t = per[q["family"]]
            t["n"] += 1
            if q["expected_id"] is None:
                t["unmatched" if got is None else "wrong"] += 1
                continue
            shown = got == q["expected_id"] or any(
                c.record.id == q["expected_id"] and c.score >= BUTTON_SCORE for c in res.candidates
            )
            t["top1" if got == q["expected_id"] else "abstain" if got is None else "wrong"] += 1
            t["shown"] += shown
            if verbose and got != q["expected_id"] and q["family"] not in name_forms.HELD_OUT:
                exp = index.get(q["expected_id"])
                print(f"  MISS [{q['family']}] {q['query']} -> {got} (want {exp and exp.name})")
        out[split] = per
        _print_families(split, len(entries), per)
    return out


def _print_families(split: str, rows: int, per: dict[str, dict[str, int]]) -> None:
    print(f"name forms, split {split!r}: {rows} registry rows (bench/name_forms.py)")
    print(f"  {'family':<22}{'n':>5}{'top-1':>9}{'shown':>9}{'abstain':>9}{'wrong':>9}")
    tot: dict[str, int] = defaultdict(int)
    for fam in name_forms.FAMILIES:
        t = per.get(fam)
        if not t:
            continue
        n = t["n"]
        mark = " (held out)" if fam in name_forms.HELD_OUT else ""
        if fam in name_forms.NULL_FAMILIES:
            print(
                f"  {fam:<22}{n:>5}{'unmatched ' + _pc(t['unmatched'], n):>27}"
                f"{_pc(t['wrong'], n):>9}{mark}"
            )
            tot["null_n"] += n
            tot["unmatched"] += t["unmatched"]
        else:
            print(
                f"  {fam:<22}{n:>5}{_pc(t['top1'], n):>9}{_pc(t['shown'], n):>9}"
                f"{_pc(t['abstain'], n):>9}{_pc(t['wrong'], n):>9}{mark}"
            )
            for k in ("n", "top1", "shown"):
                tot[k] += t[k]
                if fam not in name_forms.HELD_OUT:
                    tot["seen_" + k] += t[k]
    print(
        f"  {'all named employers':<22}{tot['n']:>5}{_pc(tot['top1'], tot['n']):>9}"
        f"{_pc(tot['shown'], tot['n']):>9}   | not in registry left unmatched "
        f"{_pc(tot['unmatched'], tot['null_n'])}"
    )
    print(
        f"  {'  without held-out':<22}{tot['seen_n']:>5}{_pc(tot['seen_top1'], tot['seen_n']):>9}"
        f"{_pc(tot['seen_shown'], tot['seen_n']):>9}"
    )


def _pc(k: int, n: int) -> str:
    return f"{k / n:.1%}" if n else "-"


def child(size: int, csv_path: Path, data: Path, naive_n: int) -> None:
    """Measure one registry size; print one JSON line."""
    queries = [q["query"] for q in load_queries(data)]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    index = EmployerIndex.from_csv(csv_path)
    build_s = time.perf_counter() - t0
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for q in queries[:50]:
        index.match(q)
    ours = []
    for q in queries:
        t = time.perf_counter()
        index.match(q)
        ours.append(time.perf_counter() - t)

    t0 = time.perf_counter()
    names = [r.name for r in iter_registry_csv(csv_path)]
    naive_load_s = time.perf_counter() - t0
    gc.collect()
    step = max(1, len(queries) // naive_n)
    naive = []
    for q in queries[::step][:naive_n]:
        t = time.perf_counter()
        process.extractOne(q, names, scorer=fuzz.WRatio)
        naive.append(time.perf_counter() - t)
    print(
        json.dumps(
            {
                "size": size,
                "rows": len(index),
                "build_s": build_s,
                "rss_before_mib": rss_before,
                "peak_mib": peak_mib,
                "median_ms": statistics.median(ours) * 1000,
                "p99_ms": pct(ours, 0.99) * 1000,
                "queries": len(ours),
                "naive_load_s": naive_load_s,
                "naive_median_ms": statistics.median(naive) * 1000,
                "naive_p99_ms": pct(naive, 0.99) * 1000,
                "naive_queries": len(naive),
            }
        )
    )


def registry_of(size: int, data: Path, cache: Path) -> Path:
    out = cache / f"registry_{size}.csv"
    if not out.exists():
        cache.mkdir(parents=True, exist_ok=True)
        print(f"writing {out} with scale_registry.py ...", flush=True)
        subprocess.run(
            [sys.executable, str(data / "scale_registry.py"), str(size), str(out)], check=True
        )
    return out


def scale(sizes: list[int], data: Path, cache: Path, naive_n: int) -> None:
    rows = []
    for size in sizes:
        csv_path = registry_of(size, data, cache)
        n = naive_n if size < 500_000 else max(10, naive_n // 5)
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                str(size),
                str(csv_path),
                "--data",
                str(data),
                "--naive-queries",
                str(n),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(f"  measured {size} rows", flush=True)
    print()
    print(
        f"{'rows':>9} | {'load+build s':>12} {'peak RSS MiB':>12} | {'median ms':>9} {'p99 ms':>8}"
        f" | {'naive median':>12} {'naive p99':>10} | {'speed-up':>8}"
    )
    for r in rows:
        print(
            f"{r['rows']:>9} | {r['build_s']:>12.1f} {r['peak_mib']:>12.0f} |"
            f" {r['median_ms']:>9.3f} {r['p99_ms']:>8.2f} |"
            f" {r['naive_median_ms']:>10.1f}ms {r['naive_p99_ms']:>8.1f}ms |"
            f" {r['naive_median_ms'] / r['median_ms']:>7.0f}x"
        )
    print(
        "(latency over the dev queries against each registry; naive = extractOne over the same "
        "names in the same process, on a sample of the queries; naive needs no build: reading "
        "the names took " + ", ".join(f"{r['naive_load_s']:.1f}s" for r in rows) + ")"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dev data directory")
    ap.add_argument(
        "--sizes", default="20000,200000,1000000", help="registry sizes, comma separated"
    )
    ap.add_argument(
        "--cache", type=Path, default=Path("/tmp/anxin-bench"), help="scaled registries"
    )
    ap.add_argument("--naive-queries", type=int, default=100, help="queries timed for the baseline")
    ap.add_argument(
        "--forms", default="tune,test", help="name-form splits to score (bench/name_forms.py)"
    )
    ap.add_argument("--forms-rows", type=int, default=20_000, help="registry rows per split")
    ap.add_argument("--per-family", type=int, default=200, help="queries per family and split")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses (not held-out)")
    ap.add_argument("--child", nargs=2, metavar=("SIZE", "CSV"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(int(args.child[0]), Path(args.child[1]), args.data, args.naive_queries)
        return
    accuracy(args.data)
    splits = [s for s in args.forms.split(",") if s.strip()]
    if splits:
        print()
        families(splits, args.forms_rows, args.per_family, args.verbose)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if sizes:
        print()
        scale(sizes, args.data, args.cache, args.naive_queries)


if __name__ == "__main__":
    main()
