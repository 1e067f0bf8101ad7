"""Acting on tickets from the pages: the forms post to the ticket service with the version
the inspector saw; conflicts, illegal transitions and forbidden actions are explained."""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx
import pytest
from inspect_world import ID_NUMBER, PHONE, World, csrf_of, login
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from models import AuditLog, OutboxMessage, Ticket, TicketEvent


async def open_ticket_form(client: httpx.AsyncClient, ticket_id: int) -> tuple[str, int]:
    page = await client.get(f"/inspect/tickets/{ticket_id}")
    assert page.status_code == 200, page.text
    version = re.search(r'name="expected_version" value="(\d+)"', page.text)
    assert version
    return csrf_of(page.text), int(version.group(1))


async def post_action(
    client: httpx.AsyncClient, ticket_id: int, action: str, **fields: Any
) -> httpx.Response:
    csrf, version = await open_ticket_form(client, ticket_id)
    data = {"csrf": csrf, "expected_version": str(version), "action": action, **fields}
    return await client.post(
        f"/inspect/tickets/{ticket_id}/actions", data=data, follow_redirects=False
    )


async def fresh(factory: async_sessionmaker[AsyncSession], ticket_id: int) -> Ticket:
    async with factory() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        return ticket


async def test_accept_then_conflict_then_illegal_transition(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    tid = world.id("tf1_zhongyue")
    await login(client, "tf1")
    csrf, version = await open_ticket_form(client, tid)
    accepted = await client.post(
        f"/inspect/tickets/{tid}/actions",
        data={"csrf": csrf, "expected_version": str(version), "action": "accept"},
        follow_redirects=False,
    )
    assert accepted.status_code == 303 and accepted.headers["location"] == f"/inspect/tickets/{tid}"
    shown = await client.get(f"/inspect/tickets/{tid}")
    assert "已受理" in shown.text and 'class="flash"' in shown.text

    # the same form again, with the version seen before the accept: someone was faster
    stale = await client.post(
        f"/inspect/tickets/{tid}/actions",
        data={"csrf": csrf, "expected_version": str(version), "action": "start_investigation"},
    )
    assert stale.status_code == 409
    assert "已被他人更新，请刷新后重试" in stale.text
    assert (await fresh(session_factory, tid)).status == "accepted"

    illegal = await post_action(client, tid, "accept")
    assert illegal.status_code == 422
    assert "工单状态为「已受理」，不能执行「受理」" in illegal.text

    no_outcome = await post_action(client, tid, "start_investigation")
    assert no_outcome.status_code == 303
    bad_amount = await post_action(
        client, tid, "resolve", outcome="paid_in_full", recovered_yuan="一万"
    )
    assert bad_amount.status_code == 422 and "不是数字" in bad_amount.text
    resolved = await post_action(
        client, tid, "resolve", outcome="paid_in_full", recovered_yuan="12,000"
    )
    assert resolved.status_code == 303
    ticket = await fresh(session_factory, tid)
    assert ticket.status == "resolved" and ticket.recovered_fen == 1_200_000

    async with session_factory() as session:
        events = list(
            await session.scalars(
                select(TicketEvent.kind)
                .where(TicketEvent.ticket_id == tid)
                .order_by(col(TicketEvent.id))
            )
        )
        assert events == ["opened", "accept", "start_investigation", "resolve"]
        audited = await session.scalars(
            select(AuditLog).where(AuditLog.object_type == "ticket", AuditLog.object_id == str(tid))
        )
        by_action = {a.action: a for a in audited}
        for kind in ("ticket.accept", "ticket.start_investigation", "ticket.resolve"):
            assert by_action[kind].actor_user_id is not None  # the signed-in inspector


async def test_csrf_and_forbidden_and_merge_rules(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    tid = world.id("tf1_group")
    await login(client, "tf1")
    forged = await client.post(
        f"/inspect/tickets/{tid}/actions", data={"action": "accept", "csrf": "forged"}
    )
    assert forged.status_code == 422 and "页面已过期" in forged.text
    assert (await fresh(session_factory, tid)).status == "new"

    transfer = await post_action(
        client, tid, "transfer", target_task_force="TF7_SME", reason="不是工程建设"
    )
    assert transfer.status_code == 403 and "转办由联席办决定" in transfer.text
    assert 'data-action="transfer"' not in transfer.text  # the button is not offered either

    other_unit = world.tickets["tf7_daye"].number
    merge_elsewhere = await post_action(client, tid, "merge", merge_into=other_unit)
    assert merge_elsewhere.status_code == 422 and "不存在或无权查看" in merge_elsewhere.text

    target = world.tickets["tf1_zhongyue"].number
    merged = await post_action(client, tid, "merge", merge_into=target, reason="重复投诉")
    assert merged.status_code == 303
    ticket = await fresh(session_factory, tid)
    assert ticket.status == "merged" and ticket.merged_into_id == world.id("tf1_zhongyue")

    other = await client.post(
        f"/inspect/tickets/{world.id('tf7_daye')}/actions",
        data={
            "action": "accept",
            "csrf": (await open_ticket_form(client, world.id("tf1_shaolin")))[0],
        },
    )
    assert other.status_code == 404
    assert (await fresh(session_factory, world.id("tf7_daye"))).status == "new"


async def test_office_transfers_and_inspector_asks_the_worker(
    world: World, app_client: Any, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    tid = world.id("tf1_shaolin")
    async with app_client() as office:
        await login(office, "office")
        moved = await post_action(
            office, tid, "transfer", target_task_force="TF7_SME", reason="餐饮企业，属中小企业"
        )
        assert moved.status_code == 303
    assert (await fresh(session_factory, tid)).task_force_code == "TF7_SME"

    async with app_client() as town:  # 少林街道 still sees it (same township)
        await login(town, "shaolin")
        asked = await post_action(town, tid, "request_info", question="请提供老板的电话或工地地址")
        assert asked.status_code == 303
        page = await town.get(f"/inspect/tickets/{tid}")
        assert "待补正" in page.text and "请提供老板的电话或工地地址" in page.text
    async with session_factory() as session:
        queued = await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.ticket_id == tid)
        )
        assert queued == 1  # the question goes to the worker's chat

    async with app_client() as tf1:  # TF1 lost it with the transfer
        await login(tf1, "tf1")
        assert (await tf1.get(f"/inspect/tickets/{tid}")).status_code == 404


async def test_contact_data_is_masked_until_revealed_and_the_view_is_audited(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    tid = world.id("tf1_zhongyue")
    await login(client, "tf1")
    page = await client.get(f"/inspect/tickets/{tid}")
    assert PHONE not in page.text and ID_NUMBER not in page.text and "王小明" not in page.text
    assert "138****5678" in page.text
    async with session_factory() as session:
        before = await session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "ticket.pii_view")
        )
    assert before == 0
    shown = await client.post(f"/inspect/tickets/{tid}/reveal", data={"csrf": csrf_of(page.text)})
    assert shown.status_code == 200
    assert PHONE in shown.text and ID_NUMBER in shown.text and "王小明" in shown.text
    async with session_factory() as session:
        rows = list(
            await session.scalars(select(AuditLog).where(AuditLog.action == "ticket.pii_view"))
        )
    assert len(rows) == 1
    assert rows[0].object_id == str(tid) and rows[0].actor_user_id is not None
    assert PHONE not in str(rows[0].detail)  # the trail says who looked, not what they saw


async def test_group_page_and_group_action(
    world: World, app_client: Any, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    gid = world.group_of("tf1_group")
    async with app_client() as tf7:
        await login(tf7, "tf7")
        assert (await tf7.get(f"/inspect/groups/{gid}")).status_code == 404
    async with app_client() as tf1:
        await login(tf1, "tf1")
        page = await tf1.get(f"/inspect/groups/{gid}")
        assert page.status_code == 200 and "整组操作" in page.text
        done = await tf1.post(
            f"/inspect/groups/{gid}/actions",
            data={"csrf": csrf_of(page.text), "action": "accept"},
            follow_redirects=True,
        )
        assert done.status_code == 200 and "「受理」已执行 2 件" in done.text
    for key in ("tf1_zhongyue", "tf1_group"):
        assert (await fresh(session_factory, world.id(key))).status == "accepted"
    async with session_factory() as session:
        audit = await session.scalar(select(AuditLog).where(AuditLog.action == "case_group.accept"))
        assert audit is not None and audit.object_id == str(gid)


async def test_personal_data_never_reaches_the_logs(
    world: World, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await login(client, "office")
    tid = world.id("tf1_zhongyue")
    page = await client.get(f"/inspect/tickets/{tid}")
    await client.post(f"/inspect/tickets/{tid}/reveal", data={"csrf": csrf_of(page.text)})
    await client.get("/inspect/export.csv?pii=1")
    await post_action(client, tid, "request_info", question="请提供工地地址")
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert PHONE not in logged and ID_NUMBER not in logged and "王小明" not in logged
