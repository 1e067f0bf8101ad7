"""ticket_week_stat: the dashboard's weekly figures, kept with every ticket change

Revision ID: i23_ticket_week_stat
Revises: i19a_outbox_redelivery
Create Date: 2026-12-07 00:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "i23_ticket_week_stat"
down_revision: str | None = "i22_login_limits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = (
    "received",
    "accepted",
    "accepted_on_time",
    "accept_late_pending",
    "went_overdue",
    "resolved",
    "closed",
    "open_now",
    "followup_answered",
    "satisfied",
    "resolve_due",
    "resolved_on_time",
    "resolved_owed",
    "overdue_open",
)
MONEY = ("claimed_fen", "claimed_settled_fen", "recovered_fen")


def upgrade() -> None:
    op.create_table(
        "ticket_week_stat",
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("task_force_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("township", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS[:8]),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in MONEY),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS[8:]),
        sa.PrimaryKeyConstraint("week", "task_force_code", "township"),
    )
    # the figures of the tickets already stored
    from intake.reports.week_stats import rebuild_sync

    rebuild_sync(op.get_bind())


def downgrade() -> None:
    op.drop_table("ticket_week_stat")
