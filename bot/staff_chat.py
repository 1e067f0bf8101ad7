"""Private chats of staff with the bot: `/link CODE` links a Telegram user to a staff
account, `/unlink` undoes it, the question an inspector types after pressing 需补正 on a
group card goes to the worker through the same call as the web page's 要求补正, and
`/note 工单号 内容` writes a note (备注) on a ticket as the web page's form does.

Once linked, a person's private messages are the staff side's: they are never taken for a
worker's complaint. Replies are queued in the outbox in the transaction that records the
update id, so a redelivered update is answered once and acts once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import Message, Update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import handlers
from bot.keyboard_fallback import Button
from bot.staff import LinkedIds, Staff, linked_staff, tell_staff
from bot.ticket_cards import NOT_YOURS, card_buttons, local_time, mark_card
from intake.reports.ticket_view import allowed_actions_for, ticket_by_number_or_id
from intake.staff import telegram_links
from intake.tickets import actions, casework, pending_questions
from intake.tickets.errors import TicketError, TicketNotFound
from intake.tickets.sla import SlaPolicy
from models import User
from models.base import utcnow
from models.messaging import MARK_PROCESSED

QUESTION_MAX = 2000

HELP = (
    "您已绑定安薪账号「{name}」。\n"
    "在专班群的工单卡片上按「受理」即受理；按「需补正」后，在这里输入要问投诉人的问题；"
    "按「查看」会在这里收到工单摘要。\n"
    "发送 /note 工单号 内容 可给工单记一条备注（如打过的电话、老板的承诺）。\n"
    "发送 /unlink 可解除绑定。"
)
NOTE_USAGE = (
    "用法：/note 工单号 备注内容\n比如：/note AX20260302-000012 已电话联系老板，答应周五前结清"
)


class PrivateChat(Filter):
    """A private chat (a coroutine: aiogram runs plain filters in a thread, costing every
    worker's message a thread switch per filter)."""

    async def __call__(self, message: Message) -> bool:
        return message.chat.type == ChatType.PRIVATE


class GroupChat(Filter):
    async def __call__(self, message: Message) -> bool:
        return message.chat.type != ChatType.PRIVATE


class LinkedStaff(Filter):
    """Messages of a Telegram user linked to a staff account; hands the handler `staff`."""

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], linked_ids: LinkedIds
    ) -> None:
        self.session_factory = session_factory
        self.linked_ids = linked_ids

    async def __call__(self, message: Message) -> bool | dict[str, Any]:
        if message.from_user is None:
            return False
        # Every worker's message asks this first: a database hiccup is waited out as the
        # worker's own turn waits it out, so that the message is not dropped here.
        for delay in (*handlers.DB_RETRY_DELAYS_S, None):
            try:
                if not await self.linked_ids.contains(message.from_user.id):
                    return False
                async with self.session_factory() as session:
                    staff = await linked_staff(session, message.from_user.id)
                break
            except handlers.TRANSIENT_DB_ERRORS:
                if delay is None:
                    raise
                await asyncio.sleep(delay)
        return False if staff is None else {"staff": staff}


async def _first_time(session: AsyncSession, bot: Bot, update: Update) -> bool:
    fresh = await session.execute(
        MARK_PROCESSED,
        {"bot_id": bot.id, "update_id": update.update_id, "part": 0, "processed_at": utcnow()},
    )
    return fresh.scalar_one_or_none() is not None


async def _reply(
    session: AsyncSession, bot: Bot, update: Update, message: Message, text: str
) -> None:
    await tell_staff(
        session,
        chat_id=message.chat.id,
        text=text,
        dedupe_key=f"upd:{bot.id}:{update.update_id}:staff",
    )


async def on_link(
    message: Message,
    command: CommandObject,
    bot: Bot,
    event_update: Update,
    session_factory: async_sessionmaker[AsyncSession],
    linked_ids: LinkedIds,
    outbox_wake: asyncio.Event | None = None,
) -> None:
    assert message.from_user is not None
    async with session_factory() as session:
        if not await _first_time(session, bot, event_update):
            return
        try:
            user: User = await telegram_links.redeem_code(
                session,
                code=command.args or "",
                telegram_user_id=message.from_user.id,
                now=utcnow(),
            )
            name = user.display_name or user.username
            text = (
                f"绑定成功：此 Telegram 账号已绑定安薪账号「{name}」。"
                "\n现在可以在专班群的工单卡片上按「受理」「需补正」「查看」办理工单。"
            )
        except telegram_links.LinkError as exc:  # raised before anything is written
            text = exc.zh
        await _reply(session, bot, event_update, message, text)
        await session.commit()
    linked_ids.forget()
    if outbox_wake is not None:
        outbox_wake.set()


async def on_link_in_group(
    message: Message,
    command: CommandObject,
    bot: Bot,
    event_update: Update,
    session_factory: async_sessionmaker[AsyncSession],
    outbox_wake: asyncio.Event | None = None,
) -> None:
    """A code posted in a group could be sent to the bot by anyone who read it, linking
    their Telegram to the inspector's account: it is made useless at once."""
    async with session_factory() as session:
        if not await _first_time(session, bot, event_update):
            return
        if not await telegram_links.retire_code(session, code=command.args or "", now=utcnow()):
            return  # nothing to protect; a group does not need to hear about it
        await _reply(
            session,
            bot,
            event_update,
            message,
            "绑定码不能发在群里：这个绑定码已作废。"
            "请在网页上重新生成，并私聊本机器人发送 /link 绑定码。",
        )
        await session.commit()
    if outbox_wake is not None:
        outbox_wake.set()


async def on_unlink(
    message: Message,
    bot: Bot,
    event_update: Update,
    session_factory: async_sessionmaker[AsyncSession],
    linked_ids: LinkedIds,
    outbox_wake: asyncio.Event | None = None,
) -> None:
    assert message.from_user is not None
    async with session_factory() as session:
        if not await _first_time(session, bot, event_update):
            return
        user = await telegram_links.linked_user(session, message.from_user.id)
        if user is not None and await telegram_links.unlink(session, user=user, now=utcnow()):
            await pending_questions.cancel(session, telegram_user_id=message.from_user.id)
            text = "已解除绑定。此 Telegram 账号不再代表任何安薪账号。"
        else:
            text = "此 Telegram 账号没有绑定安薪账号。"
        await _reply(session, bot, event_update, message, text)
        await session.commit()
    linked_ids.forget()
    if outbox_wake is not None:
        outbox_wake.set()


async def on_staff_message(
    message: Message,
    staff: Staff,
    bot: Bot,
    event_update: Update,
    session_factory: async_sessionmaker[AsyncSession],
    sla_policy: SlaPolicy,
    outbox_wake: asyncio.Event | None = None,
) -> None:
    """/cancel, the awaited 补正 question, or anything else (answered with what to do)."""
    assert message.from_user is not None
    tg_user = message.from_user.id
    text = (message.text or "").strip()
    now = utcnow()
    sent: Sent | None = None
    async with session_factory() as session:
        if not await _first_time(session, bot, event_update):
            return
        wait = await pending_questions.waiting(session, telegram_user_id=tg_user, now=now)
        command = text.split(maxsplit=1)[0].split("@", 1)[0] if text else ""  # /cancel@bot too
        if command == "/note":
            reply = await _note(session, staff, text, sla_policy)
        elif command == "/cancel":
            cancelled = await pending_questions.cancel(session, telegram_user_id=tg_user)
            reply = "已取消，没有发出补正问题。" if cancelled else "没有待发送的补正问题。"
        elif wait is None:
            reply = HELP.format(name=staff.name)
        elif not text or text.startswith("/"):
            reply = "请用文字输入补正问题（发送 /cancel 取消）。"
        elif len(text) > QUESTION_MAX:
            reply = f"问题太长（{len(text)} 字，最多 {QUESTION_MAX} 字），请精简后重新发送。"
        else:
            reply, sent = await _send_question(session, staff, tg_user, wait, text, sla_policy)
        await _reply(session, bot, event_update, message, reply)
        await session.commit()
    if sent is not None and sent.card is not None:
        line = f"{staff.name} 已要求补正（{local_time(now)}），等待投诉人回复"
        await mark_card(bot, sent.card, line, sent.buttons)
    if outbox_wake is not None:
        outbox_wake.set()


async def _note(session: AsyncSession, staff: Staff, text: str, policy: SlaPolicy) -> str:
    """备注 through the web form's path: the same model, the same checks, the same audit."""
    parts = text.split(maxsplit=2)
    if len(parts) < 3:
        return NOTE_USAGE
    ref, remark = parts[1], parts[2]
    try:
        ticket = await ticket_by_number_or_id(session, viewer=staff.viewer, ref=ref)
        assert ticket.id is not None  # a stored ticket
        await casework.act_on_ticket(
            session,
            viewer=staff.viewer,
            ticket_id=ticket.id,
            inputs=actions.parse_inputs("add_note", {"remark": remark}),
            now=utcnow(),
            policy=policy,
        )
    except TicketError as exc:
        return f"备注没有记下：{exc.zh}"
    return f"已给工单 {ticket.number} 记下备注。可在网页的工单页查看。"


@dataclass(frozen=True)
class Sent:
    """A question that went out: the card to update and its buttons now."""

    card: pending_questions.Card | None
    buttons: list[Button]


async def _send_question(
    session: AsyncSession,
    staff: Staff,
    tg_user: int,
    wait: pending_questions.Waiting,
    question: str,
    policy: SlaPolicy,
) -> tuple[str, Sent | None]:
    """要求补正 through the web page's path; the wait ends whatever the outcome. A refused
    action writes nothing (the ticket service checks before it writes), so the reply and
    the end of the wait are still stored."""
    sent: Sent | None = None
    try:
        ticket = await casework.act_on_ticket(
            session,
            viewer=staff.viewer,
            ticket_id=wait.ticket_id,
            inputs=actions.RequestInfoInput(question=question),
            now=utcnow(),
            policy=policy,
        )
    except TicketError as exc:
        why = NOT_YOURS if isinstance(exc, TicketNotFound) else exc.zh
        reply = f"补正问题没有发出：{why}"
    else:
        reply = (
            f"已把补正问题发给投诉人（工单 {ticket.number}）。"
            "投诉人的回答会记在工单上，可在网页的工单页查看。"
        )
        allowed = await allowed_actions_for(session, viewer=staff.viewer, ticket=ticket)
        sent = Sent(wait.card, card_buttons(wait.ticket_id, allowed))
    await pending_questions.cancel(session, telegram_user_id=tg_user)
    return reply, sent


def staff_chat_router(
    session_factory: async_sessionmaker[AsyncSession], linked_ids: LinkedIds
) -> Router:
    """Before the worker dialogue's router: these messages are not complaints. The command
    filters come first: they turn a worker's text away without a thread switch."""
    router = Router(name="staff-chat")
    private = PrivateChat()
    router.message.register(on_link, Command("link"), private)
    router.message.register(on_link_in_group, Command("link"), GroupChat())
    router.message.register(on_unlink, Command("unlink"), private)
    router.message.register(on_staff_message, private, LinkedStaff(session_factory, linked_ids))
    return router
