"""Routing tables: schema, YAML with line-numbered errors, evaluation (routing.rules)."""

from __future__ import annotations

import pytest

from routing.facts import Facts
from routing.lexicons import default_lexicons
from routing.rules import (
    RuleFileError,
    default_table,
    dump_table_yaml,
    evaluate,
    load_table_yaml,
)

SMALL = """\
version: t-1
task_forces: {A: 甲专班, B: 乙专班, OFFICE: 办公室}
rules:
  - id: coal_or_big
    when:
      any:
        - sector: [coal]
        - all:
            - amount_min: 100000
            - not: {funding: [private]}
    then: {task_force: A}
    reason: 甲
  - id: unknown_sector
    when: {sector: [null], flags_any: [absconded]}
    then: {task_force: B, priority: high, notify: [OFFICE]}
    reason: 乙
fallback:
  id: rest
  then: {task_force: OFFICE}
  reason: 其他
priority_rules:
  - id: urgent_group
    when: {flags_any: [group]}
    priority: urgent
    notify: [OFFICE]
    reason: 群体
"""


def facts(**kw: object) -> Facts:
    f = Facts(text=str(kw.pop("text", "")))
    for k, v in kw.items():
        setattr(f, k, v)
    return f


def test_default_table_encodes_the_eight_codes() -> None:
    table = default_table()
    codes = {r.then.task_force for r in table.rules} | {table.fallback.then.task_force}
    assert codes == {
        "TF1_CONSTRUCTION",
        "TF2_GOV_PROJECT",
        "TF3_PUBLIC_SVC",
        "TF4_EDU",
        "TF5_COAL",
        "TF6_SOE",
        "TF7_SME",
        "OFFICE",
    }
    order = [r.then.task_force for r in table.rules]
    # precedence of data/README: coal, government, SOE, education, public service, construction, SME
    firsts = list(dict.fromkeys(order))
    assert firsts == [
        "TF5_COAL",
        "TF2_GOV_PROJECT",
        "TF6_SOE",
        "TF4_EDU",
        "TF3_PUBLIC_SVC",
        "TF1_CONSTRUCTION",
        "TF7_SME",
    ]


def test_any_all_not_and_null() -> None:
    table = load_table_yaml(SMALL)
    assert evaluate(table, facts(sector="coal")).rule.id == "coal_or_big"
    assert evaluate(table, facts(sector="services", amount_yuan=200_000)).rule.id == "coal_or_big"
    big_private = facts(sector="services", amount_yuan=200_000, funding="private")
    assert evaluate(table, big_private).rule.id == "rest"
    ev = evaluate(table, facts(flags=frozenset({"absconded"})))
    assert (ev.task_force, ev.priority, ev.notify) == ("B", "high", ("OFFICE",))


def test_priority_rules_raise_but_never_lower() -> None:
    table = load_table_yaml(SMALL)
    ev = evaluate(table, facts(sector="coal", flags=frozenset({"group"})))
    assert (ev.task_force, ev.priority, ev.notify) == ("A", "urgent", ("OFFICE",))
    assert ev.priority_rule is not None and ev.priority_rule.id == "urgent_group"
    ev = evaluate(table, facts(flags=frozenset({"absconded"})))
    assert ev.priority == "high"  # no priority rule holds: the rule's own priority stays


def test_used_facts_are_reported_for_reasons() -> None:
    ev = evaluate(load_table_yaml(SMALL), facts(sector="coal"))
    assert ev.used == frozenset({"sector"})


def test_round_trip_through_yaml() -> None:
    table = default_table()
    again = load_table_yaml(dump_table_yaml(table), lexicon_names=default_lexicons().names)
    assert again == table


def _issues(text: str, **kw: object) -> list[tuple[int | None, str]]:
    with pytest.raises(RuleFileError) as info:
        load_table_yaml(text, **kw)  # type: ignore[arg-type]
    return [(i.line, i.reason) for i in info.value.issues]


def test_unknown_key_is_reported_with_its_line() -> None:
    bad = SMALL.replace(
        "    when: {sector: [null], flags_any", "    when: {sectr: [null], flags_any"
    )
    with pytest.raises(RuleFileError) as info:
        load_table_yaml(bad)
    issue = info.value.issues[0]
    assert issue.line == 14
    assert issue.path == "rules[1].when.sectr"
    assert "line 14: rules[1].when.sectr" in str(info.value)


def test_unknown_task_force_and_bad_priority() -> None:
    issues = _issues(SMALL.replace("priority: high", "priority: asap"))
    assert issues[0][0] == 15 and "urgent" in issues[0][1]
    issues = _issues(SMALL.replace("then: {task_force: A}", "then: {task_force: Z}"))
    assert issues == [(11, issues[0][1])]  # the rule's own line, not the top of the file
    assert "“Z”不在本文件的 task_forces 里" in issues[0][1]


def test_unknown_flag_and_lexicon() -> None:
    issues = _issues(SMALL.replace("flags_any: [group]", "flags_any: [riot]"))
    assert issues[0][0] == 23
    issues = _issues(
        SMALL.replace("- sector: [coal]", "- keywords_any: [no_such]"), lexicon_names=["coal_work"]
    )
    assert issues[0][0] == 7 and "no_such" in issues[0][1]


def test_duplicate_ids_and_keys() -> None:
    dup_id = _issues(SMALL.replace("id: unknown_sector", "id: coal_or_big"))
    assert dup_id[0][0] == 13 and "重复" in dup_id[0][1]
    dup = SMALL.replace("version: t-1\n", "version: t-1\nversion: t-2\n")
    assert _issues(dup)[0][0] == 2


def test_yaml_syntax_error_has_a_line() -> None:
    issues = _issues(SMALL.replace("reason: 乙", "reason: [乙"))
    assert issues[0][0] is not None and "YAML 格式错误" in issues[0][1]
    # an unclosed flow mapping is reported where it was opened, in Chinese
    issues = _issues(SMALL.replace("then: {task_force: A}", "then: {task_force: A"))
    reason = "YAML 格式错误：花括号 { } 里的内容没有正确结束：缺少逗号“,”或右花括号“}”"
    assert issues == [(11, reason)]


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "version: x\n"])
def test_not_a_table(text: str) -> None:
    assert _issues(text)


def test_empty_condition_is_rejected() -> None:
    issues = _issues(SMALL.replace("when: {flags_any: [group]}", "when: {}"))
    assert "条件至少要有一个字段" in issues[0][1]


def test_every_problem_at_once_each_on_its_line_in_chinese() -> None:
    bad = (
        SMALL.replace("        - sector: [coal]", "        - sectr: [coal]")
        .replace("then: {task_force: B, priority: high", "then: {task_force: Q, priority: high")
        .replace("    when: {flags_any: [group]}", "    when: {flags_any: [riot]}")
    )
    issues = _issues(bad)
    assert [line for line, _ in issues] == [7, 15, 23]
    assert issues[0][1].startswith("不认识的字段“sectr”。是不是想写“sector”？")
    assert "“Q”不在" in issues[1][1]
    assert "只能是" in issues[2][1] and "group" in issues[2][1]
