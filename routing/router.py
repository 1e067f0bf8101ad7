"""One entry point: ``Router(table, index, townships, lexicons).route(text, fields)``.

Classification (facts) and evaluation (rules) are separate steps so a simulation can classify
a complaint once and evaluate it under two tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from models.codes.priority import priority_label
from models.codes.red_flag import flag_label
from routing.employers.index import EmployerIndex
from routing.employers.registry import EmployerRecord, iter_registry_csv
from routing.facts import (
    FUNDING_LABELS,
    OWNERSHIP_LABELS,
    SECTOR_LABELS,
    Classifier,
    FactEvidence,
    Facts,
)
from routing.lexicons import LexiconSet, default_lexicons
from routing.rules import Evaluation, RoutingTable, default_table, evaluate
from routing.townships import TownshipGazetteer

__all__ = ["Router", "RoutingDecision"]

_BASIS_LABELS = {
    "fields": "对话中填写",
    "text": "投诉内容",
    "project_name": "项目名称",
    "employer_registry": "用人单位注册地",
}


def _said(ev: FactEvidence) -> str:
    """'用人单位名称“包工头老赵”含“包工头”（包工头/工头…）' and the like."""
    label = f"（{ev.label}）" if ev.label else ""
    if ev.basis == "text_model":
        return f"投诉内容整体读来（{ev.detail}，依据“{ev.term}”）"
    if ev.basis == "text":
        return f"投诉内容提到“{ev.term}”{label}"
    source = {"employer_name": "用人单位名称", "employer_kind": "对话中填写的单位类型"}.get(
        ev.basis, ev.basis
    )
    return f"{source}“{ev.detail}”含“{ev.term}”{label}"


@dataclass(slots=True)
class RoutingDecision:
    task_force: str
    township: str | None
    flags: list[str]
    priority: str
    notify: list[str]
    employer: dict[str, str] | None  # {"id", "name"} of the registry row, or None
    rule_id: str
    table_version: str
    reasons: list[str]
    facts: Facts | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The per-line object of ``anxin route`` (docs/interfaces.md, "anxin route")."""
        return {
            "task_force": self.task_force,
            "township": self.township,
            "flags": self.flags,
            "priority": self.priority,
            "employer": self.employer,
            "reasons": self.reasons,
            "notify": self.notify,
            "rule_id": self.rule_id,
            "table_version": self.table_version,
        }


class Router:
    def __init__(
        self,
        table: RoutingTable | None = None,
        index: EmployerIndex | None = None,
        townships: TownshipGazetteer | None = None,
        lexicons: LexiconSet | None = None,
    ) -> None:
        self.table = table if table is not None else default_table()
        self.lexicons = lexicons if lexicons is not None else default_lexicons()
        self.classifier = Classifier(index, townships, self.lexicons)

    @classmethod
    def from_records(
        cls,
        records: Iterable[EmployerRecord],
        table: RoutingTable | None = None,
        *,
        township_names: Iterable[str] = (),
        township_aliases: Mapping[str, str] | None = None,
        lexicons: LexiconSet | None = None,
    ) -> Router:
        """Index the registry; the townships known are the registry's plus ``township_names``."""
        rows = list(records)
        names = {r.township for r in rows if r.township} | set(township_names)
        return cls(
            table,
            EmployerIndex.from_records(rows),
            TownshipGazetteer(names, township_aliases),
            lexicons,
        )

    @classmethod
    def from_registry_csv(cls, path: str | Path, table: RoutingTable | None = None) -> Router:
        return cls.from_records(iter_registry_csv(path), table)

    def with_table(
        self, table: RoutingTable | None = None, lexicons: LexiconSet | None = None
    ) -> Router:
        """The same registry and townships under another table (and its lexicons)."""
        return Router(table, self.classifier.index, self.classifier.townships, lexicons)

    # --- the two steps ----------------------------------------------------------------------

    def classify(self, text: str | None, fields: Mapping[str, Any] | None = None) -> Facts:
        return self.classifier.classify(text, fields)

    def evaluate(self, table: RoutingTable, facts: Facts) -> tuple[Facts, Evaluation]:
        """The table's decision on the facts, and the facts it decided on: when no rule
        decides on what the words said, the employer's kind read from the message as a whole
        (the work model), if the table then decides on that. Live routing and simulation both
        decide through here."""
        ev = evaluate(table, facts)
        guess = (
            self.classifier.kind_guess(_without_flag_words(facts))
            if ev.rule is table.fallback and facts.kind_unread
            else None
        )
        if guess is None:
            return facts, ev
        implied, why = guess
        guessed = replace(
            facts,
            sector=implied.get("sector", facts.sector),
            ownership=implied.get("ownership", facts.ownership),
            evidence={**facts.evidence, **{key: why for key in implied}},
        )
        again = evaluate(table, guessed)
        return (guessed, again) if again.rule is not table.fallback else (facts, ev)

    def decide(self, facts: Facts, table: RoutingTable | None = None) -> RoutingDecision:
        table = table if table is not None else self.table
        facts, ev = self.evaluate(table, facts)
        emp = facts.employer
        return RoutingDecision(
            task_force=ev.task_force,
            township=facts.township,
            flags=sorted(facts.flags),
            priority=ev.priority,
            notify=list(ev.notify),
            employer=None if emp is None else {"id": emp.id, "name": emp.name},
            rule_id=ev.rule.id,
            table_version=table.version,
            reasons=self._reasons(table, facts, ev),
            facts=facts,
        )

    def route(self, text: str | None, fields: Mapping[str, Any] | None = None) -> RoutingDecision:
        return self.decide(self.classify(text, fields))

    # --- plain-language reasons (Chinese, shown to inspectors) -----------------------------

    def _reasons(self, table: RoutingTable, facts: Facts, ev: Evaluation) -> list[str]:
        tf_name = table.task_force_name(ev.task_force)
        out = [f"分派至{tf_name}（{ev.task_force}），依据规则“{ev.rule.id}”：{ev.rule.reason}"]
        out += self._employer_reasons(facts, ev)
        for item in sorted(u for u in ev.used if u.startswith("keywords:")):
            for name in item.split(":", 1)[1].split(","):
                terms = facts.keywords.get(name)
                if terms and name in self.lexicons:
                    quoted = "”“".join(terms[:3])
                    out.append(f"投诉内容提到“{quoted}”（{self.lexicons[name].description}）。")
        if "funding" in ev.used or (facts.funding and ev.task_force != "OFFICE"):
            out += self._funding_reason(facts)
        out += self._township_reason(facts)
        for flag in sorted(facts.flags):
            detail = facts.evidence.get(flag)
            said = f"：{detail.detail}" if detail else ""
            out.append(f"标记“{flag_label(flag)}”{said}。")
        prio = f"优先级：{priority_label(ev.priority)}。"
        if ev.priority_rule is not None:
            prio += ev.priority_rule.reason
        if ev.notify:
            prio += "即时通知：" + "、".join(table.task_force_name(n) for n in ev.notify) + "。"
        out.append(prio)
        return out

    @staticmethod
    def _employer_reasons(facts: Facts, ev: Evaluation) -> list[str]:
        out: list[str] = []
        emp = facts.employer
        sector = SECTOR_LABELS.get(facts.sector or "", "")
        owner = OWNERSHIP_LABELS.get(facts.ownership or "", "")
        if emp is not None:
            out.append(
                f"用人单位匹配到登记库：{emp.name}（编号{emp.id}），"
                f"登记行业为{sector or emp.sector}，性质为{owner or emp.ownership}。"
            )
            return out
        sev = facts.evidence.get("sector")
        oev = facts.evidence.get("ownership")
        if facts.employer_is_person:
            out.append("用人单位是个人（老板/包工头），不在单位登记库中。")
        if sev is not None:
            out.append(f"未匹配到登记库单位；{_said(sev)}，据此判断行业为{sector}。")
        elif not facts.employer_is_person:
            out.append("未能在单位登记库中找到用人单位，描述也不足以判断其行业。")
        if oev is not None and owner and (sev is None or oev.term != sev.term):
            out.append(f"{_said(oev)}，据此判断用人单位性质为{owner}。")
        return out

    @staticmethod
    def _funding_reason(facts: Facts) -> list[str]:
        fev = facts.evidence.get("funding")
        if facts.funding is None or fev is None:
            return []
        label = FUNDING_LABELS.get(facts.funding, facts.funding)
        if fev.basis == "fields":
            return [f"对话中确认项目资金来源：{label}。"]
        return [f"投诉内容提到“{fev.detail}”，项目资金来源判断为{label}。"]

    @staticmethod
    def _township_reason(facts: Facts) -> list[str]:
        if facts.township is None:
            return ["未能确定属地乡镇（街道），需补充。"]
        tev = facts.evidence.get("township")
        basis = _BASIS_LABELS.get(tev.basis, tev.basis) if tev else ""
        detail = f"“{tev.detail}”" if tev and tev.basis in ("text", "project_name") else ""
        return [f"属地：{facts.township}（依据：{basis}{detail}）。"]


def _without_flag_words(facts: Facts) -> str:
    """The message without the words that raised a red flag: where a threat would go (到镇政府
    门口集合) says nothing of who the employer is."""
    text = facts.text
    for flag in ("extreme_risk", "absconded"):
        ev = facts.evidence.get(flag)
        if ev is not None and ev.basis == "text":
            for term in ev.detail.split("、"):
                if len(term) >= 2:
                    text = text.replace(term, "")
    return text
