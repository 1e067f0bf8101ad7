"""Simulation of a draft table over cases (routing.simulate)."""

from __future__ import annotations

from routing.router import Router
from routing.rules import default_table, dump_table_yaml, load_table_yaml
from routing.simulate import Case, parse_jsonl_cases, simulate

CASES = [
    Case("在工地干活，包工头跑了", {"employer_name": "包工头老王"}, "c1"),
    Case("厂里欠了两千", {"employer_name": "恒通机械制造有限公司"}, "c2"),
    Case("在煤矿井下干活", {}, "c3"),
    Case("给人家当保姆", {}, "c4"),
    Case("又一个工地，包工头不给钱", {"employer_name": "包工头老赵", "headcount": 12}, "c5"),
]


def _draft() -> str:
    # an admin moves construction to the SME task force and drops the large-amount rule
    text = dump_table_yaml(default_table())
    text = text.replace("version: default-1", "version: draft-2")
    return text.replace("then:\n    task_force: TF1_CONSTRUCTION", "then:\n    task_force: TF7_SME")


def test_same_table_changes_nothing(router: Router) -> None:
    table = default_table()
    report = simulate(router, table, table, CASES)
    assert report.total == 5
    assert report.changed_task_force == report.changed_priority == report.changed_any == 0
    assert report.changes() == []


def test_draft_table_transitions_and_examples(router: Router) -> None:
    new = load_table_yaml(_draft())
    report = simulate(router, default_table(), new, CASES, examples_per_change=1)
    assert (report.old_version, report.new_version) == ("default-1", "draft-2")
    assert report.changed_task_force == 2
    assert report.changes() == [("TF1_CONSTRUCTION", "TF7_SME", 2)]
    assert report.task_force_transitions[("TF5_COAL", "TF5_COAL")] == 1
    examples = report.examples[("TF1_CONSTRUCTION", "TF7_SME")]
    assert len(examples) == 1 and examples[0].ref == "c1"
    assert examples[0].old_rule == "construction"
    data = report.to_dict()
    assert data["changed_task_force"] == 2 and data["examples"][0]["cases"][0]["ref"] == "c1"


def test_priority_only_change_is_counted(router: Router) -> None:
    text = dump_table_yaml(default_table()).replace("amount_min: 100000", "amount_min: 1000")
    report = simulate(router, default_table(), load_table_yaml(text), CASES)
    assert report.changed_task_force == 0
    assert report.changed_priority == 1  # c2: 2000 yuan becomes "high"
    assert report.priority_transitions[("normal", "high")] == 1


def test_parse_uploaded_jsonl() -> None:
    cases, errors = parse_jsonl_cases(
        ['{"text": "工地", "fields": {"headcount": 3}}', "", "oops", '{"text": 1}', '{"text": "x"}']
    )
    assert [c.ref for c in cases] == ["line 1", "line 5"]
    assert cases[1].fields == {}
    assert len(errors) == 2 and errors[0].startswith("第3行")
