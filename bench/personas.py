"""Persona simulator figures: generated workers filing complaints through the dialogue engine.

    .venv/bin/python bench/personas.py [--per-family N] [--first-seed S]

Runs N workers of each phrasing family (tests/dialogue/personas/persona_gen.py) against the
engine over the demo county (登封市's townships, the demo employer registry) and prints, for
the tuned families together, for the held-out family (`voice`, never tuned on) and for each
family: the share that filed a complaint whose stored fields match the worker's facts, the
median number of turns, and how often one question was asked (the target: never 3 times).
Deterministic given the seeds. The default seeds (from 1000) are not the ones the dialogue
was tuned on (0-79).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [
    str(REPO),
    str(REPO / "tests" / "dialogue" / "personas"),
    str(REPO / "tests" / "dialogue"),
    str(REPO / "tests"),  # the dialogue harness's shared fixtures (transcript.py)
]

from persona_gen import FAMILIES, HELD_OUT_FAMILY, TUNED_FAMILIES, personas  # noqa: E402
from persona_run import TODAY, demo_gazetteer, demo_index, figures, run_engine  # noqa: E402


async def main(per_family: int, first_seed: int) -> int:
    index, gazetteer = demo_index(), demo_gazetteer()
    crowd = personas(per_family, FAMILIES, TODAY, first_seed=first_seed)
    started = time.perf_counter()
    outcomes = [await run_engine(p, index, gazetteer) for p in crowd]
    seconds = time.perf_counter() - started
    print(
        f"{len(crowd)} workers, seeds {first_seed}..{first_seed + per_family - 1}, {seconds:.1f} s"
    )
    print(figures(outcomes).line("all"))
    print(
        figures([o for o in outcomes if o.persona.family in TUNED_FAMILIES]).line("tuned families")
    )
    held = [o for o in outcomes if o.persona.family == HELD_OUT_FAMILY]
    print(figures(held).line(f"held-out family ({HELD_OUT_FAMILY})"))
    for family in FAMILIES:
        print("  " + figures([o for o in outcomes if o.persona.family == family]).line(family))
    failed = [o for o in outcomes if not o.ok]
    for o in failed[:10]:
        print(
            f"  not matching: {o.persona.family} #{o.persona.seed}: {o.mismatches or 'not filed'}"
        )
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--per-family", type=int, default=200)
    parser.add_argument("--first-seed", type=int, default=1000)
    args = parser.parse_args()
    raise SystemExit(asyncio.run(main(args.per_family, args.first_seed)))
