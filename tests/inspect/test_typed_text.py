"""The input boundary (NUL and control characters removed from what people type, on every
channel) and exports that write whatever is stored."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import httpx
from inspect_world import ID_NUMBER, NAME, PHONE, World, bearer, login
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select

from intake.chats.complaints import ticket_card
from intake.chats.typed_text import clean
from intake.dialogue import UserInput
from intake.tickets import timeline
from intake.tickets.actions import RefuseInput, parse_request
from intake.tickets.sla import SHANGHAI, missing_holiday_years, use_holiday_file
from models import AuditLog, Complaint, DialogueSession, Ticket, TicketEvent
from models.base import utcnow
from routing.router import RoutingDecision as Decision

NASTY = "a\x00b\x01c\x1bd\x7fe\x85f\ud800g\th\r\ni"


def test_clean_keeps_line_breaks_and_tabs_only() -> None:
    assert clean(NASTY) == "abcdef" + "g\th\ni"
    assert clean("普通的话\n第二行") == "普通的话\n第二行"
    assert UserInput.from_text(NASTY).text == "abcdefg\th\ni"  # Telegram, web, terminal
    assert UserInput.from_choice("yes\x00").text == "yes"
    body = parse_request({"action": "refuse", "reason": "重复\x00投诉\x07"})
    assert isinstance(body, RefuseInput) and body.reason == "重复投诉"


async def test_nul_and_control_characters_in_chat_answers_are_stored_without_them(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """Web chat: PostgreSQL refused the whole conversation row with a NUL in it."""
    chat = (await client.post("/api/chat/sessions")).json()["session_id"]

    async def say(text: str, key: str = "text") -> dict[str, object]:
        resp = await client.post(f"/api/chat/sessions/{chat}/messages", json={key: text})
        assert resp.status_code == 200, resp.text
        body: dict[str, object] = resp.json()
        return body

    await say("你好\x00")
    assert (await say("consent:yes\x00", key="choice"))["awaiting"] == "name"
    turn = await say(
        "我叫王\x00大力\x01，电话13812345678，在少林街道\x1b宏达建筑工地干木工，"
        "去年10月到今年1月，欠我三万五\x7f"
    )
    async with session_factory() as session:
        row = await session.scalar(
            select(DialogueSession).where(DialogueSession.external_id == chat)
        )
        assert row is not None
        stored = str(row.state)
    assert "\x00" not in stored and "\x01" not in stored and "王大力" in stored
    assert turn["awaiting"] not in ("consent", "name", "phone")


async def test_control_characters_in_inspector_input_are_removed(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    headers = await bearer(client, "tf1")
    ticket = world.id("tf1_zhongyue")
    resp = await client.post(
        f"/api/tickets/{ticket}/actions",
        json={"action": "request_info", "question": "请补充\x00工地\x01地址\n谢谢"},
        headers=headers,
    )
    assert resp.status_code == 200, resp.text
    async with session_factory() as session:
        events = list(
            await session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket))
        )
    texts = " ".join(str(e.body) for e in events)
    assert "请补充工地地址" in texts and "\x00" not in texts


async def test_exports_write_control_characters_and_formulas_safely(
    world: World,
    client: httpx.AsyncClient,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """Data stored before the boundary existed (or by another way in): the ledger is still
    written, in both formats, and no cell becomes a formula."""
    async with session_factory() as session:
        ticket = await session.get(Ticket, world.id("tf1_zhongyue"))
        assert ticket is not None
        complaint = await session.get(Complaint, ticket.complaint_id)
        assert complaint is not None
        complaint.project_name = "宏达\x01项目\x1b"
        complaint.employer_name_typed = '=HYPERLINK("http://x")'
        await session.commit()
    await login(client, "tf1")
    book = await client.get("/inspect/export.xlsx")
    assert book.status_code == 200
    sheet = load_workbook(io.BytesIO(book.content), read_only=True).active
    assert sheet is not None
    cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert "宏达项目" in cells
    assert not any(c.startswith("=") for c in cells)
    sheet_csv = await client.get("/inspect/export.csv")
    assert sheet_csv.status_code == 200
    rows = list(csv.reader(io.StringIO(sheet_csv.content.decode("utf-8-sig"))))
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


async def test_a_workers_addition_is_masked_for_inspectors_and_revealing_it_is_audited(
    world: World,
    client: httpx.AsyncClient,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """补充到原投诉: the text lands on the ticket's timeline; the page, the API and the task
    force's card show it masked, and the unmasked view leaves an audit row."""
    added = f"补充：我的电话{PHONE}，身份证{ID_NUMBER}，我叫{NAME}"
    async with session_factory() as session:
        ticket = await session.get(Ticket, world.id("tf1_zhongyue"))
        assert ticket is not None
        await timeline.record(
            session,
            ticket=ticket,
            kind="worker_added",
            actor=timeline.Actor.worker(),
            now=utcnow(),
            body={"text": added},
        )
        await session.commit()
    headers = await bearer(client, "tf1")
    path = f"/api/tickets/{world.id('tf1_zhongyue')}"
    masked = (await client.get(path, headers=headers)).text
    assert PHONE not in masked and ID_NUMBER not in masked and NAME not in masked
    assert "138****5678" in masked
    await login(client, "tf1")
    page = (await client.get(f"/inspect/tickets/{world.id('tf1_zhongyue')}")).text
    assert PHONE not in page and ID_NUMBER not in page and "138****5678" in page

    revealed = await client.get(path, params={"pii": "true"}, headers=headers)
    assert PHONE in revealed.text and ID_NUMBER in revealed.text
    async with session_factory() as session:
        audit = list(
            await session.scalars(select(AuditLog).where(AuditLog.action == "ticket.pii_view"))
        )
    assert len(audit) == 1 and "timeline_text" in audit[0].detail["fields"]


def test_numbers_typed_into_names_are_masked_on_the_task_force_card() -> None:
    complaint = Complaint(
        idempotency_key="k",
        channel="web",
        external_id="x",
        complainant_name=NAME,
        phone=PHONE,
        employer_name_typed=f"宏达建筑（老板电话{PHONE}）",
        project_name=f"工地{ID_NUMBER}",
    )
    ticket = Ticket(number="AX1", complaint_id=1, task_force_code="TF1", priority="normal")
    decision = Decision(
        task_force="TF1",
        township=None,
        flags=[],
        priority="normal",
        notify=[],
        employer=None,
        rule_id="r",
        table_version="1",
        reasons=["规则"],
    )
    card = ticket_card(ticket, complaint, decision)
    assert PHONE not in card and ID_NUMBER not in card and "138****5678" in card


async def test_the_dashboard_says_when_this_or_next_year_has_no_holiday_data(
    world: World, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    today = datetime.now(SHANGHAI).date()
    missing = missing_holiday_years(today)
    await login(client, "office")
    page = (await client.get("/inspect/dashboard")).text
    assert ("法定节假日安排" in page) == bool(missing)
    for year in missing:
        assert str(year) in page
    path = tmp_path / "h.yaml"
    path.write_text(
        "".join(f"{y}:\n  holidays: [{y}-01-01]\n" for y in (today.year, today.year + 1)),
        encoding="utf-8",
    )
    use_holiday_file(path)
    try:
        assert "法定节假日安排" not in (await client.get("/inspect/dashboard")).text
    finally:
        use_holiday_file(None)
