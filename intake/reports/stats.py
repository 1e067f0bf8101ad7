"""Counting tickets per unit and week: the one query behind the dashboard, the ranking and
the weekly report.

Tickets are counted in the week they were received (local time, weeks from Monday). Merged
tickets are duplicates folded into another and are not counted. Week buckets are computed
with a CASE over precomputed UTC boundaries, so the same SQL runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, literal_column, or_, text
from sqlalchemy import select as sa_select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from intake.localtime import as_utc, local_zone
from models import Complaint, Ticket
from models.codes.ticket_outcome import TicketOutcome
from models.codes.ticket_status import OPEN_STATUSES, Status

# Outcomes in which no money was owed here: their claims do not count against recovery.
NOT_OWED = (TicketOutcome.NO_ARREARS.value, TicketOutcome.OUT_OF_JURISDICTION.value)
_NOT_OWED = NOT_OWED


@dataclass(slots=True)
class Counts:
    received: int = 0
    accepted: int = 0
    accepted_on_time: int = 0
    accept_late_pending: int = 0  # still not accepted, marked overdue by the sweeper
    went_overdue: int = 0  # missed a deadline at some point (escalated by the sweeper)
    resolved: int = 0
    closed: int = 0
    open_now: int = 0
    claimed_fen: int = 0
    claimed_settled_fen: int = 0  # claims of resolved cases where money was owed
    recovered_fen: int = 0
    followup_answered: int = 0
    satisfied: int = 0
    resolve_due: int = 0  # resolved, or accepted and marked overdue (deadline passed)
    resolved_on_time: int = 0  # resolved by the resolution deadline
    resolved_owed: int = 0  # resolved cases where wages were owed (recovery's case count)
    overdue_open: int = 0  # unfinished and overdue now

    def add(self, other: Counts) -> None:
        # field by field, written out: the dashboard adds thousands of rows per view, and a
        # loop over dataclasses.fields() with getattr/setattr cost several times as much
        self.received += other.received
        self.accepted += other.accepted
        self.accepted_on_time += other.accepted_on_time
        self.accept_late_pending += other.accept_late_pending
        self.went_overdue += other.went_overdue
        self.resolved += other.resolved
        self.closed += other.closed
        self.open_now += other.open_now
        self.claimed_fen += other.claimed_fen
        self.claimed_settled_fen += other.claimed_settled_fen
        self.recovered_fen += other.recovered_fen
        self.followup_answered += other.followup_answered
        self.satisfied += other.satisfied
        self.resolve_due += other.resolve_due
        self.resolved_on_time += other.resolved_on_time
        self.resolved_owed += other.resolved_owed
        self.overdue_open += other.overdue_open

    @property
    def on_time_rate(self) -> float | None:
        """Accepted in time, among the tickets whose acceptance was due (及时受理率)."""
        due = self.accepted + self.accept_late_pending
        return self.accepted_on_time / due if due else None

    @property
    def recovery_rate(self) -> float | None:
        """Recovered over claimed, for resolved cases where wages were owed (追回率)."""
        if not self.claimed_settled_fen:
            return None
        return min(self.recovered_fen / self.claimed_settled_fen, 1.0)

    @property
    def satisfaction_rate(self) -> float | None:
        """Satisfied among follow-up answers (满意率)."""
        return self.satisfied / self.followup_answered if self.followup_answered else None

    @property
    def resolved_on_time_rate(self) -> float | None:
        """Resolved by the deadline, among the tickets whose resolution was due (按期办结率)."""
        return self.resolved_on_time / self.resolve_due if self.resolve_due else None


@dataclass(frozen=True)
class Weeks:
    """Consecutive local weeks; `starts[i]` is the Monday of week i."""

    starts: tuple[date, ...]
    tz: ZoneInfo = field(default_factory=local_zone)

    @classmethod
    def ending_with(cls, day: date, count: int, tz: ZoneInfo | None = None) -> Weeks:
        last_monday = day - timedelta(days=day.weekday())
        starts = tuple(last_monday - timedelta(weeks=n) for n in range(count - 1, -1, -1))
        return cls(starts, tz or local_zone())

    def boundary(self, monday: date) -> datetime:
        return datetime.combine(monday, time(0), self.tz).astimezone(UTC)

    @property
    def since(self) -> datetime:
        return self.boundary(self.starts[0])

    @property
    def until(self) -> datetime:
        return self.boundary(self.starts[-1] + timedelta(weeks=1))

    def labels(self) -> list[str]:
        return [f"{d:%m-%d}" for d in self.starts]


@dataclass(frozen=True)
class CountRow:
    week: int  # index into Weeks.starts (0 when not bucketed)
    task_force_code: str
    township: str
    counts: Counts


# PostgreSQL settings for the reporting queries of one transaction: enough memory to
# aggregate in a hash table (the planner cannot tell a week bucket has few values), and no
# JIT (its compile time, ~0.4 s here, exceeds the whole query).
_PG_REPORTING = ("SET LOCAL work_mem = '32MB'", "SET LOCAL jit = off")


async def _with_claimed_amount(
    session: AsyncSession, since: datetime, until: datetime
) -> tuple[Any, Any]:
    """(FROM clause, claimed-amount column): each ticket with its complaint's amount.

    On PostgreSQL the planner would hash-join every complaint ever filed to the few weeks
    asked for. A complaint is filed when its ticket opens, so the complaints received in
    the same period (an index-only range scan of ix_complaint_received) hold nearly every
    amount needed; a ticket whose complaint lies outside it (opened later by a retry)
    looks its amount up by id, so the result stays exact."""
    tickets: Any = Ticket.__table__  # type: ignore[attr-defined]
    complaints: Any = Complaint.__table__  # type: ignore[attr-defined]
    if session.get_bind().dialect.name != "postgresql":
        on = complaints.c.id == tickets.c.complaint_id
        return tickets.join(complaints, on), complaints.c.amount_fen
    for statement in _PG_REPORTING:
        await session.execute(text(statement))
    received = (
        sa_select(complaints.c.id, complaints.c.amount_fen)
        .where(complaints.c.created_at >= since, complaints.c.created_at < until)
        .subquery("received")
    )
    looked_up = (
        sa_select(complaints.c.amount_fen)
        .where(complaints.c.id == tickets.c.complaint_id)
        .scalar_subquery()
    )
    amount = case((received.c.id.is_not(None), received.c.amount_fen), else_=looked_up)
    return tickets.outerjoin(received, received.c.id == tickets.c.complaint_id), amount


def _flag(condition: ColumnElement[bool]) -> Any:
    return func.sum(case((condition, 1), else_=0))


async def count_tickets(
    session: AsyncSession,
    *,
    since: datetime,
    until: datetime,
    now: datetime,
    scope: ColumnElement[bool] | None = None,
    weeks: Weeks | None = None,
    extra: Sequence[ColumnElement[bool]] = (),
) -> list[CountRow]:
    """Counts per (week, task force, township) of tickets received in [since, until)."""
    created = col(Ticket.created_at)
    bucket: Any = literal_column("0")
    if weeks is not None and len(weeks.starts) > 1:
        bucket = case(
            *[
                (created >= weeks.boundary(monday), i)
                for i, monday in reversed(list(enumerate(weeks.starts)))
            ],
            else_=0,
        )
    where: list[ColumnElement[bool]] = [
        created >= as_utc(since),
        created < as_utc(until),
        col(Ticket.status) != Status.MERGED.value,
        *extra,
    ]
    if scope is not None:
        where.append(scope)
    source, claimed = await _with_claimed_amount(session, as_utc(since), as_utc(until))
    inner = (
        sa_select(
            bucket.label("week"),
            col(Ticket.task_force_code).label("tf"),
            col(Ticket.township).label("town"),
            col(Ticket.status).label("status"),
            col(Ticket.accepted_at).label("accepted_at"),
            col(Ticket.accept_due_at).label("accept_due_at"),
            col(Ticket.resolved_at).label("resolved_at"),
            col(Ticket.resolve_due_at).label("resolve_due_at"),
            col(Ticket.escalated_at).label("escalated_at"),
            col(Ticket.overdue).label("overdue"),
            col(Ticket.outcome_code).label("outcome"),
            col(Ticket.recovered_fen).label("recovered"),
            col(Ticket.followup_satisfied).label("satisfied"),
            claimed.label("claimed"),
        )
        .select_from(source)
        .where(*where)
        .subquery()
    )
    c = inner.c
    open_statuses = list(OPEN_STATUSES)
    stmt = sa_select(
        c.week,
        c.tf,
        c.town,
        func.count(),
        func.count(c.accepted_at),
        _flag(and_(c.accepted_at.is_not(None), c.accepted_at <= c.accept_due_at)),
        # deadlines count as missed once the sweeper has marked the ticket overdue: the
        # figures then depend on the rows alone and can be kept (week_stats.py)
        _flag(
            and_(
                c.accepted_at.is_(None),
                c.status == Status.NEW.value,
                c.overdue.is_(True),
            )
        ),
        _flag(or_(c.escalated_at.is_not(None), c.overdue.is_(True))),
        func.count(c.resolved_at),
        _flag(c.status == Status.CLOSED.value),
        _flag(c.status.in_(open_statuses)),
        func.coalesce(func.sum(c.claimed), 0),
        func.coalesce(
            func.sum(
                case(
                    (
                        and_(c.resolved_at.is_not(None), c.outcome.not_in(_NOT_OWED)),
                        c.claimed,
                    ),
                    else_=0,
                )
            ),
            0,
        ),
        func.coalesce(func.sum(c.recovered), 0),
        func.count(c.satisfied),
        _flag(c.satisfied.is_(True)),
        _flag(
            or_(
                c.resolved_at.is_not(None),
                and_(
                    c.accepted_at.is_not(None),
                    c.overdue.is_(True),
                    c.status.in_(open_statuses),
                ),
            )
        ),
        _flag(
            and_(
                c.resolved_at.is_not(None),
                or_(c.resolve_due_at.is_(None), c.resolved_at <= c.resolve_due_at),
            )
        ),
        _flag(and_(c.resolved_at.is_not(None), c.outcome.not_in(_NOT_OWED))),
        _flag(and_(c.overdue.is_(True), c.status.in_(open_statuses))),
    ).group_by(c.week, c.tf, c.town)
    out: list[CountRow] = []
    for r in (await session.execute(stmt)).all():
        out.append(
            CountRow(
                week=int(r[0] or 0),
                task_force_code=r[1] or "",
                township=r[2] or "",
                counts=Counts(*(int(v or 0) for v in r[3:])),
            )
        )
    return out


def totals(rows: Sequence[CountRow]) -> Counts:
    total = Counts()
    for row in rows:
        total.add(row.counts)
    return total


def by_unit(rows: Sequence[CountRow], unit: str) -> dict[str, Counts]:
    """Totals per task force (`unit="task_force"`) or per township."""
    out: dict[str, Counts] = {}
    for row in rows:
        key = row.task_force_code if unit == "task_force" else row.township
        out.setdefault(key, Counts()).add(row.counts)
    return out


def by_week_and_unit(rows: Sequence[CountRow], unit: str) -> dict[str, dict[int, Counts]]:
    out: dict[str, dict[int, Counts]] = {}
    for row in rows:
        key = row.task_force_code if unit == "task_force" else row.township
        out.setdefault(key, {}).setdefault(row.week, Counts()).add(row.counts)
    return out


def by_week(rows: Sequence[CountRow]) -> dict[int, Counts]:
    out: dict[int, Counts] = {}
    for row in rows:
        out.setdefault(row.week, Counts()).add(row.counts)
    return out
