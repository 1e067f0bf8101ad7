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
from models import Township
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
    session.add(Township(name="嵩阳街道"))  # no case this week
    await session.commit()
    report = await build_weekly_report(session, monday=date(2026, 3, 2), now=NOW)
    assert report.label == "2026-W10" and report.this_week.received == 4
    assert report.last_week.received == 0 and len(report.trend) == 8
    xlsx, html = write_report(report, tmp_path / "out")
    assert xlsx.name == "anxin-weekly-2026-W10.xlsx" and html.suffix == ".html"

    book = load_workbook(xlsx)
    assert book.sheetnames == ["汇总", "专班排名", "属地排名"]
    sheet = book["汇总"]
    summary = {row[0].value: row[1] for row in sheet.iter_rows(min_row=5)}
    assert summary["收到投诉（件）"].value == 4
    rate = summary["及时受理率"]
    assert rate.value == 0.5 and rate.number_format == "0.0%"  # a number, shown as 50.0%
    assert "元" in summary["投诉金额（元）"].number_format
    assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref.startswith("A4:C")
    ranks = book["专班排名"]
    ranking = list(ranks.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in ranking] == [
        (1, "工程建设领域工作专班"),
        (2, "中小企业工作专班"),  # the week-11 case is not in week 10
    ]
    assert all(isinstance(r[2], float) for r in ranking)
    assert ranks["E2"].number_format == "0.0%" and ranks["I2"].number_format.endswith('元"')
    assert ranks.freeze_panes == "A2" and ranks.auto_filter.ref == "A1:L3"
    assert ranks.column_dimensions["B"].width >= 2 * len("工程建设领域工作专班")
    assert ranks._charts  # a bar chart of the scores
    towns = list(book["属地排名"].iter_rows(min_row=2, values_only=True))
    assert ("本期无案件", "嵩阳街道") in [(r[0], r[1]) for r in towns]

    page = html.read_text(encoding="utf-8")
    assert "欠薪线索办理周报 2026-W10" in page and page.count("<svg") == 5
    assert "生成时间：" in page and "通报排名 · 工作专班" in page and "通报排名 · 属地" in page
    assert "本期无案件" in page and "得分 = 100 ×" in page
    assert "src=" not in page  # nothing to fetch: the machine may have no internet


async def test_an_empty_week_says_so_and_points_to_the_latest_week_with_cases(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await history(session, session_factory)
    report = await build_weekly_report(session, monday=date(2026, 3, 23), now=NOW)
    assert report.this_week.received == 0
    assert "最近有投诉的一周是 2026-W11" in report.empty_note
    _, html = write_report(report, tmp_path / "out")
    assert "本周没有收到投诉" in html.read_text(encoding="utf-8")


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
