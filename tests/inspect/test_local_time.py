"""What staff see is in local time (ANXIN_TIMEZONE, default Asia/Shanghai), storage in UTC:
a ticket received at 2026-12-06 17:00 UTC was received on 7 December in Shanghai."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime

import httpx
import pytest
from inspect_world import PASSWORD, World, login, seed_world
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import select
from staff_session import sign_in

from intake import localtime
from intake.reports.weekly import build_weekly_report
from intake.settings import Settings
from intake.web.app import create_app
from models import AuditLog, Complaint, Ticket

LATE_UTC = datetime(2026, 12, 6, 17, 0, tzinfo=UTC)  # Monday 7 December, 01:00 in Shanghai


@pytest.fixture(autouse=True)
def _default_zone_after() -> Iterator[None]:
    yield
    localtime.use_zone(localtime.DEFAULT_ZONE)


@pytest.fixture
async def late_world(session_factory: async_sessionmaker[AsyncSession]) -> World:
    async with session_factory() as session:
        return await seed_world(session, now=LATE_UTC)


def _client(engine: AsyncEngine, db_url: str, **settings: str) -> httpx.AsyncClient:
    app = create_app(
        Settings(
            database_url=db_url,
            run_sweeper=False,
            secret_key="local-time-test-signing-key",
            **settings,
        ),
        engine=engine,
    )
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def test_the_local_day_of_a_moment_after_16_utc_is_the_next_day() -> None:
    assert localtime.local_date(LATE_UTC) == date(2026, 12, 7)
    assert localtime.local_text(LATE_UTC) == "2026-12-07 01:00"
    naive_from_sqlite = LATE_UTC.replace(tzinfo=None)
    assert localtime.local_text(naive_from_sqlite) == "2026-12-07 01:00"
    localtime.use_zone("UTC")
    assert localtime.local_date(LATE_UTC) == date(2026, 12, 6)


def test_a_misspelt_zone_is_refused_when_the_settings_are_read() -> None:
    with pytest.raises(ValueError, match="Asia/Shanghai"):
        Settings(timezone="Asia/Shanghia")


async def test_the_ticket_page_queue_and_number_are_local(
    late_world: World, engine: AsyncEngine, db_url: str
) -> None:
    ticket = late_world.tickets["tf1_zhongyue"]
    assert ticket.number.startswith("AX20261207-")
    async with _client(engine, db_url) as client:
        await login(client, "root")
        page = (await client.get(f"/inspect/tickets/{ticket.id}")).text
        assert "2026-12-07 01:00" in page and "2026-12-06 17:00" not in page
        # the timeline: opened at the same moment
        assert re.search(r"2026-12-07 01:00 · 系统", page), page
        queue = (await client.get("/inspect?status=new")).text
        assert "12-07 01:00" in queue and "12-06 17:00" not in queue


async def test_another_zone_is_read_from_the_settings(
    late_world: World, engine: AsyncEngine, db_url: str
) -> None:
    ticket = late_world.tickets["tf1_zhongyue"]
    async with _client(engine, db_url, timezone="UTC") as client:
        await login(client, "root")
        page = (await client.get(f"/inspect/tickets/{ticket.id}")).text
        assert "2026-12-06 17:00" in page and "2026-12-07 01:00" not in page


async def test_exports_carry_local_times(
    late_world: World, engine: AsyncEngine, db_url: str
) -> None:
    number = late_world.tickets["tf1_zhongyue"].number
    async with _client(engine, db_url) as client:
        await login(client, "root")
        resp = await client.get("/inspect/export.csv")
        rows = list(csv.DictReader(io.StringIO(resp.content.decode("utf-8-sig"))))
        row = next(r for r in rows if r["工单编号"] == number)
        assert row["收到时间"] == "2026-12-07 01:00"
        book = await client.get("/inspect/export.xlsx")
    sheet = load_workbook(io.BytesIO(book.content), read_only=True).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    header = [str(v) for v in values[0]]
    got = next(dict(zip(header, r, strict=True)) for r in values[1:] if r[0] == number)
    assert got["收到时间"] == datetime(2026, 12, 7, 1, 0)


async def test_the_weekly_report_counts_a_ticket_in_its_local_week(
    late_world: World, session: AsyncSession
) -> None:
    # 2026-12-06 is a Sunday in UTC; in Shanghai the tickets came on Monday 7 December
    now = datetime(2026, 12, 14, 2, 0, tzinfo=UTC)
    this_week = await build_weekly_report(session, monday=date(2026, 12, 7), now=now)
    week_before = await build_weekly_report(session, monday=date(2026, 11, 30), now=now)
    assert this_week.this_week.received == len(late_world.tickets)
    assert week_before.this_week.received == 0


async def test_admin_pages_show_local_times(
    late_world: World,
    engine: AsyncEngine,
    db_url: str,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        session.add(
            AuditLog(action="test.late", object_type="x", object_id="1", created_at=LATE_UTC)
        )
        await session.commit()
    async with _client(engine, db_url) as client:
        await sign_in(client, "root", PASSWORD)
        resp = await client.get("/admin/audit-log/list")
        assert resp.status_code == 200, resp.text
        page = resp.text
    assert "2026-12-07 01:00:00" in page and "2026-12-06 17:00" not in page


async def test_stored_times_stay_utc(late_world: World, session: AsyncSession) -> None:
    ticket = await session.scalar(select(Ticket).where(Ticket.number.startswith("AX20261207")))  # type: ignore[attr-defined]
    assert ticket is not None
    complaint = await session.get(Complaint, ticket.complaint_id)
    assert complaint is not None
    stored = localtime.as_utc(complaint.created_at)
    assert stored == LATE_UTC
