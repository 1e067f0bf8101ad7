"""Messages that did not reach the worker: the ticket page and the API say 未能送达 with the
number to call, and the office lists failed messages and sends one again."""

from __future__ import annotations

from datetime import timedelta

import httpx
from inspect_world import PHONE, World, bearer, csrf_of, login
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from intake import messaging
from intake.tickets import sweeper
from intake.tickets.sla import SlaPolicy
from models import OutboxMessage
from models.base import utcnow


async def _question_not_picked_up(
    world: World, session_factory: async_sessionmaker[AsyncSession]
) -> int:
    """A 补正 question to the worker of tf1_zhongyue that nobody picked up in time."""
    ticket = world.tickets["tf1_zhongyue"]
    async with session_factory() as session:
        queued = await messaging.enqueue(
            session,
            channel="web",
            chat_id="chat-tf1_zhongyue",  # the complaint's own web chat
            text="办案人员问您：工地在哪里？",
            kind="needs_info",
            ticket_id=ticket.id,
        )
        await session.commit()
    later = utcnow() + timedelta(days=SlaPolicy().followup_timeout_days, hours=1)
    assert (await sweeper.sweep(session_factory, now=later)).unreached == 1
    return queued.id


async def test_the_inspector_is_told_to_phone(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await _question_not_picked_up(world, session_factory)
    tid = world.id("tf1_zhongyue")
    assert (await login(client, "tf1")).status_code == 303
    page = await client.get(f"/inspect/tickets/{tid}")
    assert page.status_code == 200
    assert 'id="undelivered"' in page.text and "未能送达" in page.text and PHONE in page.text
    assert "网页对话" in page.text

    api = await client.get(f"/api/tickets/{tid}", headers=await bearer(client, "tf1"))
    undelivered = api.json()["undelivered"]
    assert undelivered["label"] == "未能送达" and undelivered["phone"] == PHONE
    assert any(e["label"] == "未能送达" for e in api.json()["timeline"])

    other = await client.get(
        f"/api/tickets/{world.id('tf1_group')}", headers=await bearer(client, "tf1")
    )
    assert other.json()["undelivered"] is None


async def test_the_office_lists_failed_messages_and_sends_one_again(
    world: World,
    app_client,  # type: ignore[no-untyped-def]
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    row_id = await _question_not_picked_up(world, session_factory)
    async with app_client() as inspector:
        await login(inspector, "tf1")
        refused = await inspector.get("/inspect/messages")
        assert refused.status_code == 403
    async with app_client() as office:
        assert (await login(office, "office")).status_code == 303
        listing = await office.get("/inspect/messages")
        assert listing.status_code == 200
        assert f'data-id="{row_id}"' in listing.text and PHONE in listing.text
        assert world.tickets["tf1_zhongyue"].number in listing.text
        stale = await office.post(f"/inspect/messages/{row_id}/retry", data={"csrf": "forged"})
        assert stale.status_code == 422
        retried = await office.post(
            f"/inspect/messages/{row_id}/retry",
            data={"csrf": csrf_of(listing.text)},
            follow_redirects=True,
        )
        assert "已重新排队发送" in retried.text
        assert f'data-id="{row_id}"' not in retried.text
    async with session_factory() as session:
        row = await session.get(OutboxMessage, row_id)
        assert row is not None and row.status == "pending"
