"""The sweeper: marks overdue tickets and escalates them (督办) to the task force and the
office, asks resolved cases' workers the follow-up question, and closes follow-ups nobody
answered; keeps the outbox (a worker's web or terminal message not picked up within the
follow-up window marks the ticket unreachable, so the inspector phones; delivered messages
are deleted after the retention period). Runs inside every server replica and as
`anxin sweep`.

The follow-up question and the unanswered close are ticket actions like an inspector's:
each ticket selected goes through the service's one path (service.apply_timed_action: the
same columns, version bump, timeline event, audit row, message to the worker), by the system.
The overdue mark is not a state change: it leaves the version alone, so inspectors' open
forms do not go stale, and is claimed for a whole batch at once.

Safe on several replicas at once: each step locks its candidate rows (SELECT ... FOR UPDATE,
so the dashboard's kept figures move by the exact change) and writes the events and
messages of exactly the rows it changed, in the same transaction. On PostgreSQL a second
sweeper waits for the first's row locks and then re-checks the WHERE clause against the
committed row, so it takes nothing twice; SQLite serialises writers, and a ticket changed
since it was selected (another version) is left for the next sweep. Outbox rows carry a
dedupe key as a third guard. Rows are taken in id order, so concurrent sweepers cannot
deadlock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from intake import messaging
from intake.chats import answered_messages, evidence_files
from intake.reports import week_stats
from intake.tickets import notices, service, timeline
from intake.tickets.errors import TicketError
from intake.tickets.sla import SlaPolicy, as_utc
from intake.tickets.store import aware
from intake.tickets.timeline import Actor
from models import Complaint, Ticket
from models.base import utcnow
from models.codes.ticket_action import Action
from models.codes.ticket_status import Status
from models.db import create_engine, make_session_factory

log = logging.getLogger(__name__)

DEFAULT_BATCH = 200
DEFAULT_RETENTION = timedelta(days=90)

# Deadline phases: which statuses are still on which clock. needs_info waits for the
# worker and is on nobody's clock; the answer restarts acceptance (see service).
_PHASES: dict[str, tuple[tuple[Status, ...], Any]] = {
    "accept": ((Status.NEW,), Ticket.accept_due_at),
    "resolve": ((Status.ACCEPTED, Status.INVESTIGATING), Ticket.resolve_due_at),
}


# The clock's ticket actions: the status that waits, since when, for how many days, and
# the report's list of the tickets done.
_TIMED: dict[Action, tuple[Status, Any, Callable[[SlaPolicy], int], str]] = {
    Action.START_FOLLOWUP: (
        Status.RESOLVED,
        col(Ticket.resolved_at),
        lambda policy: policy.followup_after_days,
        "followups_started",
    ),
    Action.CLOSE_UNANSWERED: (
        Status.FOLLOWUP,
        col(Ticket.followup_asked_at),
        lambda policy: policy.followup_timeout_days,
        "closed_unanswered",
    ),
}


@dataclass
class SweepReport:
    overdue: list[str] = field(default_factory=list)  # ticket numbers this run escalated
    messages: int = 0  # 督办 messages queued
    followups_started: list[str] = field(default_factory=list)
    closed_unanswered: list[str] = field(default_factory=list)
    units_without_chat: set[str] = field(default_factory=set)  # task-force codes
    unreached: int = 0  # web / terminal messages the worker did not pick up in time
    purged: int = 0  # delivered messages past the retention period

    def summary(self) -> str:
        text = (
            f"overdue and escalated: {len(self.overdue)} ({self.messages} messages); "
            f"follow-ups asked: {len(self.followups_started)}; "
            f"closed unanswered: {len(self.closed_unanswered)}; "
            f"messages not picked up: {self.unreached}; delivered messages purged: {self.purged}"
        )
        if self.units_without_chat:
            text += f"; no Telegram chat for: {', '.join(sorted(self.units_without_chat))}"
        return text


async def sweep(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    now: datetime,
    policy: SlaPolicy | None = None,
    batch_size: int = DEFAULT_BATCH,
    retention: timedelta = DEFAULT_RETENTION,
) -> SweepReport:
    policy = policy or SlaPolicy()
    now = as_utc(now)
    report = SweepReport()
    async with session_factory() as session:
        recipients = await notices.load_recipients(session)
    for phase in _PHASES:
        await _drain(session_factory, batch_size, _escalate_batch, phase, now, recipients, report)
    for action in _TIMED:  # the follow-up question first: its close comes days later
        await _drain(session_factory, batch_size, _timed_batch, action, now, policy, report)
    await _drain(session_factory, batch_size, _unreached_batch, now, policy, report)
    async with session_factory() as session:
        report.purged = await messaging.purge_sent(session, older_than=now - retention)
        # housekeeping on the same beat: web chat retries are answered for KEPT_FOR only;
        # files sent on the web chat that no complaint took are not kept for ever
        await answered_messages.forget_expired(session, now=now)
        await evidence_files.forget_unused(session, now=now)
        await session.commit()
    return report


async def _unreached_batch(
    session: AsyncSession, batch_size: int, now: datetime, policy: SlaPolicy, report: SweepReport
) -> int:
    """A web or terminal message the worker has not picked up within the follow-up window:
    they did not come back, so the inspector is shown 未能送达 with the number to call."""
    older_than = now - timedelta(days=policy.followup_timeout_days)
    count = await messaging.mark_unreached(
        session, older_than=older_than, now=now, limit=batch_size
    )
    report.unreached += count
    return count


async def _drain(
    session_factory: async_sessionmaker[AsyncSession], batch_size: int, step: Any, *args: Any
) -> None:
    """Run `step` in its own transaction until it claims less than a full batch."""
    while True:
        async with session_factory() as session:
            claimed = await step(session, batch_size, *args)
            await session.commit()
        if claimed < batch_size:
            return


async def _candidates(session: AsyncSession, where: Any, batch_size: int) -> list[tuple[int, int]]:
    """Up to `batch_size` tickets matching `where`, locked, in id order: (id, version)."""
    rows = await session.execute(
        select(col(Ticket.id), col(Ticket.version))
        .where(where)
        .order_by(col(Ticket.id))
        .limit(batch_size)
        .with_for_update()
    )
    return [(int(i), int(v)) for i, v in rows.tuples()]


async def _claim(session: AsyncSession, where: Any, batch_size: int, **values: Any) -> list[int]:
    """Update up to `batch_size` tickets matching `where`; returns the ids updated. The
    rows are locked first so the dashboard's weekly figures move by the exact change."""
    candidates = [i for i, _version in await _candidates(session, where, batch_size)]
    if not candidates:
        return []
    before = await week_stats.states(session, candidates)
    claimed = await session.execute(
        update(Ticket)
        .where(col(Ticket.id).in_(candidates))
        .where(where)  # re-checked on the committed row when another sweeper got there
        .values(**values)
        .returning(col(Ticket.id))
        .execution_options(synchronize_session=False)
    )
    ids = sorted(i for i in claimed.scalars() if i is not None)
    after = await week_stats.states(session, ids)
    await week_stats.record(session, [(before[i], after[i]) for i in ids])
    return ids


async def _escalate_batch(
    session: AsyncSession,
    batch_size: int,
    phase: str,
    now: datetime,
    recipients: notices.Recipients,
    report: SweepReport,
) -> int:
    statuses, due_col = _PHASES[phase]
    still_due = and_(
        col(Ticket.overdue).is_(False),
        col(Ticket.status).in_([s.value for s in statuses]),
        due_col.is_not(None),
        due_col <= now,
    )
    ids = await _claim(session, still_due, batch_size, overdue=True, escalated_at=now)
    for ticket, complaint in await _tickets_with_complaints(session, ids):
        due = as_utc(getattr(ticket, due_col.key))
        chats, missing = recipients.escalation_chats(ticket.task_force_code)
        report.units_without_chat.update(missing)
        text = notices.escalation_text(
            number=ticket.number,
            phase=phase,
            due_at=due,
            task_force=recipients.names.get(ticket.task_force_code, ticket.task_force_code),
            township=ticket.township,
            priority=ticket.priority,
            headcount=complaint.headcount,
            amount_fen=complaint.amount_fen,
        )
        for chat in chats:
            queued = await messaging.enqueue(
                session,
                chat_id=chat,
                text=text,
                kind="escalation",
                dedupe_key=f"sla:{ticket.id}:{phase}:{due:%Y%m%dT%H%M}:{chat}",
                now=now,
                extra={"phase": phase},
                ticket_id=ticket.id,
            )
            report.messages += int(queued.new)
        await timeline.record(
            session,
            ticket=ticket,
            kind="escalated",
            actor=Actor.system(),
            now=now,
            from_status=ticket.status,
            to_status=ticket.status,
            body={"phase": phase, "due_at": due, "chats": chats, "no_chat": missing or None},
        )
        report.overdue.append(ticket.number)
    return len(ids)


async def _timed_batch(
    session: AsyncSession,
    batch_size: int,
    action: Action,
    now: datetime,
    policy: SlaPolicy,
    report: SweepReport,
) -> int:
    """Do the clock's `action` on the tickets it is due for, each on the service's path.
    A ticket changed since it was selected is left for the next sweep."""
    status, since, days, done = _TIMED[action]
    due = and_(
        col(Ticket.status) == status.value,
        since.is_not(None),
        since <= now - timedelta(days=days(policy)),
    )
    count = 0
    for ticket_id, version in await _candidates(session, due, batch_size):
        try:
            ticket = await service.apply_timed_action(
                session,
                ticket_id=ticket_id,
                action=action,
                now=now,
                policy=policy,
                seen_version=version,
            )
        except TicketError as exc:  # nothing of it was written
            log.info("sweep: ticket %s left for the next sweep: %s", ticket_id, exc.en)
            continue
        getattr(report, done).append(ticket.number)
        count += 1
    return count


async def _tickets_with_complaints(
    session: AsyncSession, ids: list[int]
) -> list[tuple[Ticket, Complaint]]:
    if not ids:
        return []
    rows = await session.execute(
        select(Ticket, Complaint)
        .join(Complaint, col(Complaint.id) == col(Ticket.complaint_id))
        .where(col(Ticket.id).in_(ids))
        .order_by(col(Ticket.id))
        .execution_options(populate_existing=True)
    )
    pairs = [(t, c) for t, c in rows.tuples()]
    aware(t for t, _ in pairs)
    return pairs


async def run_forever(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    stop: asyncio.Event,
    policy: SlaPolicy | None = None,
    interval_seconds: float = 300.0,
    retention: timedelta = DEFAULT_RETENTION,
) -> None:
    """Sweep every `interval_seconds` until `stop` is set (for the server's lifespan). A
    failed sweep is logged and retried on the next tick, never ends the loop."""
    while not stop.is_set():
        try:
            report = await sweep(session_factory, now=utcnow(), policy=policy, retention=retention)
            if (
                report.overdue
                or report.followups_started
                or report.closed_unanswered
                or report.unreached
                or report.purged
            ):
                log.info("sweep: %s", report.summary())
        except Exception:  # a database hiccup must not kill the loop; next tick retries
            log.exception("sweep failed")
        with contextlib.suppress(TimeoutError):  # the interval passed: sweep again
            await asyncio.wait_for(stop.wait(), timeout=interval_seconds)


async def sweep_database(
    database_url: str,
    *,
    now: datetime | None = None,
    policy: SlaPolicy | None = None,
    retention: timedelta = DEFAULT_RETENTION,
) -> SweepReport:
    """One sweep over the database at `database_url` (for `anxin sweep` and cron jobs)."""
    engine = create_engine(database_url)
    try:
        return await sweep(
            make_session_factory(engine), now=now or utcnow(), policy=policy, retention=retention
        )
    finally:
        await engine.dispose()
