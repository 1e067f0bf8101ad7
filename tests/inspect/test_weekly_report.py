"""`anxin report weekly`: the XLSX (汇总, 专班排名, 属地排名) and the HTML page of charts."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from inspect_world import seed_world
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import SQLModel
from test_dashboard_ranking import NOW, history
from typer.testing import CliRunner

from intake.cli.main import app
from intake.reports.weekly import WeekError, build_weekly_report, parse_week, write_report
from models.db import create_engine, make_session_factory


def test_week_parsing() -> None:
    today = date(2026, 3, 20)  # a Friday
    assert parse_week(None, today=today) == date(2026, 3, 9)  # the last complete week
    assert parse_week("2026-W10", today=today) == date(2026, 3, 2)
    assert parse_week("2026w1", today=today) == date(2025, 12, 29)
    for bad in ("2026-W54", "W10", "2026-10", "next week"):
        with pytest.raises(WeekError):
            parse_week(bad, today=today)


async def test_report_files(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await history(session, session_factory)
    report = await build_weekly_report(session, monday=date(2026, 3, 2), now=NOW)
    assert report.label == "2026-W10" and report.this_week.received == 4
    assert report.last_week.received == 0 and len(report.trend) == 8
    xlsx, html = write_report(report, tmp_path / "out")
    assert xlsx.name == "anxin-weekly-2026-W10.xlsx" and html.suffix == ".html"

    book = load_workbook(xlsx)
    assert book.sheetnames == ["汇总", "专班排名", "属地排名"]
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=5, values_only=True)}
    assert summary["收到投诉（件）"] == 4 and summary["及时受理率"] == "50.0%"
    ranking = list(book["专班排名"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2]) for r in ranking] == [
        (1, "工程建设领域工作专班", 80.0),
        (2, "中小企业工作专班", 28.6),  # the week-11 case is not in week 10
    ]
    assert book["专班排名"]._charts  # a bar chart of the scores

    page = html.read_text(encoding="utf-8")
    assert "欠薪线索办理周报 2026-W10" in page and page.count("<svg") == 5
    assert "src=" not in page  # nothing to fetch: the machine may have no internet


def test_command_line(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the command is the same on both databases; one leg is enough")

    async def prepare() -> None:
        engine = create_engine(db_url)
        async with engine.begin() as conn:
            await conn.run_sync(SQLModel.metadata.create_all)
        async with make_session_factory(engine)() as session:
            await seed_world(session)
        await engine.dispose()

    asyncio.run(prepare())
    monkeypatch.setenv("ANXIN_DATABASE_URL", db_url)
    runner = CliRunner()
    done = runner.invoke(
        app, ["report", "weekly", "--week", "2026-W10", "--out", str(tmp_path / "r")]
    )
    assert done.exit_code == 0, done.output
    assert (tmp_path / "r" / "anxin-weekly-2026-W10.xlsx").is_file()
    assert (tmp_path / "r" / "anxin-weekly-2026-W10.html").is_file()
    bad = runner.invoke(app, ["report", "weekly", "--week", "2026-W60"])
    assert bad.exit_code == 2 and "does not exist" in bad.output
