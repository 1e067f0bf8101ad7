"""Task forces on cases written for tuning by someone who read only the routing rules in
../shared/data/README.md, never the lexicons (tests/routing/data/routing_written.jsonl: 342
cases decidable without the registry, half of them HARD). As written they scored 85.4 %: jobs
told by what people do (颠勺, 刮大白, 修井盖), public units hiring directly (代课老师, 辅警), 物业
sent to a public facility, 不是煤矿. The floor, a little under the measured 98.5 %, keeps a
lexicon change from undoing that."""

from __future__ import annotations

import json
from pathlib import Path

from routing.router import Router

CASES = Path(__file__).resolve().parent / "data" / "routing_written.jsonl"


def test_written_cases_reach_their_task_force() -> None:
    router = Router()
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line]
    wrong = []
    for case in cases:
        decision = router.route(case["text"], case["fields"])
        if decision.task_force != case["expected_task_force"]:
            wrong.append((case["expected_task_force"], decision.task_force, case["text"][:40]))
        assert set(decision.flags) == set(case["expected_flags"]), case["text"]
    assert 1 - len(wrong) / len(cases) >= 0.97, wrong[:8]
