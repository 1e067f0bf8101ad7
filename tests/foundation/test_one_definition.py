"""One name, one thing: a top-level class name means one class across the packages, and the
Chinese words for stored codes (priorities, red flags, statuses, ...) are written only in
models/codes, which every layer imports."""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from models.codes.channel import CHANNELS
from models.codes.priority import PRIORITIES
from models.codes.red_flag import FLAGS
from models.codes.ticket_action import Action
from models.codes.ticket_outcome import TicketOutcome
from models.codes.ticket_status import Status

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "intake", "routing", "models")
VOCABULARY_HOME = ROOT / "models" / "codes"
VOCABULARIES = {
    "priorities": frozenset(PRIORITIES),
    "red flags": frozenset(FLAGS),
    "ticket statuses": frozenset(Status),
    "ticket actions": frozenset(Action),
    "outcomes": frozenset(TicketOutcome),
    "channels": frozenset(CHANNELS),
}


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # a migration keeps the names of its day
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _label_maps(tree: ast.Module) -> Iterator[tuple[int, set[str]]]:
    """Dict literals from code strings to Chinese words: a vocabulary's labels."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict) or not node.keys:
            continue
        keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
        values = [v.value for v in node.values if isinstance(v, ast.Constant)]
        if (
            len(keys) == len(node.keys)
            and len(values) == len(node.values)
            and all(isinstance(k, str) for k in keys)
            and all(isinstance(v, str) and _chinese(v) for v in values)
        ):
            yield node.lineno, set(keys)


def test_top_level_class_names_are_unique() -> None:
    defined: dict[str, list[str]] = defaultdict(list)
    for path, tree in _modules():
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                defined[node.name].append(str(path.relative_to(ROOT)))
    duplicated = {name: paths for name, paths in defined.items() if len(paths) > 1}
    assert not duplicated, f"class names defined more than once: {duplicated}"


def test_code_labels_are_written_only_in_models_codes() -> None:
    elsewhere = []
    for path, tree in _modules():
        if VOCABULARY_HOME in path.parents:
            continue
        for line, keys in _label_maps(tree):
            for name, codes in VOCABULARIES.items():
                if len(keys & codes) >= 2:
                    elsewhere.append(f"{path.relative_to(ROOT)}:{line} labels {name}")
    assert not elsewhere, "labels to import from models/codes instead: " + "; ".join(elsewhere)


def test_every_code_has_a_label() -> None:
    from models.codes.priority import PRIORITY_LABELS
    from models.codes.red_flag import FLAG_LABELS

    assert set(PRIORITY_LABELS) == set(PRIORITIES)
    assert set(FLAG_LABELS) == set(FLAGS)
    for vocabulary in (Status, Action, TicketOutcome):
        assert all(_chinese(code.label) for code in vocabulary)
    labels = list(PRIORITY_LABELS.values())
    assert len(set(labels)) == len(labels)
