"""The README's recipe for a new ticket action, proven with an action that exists only here:
约谈用人单位 (summon_employer), a record that the employer was summoned.

The test copies the code, adds the action by editing exactly the files the recipe lists (each
edit is written out below), checks that no other file changed, and runs the action's checks
against the copy in a process of its own: the REST API and its OpenAPI schema, the inspector's
form with its Chinese message, the state table, a whole group, the timeline and the audit.
Those checks are tests/inspect/test_ticket_note.py with the note's names replaced by the new
action's: what holds for 备注, added the same way, holds for any action added so."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("models", "intake", "routing", "bot")

# The recipe: file -> (the line the addition follows, the addition).
RECIPE: dict[str, list[tuple[str, str]]] = {
    "models/codes/ticket_action.py": [
        ('    ADD_NOTE = "add_note"\n', '    SUMMON_EMPLOYER = "summon_employer"\n'),
        ('    Action.ADD_NOTE: "备注",\n', '    Action.SUMMON_EMPLOYER: "约谈用人单位",\n'),
    ],
    "intake/tickets/lifecycle.py": [
        (
            "    (Status.FOLLOWUP, Action.REOPEN): Status.INVESTIGATING,\n",
            "    (Status.NEW, Action.SUMMON_EMPLOYER): Status.NEW,\n"
            "    (Status.ACCEPTED, Action.SUMMON_EMPLOYER): Status.ACCEPTED,\n"
            "    (Status.INVESTIGATING, Action.SUMMON_EMPLOYER): Status.INVESTIGATING,\n",
        ),
    ],
    "intake/tickets/actions.py": [
        (
            "_builtin(Action.ADD_NOTE, AddNoteInput, for_groups=True, plan=_plan_note)\n",
            "\n\nclass SummonEmployerInput(ActionInput):\n"
            '    summary: str = Field(min_length=1, max_length=500, title="约谈情况")\n'
            "\n\nasync def _plan_summon(change: Change, inputs: SummonEmployerInput) -> Plan:\n"
            '    return Plan(body={"summary": inputs.summary})\n'
            "\n\n_builtin(\n"
            "    Action.SUMMON_EMPLOYER, SummonEmployerInput, for_groups=True, plan=_plan_summon\n"
            ")\n",
        ),
    ],
}

# The note's checks, renamed for the new action.
RENAMES = (
    ("add_note", "summon_employer"),
    ("remark", "summary"),
    ("AddNoteRequest", "SummonEmployerRequest"),
    ('"label": "备注"', '"label": "约谈用人单位"'),
    ("「备注」须填写", "「约谈情况」须填写"),
    ('placeholder="备注"', 'placeholder="约谈情况"'),
    ('last["label"] == "备注"', 'last["label"] == "约谈用人单位"'),
    ('["details"]["备注"]', '["details"]["约谈情况"]'),
    ('"已备注"', '"已约谈用人单位"'),
)


def _copy(dest: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in (*PACKAGES, "tests"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", dest / "pyproject.toml")


def _apply(dest: Path) -> None:
    for path, edits in RECIPE.items():
        target = dest / path
        text = target.read_text(encoding="utf-8")
        for anchor, addition in edits:
            assert text.count(anchor) == 1, f"{path}: the recipe's anchor moved: {anchor!r}"
            text = text.replace(anchor, anchor + addition)
        target.write_text(text, encoding="utf-8")


def _changed_files(dest: Path) -> set[str]:
    changed: set[str] = set()

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        changed.update(f"{prefix}{n}" for n in cmp.diff_files + cmp.left_only + cmp.right_only)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    for name in PACKAGES:
        walk(filecmp.dircmp(ROOT / name, dest / name, ignore=["__pycache__"]), f"{name}/")
    return changed


def test_a_new_action_takes_only_the_recipes_files(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    _copy(copy)
    _apply(copy)
    assert _changed_files(copy) == set(RECIPE)

    checks = (ROOT / "tests/inspect/test_ticket_note.py").read_text(encoding="utf-8")
    for old, new in RENAMES:
        assert old in checks, f"test_ticket_note.py no longer says {old!r}"
        checks = checks.replace(old, new)
    (copy / "tests/inspect/test_ticket_note.py").unlink()
    (copy / "tests/inspect/test_summon_employer.py").write_text(checks, encoding="utf-8")

    env = {**os.environ, "PYTHONPATH": str(copy), "ANXIN_TEST_POSTGRES_URL": ""}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-n",
            "0",
            "tests/inspect/test_summon_employer.py",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "4 passed" in done.stdout, done.stdout[-2000:]
