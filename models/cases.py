"""Complaints, the tickets inspectors work, their timeline, and groups of related cases."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import DateTime, Index, Text, false, text
from sqlmodel import Field, SQLModel

from models.base import created_at_field, datetime_field, fen_field, json_field, utcnow


class CaseGroup(SQLModel, table=True):
    """Complaints against the same employer (and project): totals drive the 10+ red line."""

    __tablename__ = "case_group"

    id: int | None = Field(default=None, primary_key=True)
    group_key: str = Field(max_length=320, unique=True, index=True)
    employer_id: int | None = Field(default=None, foreign_key="employer.id", index=True)
    project_name: str = Field(default="", max_length=256)
    headcount_total: int = 0
    amount_total_fen: int = fen_field(nullable=False)
    urgent: bool = False
    created_at: datetime = created_at_field()


class Complaint(SQLModel, table=True):
    __table_args__ = (
        # The amounts claimed in a period, for the dashboard, from the index alone.
        Index("ix_complaint_received", "created_at", postgresql_include=["id", "amount_fen"]),
    )

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(max_length=128, unique=True, description="one draft, one row")
    channel: str = Field(max_length=16)
    external_id: str = Field(max_length=128, index=True)
    complainant_name: str = Field(max_length=64)
    phone: str = Field(max_length=20, index=True)
    id_number: str | None = Field(default=None, max_length=18)
    employer_id: int | None = Field(default=None, foreign_key="employer.id", index=True)
    employer_name_typed: str = Field(default="", max_length=256)
    employer_unmatched: bool = Field(default=False, description="for the registry admins")
    project_name: str = Field(default="", max_length=256)
    township: str = Field(default="", max_length=64)
    work_type: str = Field(default="", max_length=64)
    period_start: date | None = None
    period_end: date | None = None
    amount_fen: int | None = fen_field()
    headcount: int | None = None
    description: str = Field(default="", sa_type=Text)
    attachments: list[dict[str, Any]] = json_field(list)
    over_two_years: bool = Field(default=False, description="to be refused with a reason")
    group_id: int | None = Field(default=None, foreign_key="case_group.id", index=True)
    created_at: datetime = created_at_field()


# Unfinished tickets (the default work queue); literal so partial indexes can match it.
OPEN_TICKET_SQL = (
    "status IN ('new', 'needs_info', 'accepted', 'investigating', 'resolved', 'followup')"
)


class Ticket(SQLModel, table=True):
    __table_args__ = (
        # The work queue of one unit in one status, newest first, and its capped count.
        # The other filter columns ride along (INCLUDE, PostgreSQL) so that counting and
        # picking a page's ids are index-only scans, however sparse the filter.
        Index(
            "ix_ticket_queue_task_force",
            "task_force_code",
            "status",
            "id",
            postgresql_include=["township", "priority", "overdue"],
        ),
        Index(
            "ix_ticket_queue_township",
            "township",
            "status",
            "id",
            postgresql_include=["task_force_code", "priority", "overdue"],
        ),
        # The default queue: a unit's unfinished tickets, newest first.
        Index(
            "ix_ticket_open_task_force",
            "task_force_code",
            "id",
            postgresql_include=["township", "priority", "overdue", "status"],
            postgresql_where=text(OPEN_TICKET_SQL),
            sqlite_where=text(OPEN_TICKET_SQL),
        ),
        Index(
            "ix_ticket_open_township",
            "township",
            "id",
            postgresql_include=["task_force_code", "priority", "overdue", "status"],
            postgresql_where=text(OPEN_TICKET_SQL),
            sqlite_where=text(OPEN_TICKET_SQL),
        ),
        # Dashboard, ranking and weekly report: tickets received in a period.
        Index("ix_ticket_created_at", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=32, unique=True, index=True)
    complaint_id: int = Field(foreign_key="complaint.id", unique=True)
    task_force_code: str = Field(max_length=32, index=True)
    township: str = Field(default="", max_length=64, index=True)
    priority: str = Field(default="normal", max_length=16, index=True)
    status: str = Field(default="new", max_length=24, index=True)
    assignee_id: int | None = Field(default=None, foreign_key="user.id")
    merged_into_id: int | None = Field(default=None, foreign_key="ticket.id")
    accept_due_at: datetime | None = datetime_field(index=True)
    resolve_due_at: datetime | None = datetime_field(index=True)
    accepted_at: datetime | None = datetime_field()
    resolved_at: datetime | None = datetime_field()
    closed_at: datetime | None = datetime_field()
    overdue: bool = Field(default=False, index=True)
    escalated_at: datetime | None = datetime_field()
    outcome_code: str | None = Field(default=None, max_length=32)
    refusal_reason: str = Field(default="", max_length=512)
    recovered_fen: int | None = fen_field()
    delivery_failed: bool = Field(
        default=False,
        sa_column_kwargs={"server_default": false()},
        description="the last message to the worker could not be delivered (they blocked the "
        "bot, the chat is gone, or a web / terminal message was not picked up in time): "
        "the inspector phones them (未能送达); cleared when a message gets through",
    )
    closed_unanswered: bool = Field(
        default=False,
        sa_column_kwargs={"server_default": false()},
        description="closed by the sweeper because the follow-up (回访) went unanswered; a "
        "late answer is still taken and clears it",
    )
    followup_asked_at: datetime | None = datetime_field()
    followup_paid: bool | None = None
    followup_satisfied: bool | None = None
    version: int = Field(
        default=0,
        sa_column_kwargs={"server_default": "0"},
        description="optimistic concurrency: bumped by every state change",
    )
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False
    )


class TicketEvent(SQLModel, table=True):
    """The timeline: every state change, note, message and escalation of a ticket."""

    __tablename__ = "ticket_event"

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=32)
    from_status: str | None = Field(default=None, max_length=24)
    to_status: str | None = Field(default=None, max_length=24)
    actor_user_id: int | None = Field(default=None, foreign_key="user.id")
    actor: str = Field(default="system", max_length=64, description="system | worker | user name")
    body: dict[str, Any] = json_field()
    created_at: datetime = created_at_field()


class TicketWeekStat(SQLModel, table=True):
    """The dashboard's figures per week received (local Monday), task force and township,
    kept up to date in the same transaction as every ticket change (intake/reports/
    week_stats.py), so twelve weeks are read from a few hundred rows, not a million."""

    __tablename__ = "ticket_week_stat"

    week: date = Field(primary_key=True)
    task_force_code: str = Field(primary_key=True, max_length=32)
    township: str = Field(primary_key=True, max_length=64)
    received: int = 0
    accepted: int = 0
    accepted_on_time: int = 0
    accept_late_pending: int = 0
    went_overdue: int = 0
    resolved: int = 0
    closed: int = 0
    open_now: int = 0
    claimed_fen: int = fen_field(nullable=False)
    claimed_settled_fen: int = fen_field(nullable=False)
    recovered_fen: int = fen_field(nullable=False)
    followup_answered: int = 0
    satisfied: int = 0
    resolve_due: int = 0
    resolved_on_time: int = 0
    resolved_owed: int = 0
    overdue_open: int = 0
