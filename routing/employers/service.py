"""The employer registry in the database: import, confirmed aliases, and the in-memory index.

Keyword-only async functions over a session; none of them commits (the caller's unit of work
does, e.g. `models.db.session_scope`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from models.base import utcnow
from models.employers import Employer, EmployerAlias
from models.upserts import insert_on_conflict
from routing.employers.importer import RowError
from routing.employers.index import EmployerIndex
from routing.employers.normalize import normalize_text
from routing.employers.registry import EmployerRecord

_CHUNK = 500  # ids per IN (...) query
# A spelling confirmed again, for whichever employer, moves to the latest one.
_REMEMBER_ALIAS = insert_on_conflict(
    EmployerAlias.__table__,  # type: ignore[attr-defined]
    columns=["alias", "employer_id", "source", "confirmed_by", "created_at"],
    conflict=["alias"],
    update={
        "employer_id": "excluded.employer_id",
        "source": "excluded.source",
        "confirmed_by": "excluded.confirmed_by",
    },
)


@dataclass
class ImportReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def summary(self) -> str:
        return (
            f"新增 {self.inserted}，更新 {self.updated}，未变 {self.unchanged}，"
            f"错误 {len(self.errors)}"
            f" / inserted {self.inserted}, updated {self.updated}, unchanged {self.unchanged},"
            f" errors {len(self.errors)}"
        )


def record_of(row: Employer) -> EmployerRecord:
    return EmployerRecord(
        id=row.registry_id,
        name=row.name,
        uscc=row.uscc or "",
        sector=row.sector,
        ownership=row.ownership,
        township=row.township,
    )


def _fields(rec: EmployerRecord) -> dict[str, Any]:
    return {
        "name": rec.name,
        "uscc": rec.uscc or None,
        "sector": rec.sector,
        "ownership": rec.ownership,
        "township": rec.township,
    }


async def import_records(
    session: AsyncSession, *, records: Sequence[EmployerRecord]
) -> ImportReport:
    """Upsert by registry id: a second import of the same file changes nothing.

    A record whose USCC already belongs to another registry id is not stored and is reported
    (its line is unknown here: `RowError.line` is 0 and `row_id` names it)."""
    report = ImportReport()
    for start in range(0, len(records), _CHUNK):
        chunk = records[start : start + _CHUNK]
        ids = [r.id for r in chunk]
        existing = {
            e.registry_id: e
            for e in await session.scalars(
                select(Employer).where(col(Employer.registry_id).in_(ids))
            )
        }
        codes = [r.uscc for r in chunk if r.uscc]
        owners = {
            e.uscc: e.registry_id
            for e in await session.scalars(select(Employer).where(col(Employer.uscc).in_(codes)))
        }
        for rec in chunk:
            owner = owners.get(rec.uscc) if rec.uscc else None
            if owner is not None and owner != rec.id:
                report.errors.append(
                    RowError(
                        0,
                        f"统一社会信用代码已属于id {owner} / USCC already belongs to id {owner}",
                        rec.id,
                    )
                )
                continue
            values = _fields(rec)
            row = existing.get(rec.id)
            if row is None:
                session.add(Employer(registry_id=rec.id, **values))
                report.inserted += 1
            elif any(getattr(row, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(row, k, v)
                session.add(row)
                report.updated += 1
            else:
                report.unchanged += 1
            if rec.uscc:
                owners[rec.uscc] = rec.id
        await session.flush()
    return report


async def confirm_alias(
    session: AsyncSession,
    *,
    text: str,
    registry_id: str,
    source: str = "worker",
    confirmed_by: int | None = None,
) -> EmployerAlias | None:
    """Remember that `text` means this employer; None when the text is empty or the id unknown.
    A spelling confirmed again for another employer moves to it."""
    alias = normalize_text(text)
    employer = await session.scalar(select(Employer).where(Employer.registry_id == registry_id))
    if not alias or employer is None or employer.id is None:
        return None
    await remember_alias(
        session, alias=alias, employer_id=employer.id, source=source, confirmed_by=confirmed_by
    )
    return await session.scalar(
        select(EmployerAlias)
        .where(EmployerAlias.alias == alias)
        .execution_options(populate_existing=True)
    )


async def remember_alias(
    session: AsyncSession,
    *,
    alias: str,
    employer_id: int,
    source: str = "worker",
    confirmed_by: int | None = None,
) -> None:
    """Store that the normalized spelling `alias` means the employer row `employer_id`; a
    spelling confirmed again for another employer moves to it."""
    # an upsert, not select-then-insert: two workers confirming the same spelling at once
    # must not fail one of the complaints on the unique index
    await session.execute(
        _REMEMBER_ALIAS,
        {
            "alias": alias,
            "employer_id": employer_id,
            "source": source,
            "confirmed_by": confirmed_by,
            "created_at": utcnow(),
        },
    )


async def load_index(session: AsyncSession) -> EmployerIndex:
    """The registry and its confirmed aliases as an index (built off the event loop: a large
    registry takes seconds)."""
    rows = list(await session.scalars(select(Employer)))
    aliases = [(a.alias, a.employer_id) for a in await session.scalars(select(EmployerAlias))]
    registry_id = {r.id: r.registry_id for r in rows}
    records = [record_of(r) for r in rows]

    def build() -> EmployerIndex:
        index = EmployerIndex.from_records(records)
        _add_aliases(index, ((text, registry_id.get(eid)) for text, eid in aliases))
        return index

    return await asyncio.to_thread(build)


def _add_aliases(index: EmployerIndex, pairs: Iterable[tuple[str, str | None]]) -> None:
    for text, rid in pairs:
        if rid is not None:
            index.add_alias(text, rid)


async def registry_signature(session: AsyncSession) -> tuple[object, ...]:
    """Cheap to compute; changes whenever an employer or alias is added, edited or removed.
    A long-running process compares it now and then and reloads the index when it differs."""
    return (*await employers_signature(session), *await aliases_signature(session))


async def employers_signature(session: AsyncSession) -> tuple[object, ...]:
    return tuple((await session.execute(select(func.count(), func.max(Employer.updated_at)))).one())


async def aliases_signature(session: AsyncSession) -> AliasSignature:
    # the sum of employer ids moves when a spelling is re-confirmed for another employer
    count, max_id, id_sum = (
        await session.execute(
            select(func.count(), func.max(EmployerAlias.id), func.sum(EmployerAlias.employer_id))
        )
    ).one()
    return AliasSignature(count, max_id or 0, int(id_sum or 0))


@dataclass(frozen=True)
class AliasSignature:
    count: int
    max_id: int
    employer_id_sum: int

    def __iter__(self) -> Any:
        return iter((self.count, self.max_id, self.employer_id_sum))


@dataclass
class AliasFollower:
    """Which aliases a live index holds among those with ids above `floor`. Confirmations
    commit out of id order (two workers confirming at once), so "ids above the last one seen"
    would miss the one that committed second and force a rebuild, which takes seconds on a
    large registry."""

    floor: int
    applied: set[int] = field(default_factory=set)


# bounds the tail re-read on every change; past it the index is rebuilt once, with a new floor
MAX_FOLLOWED = 20_000
# An alias whose id was taken before a rebuild can commit after it. The follower starts this
# many ids below the largest one the rebuild saw, holding those it loaded, so that such a
# late commit is still taken in place.
LATE_COMMIT_MARGIN = 1_000


async def follower_for(session: AsyncSession, loaded: AliasSignature) -> AliasFollower:
    """The follower of an index just loaded in `session`'s snapshot, whose aliases signed
    `loaded` (see models.db.read_snapshot)."""
    floor = max(0, loaded.max_id - LATE_COMMIT_MARGIN)
    held = await session.scalars(select(col(EmployerAlias.id)).where(col(EmployerAlias.id) > floor))
    return AliasFollower(floor=floor, applied=set(held))


async def add_new_aliases(
    session: AsyncSession,
    index: EmployerIndex,
    *,
    since: AliasSignature,
    now: AliasSignature,
    follower: AliasFollower,
) -> bool:
    """Bring a live index from `since` to `now` by adding the aliases stored since, when new
    rows alone explain the change (the usual case: workers confirming spellings). False when
    something else happened (an alias removed or moved): the caller rebuilds the index."""
    if len(follower.applied) > MAX_FOLLOWED:
        return False
    rows = (
        await session.execute(
            select(
                col(EmployerAlias.id),
                EmployerAlias.alias,
                Employer.registry_id,
                EmployerAlias.employer_id,
            )
            .join(Employer, col(Employer.id) == col(EmployerAlias.employer_id))
            .where(col(EmployerAlias.id) > follower.floor)
        )
    ).all()
    new_rows = [r for r in rows if r.id not in follower.applied]
    explained = (
        since.count + len(new_rows) == now.count
        and since.employer_id_sum + sum(r.employer_id for r in new_rows) == now.employer_id_sum
    )
    if not explained:
        return False
    _add_aliases(index, ((r.alias, r.registry_id) for r in new_rows))
    follower.applied.update(r.id for r in new_rows)
    return True
