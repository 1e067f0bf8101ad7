"""What the closing-the-loop tests share: a worker who answers whatever the bot asks (on any
channel), and the inspector's desk, which works the ticket through the ticket service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from intake.tickets import service
from intake.tickets.timeline import Actor
from models import Complaint, DialogueSession, Ticket, TicketEvent, User
from models.base import utcnow
from models.codes.ticket_outcome import TicketOutcome
from models.codes.ticket_status import Status

STORY = "我叫刘满仓，手机13937112345，跟着恒跃建筑在柳河镇扎钢筋，俺们五个人一共被欠了三万五"
SECOND_STORY = "这次是锦程物业，我在东关街道做保洁"
QUESTION = "请问您具体在哪个工地干活？工地的名字或地址是什么？"
ANSWER = "在柳河镇幸福家园二期工地，3号楼"

# What a worker answers to each question, when no button fits.
TYPED = {
    "name": "我叫刘满仓",
    "phone": "13937112345",
    "employer": "恒跃建筑",
    "township": "柳河镇",
    "work_type": "钢筋工",
    "period": "去年十月到今年一月",
    "amount": "三万五",
    "headcount": "5",
    "description": "老板一直拖着不给",
}
PRESS = {
    "consent": "同意",
    "project": "不清楚/没有",
    "confirm": "确认提交",
    "headcount": "就我一个",
}
NOT_A_CHOICE = ("都不是，按我写的记", "不对，我重新说")


def next_move(awaiting: str, buttons: list[str]) -> tuple[str, str]:
    """("press", label) or ("say", text) for the question being asked."""
    for side in ("另提新投诉", "接着填", "不了，接着填"):  # side questions: carry on
        if side in buttons:
            return "press", side
    if awaiting in PRESS and PRESS[awaiting] in buttons:
        return "press", PRESS[awaiting]
    if awaiting == "employer" and buttons:
        if "对，就是这个" in buttons:
            return "press", "对，就是这个"
        offered = [b for b in buttons if b not in NOT_A_CHOICE]
        return "press", (offered or buttons)[0]
    if awaiting == "township" and buttons:
        return "press", buttons[0]
    return "say", TYPED.get(awaiting, "不清楚")


Move = Callable[[str, str], Awaitable[tuple[str, list[str]]]]


async def file_until_done(first: str, awaiting: str, buttons: list[str], move: Move) -> None:
    """Answer question after question until the complaint is filed. `move(kind, value)`
    does it on the channel and returns the new (awaiting, buttons)."""
    for _ in range(25):
        if awaiting == "done":
            return
        kind, value = next_move(awaiting, buttons)
        awaiting, buttons = await move(kind, value)
    raise AssertionError(f"not filed after 25 turns; stuck at {awaiting} {buttons}")


async def awaiting_of(factory: async_sessionmaker[AsyncSession], channel: str, ext: str) -> str:
    async with factory() as session:
        found = await session.scalar(
            select(DialogueSession.awaiting).where(
                DialogueSession.channel == channel, DialogueSession.external_id == ext
            )
        )
    assert found is not None
    return found


async def draft_of(
    factory: async_sessionmaker[AsyncSession], channel: str, ext: str
) -> dict[str, Any]:
    async with factory() as session:
        state = await session.scalar(
            select(DialogueSession.state).where(
                DialogueSession.channel == channel, DialogueSession.external_id == ext
            )
        )
    assert state is not None
    draft: dict[str, Any] = state["draft"]
    return draft


async def latest_ticket(factory: async_sessionmaker[AsyncSession], channel: str, ext: str) -> str:
    """The number of the ticket this conversation filed last."""
    async with factory() as session:
        found = await session.scalar(
            select(Ticket.number)
            .join(Complaint, col(Complaint.id) == col(Ticket.complaint_id))
            .where(Complaint.channel == channel, Complaint.external_id == ext)
            .order_by(col(Ticket.id).desc())
            .limit(1)
        )
    assert found is not None
    return found


@dataclass
class Desk:
    """The inspector's side of the loop, in the name of an inspector account."""

    factory: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime] = utcnow

    async def actor(self) -> Actor:
        async with self.factory() as session:
            user = await session.scalar(select(User).where(User.username == "zhuanban1"))
            if user is None:
                user = User(
                    username="zhuanban1", display_name="专班一", password_hash="-", role="inspector"
                )
                session.add(user)
                await session.commit()
            return Actor.from_user(user)

    async def ticket(self, number: str) -> Ticket:
        async with self.factory() as session:
            found = await session.scalar(select(Ticket).where(Ticket.number == number))
        assert found is not None, number
        return found

    async def status(self, number: str) -> str:
        return (await self.ticket(number)).status

    async def act(self, number: str, action: str, **inputs: Any) -> Ticket:
        ticket = await self.ticket(number)
        assert ticket.id is not None
        actor = await self.actor()
        async with self.factory() as session:
            done = await service.apply_action(
                session, ticket_id=ticket.id, action=action, actor=actor, now=self.clock(), **inputs
            )
            await session.commit()
        return done

    async def ask(self, number: str, question: str = QUESTION) -> None:
        await self.act(number, "request_info", question=question)

    async def resolve_and_follow_up(self, number: str) -> None:
        if await self.status(number) == Status.ACCEPTED.value:
            await self.act(number, "start_investigation")
        await self.act(
            number, "resolve", outcome=TicketOutcome.PAID_IN_FULL, recovered_fen=3_500_000
        )
        await self.act(number, "start_followup")

    async def timeline(self, number: str) -> list[TicketEvent]:
        ticket = await self.ticket(number)
        async with self.factory() as session:
            rows = await session.scalars(
                select(TicketEvent)
                .where(TicketEvent.ticket_id == ticket.id)
                .order_by(col(TicketEvent.id))
            )
            return list(rows)

    async def answers(self, number: str) -> list[str]:
        """The worker's 补正 answers on the ticket's timeline."""
        return [
            str(e.body.get("answer"))
            for e in await self.timeline(number)
            if e.kind == "answer_info" and e.actor == "worker"
        ]


async def check_the_loop_closed(desk: Desk, number: str) -> None:
    """The timeline of a ticket that went through the whole loop, as the inspector sees it."""
    kinds = [e.kind for e in await desk.timeline(number)]
    expected = [
        "accept",
        "request_info",
        "answer_info",
        "resolve",
        "start_followup",
        "reopen",
        "resolve",
        "start_followup",
        "close",
    ]
    at = 0
    for kind in kinds:
        if at < len(expected) and kind == expected[at]:
            at += 1
    assert at == len(expected), kinds
    events = await desk.timeline(number)
    reopen = next(e for e in events if e.kind == "reopen")
    assert reopen.body["paid"] is False and reopen.to_status == Status.INVESTIGATING.value
    close = events[-1]
    assert close.kind == "close" and close.body["paid"] is True and close.body["satisfied"] is True
    assert await desk.status(number) == Status.CLOSED.value
