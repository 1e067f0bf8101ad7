"""Guards the red-flag and task-force targets on the generated risk phrasings
(bench/risk_phrasings.py); bench/route.py prints the full table."""

from __future__ import annotations

from bench.risk_eval import Score, score
from bench.risk_phrasings import HELD_OUT, generate
from routing.router import Router

FLAG_TARGET = 0.95  # issue 21: every flag's precision and recall on data not tuned on
TASK_FORCE_TARGET = 0.97


def _pooled(scores: dict[str, Score], families: set[str]) -> Score:
    total = Score()
    for family, s in scores.items():
        if family in families:
            total.add(s)
    return total


def test_targets_hold_on_tuned_and_held_out_families() -> None:
    scores = score(Router(), generate(per_family=120, seed=21))
    tuned = _pooled(scores, set(scores) - HELD_OUT)
    held_out = _pooled(scores, set(HELD_OUT))
    for name, s, floor in (("tuned", tuned, 0.99), ("held out", held_out, FLAG_TARGET)):
        for flag in ("extreme_risk", "absconded"):
            for metric in (s.precision(flag), s.recall(flag)):
                assert metric is not None and metric >= floor, (name, flag, s.misses[:5])
        assert s.task_force_accuracy >= TASK_FORCE_TARGET + 0.02, (name, s.misses[:5])


def test_a_fresh_sample_of_the_tuned_families_holds_too() -> None:
    scores = score(Router(), generate(per_family=60, seed=2026))
    pooled = _pooled(scores, set(scores))
    for flag in ("extreme_risk", "absconded"):
        assert (pooled.precision(flag) or 0) >= FLAG_TARGET + 0.02
        assert (pooled.recall(flag) or 0) >= FLAG_TARGET + 0.02
    assert pooled.task_force_accuracy >= TASK_FORCE_TARGET
