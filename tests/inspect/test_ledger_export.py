"""The ledger (台账) exports: only the rows the user may see, masked personal data unless
the office explicitly asks for it, and every export in the audit trail."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from inspect_world import ID_NUMBER, PHONE, World, bearer, login
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select

from intake.reports import ledger
from intake.reports.ticket_view import format_deadline
from models import AuditLog, Ticket


def csv_rows(resp: httpx.Response) -> list[dict[str, str]]:
    assert resp.content.startswith("\ufeff".encode())  # Excel reads the BOM as UTF-8
    return list(csv.DictReader(io.StringIO(resp.content.decode("utf-8-sig"))))


def xlsx_rows(resp: httpx.Response) -> list[dict[str, object]]:
    sheet = load_workbook(io.BytesIO(resp.content), read_only=True).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    header = [str(v) for v in values[0]]
    assert header == list(ledger.HEADER)
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


async def audit_actions(factory: async_sessionmaker[AsyncSession]) -> list[tuple[str, str]]:
    async with factory() as session:
        rows = await session.scalars(select(AuditLog).where(AuditLog.object_type == "ledger"))
        return [(a.action, a.object_id) for a in rows]


async def test_inspector_exports_own_rows_masked(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await login(client, "tf1")
    resp = await client.get("/inspect/export.csv")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in resp.headers["content-disposition"]
    rows = csv_rows(resp)
    mine = {world.tickets[k].number for k in ("tf1_zhongyue", "tf1_group", "tf1_shaolin")}
    assert {r["工单编号"] for r in rows} == mine
    assert PHONE not in resp.text and ID_NUMBER not in resp.text and "王小明" not in resp.text
    first = next(r for r in rows if r["工单编号"] == world.tickets["tf1_zhongyue"].number)
    assert first["联系电话"] == "138****5678" and first["投诉人"] == "王**"
    assert first["专班"] == "工程建设领域工作专班" and first["状态"] == "待受理"
    assert first["欠薪金额（元）"] == "12,000.00"  # as the pages show it

    book = await client.get("/inspect/export.xlsx?township=少林街道")
    assert book.status_code == 200
    assert [r["工单编号"] for r in xlsx_rows(book)] == [world.tickets["tf1_shaolin"].number]

    assert (await client.get("/inspect/export.csv?task_force=TF7_SME")).status_code == 403
    refused = await client.get("/inspect/export.xlsx?pii=1")
    assert refused.status_code == 403 and "只有联席办" in refused.text
    assert await audit_actions(session_factory) == [
        ("ledger.export", "csv"),
        ("ledger.export", "xlsx"),
    ]


async def test_township_inspector_and_api_export(world: World, client: httpx.AsyncClient) -> None:
    auth = await bearer(client, "shaolin")
    resp = await client.get("/api/tickets/export?format=csv", headers=auth)
    assert resp.status_code == 200
    numbers = {r["工单编号"] for r in csv_rows(resp)}
    assert numbers == {world.tickets[k].number for k in ("tf7_shaolin", "tf1_shaolin")}
    forbidden = await client.get("/api/tickets/export?format=xlsx&pii=1", headers=auth)
    assert forbidden.status_code == 403 and forbidden.json()["error"] == "forbidden"
    assert (await client.get("/api/tickets/export?format=pdf", headers=auth)).status_code == 422


async def test_office_may_export_personal_data_and_it_is_audited(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await login(client, "office")
    masked = xlsx_rows(await client.get("/inspect/export.xlsx"))
    assert len(masked) == 5 and all("*" in str(r["联系电话"]) for r in masked)
    full = xlsx_rows(await client.get("/inspect/export.xlsx?pii=1"))
    first = next(r for r in full if r["工单编号"] == world.tickets["tf1_zhongyue"].number)
    assert (
        first["联系电话"] == PHONE
        and first["身份证号"] == ID_NUMBER
        and first["投诉人"] == "王小明"
    )
    assert await audit_actions(session_factory) == [
        ("ledger.export", "xlsx"),
        ("ledger.export_pii", "xlsx"),
    ]


async def test_long_exports_are_read_in_chunks(
    world: World, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger, "CHUNK", 2)  # five rows: three chunks, keyset-paged
    await login(client, "office")
    rows = csv_rows(await client.get("/inspect/export.csv?status=all"))
    numbers = [r["工单编号"] for r in rows]
    assert len(numbers) == 5 and len(set(numbers)) == 5
    assert numbers == sorted(numbers, reverse=True)  # newest first, nothing skipped


async def test_files_people_file_formats_widths_and_names(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await login(client, "office")
    masked = await client.get("/inspect/export.xlsx?task_force=TF1_CONSTRUCTION")
    full = await client.get("/inspect/export.xlsx?pii=1&task_force=TF1_CONSTRUCTION")
    masked_name = masked.headers["content-disposition"]
    full_name = full.headers["content-disposition"]
    assert 'filename="anxin-ledger-masked-task_force-TF1_CONSTRUCTION-' in masked_name
    assert 'filename="anxin-ledger-full-task_force-TF1_CONSTRUCTION-' in full_name
    assert "%E8%84%B1%E6%95%8F" in masked_name  # 脱敏 in the UTF-8 name

    sheet = load_workbook(io.BytesIO(full.content)).active
    assert sheet is not None
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(ledger.HEADER)).column_letter}4"
    column = {name: i + 1 for i, name in enumerate(ledger.HEADER)}
    letter = {name: sheet.cell(1, i).column_letter for name, i in column.items()}
    widths = {name: sheet.column_dimensions[letter[name]].width for name in ledger.HEADER}
    longest_employer = max(
        len(str(sheet.cell(r, column["用人单位"]).value or "")) for r in range(2, 5)
    )
    assert widths["用人单位"] >= 2 * longest_employer  # company names are not cut
    assert widths["人数"] < widths["用人单位"]
    amount = sheet.cell(2, column["欠薪金额（元）"])
    assert amount.value == 12000 and "元" in amount.number_format  # a number, formatted
    received = sheet.cell(2, column["收到时间"])
    assert received.is_date and received.number_format == "yyyy-mm-dd hh:mm"

    async with session_factory() as session:
        ticket = await session.get(Ticket, world.id("tf1_zhongyue"))
        assert ticket is not None and ticket.accept_due_at is not None
        due = format_deadline(ticket.accept_due_at)
    rows = csv_rows(await client.get("/inspect/export.csv?task_force=TF1_CONSTRUCTION"))
    first = next(r for r in rows if r["工单编号"] == world.tickets["tf1_zhongyue"].number)
    assert first["受理期限"] == due  # the page's form: 24:00 of the day, not 00:00 of the next
