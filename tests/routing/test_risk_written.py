"""The red flags on sentences written for tuning by people who had not read the lexicons
(tests/routing/data/risk_written_*.tsv: one message per line, ``LABEL<TAB>text``; E extreme
risk, A absconded, N neither, for the file's flag). Not every line is caught: many are a
farewell or a veiled threat that no word list reads (README, issue 21). The floors, a little
under the measured figures, keep a lexicon change from undoing what these sentences taught."""

from __future__ import annotations

from pathlib import Path

import pytest

from routing.router import Router

DATA = Path(__file__).resolve().parent / "data"
FLAG = {"E": "extreme_risk", "A": "absconded"}


def _read(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            label, text = line.split("\t", 1)
            rows.append((label, text))
    return rows


@pytest.fixture(scope="module")
def router() -> Router:
    return Router()


@pytest.mark.parametrize(
    ("name", "flag", "recall_floor", "false_alarms_max"),
    [
        ("risk_written_extreme.tsv", "E", 0.81, 3),  # recall 0.835, 2 of 155 N raised, measured
        ("risk_written_absconded.tsv", "A", 0.98, 1),  # 0.989, 0 of 146
        ("risk_written_registers.tsv", "E", 0.96, 1),  # 0.972, 0 of 150
        ("risk_written_registers.tsv", "A", 0.96, 1),  # 0.990, 0 of 150
        ("risk_written_implicit.tsv", "E", 0.71, 1),  # 0.735, 0 of 100 (keywords avoided)
        ("risk_written_implicit.tsv", "A", 0.92, 1),  # 0.943, 0 of 100
        ("risk_written_gone.tsv", "E", 0.96, 1),  # 0.989, 0 of 172
        ("risk_written_gone.tsv", "A", 0.94, 3),  # 0.967, 2 of 172
        ("risk_written_retold.tsv", "E", 0.64, 7),  # 0.664, 6 of 169 (0.52 and 22 as written)
        ("risk_written_retold.tsv", "A", 0.93, 1),  # 0.960, 0 of 169
        ("risk_written_ordinary.tsv", "E", 0.82, 12),  # 0.860, 10 of 458 ordinary complaints
        ("risk_written_ordinary.tsv", "A", 0.93, 10),  # 0.957, 8 of 458
        ("risk_written_mine.tsv", "E", 1.0, 0),
        ("risk_written_mine.tsv", "A", 1.0, 0),
    ],
)
def test_written_sentences(
    router: Router, name: str, flag: str, recall_floor: float, false_alarms_max: int
) -> None:
    caught, missed, false_alarms = 0, [], []
    for label, text in _read(name):
        raised = FLAG[flag] in router.route(text, {}).flags
        if flag in label:
            caught += raised
            if not raised:
                missed.append(text)
        elif label == "N" and raised:
            false_alarms.append(text)
    assert caught / (caught + len(missed)) >= recall_floor, missed[:5]
    assert len(false_alarms) <= false_alarms_max, false_alarms
