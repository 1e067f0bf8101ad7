"""A routing table in words, for people who never edit YAML: one row per rule.

Each row says when the rule holds (in Chinese), which task force (by name) then takes the
case, at what priority, and the reason inspectors will read. `reason_mismatches` finds
rules whose reason names a task force other than the one they route to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from models.codes.priority import priority_label
from models.codes.red_flag import flag_label
from routing.facts import FUNDING_LABELS, OWNERSHIP_LABELS, SECTOR_LABELS
from routing.rules import Condition, PriorityRule, RoutingTable, Rule

__all__ = ["RuleRow", "describe_condition", "reason_mismatches", "rule_rows"]

_UNKNOWN = "不明"


@dataclass(frozen=True, slots=True)
class RuleRow:
    position: int  # 1-based order; the first rule that holds decides
    rule_id: str
    kind: str  # 分派 | 兜底 | 优先级
    condition: str
    task_force: str  # the name, "" for a priority rule
    priority: str  # the label
    notify: str
    reason: str
    raises_priority: bool  # above normal: worth a badge


def _values(values: Sequence[str | None], labels: Mapping[str, str]) -> str:
    return "或".join(_UNKNOWN if v is None else labels.get(v, v) for v in values)


def _lexicons(names: Sequence[str], described: Mapping[str, str]) -> str:
    return "、".join(f"“{described.get(n, n)}”" for n in names)


def describe_condition(
    cond: Condition | None,
    *,
    task_forces: Mapping[str, str],
    lexicons: Mapping[str, str] | None = None,
) -> str:
    """The condition in Chinese; parts joined by "且" (all must hold)."""
    if cond is None:
        return "其余所有情况"
    described = lexicons or {}
    parts: list[str] = []
    simple: tuple[tuple[str, str, Mapping[str, str]], ...] = (
        ("sector", "行业为", SECTOR_LABELS),
        ("ownership", "所有制为", OWNERSHIP_LABELS),
        ("funding", "资金来源为", FUNDING_LABELS),
        ("township", "乡镇（街道）为", {}),
    )
    for attr, words, labels in simple:
        values = getattr(cond, attr)
        if values is not None:
            parts.append(f"{words}{_values(values, labels)}")
    if cond.task_force is not None:
        parts.append("负责专班为" + "或".join(task_forces.get(c, c) for c in cond.task_force))
    if cond.flags_any is not None:
        parts.append("有风险标记" + "或".join(flag_label(f) for f in cond.flags_any))
    if cond.flags_all is not None:
        parts.append("同时有" + "和".join(flag_label(f) for f in cond.flags_all))
    if cond.flags_none is not None:
        parts.append("没有" + "或".join(flag_label(f) for f in cond.flags_none))
    if cond.keywords_any is not None:
        many = "之一" if len(cond.keywords_any) > 1 else ""
        parts.append(f"提到{_lexicons(cond.keywords_any, described)}{many}")
    if cond.keywords_all is not None:
        parts.append(f"同时提到{_lexicons(cond.keywords_all, described)}")
    if cond.keywords_none is not None:
        parts.append(f"没有提到{_lexicons(cond.keywords_none, described)}")
    if cond.terms_any is not None:
        parts.append("原文含“" + "”或“".join(cond.terms_any) + "”")
    if cond.headcount_min is not None:
        parts.append(f"人数不少于 {cond.headcount_min} 人")
    if cond.headcount_max is not None:
        parts.append(f"人数不超过 {cond.headcount_max} 人")
    if cond.amount_min is not None:
        parts.append(f"金额不少于 {cond.amount_min:,} 元")
    if cond.amount_max is not None:
        parts.append(f"金额不超过 {cond.amount_max:,} 元")
    if cond.employer_matched is not None:
        parts.append("单位在名录中" if cond.employer_matched else "单位不在名录中")
    kw = {"task_forces": task_forces, "lexicons": described}
    groups: list[str] = []
    if cond.all_ is not None:
        groups.append("；且".join(describe_condition(c, **kw) for c in cond.all_))
    if cond.any_ is not None:
        groups.append("；或".join(describe_condition(c, **kw) for c in cond.any_))
    # brackets only where a group sits beside other parts
    alone = not parts and len(groups) == 1
    parts += [g if alone else f"（{g}）" for g in groups]
    if cond.not_ is not None:
        parts.append(f"并非（{describe_condition(cond.not_, **kw)}）")
    return "，且".join(parts)


def rule_rows(table: RoutingTable, *, lexicons: Mapping[str, str] | None = None) -> list[RuleRow]:
    """The table as rows: the routing rules in order, the fallback, then the priority rules."""
    names = table.task_forces
    rows: list[RuleRow] = []
    ordered: list[tuple[str, Rule | PriorityRule]] = [
        *(("分派", r) for r in table.rules),
        ("兜底", table.fallback),
        *(("优先级", p) for p in table.priority_rules),
    ]
    for position, (kind, rule) in enumerate(ordered, start=1):
        if isinstance(rule, Rule):
            target, priority = table.task_force_name(rule.then.task_force), rule.then.priority
            notify = rule.then.notify
        else:
            target, priority, notify = "", rule.priority, rule.notify
        rows.append(
            RuleRow(
                position=position,
                rule_id=rule.id,
                kind=kind,
                condition=describe_condition(rule.when, task_forces=names, lexicons=lexicons),
                task_force=target,
                priority=priority_label(priority),
                notify="、".join(names.get(c, c) for c in notify),
                reason=rule.reason,
                raises_priority=priority != "normal",
            )
        )
    return rows


def _short_names(name: str) -> list[str]:
    """How a reason may name a task force: 煤炭企业工作专班 -> also 煤炭企业专班."""
    names = [name]
    if name.endswith("工作专班"):
        names.append(name.removesuffix("工作专班") + "专班")
    return names


def reason_mismatches(table: RoutingTable) -> list[tuple[str, str, str]]:
    """(rule id, task force named in the reason, task force routed to) where they differ."""
    found: list[tuple[str, str, str]] = []
    for rule in [*table.rules, table.fallback]:
        target = rule.then.task_force
        if any(n in rule.reason for n in _short_names(table.task_force_name(target))):
            continue
        for code, name in table.task_forces.items():
            if code != target and any(n in rule.reason for n in _short_names(name)):
                found.append((rule.id, name, table.task_force_name(target)))
                break
    return found
