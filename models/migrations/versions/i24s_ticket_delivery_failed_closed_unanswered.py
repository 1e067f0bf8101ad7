"""ticket: split worker_unreachable into delivery_failed and closed_unanswered

`worker_unreachable` meant two things: a message to the worker could not be delivered, and
the sweeper closed the ticket because the follow-up went unanswered. Each gets its column,
carried over from the timeline, which recorded every change of the old flag:

- closed_unanswered: a closed ticket whose last closing event (close, close_unanswered, or a
  late follow-up answer) is close_unanswered;
- delivery_failed: the old flag is set and its last setting or clearing event is a
  worker_unreachable one (a close_unanswered set the flag too, but says nothing about
  delivery).

Revision ID: i24s_delivery_failed
Revises: i19b_telegram_links
Create Date: 2026-12-07 02:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "i24s_delivery_failed"
down_revision: str | None = "i19b_telegram_links"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ticket = sa.table(
    "ticket",
    sa.column("id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("worker_unreachable", sa.Boolean()),
    sa.column("delivery_failed", sa.Boolean()),
    sa.column("closed_unanswered", sa.Boolean()),
)
_event = sa.table(
    "ticket_event",
    sa.column("id", sa.Integer()),
    sa.column("ticket_id", sa.Integer()),
    sa.column("kind", sa.String()),
)


def _last_event(*kinds: str) -> sa.ScalarSelect[str]:
    """The kind of the ticket's latest event among `kinds`."""
    return (
        sa.select(_event.c.kind)
        .where(_event.c.ticket_id == _ticket.c.id, _event.c.kind.in_(kinds))
        .order_by(_event.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


# No batch mode on SQLite here: batch recreates the table (DROP TABLE ticket), and with
# foreign keys on, dropping it deletes every row that references a ticket ON DELETE CASCADE
# (the whole timeline). Adding a column with a constant default and dropping a plain one are
# native ALTERs in SQLite (3.35+) as in PostgreSQL.


def upgrade() -> None:
    for name in ("delivery_failed", "closed_unanswered"):
        op.add_column(
            "ticket", sa.Column(name, sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.execute(
        _ticket.update()
        .where(
            _ticket.c.status == "closed",
            _last_event("close", "close_unanswered", "followup_answer") == "close_unanswered",
        )
        .values(closed_unanswered=True)
    )
    # the events that set or cleared the old flag, except close_unanswered
    flag_events = ("worker_unreachable", "worker_reachable", "close", "reopen", "followup_answer")
    op.execute(
        _ticket.update()
        .where(
            _ticket.c.worker_unreachable.is_(True),
            _last_event(*flag_events) == "worker_unreachable",
        )
        .values(delivery_failed=True)
    )
    op.drop_column("ticket", "worker_unreachable")


def downgrade() -> None:
    op.add_column(
        "ticket",
        sa.Column("worker_unreachable", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.execute(
        _ticket.update()
        .where(sa.or_(_ticket.c.delivery_failed.is_(True), _ticket.c.closed_unanswered.is_(True)))
        .values(worker_unreachable=True)
    )
    if op.get_bind().dialect.name != "sqlite":  # SQLite cannot ALTER a default, nor needs to
        op.alter_column("ticket", "worker_unreachable", server_default=None)
    op.drop_column("ticket", "closed_unanswered")
    op.drop_column("ticket", "delivery_failed")
