"""Routing tables as data: schema, YAML load/dump with line-numbered errors, evaluation.

A table is an ordered list of rules; the first rule whose condition holds decides the task
force. Priority rules are a second ordered list: the first that holds may raise the priority
and adds who else is told at once. A table always has a fallback (the office, for triage).

Conditions are mappings over facts; all keys of one mapping must hold (AND). ``any``, ``all``
and ``not`` combine conditions. In value lists ``null`` means "not known", so
``funding: [null, private]`` holds when the funding is unknown or private.

Evaluation is pure and cheap: no I/O, no regular expressions beyond ``terms_any``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from models.codes.priority import PRIORITIES, Priority
from models.codes.red_flag import RedFlag
from routing import rule_errors
from routing.facts import Facts

__all__ = [
    "DEFAULT_TABLE_PATH",
    "Assignment",
    "Condition",
    "Evaluation",
    "PriorityRule",
    "RoutingTable",
    "Rule",
    "RuleFileError",
    "RuleIssue",
    "default_table",
    "dump_table_yaml",
    "evaluate",
    "load_table_file",
    "load_table_yaml",
]

DEFAULT_TABLE_PATH = Path(__file__).resolve().parent / "default_table.yaml"
_CODE = r"^[A-Z][A-Z0-9_]*$"
_ID = r"^[a-z][a-z0-9_]*$"


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    sector: list[str | None] | None = None
    ownership: list[str | None] | None = None
    funding: list[str | None] | None = None
    township: list[str | None] | None = None
    task_force: list[str] | None = None  # priority rules only: the task force just decided
    flags_any: list[RedFlag] | None = None
    flags_all: list[RedFlag] | None = None
    flags_none: list[RedFlag] | None = None
    keywords_any: list[str] | None = None  # lexicon names
    keywords_all: list[str] | None = None
    keywords_none: list[str] | None = None
    terms_any: list[str] | None = None  # plain substrings of the (simplified) text
    headcount_min: int | None = Field(default=None, ge=0)
    headcount_max: int | None = Field(default=None, ge=0)
    amount_min: int | None = Field(default=None, ge=0)
    amount_max: int | None = Field(default=None, ge=0)
    employer_matched: bool | None = None
    any_: list[Condition] | None = Field(default=None, alias="any", min_length=1)
    all_: list[Condition] | None = Field(default=None, alias="all", min_length=1)
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _not_empty(self) -> Condition:
        if not self.model_fields_set:
            raise ValueError("条件至少要有一个字段（想让规则总是成立，就去掉 when）")
        return self

    @field_validator("keywords_any", "keywords_all", "keywords_none")
    @classmethod
    def _known_lexicons(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        known = (info.context or {}).get("lexicons")
        if value and known is not None:
            unknown = [v for v in value if v not in known]
            if unknown:
                raise ValueError(
                    f"没有名为 {'、'.join(unknown)} 的词表；已有：{'、'.join(sorted(known))}"
                )
        return value


class Assignment(BaseModel):
    """A rule's `then:` the task force it sends the complaint to, at what priority, and
    whom else it tells at once."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    task_force: str = Field(pattern=_CODE)
    priority: Priority = "normal"
    notify: list[str] = Field(default_factory=list)


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=_ID)
    description: str = ""
    when: Condition | None = None
    then: Assignment
    reason: str = Field(min_length=1)  # plain Chinese, shown to inspectors


class PriorityRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=_ID)
    description: str = ""
    when: Condition | None = None
    priority: Priority
    notify: list[str] = Field(default_factory=list)
    reason: str = Field(min_length=1)


class RoutingTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(min_length=1)
    description: str = ""
    task_forces: dict[str, str] = Field(min_length=1)  # code -> name (for reasons)
    rules: list[Rule] = Field(min_length=1)
    fallback: Rule
    priority_rules: list[PriorityRule] = Field(default_factory=list)

    @field_validator("task_forces")
    @classmethod
    def _codes(cls, value: dict[str, str]) -> dict[str, str]:
        import re

        bad = [code for code in value if not re.match(_CODE, code)]
        if bad:
            raise ValueError(f"专班代码只能用大写英文字母、数字和下划线：{'、'.join(bad)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> RoutingTable:
        ids = [r.id for r in self.rules] + [self.fallback.id] + [p.id for p in self.priority_rules]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"rule ids must be unique: {dupes}")
        if self.fallback.when is not None:
            raise ValueError("the fallback rule must not have a 'when' condition")
        for rule in [*self.rules, self.fallback]:
            if rule.then.task_force not in self.task_forces:
                raise ValueError(
                    f"rule {rule.id!r} routes to {rule.then.task_force!r}, "
                    f"which is not in task_forces"
                )
        return self

    def task_force_name(self, code: str) -> str:
        return self.task_forces.get(code, code)


# --- evaluation ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evaluation:
    rule: Rule
    task_force: str
    priority: Priority
    notify: tuple[str, ...]
    used: frozenset[str]  # facts the deciding condition looked at (for reasons)
    priority_rule: PriorityRule | None


def _in(value: str | None, allowed: Sequence[str | None]) -> bool:
    return value in allowed


def _holds(cond: Condition, facts: Facts, task_force: str | None, used: set[str]) -> bool:
    """True if ``cond`` holds; adds the names of the facts it relied on to ``used``."""
    local: set[str] = set()
    checks: list[tuple[bool, str]] = []
    if cond.sector is not None:
        checks.append((_in(facts.sector, cond.sector), "sector"))
    if cond.ownership is not None:
        checks.append((_in(facts.ownership, cond.ownership), "ownership"))
    if cond.funding is not None:
        checks.append((_in(facts.funding, cond.funding), "funding"))
    if cond.township is not None:
        checks.append((_in(facts.township, cond.township), "township"))
    if cond.task_force is not None:
        checks.append((task_force in cond.task_force, "task_force"))
    if cond.flags_any is not None:
        checks.append((any(f in facts.flags for f in cond.flags_any), "flags"))
    if cond.flags_all is not None:
        checks.append((all(f in facts.flags for f in cond.flags_all), "flags"))
    if cond.flags_none is not None:
        checks.append((not any(f in facts.flags for f in cond.flags_none), ""))
    if cond.keywords_any is not None:
        hit = [k for k in cond.keywords_any if k in facts.keywords]
        checks.append((bool(hit), "keywords:" + ",".join(hit)))
    if cond.keywords_all is not None:
        ok = all(k in facts.keywords for k in cond.keywords_all)
        checks.append((ok, "keywords:" + ",".join(cond.keywords_all)))
    if cond.keywords_none is not None:
        checks.append((not any(k in facts.keywords for k in cond.keywords_none), ""))
    if cond.terms_any is not None:
        checks.append((any(t in facts.text for t in cond.terms_any), "terms"))
    if cond.headcount_min is not None:
        checks.append(
            (facts.headcount is not None and facts.headcount >= cond.headcount_min, "headcount")
        )
    if cond.headcount_max is not None:
        checks.append(
            (facts.headcount is not None and facts.headcount <= cond.headcount_max, "headcount")
        )
    if cond.amount_min is not None:
        checks.append(
            (facts.amount_yuan is not None and facts.amount_yuan >= cond.amount_min, "amount")
        )
    if cond.amount_max is not None:
        checks.append(
            (facts.amount_yuan is not None and facts.amount_yuan <= cond.amount_max, "amount")
        )
    if cond.employer_matched is not None:
        checks.append((facts.employer_matched == cond.employer_matched, "employer"))
    for ok, name in checks:
        if not ok:
            return False
        if name:
            local.add(name)
    if cond.all_ is not None and not all(_holds(c, facts, task_force, local) for c in cond.all_):
        return False
    # any(): the first alternative that holds is the one that explains the decision
    if cond.any_ is not None and not any(_holds(c, facts, task_force, local) for c in cond.any_):
        return False
    if cond.not_ is not None and _holds(cond.not_, facts, task_force, set()):
        return False
    used |= local
    return True


def evaluate(table: RoutingTable, facts: Facts) -> Evaluation:
    used: set[str] = set()
    decided = table.fallback
    for rule in table.rules:
        attempt: set[str] = set()
        if rule.when is None or _holds(rule.when, facts, None, attempt):
            decided, used = rule, attempt
            break
    tf = decided.then.task_force
    priority: Priority = decided.then.priority
    notify = list(decided.then.notify)
    fired: PriorityRule | None = None
    for prule in table.priority_rules:
        if prule.when is None or _holds(prule.when, facts, tf, set()):
            fired = prule
            if PRIORITIES.index(prule.priority) > PRIORITIES.index(priority):
                priority = prule.priority
            notify += prule.notify
            break
    return Evaluation(decided, tf, priority, tuple(dict.fromkeys(notify)), frozenset(used), fired)


# --- YAML with line numbers ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleIssue:
    line: int | None  # 1-based line in the YAML file
    path: str  # e.g. rules[3].when.sector
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "file"
        return f"{where}: {self.path}: {self.reason}" if self.path else f"{where}: {self.reason}"


class RuleFileError(ValueError):
    """A routing table file that does not validate; ``issues`` carry line and reason."""

    def __init__(self, issues: Iterable[RuleIssue]) -> None:
        self.issues = list(issues)
        super().__init__("\n".join(str(i) for i in self.issues) or "invalid routing table")


def _collect_lines(
    node: yaml.Node, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int]
) -> list[RuleIssue]:
    """Record the 1-based line of every key and item; report duplicate keys."""
    lines[path] = node.start_mark.line + 1
    issues: list[RuleIssue] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                issues.append(
                    RuleIssue(key_node.start_mark.line + 1, _fmt(path), f"字段“{key}”重复出现")
                )
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            issues += _collect_lines(value_node, (*path, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            issues += _collect_lines(item, (*path, i), lines)
    return issues


def _fmt(path: Sequence[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_for(loc: Sequence[Any], lines: dict[tuple[Any, ...], int]) -> int | None:
    path = tuple(loc)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def load_table_yaml(text: str, *, lexicon_names: Iterable[str] | None = None) -> RoutingTable:
    """Parse and validate a routing table; raise RuleFileError with line numbers if invalid."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line, reason = rule_errors.explain_yaml(exc)
        raise RuleFileError([RuleIssue(line, "", reason)]) from exc
    except yaml.YAMLError as exc:
        raise RuleFileError([RuleIssue(None, "", f"YAML 格式错误：{exc}")]) from exc
    if node is None:
        raise RuleFileError([RuleIssue(1, "", "文件是空的")])
    lines: dict[tuple[Any, ...], int] = {}
    duplicates = _collect_lines(node, (), lines)
    if duplicates:
        raise RuleFileError(duplicates)
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise RuleFileError(
            [
                RuleIssue(
                    lines.get(()), "", "路由表应为“键: 值”的映射（version、task_forces、rules…）"
                )
            ]
        )
    # problems between parts (an unknown task force, a repeated id) at their own lines,
    # found even when other parts fail validation: every problem is reported at once
    issues = [
        RuleIssue(_line_for(path, lines), _fmt(path), reason)
        for path, reason in rule_errors.cross_check(data)
    ]
    context = {"lexicons": frozenset(lexicon_names)} if lexicon_names is not None else None
    try:
        table = RoutingTable.model_validate(data, context=context)
    except ValidationError as exc:
        for err in exc.errors():
            # pydantic adds the union member / model name to loc for nested unions; drop them
            loc = [p for p in err["loc"] if not (isinstance(p, str) and p[:1].isupper())]
            if not loc and issues:
                continue  # the whole-table check; cross_check said where, line by line
            reason = rule_errors.explain_validation(err, loc, RoutingTable)
            issues.append(RuleIssue(_line_for(loc, lines), _fmt(loc), reason))
        raise RuleFileError(sorted(issues, key=lambda i: (i.line or 0, i.path))) from exc
    if issues:
        raise RuleFileError(sorted(issues, key=lambda i: (i.line or 0, i.path)))
    return table


def load_table_file(
    path: str | Path, *, lexicon_names: Iterable[str] | None = None
) -> RoutingTable:
    return load_table_yaml(Path(path).read_text(encoding="utf-8"), lexicon_names=lexicon_names)


def dump_table_yaml(table: RoutingTable) -> str:
    data = table.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=False)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


@lru_cache(maxsize=1)
def default_table() -> RoutingTable:
    from routing.lexicons import default_lexicons

    return load_table_file(DEFAULT_TABLE_PATH, lexicon_names=default_lexicons().names)
