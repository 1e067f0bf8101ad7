"""The rules page as an admin uses it: every problem on its own line, the table in words, an
honest simulation (names, masked examples, a reason that names another task force), a
publish that moves open tickets only when asked, and a rollback with a reason, all audited."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import col, select

from intake.demo.seed import seed_demo
from intake.settings import Settings
from intake.staff.accounts import create_user
from intake.web.app import create_app
from models import AuditLog, Complaint, RoutingTableVersion, Ticket, TicketEvent
from routing.rules import DEFAULT_TABLE_PATH

DEFAULT_YAML = DEFAULT_TABLE_PATH.read_text(encoding="utf-8")
LINES = DEFAULT_YAML.splitlines()
COAL_THEN = "    then: {task_force: TF5_COAL}"
# coal now goes to construction, but the rule's reason still names the coal task force
COAL_TO_TF1 = DEFAULT_YAML.replace(COAL_THEN, "    then: {task_force: TF1_CONSTRUCTION}")


@pytest.fixture
async def client(
    engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker
) -> AsyncIterator[httpx.AsyncClient]:
    async with session_factory() as session:
        await seed_demo(session)
        await create_user(session, username="root", password="pw-root-123", role="admin")
        complaint = Complaint(
            idempotency_key="k1",
            channel="web",
            external_id="w1",
            complainant_name="张三丰",
            phone="13912345678",
            employer_name_typed="某某煤业",
            description="我是张三丰，在煤矿井下挖煤，老板欠三万，电话13912345678",
            amount_fen=3_000_000,
            headcount=1,
        )
        session.add(complaint)
        await session.flush()
        assert complaint.id is not None
        session.add(Ticket(number="AX-0001", complaint_id=complaint.id, task_force_code="TF5_COAL"))
        await session.commit()
    app = create_app(Settings(database_url=db_url, run_sweeper=False), engine=engine)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as c:
        page = await c.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token
        await c.post(
            "/login", data={"username": "root", "password": "pw-root-123", "csrf": token[1]}
        )
        yield c


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found
    return found[1]


async def test_every_problem_with_its_own_line_and_the_rules_in_words(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/admin/rules")
    assert page.status_code == 200
    assert "/static/vendor/codemirror/codemirror.js" in page.text
    assert 'id="rule-rows"' in page.text and "煤炭企业工作专班" in page.text
    assert "行业为煤炭" in page.text  # a rule's condition in words
    sector_line = LINES.index("        - sector: [coal]") + 1
    tf_line = LINES.index("    then: {task_force: TF6_SOE}") + 1
    broken = DEFAULT_YAML.replace("        - sector: [coal]", "        - sectr: [coal]").replace(
        "    then: {task_force: TF6_SOE}", "    then: {task_force: TF9_NOPE}"
    )
    bad = await client.post(
        "/admin/rules/save",
        data={"yaml": broken.replace("\n", "\r\n"), "comment": "x", "csrf": _csrf(page.text)},
    )
    assert bad.status_code == 422
    assert "2 处问题" in bad.text
    assert f'data-line="{sector_line}"' in bad.text and "是不是想写“sector”" in bad.text
    assert f'data-line="{tf_line}"' in bad.text and "“TF9_NOPE”不在" in bad.text
    assert "sectr: [coal]" in bad.text  # the admin's text is kept
    assert "Extra inputs" not in bad.text


async def test_simulate_publish_with_rerouting_then_roll_back(
    client: httpx.AsyncClient, session_factory: async_sessionmaker
) -> None:
    page = await client.get("/admin/rules")
    csrf = _csrf(page.text)
    saved = await client.post(
        "/admin/rules/save",
        data={"yaml": COAL_TO_TF1.replace("\n", "\r\n"), "comment": "煤矿改派", "csrf": csrf},
        follow_redirects=True,
    )
    assert saved.status_code == 200 and "已保存为草稿" in saved.text
    text = saved.text
    assert "煤炭企业工作专班" in text and "工程建设领域工作专班" in text
    assert "TF5_COAL</td>" not in text
    assert "13912345678" not in text and "张三丰" not in text and "张**" in text
    assert 'id="reason-warnings"' in text and "规则 <code>coal</code>" in text
    assert "也重新分派未办结工单（1 件）" in text and "AX-0001" in text
    number = int(str(saved.url).rstrip("/").rsplit("/", 1)[1])

    done = await client.post(
        f"/admin/rules/{number}/publish",
        data={"csrf": csrf, "reroute_open": "1"},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "1 件未办结工单已按新规则重新分派" in done.text
    async with session_factory() as session:
        ticket = await session.scalar(select(Ticket).where(Ticket.number == "AX-0001"))
        assert ticket is not None and ticket.task_force_code == "TF1_CONSTRUCTION"
        events = list(
            await session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id))
        )
        assert [e.kind for e in events] == ["transfer"]
        assert f"分派规则 v{number} 发布" in events[0].body["reason"]
        actions = [a.action for a in await session.scalars(select(AuditLog))]
        assert "routing.publish" in actions and "ticket.reroute" in actions

    archived = number - 1
    refused = await client.post(
        f"/admin/rules/{archived}/rollback", data={"csrf": csrf}, follow_redirects=True
    )
    assert "回滚前请填写原因并勾选确认" in refused.text
    rolled = await client.post(
        f"/admin/rules/{archived}/rollback",
        data={"csrf": csrf, "reason": "煤矿案件分错了", "confirm": "1"},
        follow_redirects=True,
    )
    assert rolled.status_code == 200 and "已回滚" in rolled.text
    async with session_factory() as session:
        published = await session.scalar(
            select(RoutingTableVersion).where(RoutingTableVersion.status == "published")
        )
        assert published is not None and published.version == number + 1
        assert published.comment == f"回滚到 v{archived}：煤矿案件分错了"
        audit = list(
            await session.scalars(
                select(AuditLog).where(col(AuditLog.action) == "routing.rollback")
            )
        )
        assert len(audit) == 1 and audit[0].detail["reason"] == "煤矿案件分错了"


async def test_publishing_without_the_tick_leaves_open_tickets_where_they_are(
    client: httpx.AsyncClient, session_factory: async_sessionmaker
) -> None:
    page = await client.get("/admin/rules")
    csrf = _csrf(page.text)
    saved = await client.post(
        "/admin/rules/save",
        data={"yaml": COAL_TO_TF1, "comment": "煤矿改派", "csrf": csrf},
        follow_redirects=True,
    )
    number = int(str(saved.url).rstrip("/").rsplit("/", 1)[1])
    done = await client.post(
        f"/admin/rules/{number}/publish", data={"csrf": csrf}, follow_redirects=True
    )
    assert "未办结工单保持原专班" in done.text
    async with session_factory() as session:
        ticket = await session.scalar(select(Ticket).where(Ticket.number == "AX-0001"))
        assert ticket is not None and ticket.task_force_code == "TF5_COAL"
