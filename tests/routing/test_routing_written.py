"""Task forces on cases written by people who read only the routing rules in
../shared/data/README.md, never the lexicons, decidable without the registry (tests/routing/data/
routing_written*.jsonl). The first set (342 cases) scored 85.4 % as written and was tuned on
whole. The second (334) was cut in two by a hash of the text: the tuned half went 80.9 % →
98.3 %, the held-out half, never read, 82.7 % → 91.7 % with the lexicons. A third (428, broad in
occupations) scored 90.9 % as written, a fourth (433, terse job titles) 80.4 %; both were tuned
on whole. A fifth (500, less obvious workplaces, a third of them hard) was cut in two: 86.5 %
and 84.7 % as written, the tuned half 98.0 % with the lexicons, the held-out half 85.9 %.
The work model (routing/ngram_model.py), trained on every file here but the held-out halves,
names the employer's kind when no rule decides on the lexicons' words: the held-out halves
reached 94.9 % and 90.8 %. A sixth set (500, jobs told by what was done all day), measured
with both before it was read: 90.9 % and 93.7 % on its two halves; after tuning on one and
retraining, the held-out halves stood at 95.5 %, 91.6 % and 92.8 %. A seventh (500, chat
bursts with context that does not matter): 89.8 % and 90.6 % as written; after one more round
the four held-out halves stood at 95.5, 91.6, 92.4 and 96.7 %. An eighth (320, every task force,
a third of them with a red flag): 96.7 % and 92.8 % as written; a ninth (360, jobs told in the
worker's own way): 95.0 % on both halves as written; after their rounds the six held-out halves
stood at 94.9, 91.2, 93.2, 96.7, 92.8 and 95.0 %. A tenth (360, what was done and where, the
sector rarely named): 94.7 % and 95.3 % as written; after its round the seven held-out halves
stood at 94.9, 91.6, 93.2, 96.7, 93.4, 95.6 and 95.3 %. An eleventh (480, every task force with
its flags, workplaces told by the work done and who paid, a sixth from townships not in the
rules): 93.8 % and 92.9 % as written; after its round the eight held-out halves stand at 94.9,
92.0, 93.7, 96.7, 93.4, 95.6, 95.3 and 93.8 %. The floors, a little under the
measured figures, keep a lexicon or model change from undoing that; the held-out ones are
under the 97 % target (README)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from routing.router import Router

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def router() -> Router:
    return Router()


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("routing_written.jsonl", 0.98),  # 99.7 % measured
        ("routing_written_b_tuned.jsonl", 0.96),  # 98.3 %
        ("routing_written_b_held_out.jsonl", 0.93),  # 94.9 %, held out
        ("routing_written_c.jsonl", 0.98),  # 90.9 % as written, 100 % tuned
        ("routing_written_d.jsonl", 0.96),  # 80.4 % as written, 99.1 % tuned
        ("routing_written_e_tuned.jsonl", 0.96),  # 86.5 % as written, 98.4 % tuned
        ("routing_written_e_held_out.jsonl", 0.89),  # 84.7 % as written, 92.0 %, held out
        ("routing_written_f_tuned.jsonl", 0.97),  # 90.9 % as written, 99.6 % tuned
        ("routing_written_f_held_out.jsonl", 0.9),  # 93.7 % as written, 93.7 %, held out
        ("routing_written_g_tuned.jsonl", 0.97),  # 89.8 % as written, 99.6 % tuned
        ("routing_written_g_held_out.jsonl", 0.94),  # 90.6 % as written, 96.7 %, held out
        ("routing_written_h_tuned.jsonl", 0.97),  # 96.7 % as written, 99.3 % tuned
        ("routing_written_h_held_out.jsonl", 0.9),  # 92.8 % as written, 93.4 %, held out
        ("routing_written_j_tuned.jsonl", 0.96),  # 95.0 % as written, 98.3 % tuned
        ("routing_written_j_held_out.jsonl", 0.92),  # 95.0 % as written, 95.6 %, held out
        ("routing_written_k_tuned.jsonl", 0.97),  # 94.7 % as written, 100 % tuned
        ("routing_written_k_held_out.jsonl", 0.92),  # 95.3 % as written, 95.3 %, held out
        ("routing_written_m_tuned.jsonl", 0.98),  # 93.8 % as written, 100 % tuned
        ("routing_written_m_held_out.jsonl", 0.91),  # 92.9 % as written, 93.8 %, held out
    ],
)
def test_written_cases_reach_their_task_force(router: Router, name: str, floor: float) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    cases = [json.loads(line) for line in text.splitlines() if line]
    wrong = []
    for case in cases:
        decision = router.route(case["text"], case["fields"])
        if decision.task_force != case["expected_task_force"]:
            wrong.append((case["expected_task_force"], decision.task_force, case["text"][:40]))
    assert 1 - len(wrong) / len(cases) >= floor, wrong[:8]
