"""The dashboard's kept weekly figures equal a full recount of the tickets, after every kind
of change: opening, accepting, resolving, follow-up, merging, transferring, the sweeper."""

from __future__ import annotations

import asyncio
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from inspect_world import seed_world
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import SQLModel, col
from test_dashboard_ranking import INSPECTOR, NOW, OFFICE, POLICY, history
from typer.testing import CliRunner

from intake.cli.main import app
from intake.localtime import local_zone, use_zone
from intake.reports import week_stats
from intake.reports.dashboard import DashboardQuery, load_dashboard
from intake.reports.stats import Counts, Weeks, count_tickets
from intake.tickets import service, sweeper
from models import TicketWeekStat
from models.base import utcnow
from models.db import create_engine, make_session_factory


async def _agree(session: AsyncSession, weeks: Weeks) -> dict[tuple[int, str, str], Counts]:
    kept = week_stats.by_row(await week_stats.load_rows(session, weeks))
    recount = week_stats.by_row(
        await count_tickets(session, since=weeks.since, until=weeks.until, now=NOW, weeks=weeks)
    )
    assert kept == recount
    assert await week_stats.drift(session, weeks, now=NOW) == []
    return kept


async def test_kept_figures_equal_a_full_recount(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    world = await history(session, session_factory)
    weeks = Weeks.ending_with(NOW.date(), 4)
    kept = await _agree(session, weeks)
    assert sum(c.received for c in kept.values()) == 5  # the merged ticket is not counted

    # a transfer moves a ticket between rows; reopening and the sweeper change more
    moved = world.id("tf7_week11")
    await service.apply_action(
        session,
        ticket_id=moved,
        action="transfer",
        actor=INSPECTOR,
        now=NOW,
        policy=POLICY,
        reason="属工程建设领域",
        target_task_force="TF1_CONSTRUCTION",
    )
    await session.commit()
    await sweeper.sweep(session_factory, now=NOW + timedelta(days=40), policy=POLICY)
    async with session_factory() as fresh:
        await _agree(fresh, weeks)
        kept_before = week_stats.by_row(await week_stats.load_rows(fresh, weeks))
        await week_stats.rebuild(fresh)
        await fresh.commit()
    async with session_factory() as fresh:
        assert week_stats.by_row(await week_stats.load_rows(fresh, weeks)) == kept_before
        board = await load_dashboard(fresh, viewer=OFFICE, query=DashboardQuery(weeks=4), now=NOW)
        assert board.totals.received == 5


def test_adding_counts_adds_every_figure() -> None:
    """Counts.add is written out field by field (speed): none may be left out."""
    names = [f.name for f in fields(Counts)]
    total = Counts(*range(1, len(names) + 1))
    total.add(Counts(*(10 * n for n in range(1, len(names) + 1))))
    assert [getattr(total, n) for n in names] == [11 * n for n in range(1, len(names) + 1)]


def test_check_weeks_command_finds_and_mends_a_drift(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the command is the same on both databases; one leg is enough")
    now = utcnow()

    async def prepare() -> None:
        engine = create_engine(db_url)
        async with engine.begin() as conn:
            await conn.run_sync(SQLModel.metadata.create_all)
        async with make_session_factory(engine)() as session:
            await seed_world(session, now=now - timedelta(hours=2))
            await week_stats.rebuild(session)
            await session.commit()
        await engine.dispose()

    async def tamper() -> None:
        engine = create_engine(db_url)
        async with engine.begin() as conn:
            await conn.execute(
                update(TicketWeekStat)
                .where(col(TicketWeekStat.task_force_code) == "TF1_CONSTRUCTION")
                .values(received=col(TicketWeekStat.received) + 1)
            )
        await engine.dispose()

    asyncio.run(prepare())
    monkeypatch.setenv("ANXIN_DATABASE_URL", db_url)
    runner = CliRunner()
    agreed = runner.invoke(app, ["report", "check-weeks", "--weeks", "2"])
    assert agreed.exit_code == 0, agreed.output
    assert "agree" in agreed.stdout

    asyncio.run(tamper())
    drifted = runner.invoke(app, ["report", "check-weeks", "--weeks", "2"])
    assert drifted.exit_code == 1, drifted.output
    assert "TF1_CONSTRUCTION" in drifted.stdout and "received kept" in drifted.stdout
    assert "rebuild-weeks" in drifted.stderr

    assert runner.invoke(app, ["report", "rebuild-weeks"]).exit_code == 0
    mended = runner.invoke(app, ["report", "check-weeks", "--weeks", "2"])
    assert mended.exit_code == 0, mended.output


def test_weeks_are_counted_in_the_configured_zone() -> None:
    """The kept rows count weeks as the dashboard's ranges do (ANXIN_TIMEZONE)."""
    sunday_night = datetime(2026, 3, 8, 20, 0, tzinfo=UTC)  # Monday 04:00 in Shanghai
    before = local_zone().key
    try:
        use_zone("Asia/Shanghai")
        assert week_stats.week_of(sunday_night) == date(2026, 3, 9)
        use_zone("Europe/London")
        assert week_stats.week_of(sunday_night) == date(2026, 3, 2)
    finally:
        use_zone(before)
