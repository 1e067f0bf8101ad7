"""`anxin sweep`: one pass of the deadline sweeper (for cron, or when the server's is off)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import typer

from intake.cli.common import fail, load_settings, run_db

if TYPE_CHECKING:
    from intake.tickets.sweeper import SweepReport


def sweep() -> None:
    """Mark overdue tickets, escalate them (督办), ask and close follow-ups, keep the outbox.
    Safe on replicas."""
    from intake.tickets import sweeper

    settings = load_settings()
    try:
        policy = settings.sla_policy()
    except (OSError, ValueError) as exc:
        fail(f"ANXIN_SLA_POLICY_FILE: {exc}")

    async def work() -> SweepReport:
        return await sweeper.sweep_database(
            settings.database_url,
            policy=policy,
            retention=timedelta(days=settings.outbox_retention_days),
        )

    typer.echo(run_db(settings, work).summary())
