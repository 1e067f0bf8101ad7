"""Guards the red-flag and task-force targets on the generated risk phrasings
(bench/risk_phrasings.py, …_b.py, …_c.py, …_typo.py, …_d.py, …_f.py, …_h.py); bench/route.py
prints the full table."""

from __future__ import annotations

from bench.risk_eval import Score, score
from bench.risk_phrasings import HELD_OUT, generate
from bench.risk_phrasings_b import HELD_OUT_B, generate_b
from bench.risk_phrasings_c import HELD_OUT_C, generate_c
from bench.risk_phrasings_d import HELD_OUT_D, generate_d
from bench.risk_phrasings_f import generate_f
from bench.risk_phrasings_h import HELD_OUT_H, generate_h
from bench.risk_phrasings_typo import generate_t
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


def test_the_independent_second_set_holds() -> None:
    """bench/risk_phrasings_b.py: families written apart from the lexicons. The tuned ones
    keep 0.98 pooled (three phrasings are left unflagged on purpose: 见一回打一回, a group
    going to the labour bureau, 人早走了 are not clear enough) and 0.99 pooled with the
    first set's; third_person and voice, once held out, are tuned families now."""
    scores = score(Router(), generate_b(per_family=120, seed=21))
    assert not HELD_OUT_B
    tuned = _pooled(scores, set(scores))
    first = score(Router(), generate(per_family=120, seed=21))
    both = _pooled(first, set(first) - HELD_OUT)
    both.add(tuned)
    for flag in ("extreme_risk", "absconded"):
        for metric in (tuned.precision(flag), tuned.recall(flag)):
            assert metric is not None and metric >= 0.98, (flag, tuned.misses[:5])
        for metric in (both.precision(flag), both.recall(flag)):
            assert metric is not None and metric >= 0.99, (flag, both.misses[:5])
    for family in ("third_person", "voice"):
        s = scores[family]
        for flag in ("extreme_risk", "absconded"):
            assert (s.precision(flag) or 0) >= FLAG_TARGET, (family, s.misses[:5])
            assert (s.recall(flag) or 0) >= FLAG_TARGET, (family, s.misses[:5])
    assert tuned.task_force_accuracy >= TASK_FORCE_TARGET + 0.02


def _raised(s: Score, flag: str) -> int:
    return s.counts[(flag, False, True)]


def test_the_composed_third_set_holds() -> None:
    """bench/risk_phrasings_c.py. The tuned families hold 0.98 pooled and the negative
    family raises nothing. The held-out family was never tuned on: it is guarded a little
    under its measured level (README), so that it cannot slip back unnoticed."""
    scores = score(Router(), generate_c(per_family=120, seed=21))
    tuned = _pooled(scores, set(scores) - HELD_OUT_C)
    for flag in ("extreme_risk", "absconded"):
        for metric in (tuned.precision(flag), tuned.recall(flag)):
            assert metric is not None and metric >= 0.98, (flag, tuned.misses[:5])
        assert _raised(scores["c_negative"], flag) == 0, scores["c_negative"].misses[:5]
    assert tuned.task_force_accuracy >= TASK_FORCE_TARGET + 0.02
    floors = {  # (precision, recall) per flag, a little under the measured figures
        "c_noisy": {"extreme_risk": (0.95, 0.95), "absconded": (0.95, 0.95)},
    }
    assert set(floors) == HELD_OUT_C
    for family, by_flag in floors.items():
        s = scores[family]
        for flag, (p_floor, r_floor) in by_flag.items():
            assert (s.precision(flag) or 0) >= p_floor, (family, flag, s.misses[:5])
            assert (s.recall(flag) or 0) >= r_floor, (family, flag, s.misses[:5])
        assert s.task_force_accuracy >= TASK_FORCE_TARGET, (family, s.misses[:5])


def test_the_second_family_of_typed_slips_holds() -> None:
    """bench/risk_phrasings_typo.py, tuned now: its negatives (a slip denied or feared, real
    words that sound like key words) raise nothing."""
    scores = score(Router(), generate_t(per_family=120, seed=21))
    s = scores["t_slip"]
    for flag, (p_floor, r_floor) in {
        "extreme_risk": (0.97, 0.97),
        "absconded": (0.97, 0.97),
    }.items():
        assert (s.precision(flag) or 0) >= p_floor, (flag, s.misses[:5])
        assert (s.recall(flag) or 0) >= r_floor, (flag, s.misses[:5])
    assert s.task_force_accuracy >= TASK_FORCE_TARGET, s.misses[:5]


def test_the_fourth_set_tuned_half_holds_and_its_held_out_half_does_not_fall() -> None:
    """bench/risk_phrasings_d.py, written without reading the lexicons: its d_ half was tuned
    on; its e_ half (the other templates) only measured. The e_ half is far below the 0.95
    target (README, issue 21): the floor here only keeps it from falling further."""
    scores = score(Router(), generate_d(per_family=120, seed=21))
    tuned = _pooled(scores, set(scores) - HELD_OUT_D)
    held_out = _pooled(scores, set(HELD_OUT_D))
    for flag in ("extreme_risk", "absconded"):
        for metric in (tuned.precision(flag), tuned.recall(flag)):
            assert metric is not None and metric >= 0.97, (flag, tuned.misses[:5])
    assert tuned.task_force_accuracy >= TASK_FORCE_TARGET
    assert (held_out.precision("absconded") or 0) >= 0.90
    assert (held_out.precision("extreme_risk") or 0) >= 0.60
    assert (held_out.recall("extreme_risk") or 0) >= 0.55
    assert (held_out.recall("absconded") or 0) >= 0.50


def test_ordinary_complaints_raise_no_flag() -> None:
    """bench/risk_phrasings_f.py, ordinary complaints in the words flags are made of (tools,
    death as a manner of speaking, the labour bureau, phones, funerals), written without
    reading the lexicons. The f_ half was tuned on: no false alarm. The g_ half is only
    measured (README): the floor keeps its false alarms from growing."""
    cases = generate_f(per_family=120, seed=21)
    router = Router()
    raised = {"f": 0, "g": 0}
    for case in cases:
        if case["family"].endswith("_positive"):
            continue
        flags = router.route(case["text"], case["fields"]).flags
        raised[case["family"][0]] += bool({"extreme_risk", "absconded"} & set(flags))
    assert raised["f"] == 0
    assert raised["g"] <= 40  # of 720; 26 when measured
    positives = score(router, [c for c in cases if c["family"].endswith("_positive")])
    tuned = positives["f_positive"]
    for flag in ("extreme_risk", "absconded"):
        assert (tuned.precision(flag) or 0) >= 0.97 and (tuned.recall(flag) or 0) >= 0.97
    assert (positives["g_positive"].recall("extreme_risk") or 0) >= 0.5


def test_the_fifth_set_held_out_whole_does_not_fall() -> None:
    """bench/risk_phrasings_h.py, written without reading the lexicons and never tuned on as
    a set (README, issue 21). Its figures are under the 0.95 target for recall; the floors,
    a little under the measured ones, keep them from falling unnoticed."""
    scores = score(Router(), generate_h(per_family=120, seed=21))
    assert set(scores) == HELD_OUT_H
    pooled = _pooled(scores, set(scores))
    assert (pooled.precision("extreme_risk") or 0) >= 0.97
    assert (pooled.recall("extreme_risk") or 0) >= 0.89
    assert (pooled.precision("absconded") or 0) >= 0.98
    assert (pooled.recall("absconded") or 0) >= 0.95
    assert pooled.task_force_accuracy >= TASK_FORCE_TARGET
