"""The dashboard's weekly figures, kept pre-aggregated in `ticket_week_stat`.

Every ticket write (opening, each action, the sweeper's batches) adds the difference it
makes to its row of (week received, task force, township), in the same transaction, with
an increment (`n = n + delta`), so concurrent writers never lose each other's counts. The
figures are functions of the ticket row alone (deadlines count as missed once the sweeper
has marked the ticket overdue), which is what makes them storable; `stats.count_tickets`
computes the same figures from the tickets themselves (the full recount, used by the
weekly report and by the test that the two agree). `rebuild` fills the table from scratch
(after a bulk load, or if it is ever in doubt: `anxin report rebuild-weeks`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from intake.localtime import as_utc, local_zone
from intake.reports.stats import NOT_OWED, CountRow, Counts, Weeks, count_tickets
from models import Complaint, Ticket, TicketWeekStat
from models.codes.ticket_status import OPEN_STATUSES, Status

COUNT_FIELDS = tuple(f.name for f in fields(Counts))
_OPEN = frozenset(OPEN_STATUSES)
Key = tuple[date, str, str]


@dataclass(frozen=True, slots=True)
class TicketState:
    """What of a ticket the figures depend on."""

    created_at: datetime
    task_force_code: str
    township: str
    status: str
    accepted_at: datetime | None
    accept_due_at: datetime | None
    resolved_at: datetime | None
    resolve_due_at: datetime | None
    escalated_at: datetime | None
    overdue: bool
    outcome_code: str | None
    recovered_fen: int | None
    followup_satisfied: bool | None
    claimed_fen: int | None

    @classmethod
    def of(cls, ticket: Any, claimed_fen: int | None, **changes: Any) -> TicketState:
        values = {f: getattr(ticket, f) for f in _TICKET_FIELDS}
        values.update({k: v for k, v in changes.items() if k in _TICKET_FIELDS})
        return cls(**values, claimed_fen=claimed_fen)


_TICKET_FIELDS = tuple(f.name for f in fields(TicketState) if f.name != "claimed_fen")


def week_of(moment: datetime) -> date:
    """The Monday of the local week (ANXIN_TIMEZONE) of `moment`, as the dashboard's ranges
    count weeks: a change of zone needs `anxin report rebuild-weeks`."""
    day = as_utc(moment).astimezone(local_zone()).date()
    return day - timedelta(days=day.weekday())


def _before(a: datetime | None, b: datetime | None) -> bool:
    return a is not None and b is not None and as_utc(a) <= as_utc(b)


def contribution(t: TicketState) -> Counts:
    """The ticket's share of its row; the same rules as stats.count_tickets."""
    if t.status == Status.MERGED.value:
        return Counts()
    resolved = t.resolved_at is not None
    owed = resolved and t.outcome_code is not None and t.outcome_code not in NOT_OWED
    claimed = t.claimed_fen or 0
    return Counts(
        received=1,
        accepted=int(t.accepted_at is not None),
        accepted_on_time=int(_before(t.accepted_at, t.accept_due_at)),
        accept_late_pending=int(
            t.accepted_at is None and t.status == Status.NEW.value and t.overdue
        ),
        went_overdue=int(t.escalated_at is not None or t.overdue),
        resolved=int(resolved),
        closed=int(t.status == Status.CLOSED.value),
        open_now=int(t.status in _OPEN),
        claimed_fen=claimed,
        claimed_settled_fen=claimed if owed else 0,
        recovered_fen=t.recovered_fen or 0,
        followup_answered=int(t.followup_satisfied is not None),
        satisfied=int(t.followup_satisfied is True),
        resolve_due=int(
            resolved or (t.accepted_at is not None and t.overdue and t.status in _OPEN)
        ),
        resolved_on_time=int(
            resolved and (t.resolve_due_at is None or _before(t.resolved_at, t.resolve_due_at))
        ),
        resolved_owed=int(owed),
        overdue_open=int(t.overdue and t.status in _OPEN),
    )


def _key(t: TicketState) -> Key:
    return (week_of(t.created_at), t.task_force_code or "", t.township or "")


def _diff(after: Counts, before: Counts) -> Counts:
    return Counts(*(getattr(after, n) - getattr(before, n) for n in COUNT_FIELDS))


async def record(
    session: AsyncSession, changes: Iterable[tuple[TicketState | None, TicketState | None]]
) -> None:
    """Add what each (before, after) change of a ticket makes to the stored rows."""
    deltas: dict[Key, Counts] = {}
    for before, after in changes:
        if before is not None:
            deltas.setdefault(_key(before), Counts()).add(_diff(Counts(), contribution(before)))
        if after is not None:
            deltas.setdefault(_key(after), Counts()).add(contribution(after))
    await _add(session, {k: d for k, d in deltas.items() if any(_values(d))})


def _values(c: Counts) -> list[int]:
    return [getattr(c, n) for n in COUNT_FIELDS]


async def _add(session: AsyncSession, deltas: dict[Key, Counts]) -> None:
    if not deltas:
        return
    table: Any = TicketWeekStat.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
    for (week, tf, town), delta in sorted(deltas.items()):  # one order: no deadlocks
        row = {"week": week, "task_force_code": tf, "township": town}
        row.update({n: getattr(delta, n) for n in COUNT_FIELDS})
        stmt = upsert(table).values(**row)
        stmt = stmt.on_conflict_do_update(
            index_elements=["week", "task_force_code", "township"],
            set_={n: table.c[n] + stmt.excluded[n] for n in COUNT_FIELDS},
        )
        await session.execute(stmt)


async def claimed_amounts(session: AsyncSession, complaint_ids: Iterable[int]) -> dict[int, int]:
    ids = sorted(set(complaint_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(col(Complaint.id), col(Complaint.amount_fen)).where(col(Complaint.id).in_(ids))
    )
    return {int(i or 0): int(a or 0) for i, a in rows.tuples()}


def _state_columns() -> list[Any]:
    """Ticket id, the state's columns, and the complaint's amount."""
    return [
        col(Ticket.id),
        *(col(getattr(Ticket, f)) for f in _TICKET_FIELDS),
        col(Complaint.amount_fen),
    ]


async def states(session: AsyncSession, ticket_ids: Sequence[int]) -> dict[int, TicketState]:
    """The tickets' current states (as committed in this transaction)."""
    if not ticket_ids:
        return {}
    rows = await session.execute(
        select(*_state_columns())
        .join(Complaint, col(Complaint.id) == col(Ticket.complaint_id))
        .where(col(Ticket.id).in_(list(ticket_ids)))
    )
    out: dict[int, TicketState] = {}
    for row in rows.tuples():
        values = dict(zip(_TICKET_FIELDS, row[1:-1], strict=True))
        out[int(row[0])] = TicketState(**values, claimed_fen=row[-1])
    return out


async def load_rows(session: AsyncSession, weeks: Weeks) -> list[CountRow]:
    """The stored rows of `weeks`, as count_tickets returns them (week = index). Plain
    tuples, not ORM objects: building two thousand of those took longer than the query."""
    index = {monday: i for i, monday in enumerate(weeks.starts)}
    table: Any = TicketWeekStat.__table__  # type: ignore[attr-defined]
    rows = await session.execute(
        select(table.c.week, table.c.task_force_code, table.c.township, *_count_columns(table))
        .where(table.c.week.in_(list(weeks.starts)))
        .where(table.c.received > 0)  # a row every ticket has left (merged, moved)
    )
    return [
        CountRow(
            week=index[r[0]],
            task_force_code=r[1],
            township=r[2],
            counts=Counts(*r[3:]),  # integer columns: ints from either driver
        )
        for r in rows.tuples()
    ]


@dataclass(frozen=True)
class Drift:
    """One (week, task force, township) whose kept figures differ from a recount."""

    monday: date
    task_force_code: str
    township: str
    kept: Counts
    recounted: Counts

    def fields_apart(self) -> list[tuple[str, int, int]]:
        return [
            (f.name, getattr(self.kept, f.name), getattr(self.recounted, f.name))
            for f in fields(Counts)
            if getattr(self.kept, f.name) != getattr(self.recounted, f.name)
        ]


def by_row(rows: Iterable[CountRow]) -> dict[tuple[int, str, str], Counts]:
    """Counts per (week, task force, township), rows of the same key added up."""
    out: dict[tuple[int, str, str], Counts] = {}
    for r in rows:
        if r.counts.received:  # a kept row emptied by a move reads as all zeros
            out.setdefault((r.week, r.task_force_code, r.township), Counts()).add(r.counts)
    return out


async def drift(session: AsyncSession, weeks: Weeks, *, now: datetime) -> list[Drift]:
    """Where the kept figures of `weeks` disagree with a fresh count of the tickets; empty
    when they agree (`anxin report check-weeks`; `rebuild-weeks` mends a drift)."""
    kept = by_row(await load_rows(session, weeks))
    recount = await count_tickets(
        session, since=weeks.since, until=weeks.until, now=now, weeks=weeks
    )
    counted = by_row(recount)
    return [
        Drift(
            weeks.starts[key[0]],
            key[1],
            key[2],
            kept.get(key, Counts()),
            counted.get(key, Counts()),
        )
        for key in sorted(kept.keys() | counted.keys())
        if kept.get(key, Counts()) != counted.get(key, Counts())
    ]


def unit_columns() -> tuple[Any, Any]:
    """The stored rows' task force and township columns (for Viewer.unit_clause)."""
    table: Any = TicketWeekStat.__table__  # type: ignore[attr-defined]
    return table.c.task_force_code, table.c.township


async def sums(
    session: AsyncSession,
    weeks: Weeks,
    by: Sequence[str],
    where: Sequence[Any] = (),
) -> list[tuple[tuple[Any, ...], Counts]]:
    """The stored figures of `weeks` summed per `by` (columns of the table; "week" gives
    the week's index), in the database: the dashboard reads a row per unit and week, not
    every stored row. Groups no ticket is in any more (merged, moved) are left out."""
    index = {monday: i for i, monday in enumerate(weeks.starts)}
    table: Any = TicketWeekStat.__table__  # type: ignore[attr-defined]
    keys = [table.c[name] for name in by]
    rows = await session.execute(
        select(*keys, *(func.sum(table.c[n]) for n in COUNT_FIELDS))
        .where(table.c.week.in_(list(weeks.starts)), *where)
        .group_by(*keys)
        .having(func.sum(table.c.received) > 0)
    )
    out: list[tuple[tuple[Any, ...], Counts]] = []
    for row in rows.tuples():
        key = tuple(index[v] if n == "week" else v for n, v in zip(by, row, strict=False))
        out.append((key, Counts(*(int(v or 0) for v in row[len(by) :]))))
    return out


async def sums_per_unit(
    session: AsyncSession, weeks: Weeks
) -> tuple[dict[str, Counts], dict[str, Counts]]:
    """The figures of `weeks` per task force and per township (for the ranking), both in
    one round trip."""
    table: Any = TicketWeekStat.__table__  # type: ignore[attr-defined]
    totals = [func.sum(table.c[n]) for n in COUNT_FIELDS]
    period = table.c.week.in_(list(weeks.starts))
    per_force = (
        select(literal(0).label("kind"), table.c.task_force_code.label("unit"), *totals)
        .where(period)
        .group_by(table.c.task_force_code)
        .having(func.sum(table.c.received) > 0)
    )
    per_town = (
        select(literal(1), table.c.township, *totals)
        .where(period)
        .group_by(table.c.township)
        .having(func.sum(table.c.received) > 0)
    )
    out: tuple[dict[str, Counts], dict[str, Counts]] = ({}, {})
    for row in (await session.execute(union_all(per_force, per_town))).tuples():
        out[row[0]][row[1]] = Counts(*(int(v or 0) for v in row[2:]))
    return out


async def open_now(session: AsyncSession, where: Sequence[Any] = ()) -> tuple[int, int]:
    """(open, open and overdue) now, whenever received, within `where`."""
    table: Any = TicketWeekStat.__table__  # type: ignore[attr-defined]
    row = (
        await session.execute(
            select(func.sum(table.c.open_now), func.sum(table.c.overdue_open)).where(*where)
        )
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def _count_columns(table: Any) -> list[Any]:
    return [table.c[n] for n in COUNT_FIELDS]


def add_rows(totals: dict[Key, Counts], rows: Iterable[Sequence[Any]]) -> None:
    """Add tickets given as rows of `_state_columns()` to `totals`."""
    for row in rows:
        values = dict(zip(_TICKET_FIELDS, row[1:-1], strict=True))
        state = TicketState(**values, claimed_fen=row[-1])
        totals.setdefault(_key(state), Counts()).add(contribution(state))


def stored_rows(totals: dict[Key, Counts]) -> list[dict[str, Any]]:
    return [
        {"week": w, "task_force_code": tf, "township": town}
        | {n: getattr(c, n) for n in COUNT_FIELDS}
        for (w, tf, town), c in sorted(totals.items())
    ]


def rebuild_sync(connection: Any, *, chunk: int = 20000) -> int:
    """`rebuild` on a synchronous connection (the migration that adds the table)."""
    tickets: Any = Ticket.__table__  # type: ignore[attr-defined]
    complaints: Any = Complaint.__table__  # type: ignore[attr-defined]
    table: Any = TicketWeekStat.__table__  # type: ignore[attr-defined]
    columns = [tickets.c.id, *(tickets.c[f] for f in _TICKET_FIELDS), complaints.c.amount_fen]
    totals: dict[Key, Counts] = {}
    last = 0
    while True:
        rows = connection.execute(
            select(*columns)
            .select_from(tickets.join(complaints, complaints.c.id == tickets.c.complaint_id))
            .where(tickets.c.id > last)
            .order_by(tickets.c.id)
            .limit(chunk)
        ).all()
        add_rows(totals, rows)
        if len(rows) < chunk:
            break
        last = int(rows[-1][0])
    connection.execute(delete(table))
    payload = stored_rows(totals)
    for start in range(0, len(payload), 1000):
        connection.execute(insert(table), payload[start : start + 1000])
    return len(payload)


async def rebuild(session: AsyncSession, *, chunk: int = 20000) -> int:
    """Recount every ticket into the table from scratch; returns the number of rows."""
    await session.execute(delete(TicketWeekStat))
    totals: dict[Key, Counts] = {}
    last = 0
    while True:
        rows = (
            await session.execute(
                select(*_state_columns())
                .join(Complaint, col(Complaint.id) == col(Ticket.complaint_id))
                .where(col(Ticket.id) > last)
                .order_by(col(Ticket.id))
                .limit(chunk)
            )
        ).all()
        add_rows(totals, rows)
        if len(rows) < chunk:
            break
        last = int(rows[-1][0])
    table: Any = TicketWeekStat.__table__  # type: ignore[attr-defined]
    payload = stored_rows(totals)
    for start in range(0, len(payload), 1000):
        await session.execute(insert(table), payload[start : start + 1000])
    return len(payload)
