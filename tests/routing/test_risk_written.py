"""The red flags on sentences written for tuning by people who had not read the lexicons
(tests/routing/data/risk_written_*.tsv: one message per line, ``LABEL<TAB>text``; E extreme
risk, A absconded, EA both, N neither). Not every line is caught: many are a farewell or a
veiled threat that neither the word lists nor the model read (README, issue 21). The floors, a
little under the measured figures, keep a lexicon or model change from undoing what these
sentences taught."""

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
        # measured with the lexicons and the red-flag model, which was trained on every file
        # here but the held-out halves (so those figures are in-sample)
        ("risk_written_extreme.tsv", "E", 0.93, 3),  # recall 0.994, 2 of 155 N raised
        ("risk_written_absconded.tsv", "A", 0.96, 2),  # 0.993, 1 of 146
        ("risk_written_registers.tsv", "E", 0.95, 1),  # 0.989, 0 of 150
        ("risk_written_registers.tsv", "A", 0.96, 1),  # 0.990, 0 of 150
        ("risk_written_implicit.tsv", "E", 0.96, 1),  # 0.990, 0 of 100 (keywords avoided)
        ("risk_written_implicit.tsv", "A", 0.94, 1),  # 0.957, 0 of 100
        ("risk_written_gone.tsv", "E", 0.97, 2),  # 1.000, 1 of 172
        ("risk_written_gone.tsv", "A", 0.94, 3),  # 0.980, 3 of 172
        ("risk_written_retold.tsv", "E", 0.94, 10),  # 0.977, 9 of 169 (0.52 and 22 as written)
        ("risk_written_retold.tsv", "A", 0.94, 1),  # 0.973, 0 of 169
        ("risk_written_ordinary.tsv", "E", 0.97, 10),  # 1.000, 8 of 458 ordinary complaints
        ("risk_written_ordinary.tsv", "A", 0.97, 9),  # 1.000, 8 of 458
        ("risk_written_mine.tsv", "E", 1.0, 0),
        ("risk_written_mine.tsv", "A", 1.0, 0),
        # seven more writers' messages, each cut in two by a hash; figures as written are with
        # the lexicons and, from the second on, the model of the time
        # chat (0.63 / 0.88 as written on the tuned half, 0.49 / 0.81 on the held-out one)
        ("risk_written_chat_tuned.tsv", "E", 0.95, 3),  # 0.982, 2 of 97
        ("risk_written_chat_tuned.tsv", "A", 0.95, 4),  # 0.990, 3 of 97
        ("risk_written_chat_held_out.tsv", "E", 0.91, 7),  # 0.949, 6 of 103, held out
        ("risk_written_chat_held_out.tsv", "A", 0.91, 2),  # 0.950, 1 of 103, held out
        # many voices, key words avoided (0.66 / 0.74 and 0.74 / 0.68 as written)
        ("risk_written_voices_tuned.tsv", "E", 0.97, 3),  # 1.000, 2 of 104
        ("risk_written_voices_tuned.tsv", "A", 0.97, 1),  # 1.000, 0 of 104
        ("risk_written_voices_held_out.tsv", "E", 0.87, 9),  # 0.916, 8 of 96, held out
        ("risk_written_voices_held_out.tsv", "A", 0.88, 3),  # 0.919, 2 of 96, held out
        # chat bursts, the flag said once (0.82 / 0.85 and 0.87 / 0.89 as written)
        ("risk_written_bursts_tuned.tsv", "E", 0.95, 3),  # 0.984, 2 of 107
        ("risk_written_bursts_tuned.tsv", "A", 0.95, 1),  # 0.989, 0 of 107
        ("risk_written_bursts_held_out.tsv", "E", 0.95, 12),  # 0.981, 11 of 93, held out
        ("risk_written_bursts_held_out.tsv", "A", 0.94, 9),  # 0.972, 8 of 93, held out
        # quiet signals, stock words avoided (0.60 / 0.83 and 0.73 / 0.82 as written)
        ("risk_written_quiet_tuned.tsv", "E", 0.95, 1),  # 0.985, 0 of 80
        ("risk_written_quiet_tuned.tsv", "A", 0.97, 1),  # 1.000, 0 of 80
        ("risk_written_quiet_held_out.tsv", "E", 0.88, 3),  # 0.912, 2 of 100, held out
        ("risk_written_quiet_held_out.tsv", "A", 0.91, 3),  # 0.945, 2 of 100, held out
        # told in passing or by someone else (0.79 / 0.85 and 0.78 / 0.91 as written)
        ("risk_written_told_tuned.tsv", "E", 0.97, 2),  # 1.000, 1 of 82
        ("risk_written_told_tuned.tsv", "A", 0.94, 1),  # 0.977, 0 of 82
        ("risk_written_told_held_out.tsv", "E", 0.88, 3),  # 0.916, 2 of 98, held out
        ("risk_written_told_held_out.tsv", "A", 0.92, 6),  # 0.954, 5 of 98, held out
        # typed or spoken as workers do (0.87 / 0.81 held-out half as written)
        ("risk_written_spoken_tuned.tsv", "E", 0.95, 2),  # 0.982, 1 of 89
        ("risk_written_spoken_tuned.tsv", "A", 0.96, 1),  # 0.991, 0 of 89
        ("risk_written_spoken_held_out.tsv", "E", 0.88, 6),  # 0.924, 4 of 81, held out
        ("risk_written_spoken_held_out.tsv", "A", 0.85, 5),  # 0.883, 4 of 81, held out
        # complaint letters, tickets, posts, officials' reports (0.74 / 0.90 held out as written)
        ("risk_written_formal_tuned.tsv", "E", 0.96, 7),  # 0.992, 6 of 76
        ("risk_written_formal_tuned.tsv", "A", 0.95, 2),  # 0.984, 1 of 76
        ("risk_written_formal_held_out.tsv", "E", 0.84, 19),  # 0.876, 18 of 94, held out
        ("risk_written_formal_held_out.tsv", "A", 0.92, 6),  # 0.956, 5 of 94, held out
        # long messages, the signal buried in wage details, hard negatives sharing the flags'
        # words (0.87 / 0.95 and 0.79 / 0.92 as written)
        ("risk_written_buried_tuned.tsv", "E", 0.95, 6),  # 0.990, 5 of 110
        ("risk_written_buried_tuned.tsv", "A", 0.97, 5),  # 1.000, 4 of 110
        ("risk_written_buried_held_out.tsv", "E", 0.84, 5),  # 0.875, 4 of 130, held out
        ("risk_written_buried_held_out.tsv", "A", 0.92, 5),  # 0.969, 4 of 130, held out
        # told as a story or by what follows from it (0.95 / 0.93 and 0.97 / 0.97 as written)
        ("risk_written_stories_tuned.tsv", "E", 0.97, 4),  # 1.000, 3 of 70
        ("risk_written_stories_tuned.tsv", "A", 0.97, 3),  # 1.000, 2 of 70
        ("risk_written_stories_held_out.tsv", "E", 0.94, 7),  # 0.977, 6 of 98, held out
        ("risk_written_stories_held_out.tsv", "A", 0.94, 6),  # 0.971, 5 of 98, held out
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
