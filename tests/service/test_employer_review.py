"""The employer review queue: a name kept as typed is linked by a registry admin in one step,
the ticket follows (re-routed only on confirmation), and the next worker is matched."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import col, select
from staff_session import sign_in

from intake.demo.seed import seed_demo
from intake.settings import Settings
from intake.staff.accounts import create_user
from intake.web.app import create_app
from models import AuditLog, Complaint, Employer, EmployerAlias, Ticket, TicketEvent

TYPED = "鑫泰隆商贸"
STORY = "我叫吴建军，{phone}，给鑫泰隆商贸在大冶镇干活，去年12月到今年2月，欠我18000元，老板说没钱"
BUILDER = "登封市昌明建筑劳务有限公司"


@pytest.fixture
async def client(
    engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker
) -> AsyncIterator[httpx.AsyncClient]:
    async with session_factory() as session:
        await seed_demo(session)
        await create_user(session, username="reg", password="pw-reg-12345", role="admin")
        await create_user(session, username="look", password="pw-look-12345", role="supervisor")
        await session.commit()
    app = create_app(Settings(database_url=db_url, run_sweeper=False), engine=engine)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as c:
        yield c


async def _file(c: httpx.AsyncClient, phone: str) -> list[str]:
    """A worker files the story on the web chat, accepting what is offered; every reply."""
    sid = (await c.post("/api/chat/sessions")).json()["session_id"]
    seen: list[str] = []

    async def post(body: dict[str, str]) -> dict[str, Any]:
        resp = await c.post(f"/api/chat/sessions/{sid}/messages", json=body)
        assert resp.status_code == 200, resp.text
        data: dict[str, Any] = resp.json()
        seen.extend(r["text"] for r in data["replies"])
        return data

    data = await post({"text": STORY.format(phone=phone)})
    for _ in range(12):
        awaiting = data["awaiting"]
        buttons = [b for r in data["replies"] for b in r["buttons"]]
        if awaiting == "done":
            return seen
        if awaiting == "confirm":
            data = await post({"choice": next(b["value"] for b in buttons if "确认" in b["label"])})
        elif buttons:
            data = await post({"choice": buttons[0]["value"]})
        elif awaiting == "project":
            data = await post({"text": "没有项目"})
        elif awaiting == "work_type":
            data = await post({"text": "装卸工"})
        else:
            raise AssertionError(f"unexpected question {awaiting}: {seen[-2:]}")
    raise AssertionError(f"the dialogue did not finish: {seen[-3:]}")


async def test_link_from_the_queue_teaches_the_matcher_and_reroutes_on_confirmation(
    client: httpx.AsyncClient, session_factory: async_sessionmaker
) -> None:
    c = client
    await _file(c, "13655556666")
    async with session_factory() as session:
        complaint = await session.scalar(select(Complaint))
        assert complaint is not None and complaint.employer_unmatched
        assert complaint.employer_name_typed == TYPED
        ticket = await session.scalar(select(Ticket))
        assert ticket is not None
        before = ticket.task_force_code
        builder = await session.scalar(select(Employer).where(Employer.name == BUILDER))
        assert builder is not None

    await sign_in(c, "reg", "pw-reg-12345")
    page = await c.get("/admin/employer-review")
    assert page.status_code == 200 and TYPED in page.text and "大冶镇" in page.text
    assert "给鑫泰隆商贸在大冶镇干活" in page.text  # the worker's words

    linked = await c.post(
        f"/admin/employer-review/{complaint.id}/link", data={"registry_id": builder.registry_id}
    )
    assert linked.status_code == 200 and 'id="review-result"' in linked.text
    assert 'id="reroute-offer"' in linked.text  # a construction firm: another task force
    async with session_factory() as session:
        ticket = await session.get(Ticket, ticket.id)
        assert ticket is not None and ticket.task_force_code == before  # not yet moved
        complaint = await session.get(Complaint, complaint.id)
        assert complaint is not None and complaint.employer_id == builder.id
        assert not complaint.employer_unmatched
        alias = await session.scalar(select(EmployerAlias).where(EmployerAlias.source == "admin"))
        assert alias is not None and alias.employer_id == builder.id

    moved = await c.post(
        f"/admin/employer-review/tickets/{ticket.id}/reroute",
        data={"task_force": "TF1_CONSTRUCTION", "employer": BUILDER},
    )
    assert moved.status_code == 200 and 'id="review-message"' in moved.text
    async with session_factory() as session:
        ticket = await session.get(Ticket, ticket.id)
        assert ticket is not None and ticket.task_force_code == "TF1_CONSTRUCTION"
        kinds = list(
            await session.scalars(
                select(TicketEvent.kind)
                .where(TicketEvent.ticket_id == ticket.id)
                .order_by(col(TicketEvent.id))
            )
        )
        assert kinds[-2:] == ["employer_linked", "transfer"]
        actions = set(await session.scalars(select(AuditLog.action)))
        assert {"ticket.employer_linked", "ticket.transfer"} <= actions
    page = await c.get("/admin/employer-review")
    assert TYPED not in page.text  # reviewed names leave the queue
    token = await c.post("/api/auth/token", data={"username": "look", "password": "pw-look-12345"})
    shown = await c.get(
        f"/api/tickets/{ticket.id}",
        headers={"Authorization": f"Bearer {token.json()['access_token']}"},
    )
    linked_event = next(e for e in shown.json()["timeline"] if e["kind"] == "employer_linked")
    assert linked_event["label"] == "名录审核关联用人单位"
    assert BUILDER in str(linked_event["details"]) and TYPED in str(linked_event["details"])

    second = await _file(c, "13911112222")
    assert any(BUILDER in text for text in second), second
    async with session_factory() as session:
        latest = await session.scalar(select(Complaint).order_by(col(Complaint.id).desc()))
        assert latest is not None and latest.employer_id == builder.id


async def test_add_a_new_employer_in_one_step_and_errors_keep_the_queue(
    client: httpx.AsyncClient, session_factory: async_sessionmaker
) -> None:
    c = client
    await _file(c, "13655556666")
    async with session_factory() as session:
        complaint = await session.scalar(select(Complaint))
        assert complaint is not None and complaint.id is not None
    url = f"/admin/employer-review/{complaint.id}"

    async with session_factory() as session:
        session.add(
            Complaint(
                idempotency_key="person-1",
                channel="web",
                external_id="p",
                complainant_name="张三",
                phone="13800000000",
                employer_name_typed="包工头老王",
                employer_unmatched=True,
                description="跟着包工头老王干活，欠俺八千",
            )
        )
        await session.commit()

    await sign_in(c, "look", "pw-look-12345")
    listing = await c.get("/admin/employer-review")
    assert listing.status_code == 200 and "包工头老王" in listing.text
    assert "个人</span>" in listing.text  # a person is marked: the registry has no such row
    assert 'name="registry_id"' not in listing.text  # a supervisor only looks
    refused = await c.post(f"{url}/link", data={"registry_id": "392"})
    assert refused.status_code == 403

    await sign_in(c, "reg", "pw-reg-12345")
    unknown = await c.post(f"{url}/link", data={"registry_id": "no-such-id"})
    assert unknown.status_code == 422 and "名录中没有编号为" in unknown.text
    bad_code = await c.post(
        f"{url}/add",
        data={
            "name": "登封市鑫泰隆商贸有限公司",
            "sector": "services",
            "ownership": "private",
            "uscc": "91410185XXXXXXXXX1",
        },
    )
    assert bad_code.status_code == 422 and "统一社会信用代码有误" in bad_code.text
    assert TYPED in bad_code.text  # still in the queue

    added = await c.post(
        f"{url}/add",
        data={
            "name": "登封市鑫泰隆商贸有限公司",
            "sector": "services",
            "ownership": "private",
            "township": "大冶镇",
        },
    )
    assert added.status_code == 200 and 'id="review-result"' in added.text
    assert 'id="reroute-offer"' not in added.text  # a trading firm: the same task force
    async with session_factory() as session:
        row = await session.scalar(
            select(Employer).where(Employer.name == "登封市鑫泰隆商贸有限公司")
        )
        assert row is not None and row.registry_id.startswith("A")
        complaint = await session.get(Complaint, complaint.id)
        assert complaint is not None and complaint.employer_id == row.id
    again = await c.post(f"{url}/link", data={"registry_id": row.registry_id})
    assert again.status_code == 422 and "已经关联" in again.text

    tried = await c.post("/api/auth/token", data={"username": "reg", "password": "pw-reg-12345"})
    headers = {"Authorization": f"Bearer {tried.json()['access_token']}"}
    routed = await c.post(
        "/api/admin/routing/try",
        json={"text": "欠我工钱", "fields": {"employer_name": TYPED}},
        headers=headers,
    )
    assert routed.json()["employer"] == {"id": row.registry_id, "name": row.name}
