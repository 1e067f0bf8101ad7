"""Who may see which tickets.

An inspector sees the tickets of the task forces and townships they are a member of (a
ticket carries both: the task force guides, the township handles). The office
(supervisor) and admins see everything. Reading a ticket outside one's scope is answered as
if it did not exist; asking for another unit's queue by filter is refused outright.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, false, literal, or_, union_all
from sqlalchemy import select as sa_select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from intake.tickets.errors import TicketError
from models import TaskForce, Ticket, Township, User, UserTaskForce, UserTownship

OFFICE_ROLES = frozenset({"supervisor", "admin"})


class AccessDenied(TicketError):
    """The signed-in user may not see or do this (HTTP 403)."""

    code = "forbidden"


@dataclass(frozen=True)
class Viewer:
    user_id: int
    username: str
    role: str
    task_forces: frozenset[str]
    townships: frozenset[str]

    @property
    def sees_all(self) -> bool:
        return self.role in OFFICE_ROLES

    @property
    def may_transfer(self) -> bool:
        """Transfers re-route a case between units: the office decides them."""
        return self.sees_all

    @property
    def may_export_pii(self) -> bool:
        """Unmasked phone and ID numbers in bulk are for the office only (and audited)."""
        return self.sees_all

    def can_see(self, ticket: Ticket) -> bool:
        return self.sees_unit(ticket.task_force_code, ticket.township)

    def sees_unit(self, task_force_code: str, township: str) -> bool:
        """Tickets of this task force and township are this viewer's (ticket_clause in
        Python)."""
        if self.sees_all:
            return True
        return task_force_code in self.task_forces or (
            bool(township) and township in self.townships
        )

    def ticket_clause(self) -> ColumnElement[bool] | None:
        """The WHERE clause limiting tickets to this viewer's; None: no limit."""
        return self.unit_clause(col(Ticket.task_force_code), col(Ticket.township))

    def unit_clause(self, task_force_code: Any, township: Any) -> ColumnElement[bool] | None:
        """ticket_clause on any table with a task force and a township column."""
        if self.sees_all:
            return None
        parts: list[ColumnElement[bool]] = []
        if self.task_forces:
            parts.append(task_force_code.in_(sorted(self.task_forces)))
        if self.townships:
            parts.append(township.in_(sorted(self.townships)))
        if not parts:
            return false()
        return parts[0] if len(parts) == 1 else or_(*parts)

    def check_task_force(self, code: str | None) -> None:
        """A filter naming a task force: allowed for its members and the office; a
        township member may narrow their township's tickets by any task force."""
        if not code or self.sees_all or code in self.task_forces or self.townships:
            return
        raise AccessDenied(f"无权查看专班「{code}」的工单", f"not a member of task force {code!r}")

    def check_township(self, name: str | None) -> None:
        """Likewise: a task-force member may narrow their tickets by any township."""
        if not name or self.sees_all or name in self.townships or self.task_forces:
            return
        raise AccessDenied(f"无权查看「{name}」的工单", f"not a member of township {name!r}")


async def load_viewer(session: AsyncSession, user: User) -> Viewer:
    assert user.id is not None
    # both memberships in one round trip: every staff request starts here
    forces: Select[Any] = (
        sa_select(literal("task_force").label("kind"), col(TaskForce.code).label("unit"))
        .join(UserTaskForce, col(UserTaskForce.task_force_id) == col(TaskForce.id))
        .where(col(UserTaskForce.user_id) == user.id)
    )
    towns: Select[Any] = (
        sa_select(literal("township").label("kind"), col(Township.name).label("unit"))
        .join(UserTownship, col(UserTownship.township_id) == col(Township.id))
        .where(col(UserTownship.user_id) == user.id)
    )
    units: dict[str, set[str]] = {"task_force": set(), "township": set()}
    for kind, unit in (await session.execute(union_all(forces, towns))).tuples():
        units[kind].add(unit)
    return Viewer(
        user_id=user.id,
        username=user.username,
        role=user.role,
        task_forces=frozenset(units["task_force"]),
        townships=frozenset(units["township"]),
    )
