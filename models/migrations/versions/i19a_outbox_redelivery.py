"""outbox: mark a message taken over from a sender whose lease ran out (it may be a repeat)

Revision ID: i19a_outbox_redelivery
Revises: 41fc31fe10f3
Create Date: 2026-12-06 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "i19a_outbox_redelivery"
down_revision: str | None = "41fc31fe10f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("redelivery", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("redelivery")
