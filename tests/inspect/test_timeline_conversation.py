"""The inspector sees the conversation with the worker on the ticket's timeline: the 补正
question, the worker's answer and the 回访 answers, labelled in Chinese, with the phone and
ID numbers and the complainant's name in the worker's own words masked (unless revealed,
which is audited)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from inspect_world import ID_NUMBER, NAME, World, bearer, csrf_of, login
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from intake.tickets import service, timeline
from intake.tickets.store import get_ticket
from intake.tickets.timeline import Actor
from models import User

OTHER_PHONE = "13955556666"
ANSWER = f"包工头老李电话{OTHER_PHONE}，我的身份证{ID_NUMBER}，我是{NAME}"
NOT_PAID = "还没拿到，打我电话13812345678"


async def _converse(factory: async_sessionmaker[AsyncSession], world: World) -> int:
    """补正 asked and answered, resolved, 回访 answered 没拿到 (reopens), resolved again,
    回访 answered 拿到了 + 满意 (closes)."""
    tid = world.id("tf1_zhongyue")
    now = world.now
    async with factory() as session:
        user = await session.get(User, 1)
        assert user is not None and user.username == "tf1"
        inspector = Actor.from_user(user)

        async def act(action: str, minutes: int, **kw: Any) -> None:
            await service.apply_action(
                session,
                ticket_id=tid,
                action=action,
                actor=inspector,
                now=now + timedelta(minutes=minutes),
                **kw,
            )

        await act("accept", 1)
        await act("request_info", 2, question="请提供包工头的姓名和电话")
        await service.record_worker_answer(
            session, ticket_id=tid, answer=ANSWER, now=now + timedelta(minutes=3)
        )
        await act("start_investigation", 4)
        await act("resolve", 5, outcome="paid_in_full", recovered_fen=1_200_000)
        await act("start_followup", 6)
        await service.record_followup(
            session,
            ticket_id=tid,
            paid=False,
            satisfied=None,
            comment=NOT_PAID,
            now=now + timedelta(minutes=7),
        )
        await act("resolve", 8, outcome="paid_in_full", recovered_fen=1_200_000)
        await act("start_followup", 9)
        await service.record_followup(
            session, ticket_id=tid, paid=True, satisfied=True, now=now + timedelta(minutes=10)
        )
        # words the worker adds later (e.g. an answer after the question was withdrawn)
        ticket = await get_ticket(session, tid)
        await timeline.record(
            session,
            ticket=ticket,
            kind="worker_added",
            actor=Actor.worker(),
            now=now + timedelta(minutes=11),
            body={"text": f"补充一句：老板手机{OTHER_PHONE}"},
        )
        await session.commit()
    return tid


def _details(timeline_json: list[dict[str, Any]], label: str) -> list[dict[str, str]]:
    return [e["details"] for e in timeline_json if e["label"] == label]


async def test_the_api_shows_the_conversation_masked(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    tid = await _converse(session_factory, world)
    auth = await bearer(client, "tf1")
    body = (await client.get(f"/api/tickets/{tid}", headers=auth)).json()
    assert body["ticket"]["status"] == "closed"
    events = body["timeline"]

    assert _details(events, "要求补正") == [{"补正问题": "请提供包工头的姓名和电话"}]
    (asked,) = [e for e in events if e["label"] == "要求补正"]
    assert asked["actor"] == "tf1" and asked["to_status"] == "待补正"
    (answered,) = [e for e in events if e["label"] == "补正回复"]
    assert answered["actor"] == "投诉人" and answered["to_status"] == "已受理"
    shown = answered["details"]["补正内容"]
    assert "139****6666" in shown and "4101************3X" in shown and "王**" in shown
    assert OTHER_PHONE not in shown and ID_NUMBER not in shown and NAME not in shown

    (reopened,) = [e for e in events if e["label"] == "重新办理"]
    assert reopened["actor"] == "投诉人"
    assert reopened["details"]["已拿到工资"] == "否"
    assert reopened["details"]["说明"] == "还没拿到，打我电话138****5678"
    (closed,) = [e for e in events if e["label"] == "回访销号"]
    assert closed["details"]["已拿到工资"] == "是" and closed["details"]["满意"] == "是"
    assert _details(events, "投诉人补充") == [{"补充内容": "补充一句：老板手机139****6666"}]
    assert OTHER_PHONE not in str(events) and "13812345678" not in str(events)


async def test_the_ticket_page_shows_the_conversation_masked_until_revealed(
    world: World, client: httpx.AsyncClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    tid = await _converse(session_factory, world)
    await login(client, "tf1")
    page = await client.get(f"/inspect/tickets/{tid}")
    assert page.status_code == 200
    for shown in ("要求补正", "补正问题：请提供包工头的姓名和电话", "补正回复", "回访销号"):
        assert shown in page.text
    assert (
        "补正内容：包工头老李电话139****6666，我的身份证4101************3X，我是王**" in page.text
    )
    assert "说明：还没拿到，打我电话138****5678" in page.text
    assert OTHER_PHONE not in page.text and ID_NUMBER not in page.text

    revealed = await client.post(
        f"/inspect/tickets/{tid}/reveal", data={"csrf": csrf_of(page.text)}
    )
    assert revealed.status_code == 200
    assert f"补正内容：{ANSWER}" in revealed.text
