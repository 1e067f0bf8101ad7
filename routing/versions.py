"""Routing table versions in the database: drafts, simulation, publish, rollback.

Exactly one version is `published`; publishing archives the previous one and records who,
when and the diff (YAML diff plus the simulation summary over stored complaints). Rollback
publishes a copy of an older version as a new version, so history only grows.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, delete, select

from models import AuditLog, Complaint, RoutingRule, RoutingTableVersion
from models.base import utcnow
from routing.lexicons import LexiconSet, default_lexicons, parse_lexicon_yaml
from routing.router import Router
from routing.rules import RoutingTable, RuleFileError, RuleIssue, default_table, load_table_yaml
from routing.simulate import Case, SimulationReport, simulate

PUBLISHED, DRAFT, ARCHIVED = "published", "draft", "archived"


class VersionError(ValueError):
    """A version operation that cannot be done (unknown version, wrong status, ...)."""


@dataclass(frozen=True)
class LoadedTable:
    row: RoutingTableVersion
    table: RoutingTable
    lexicons: LexiconSet


def version_label(number: int) -> str:
    return f"v{number}"


def build_lexicons(lexicons_yaml: dict[str, str]) -> LexiconSet:
    """The packaged lexicons with the groups a version overrides replaced."""
    if not lexicons_yaml:
        return default_lexicons()
    return _built_lexicons(tuple(lexicons_yaml.items()))


@lru_cache(maxsize=16)
def _built_lexicons(groups: tuple[tuple[str, str], ...]) -> LexiconSet:
    """Compiling a group's patterns takes a second or more, and one version is read again on
    every save, simulation, publish, history page and router reload: built once per content
    (a LexiconSet is not changed after it is built)."""
    overridden = {group for group, _ in groups}
    kept = [lex for lex in default_lexicons() if lex.group not in overridden]
    extra = []
    for group, text in groups:
        extra.extend(parse_lexicon_yaml(text, group, where=f"lexicons/{group}.yaml"))
    return LexiconSet([*kept, *extra])


def parse_version(
    yaml_text: str, lexicons_yaml: dict[str, str] | None = None, *, label: str = "draft"
) -> tuple[RoutingTable, LexiconSet]:
    """Validate a table (and its lexicons); raise RuleFileError with line numbers."""
    try:
        lexicons = build_lexicons(lexicons_yaml or {})
    except ValueError as exc:
        raise RuleFileError([RuleIssue(None, "lexicons", str(exc))]) from exc
    table = load_table_yaml(yaml_text, lexicon_names=lexicons.names)
    return table.model_copy(update={"version": label}), lexicons


async def _next_number(session: AsyncSession) -> int:
    current = await session.scalar(select(func.max(RoutingTableVersion.version)))
    return (current or 0) + 1


async def save_draft(
    session: AsyncSession,
    *,
    yaml_text: str,
    lexicons_yaml: dict[str, str] | None = None,
    user_id: int | None = None,
    comment: str = "",
) -> RoutingTableVersion:
    """Store a validated draft as the next version number."""
    yaml_text = normalise_newlines(yaml_text)
    table, _ = parse_version(yaml_text, lexicons_yaml)
    for _attempt in range(5):  # two admins saving at once: the unique version decides
        number = await _next_number(session)
        row = RoutingTableVersion(
            version=number,
            status=DRAFT,
            source_yaml=yaml_text,
            lexicons_yaml=dict(lexicons_yaml or {}),
            comment=comment[:512],
            created_by=user_id,
        )
        try:
            async with session.begin_nested():
                session.add(row)
                await session.flush()
        except IntegrityError:
            continue
        await _store_rules(session, row, table)
        return row
    raise VersionError("could not allocate a version number; try again")


async def _store_rules(
    session: AsyncSession, row: RoutingTableVersion, table: RoutingTable
) -> None:
    assert row.id is not None
    await session.execute(delete(RoutingRule).where(col(RoutingRule.table_id) == row.id))
    for position, rule in enumerate([*table.rules, table.fallback]):
        session.add(
            RoutingRule(
                table_id=row.id,
                position=position,
                rule_key=rule.id,
                description=rule.description,
                conditions=rule.when.model_dump(mode="json", by_alias=True, exclude_none=True)
                if rule.when
                else {},
                outcome=rule.then.model_dump(mode="json"),
            )
        )
    await session.flush()


async def get_version(session: AsyncSession, number: int) -> RoutingTableVersion:
    row = await session.scalar(
        select(RoutingTableVersion).where(RoutingTableVersion.version == number)
    )
    if row is None:
        raise VersionError(f"no routing table version {number}")
    return row


async def list_versions(session: AsyncSession) -> list[RoutingTableVersion]:
    return list(
        await session.scalars(
            select(RoutingTableVersion).order_by(col(RoutingTableVersion.version).desc())
        )
    )


async def published_row(session: AsyncSession) -> RoutingTableVersion | None:
    return await session.scalar(
        select(RoutingTableVersion).where(RoutingTableVersion.status == PUBLISHED)
    )


def load_row(row: RoutingTableVersion) -> LoadedTable:
    table, lexicons = parse_version(
        row.source_yaml, row.lexicons_yaml, label=version_label(row.version)
    )
    return LoadedTable(row, table, lexicons)


async def load_published(session: AsyncSession) -> LoadedTable | None:
    row = await published_row(session)
    return None if row is None else load_row(row)


Masker = Callable[[Complaint], str]


async def stored_cases(
    session: AsyncSession, *, limit: int = 20000, mask: Masker | None = None
) -> list[Case]:
    """The stored complaints as routing cases (newest first), for simulation; `mask` gives
    the text a report may show (the caller's masking of personal data)."""
    rows = await session.scalars(select(Complaint).order_by(col(Complaint.id).desc()).limit(limit))
    return [complaint_case(c, mask) for c in rows]


async def simulate_version(
    session: AsyncSession,
    *,
    number: int,
    router: Router,
    cases: list[Case] | None = None,
    mask: Masker | None = None,
) -> SimulationReport:
    """Version `number` against the published table, over `cases` or the stored complaints.

    Classification uses the version's own lexicons: they may change what the facts are."""
    draft = load_row(await get_version(session, number))
    current = await load_published(session)
    if cases is None:
        cases = await stored_cases(session, mask=mask)
    old = current.table if current else default_table()
    return simulate(router.with_table(draft.table, draft.lexicons), old, draft.table, cases)


def complaint_case(c: Complaint, mask: Masker | None = None) -> Case:
    fields: dict[str, Any] = {
        "employer_name": c.employer_name_typed,
        "project_name": c.project_name,
        "township": c.township,
        "headcount": c.headcount or 0,
        "amount_yuan": (c.amount_fen or 0) // 100,
    }
    shown = mask(c) if mask is not None else ""
    return Case(text=c.description, fields=fields, ref=f"complaint {c.id}", shown=shown)


def normalise_newlines(text: str) -> str:
    """LF only: a browser's textarea sends CRLF, which would make every line differ."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def yaml_diff(old: str, new: str, old_label: str, new_label: str) -> str:
    return "".join(
        difflib.unified_diff(
            normalise_newlines(old).splitlines(keepends=True),
            normalise_newlines(new).splitlines(keepends=True),
            fromfile=old_label,
            tofile=new_label,
        )
    )


async def publish(
    session: AsyncSession,
    *,
    number: int,
    user_id: int | None,
    simulation: SimulationReport | None = None,
    now: datetime | None = None,
    audit: dict[str, Any] | None = None,
    audit_action: str = "routing.publish",
) -> RoutingTableVersion:
    """Publish a draft: archive the current table, record who, when and the diff.

    The audit trail gets an `audit_action` row; `audit` adds to its detail."""
    row = await get_version(session, number)
    if row.status == PUBLISHED:
        raise VersionError(f"version {number} is already published")
    load_row(row)  # a stored version that no longer validates is never published
    current = await published_row(session)
    old_lexicons = current.lexicons_yaml if current else {}
    diff: dict[str, Any] = {
        "from_version": current.version if current else None,
        "yaml_diff": yaml_diff(
            current.source_yaml if current else "",
            row.source_yaml,
            version_label(current.version) if current else "(none)",
            version_label(row.version),
        ),
        "lexicon_groups_changed": sorted(
            g
            for g in set(row.lexicons_yaml) | set(old_lexicons)
            if row.lexicons_yaml.get(g) != old_lexicons.get(g)
        ),
    }
    if simulation is not None:
        diff["simulation"] = simulation.to_dict()
    if current is not None:
        current.status = ARCHIVED
        session.add(current)
        await session.flush()  # the partial "one published" rule is enforced in this order
    row.status = PUBLISHED
    row.published_by = user_id
    row.published_at = now or utcnow()
    row.publish_diff = diff
    session.add(row)
    session.add(
        AuditLog(
            actor_user_id=user_id,
            action=audit_action,
            object_type="routing_table",
            object_id=str(row.version),
            detail={
                "version": row.version,
                "from_version": diff["from_version"],
                "comment": row.comment,
                "changed_task_force": simulation.changed_task_force if simulation else None,
                **(audit or {}),
            },
            created_at=row.published_at,
        )
    )
    await session.flush()
    return row


async def rollback(
    session: AsyncSession,
    *,
    to_number: int,
    user_id: int | None,
    reason: str = "",
    now: datetime | None = None,
) -> RoutingTableVersion:
    """Publish a copy of an earlier version as a new version (audited as a rollback)."""
    old = await get_version(session, to_number)
    copy = await save_draft(
        session,
        yaml_text=old.source_yaml,
        lexicons_yaml=old.lexicons_yaml,
        user_id=user_id,
        comment=f"回滚到 {version_label(to_number)}" + (f"：{reason}" if reason else ""),
    )
    return await publish(
        session,
        number=copy.version,
        user_id=user_id,
        now=now,
        audit={"rollback_to": to_number, "reason": reason},
        audit_action="routing.rollback",
    )
