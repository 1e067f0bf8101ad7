"""Replay a draft routing table over stored or uploaded complaints, before publishing it.

Each complaint is classified once (the expensive part) and evaluated under both tables, so a
simulation costs about as much as routing the cases once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from routing.facts import Facts
from routing.router import Router
from routing.rules import RoutingTable

__all__ = ["Case", "SimulationExample", "SimulationReport", "parse_jsonl_cases", "simulate"]


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    fields: Mapping[str, Any]
    ref: str = ""  # complaint id or "line N", to find the case again
    shown: str = ""  # what a report may show of the text (personal data masked); "" = text


@dataclass(frozen=True, slots=True)
class SimulationExample:
    ref: str
    text: str
    old_task_force: str
    new_task_force: str
    old_priority: str
    new_priority: str
    old_rule: str
    new_rule: str


@dataclass(slots=True)
class SimulationReport:
    old_version: str
    new_version: str
    total: int = 0
    changed_task_force: int = 0
    changed_priority: int = 0
    changed_any: int = 0
    # (old, new) -> count, over every case (unchanged ones on the diagonal)
    task_force_transitions: Counter[tuple[str, str]] = field(default_factory=Counter)
    priority_transitions: Counter[tuple[str, str]] = field(default_factory=Counter)
    examples: dict[tuple[str, str], list[SimulationExample]] = field(default_factory=dict)

    def changes(self) -> list[tuple[str, str, int]]:
        """Off-diagonal task-force transitions, most frequent first."""
        return sorted(
            ((o, n, c) for (o, n), c in self.task_force_transitions.items() if o != n),
            key=lambda x: (-x[2], x[0], x[1]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "total": self.total,
            "changed_task_force": self.changed_task_force,
            "changed_priority": self.changed_priority,
            "changed_any": self.changed_any,
            "task_force_transitions": [
                {"old": o, "new": n, "count": c}
                for (o, n), c in sorted(self.task_force_transitions.items())
            ],
            "priority_transitions": [
                {"old": o, "new": n, "count": c}
                for (o, n), c in sorted(self.priority_transitions.items())
            ],
            "examples": [
                {"old": o, "new": n, "cases": [_ex(ex) for ex in exs]}
                for (o, n), exs in sorted(self.examples.items())
            ],
        }


def _ex(ex: SimulationExample) -> dict[str, str]:
    return {
        "ref": ex.ref,
        "text": ex.text,
        "old_task_force": ex.old_task_force,
        "new_task_force": ex.new_task_force,
        "old_priority": ex.old_priority,
        "new_priority": ex.new_priority,
        "old_rule": ex.old_rule,
        "new_rule": ex.new_rule,
    }


def simulate(
    router: Router,
    old: RoutingTable,
    new: RoutingTable,
    cases: Iterable[Case | Facts],
    *,
    examples_per_change: int = 3,
) -> SimulationReport:
    """Counts, old->new transition tables and a few examples of each change."""
    report = SimulationReport(old_version=old.version, new_version=new.version)
    for i, case in enumerate(cases):
        if isinstance(case, Facts):
            facts, ref = case, f"#{i + 1}"
        else:
            facts, ref = router.classify(case.text, case.fields), case.ref or f"#{i + 1}"
        a, b = router.evaluate(old, facts)[1], router.evaluate(new, facts)[1]
        report.total += 1
        report.task_force_transitions[(a.task_force, b.task_force)] += 1
        report.priority_transitions[(a.priority, b.priority)] += 1
        tf_changed = a.task_force != b.task_force
        prio_changed = a.priority != b.priority
        report.changed_task_force += tf_changed
        report.changed_priority += prio_changed
        report.changed_any += tf_changed or prio_changed
        if tf_changed or prio_changed:
            key = (a.task_force, b.task_force) if tf_changed else (a.priority, b.priority)
            bucket = report.examples.setdefault(key, [])
            if len(bucket) < examples_per_change:
                bucket.append(
                    SimulationExample(
                        ref,
                        (case.shown if isinstance(case, Case) and case.shown else facts.text)[:200],
                        a.task_force,
                        b.task_force,
                        a.priority,
                        b.priority,
                        a.rule.id,
                        b.rule.id,
                    )
                )
    return report


def parse_jsonl_cases(lines: Iterable[str]) -> tuple[list[Case], list[str]]:
    """Cases from an uploaded JSONL file (``{"text", "fields"}`` per line) and per-line errors."""
    cases: list[Case] = []
    errors: list[str] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"第{n}行：不是有效的 JSON（{exc.msg}）")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text", ""), str):
            errors.append(f"第{n}行：应为包含 text 和 fields 的对象")
            continue
        raw_fields = obj.get("fields")
        fields: dict[str, Any] = raw_fields if isinstance(raw_fields, dict) else {}
        cases.append(Case(obj.get("text") or "", fields, f"line {n}"))
    return cases, errors
