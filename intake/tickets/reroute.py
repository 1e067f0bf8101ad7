"""Moving open tickets when a new routing table is published (only if the publisher asks).

Publishing a table changes where new complaints go. A ticket already being worked moves only
when the publisher ticks "也重新分派未办结工单", and only if it is still where the old table
put it: a ticket an inspector transferred by hand stays where they sent it. Tickets that are
resolved and await the worker's follow-up stay too. Each move is a transfer on the ticket's
timeline and a row in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake.tickets import service
from intake.tickets.sla import SlaPolicy
from intake.tickets.timeline import Actor
from models import AuditLog, Complaint, Ticket
from models.codes.ticket_status import Status
from routing.router import Router
from routing.rules import RoutingTable
from routing.versions import complaint_case

# the statuses a transfer is allowed from: the case is still being worked
MOVABLE = (Status.NEW, Status.NEEDS_INFO, Status.ACCEPTED, Status.INVESTIGATING)
LIMIT = 20000


@dataclass(frozen=True, slots=True)
class Move:
    ticket_id: int
    number: str
    from_code: str
    to_code: str
    rule_id: str
    reason: str


async def planned_moves(
    session: AsyncSession, *, router: Router, old: RoutingTable, new: RoutingTable
) -> list[Move]:
    """The open tickets the new table would send elsewhere (`router` carries the new table's
    lexicons: classification is done once and evaluated under both tables)."""
    rows = await session.execute(
        select(Ticket, Complaint)
        .join(Complaint, col(Complaint.id) == col(Ticket.complaint_id))
        .where(col(Ticket.status).in_([s.value for s in MOVABLE]))
        .order_by(col(Ticket.id))
        .limit(LIMIT)
    )
    moves: list[Move] = []
    for ticket, complaint in rows.tuples():
        case = complaint_case(complaint)
        facts = router.classify(case.text, case.fields)
        before, after = router.evaluate(old, facts)[1], router.evaluate(new, facts)[1]
        if ticket.task_force_code != before.task_force or after.task_force == before.task_force:
            continue
        assert ticket.id is not None
        moves.append(
            Move(
                ticket.id,
                ticket.number,
                ticket.task_force_code,
                after.task_force,
                after.rule.id,
                after.rule.reason,
            )
        )
    return moves


async def apply_moves(
    session: AsyncSession,
    moves: list[Move],
    *,
    actor: Actor,
    version_label: str,
    names: dict[str, str],
    now: datetime,
    policy: SlaPolicy,
) -> int:
    """Transfer each ticket to its new task force; returns how many moved."""
    for move in moves:
        target = names.get(move.to_code, move.to_code)
        await service.apply_action(
            session,
            ticket_id=move.ticket_id,
            action="transfer",
            actor=actor,
            now=now,
            policy=policy,
            reason=f"分派规则 {version_label} 发布，按新规则改由{target}负责：{move.reason}",
            target_task_force=move.to_code,
        )
        session.add(
            AuditLog(
                actor_user_id=actor.user_id,
                action="ticket.reroute",
                object_type="ticket",
                object_id=str(move.ticket_id),
                detail={
                    "number": move.number,
                    "from": move.from_code,
                    "to": move.to_code,
                    "rule": move.rule_id,
                    "routing_version": version_label,
                },
                created_at=now,
            )
        )
    await session.flush()
    return len(moves)
