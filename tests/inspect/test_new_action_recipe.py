"""The README's recipe for a new ticket action, proven with an action that exists only here:
约谈用人单位 (summon_employer), a record that the employer was summoned.

The test copies the code, adds the action by editing exactly the files the recipe lists (each
edit is written out below), checks that no other file changed, and runs the action's checks
against the copy in a process of its own: the REST API and its OpenAPI schema, the inspector's
form with its Chinese message, the state table, a whole group, the timeline and the audit.
Those checks are tests/inspect/test_ticket_note.py with the note's names replaced by the new
action's: what holds for 备注, added the same way, holds for any action added so."""

from __future__ import annotations

from pathlib import Path

from code_copy import ROOT, Recipe, copy_with, run_tests

# The recipe: file -> (the line the addition follows, the addition).
RECIPE: Recipe = {
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


def test_a_new_action_takes_only_the_recipes_files(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    assert copy_with(copy, RECIPE) == set(RECIPE)

    checks = (ROOT / "tests/inspect/test_ticket_note.py").read_text(encoding="utf-8")
    for old, new in RENAMES:
        assert old in checks, f"test_ticket_note.py no longer says {old!r}"
        checks = checks.replace(old, new)
    (copy / "tests/inspect/test_ticket_note.py").unlink()
    (copy / "tests/inspect/test_summon_employer.py").write_text(checks, encoding="utf-8")

    done = run_tests(copy, "tests/inspect/test_summon_employer.py")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "4 passed" in done.stdout, done.stdout[-2000:]
