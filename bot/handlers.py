"""Telegram handlers: every private message or button press goes to the dialogue engine.

A handler parses the update into a `UserInput`, makes one service call, and queues the
replies in the outbox in the same transaction that saves the conversation and records the
update id — so a redelivered update is processed once and no reply is lost.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot, F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message, TelegramObject, Update
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from bot.client import one_line, optional_call
from bot.keyboard_fallback import coerce_buttons, parse_choice
from intake import messaging
from intake.chats.conversations import AlreadyHandled, ConversationService, Turn, TurnHook
from intake.dialogue import UserInput
from models import OutboxMessage, Ticket
from models.base import utcnow
from models.messaging import MARK_PROCESSED

log = logging.getLogger("anxin.bot")
private = F.chat.type == ChatType.PRIVATE

# Message kinds we cannot use; the engine answers them kindly and changes nothing.
UNSUPPORTED_KINDS = (
    "sticker",
    "voice",
    "audio",
    "video_note",
    "animation",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
)


def to_inputs(message: Message) -> list[UserInput]:
    """One message as engine inputs (a photo with a caption is evidence plus text)."""
    inputs: list[UserInput] = []
    if message.photo:
        inputs.append(UserInput.from_attachment("photo", message.photo[-1].file_id))
    elif message.animation:  # a GIF; Telegram sets `document` on it too, for old clients
        return [UserInput.unsupported("animation")]
    elif message.document:
        doc = message.document
        inputs.append(UserInput.from_attachment("document", doc.file_id, doc.file_name or ""))
    elif message.video:
        inputs.append(UserInput.from_attachment("video", message.video.file_id))
    else:
        kind = next((k for k in UNSUPPORTED_KINDS if getattr(message, k, None)), None)
        if kind is not None:
            return [UserInput.unsupported(kind)]
    text = message.text if message.text is not None else message.caption
    if text:
        inputs.append(UserInput.from_text(text))
    return inputs or [UserInput.unsupported("other")]


async def numbered_choice(
    factory: async_sessionmaker[AsyncSession], chat_id: str, text: str
) -> str | None:
    """A typed number answering our last message when Telegram refused its keyboard."""
    if not text.strip().isdigit():
        return None
    async with factory() as session:
        last = await session.scalar(
            select(OutboxMessage)
            .where(OutboxMessage.chat_id == chat_id, OutboxMessage.channel == "telegram")
            .order_by(col(OutboxMessage.id).desc())
            .limit(1)
        )
    if last is None or not last.payload.get("fallback"):
        return None
    return parse_choice(text, coerce_buttons(last.payload.get("buttons")))


def reply_hook(bot_id: int, update_id: int, part: int, chat_id: str) -> TurnHook:
    async def hook(session: AsyncSession, turn: Turn) -> None:
        fresh = await session.execute(
            MARK_PROCESSED,
            {"bot_id": bot_id, "update_id": update_id, "part": part, "processed_at": utcnow()},
        )
        if fresh.scalar_one_or_none() is None:
            raise AlreadyHandled
        # Replies to a worker with a ticket carry it: if Telegram refuses them (the worker
        # blocked the bot), the outbox flags the ticket so inspectors phone instead.
        ticket_id = (
            await session.scalar(select(Ticket.id).where(Ticket.number == turn.ticket_number))
            if turn.ticket_number
            else None
        )
        for n, reply in enumerate(turn.replies):
            await messaging.enqueue(
                session,
                chat_id=chat_id,
                text=reply.text,
                kind="reply",
                buttons=reply.buttons,
                ticket_id=ticket_id,
                dedupe_key=f"upd:{bot_id}:{update_id}:{part}:{n}",
            )

    return hook


# While the database is unreachable a turn is retried, not dropped: in polling mode the update
# is confirmed to Telegram only after its handler returned (see bot/runner.py).
DB_RETRY_DELAYS_S = (0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 60.0, 60.0)
TRANSIENT_DB_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    OSError,
)


async def _turn_with_retries(
    conversations: ConversationService, chat_id: str, inp: UserInput, hook: TurnHook
) -> Turn | None:
    for delay in (*DB_RETRY_DELAYS_S, None):
        try:
            return await conversations.handle_with(
                channel="telegram", external_id=chat_id, inp=inp, hook=hook
            )
        except TRANSIENT_DB_ERRORS as exc:
            if delay is None:
                raise
            log.warning("database unavailable (%s); retrying in %.1f s", one_line(exc), delay)
            await asyncio.sleep(delay)
    return None


def _background(call: Awaitable[Any], what: str) -> None:
    """An optional Telegram call that must not hold up the update (typing, button answer)."""
    task = asyncio.ensure_future(optional_call(call, what))
    _PENDING.add(task)
    task.add_done_callback(_PENDING.discard)


_PENDING: set[asyncio.Future[Any]] = set()


async def _run(
    conversations: ConversationService,
    chat_id: str,
    inputs: list[UserInput],
    bot: Bot,
    update: Update,
    wake: asyncio.Event | None,
) -> None:
    for part, inp in enumerate(inputs):
        turn = await _turn_with_retries(
            conversations, chat_id, inp, reply_hook(bot.id, update.update_id, part, chat_id)
        )
        if turn is None:
            # A photo with a caption is two turns: after a crash between them, the
            # redelivered update skips the first and still does the second.
            log.info("update %s part %s was handled before; skipped", update.update_id, part)
            continue
    if wake is not None:
        wake.set()


async def on_message(
    message: Message,
    bot: Bot,
    event_update: Update,
    conversations: ConversationService,
    session_factory: async_sessionmaker[AsyncSession],
    outbox_wake: asyncio.Event | None = None,
) -> None:
    chat_id = str(message.chat.id)
    inputs = to_inputs(message)
    if message.text:
        value = await numbered_choice(session_factory, chat_id, message.text)
        if value is not None:
            inputs = [UserInput.from_choice(value)]
    _background(bot.send_chat_action(message.chat.id, "typing"), "sendChatAction")
    await _run(conversations, chat_id, inputs, bot, event_update, outbox_wake)


async def on_button(
    query: CallbackQuery,
    bot: Bot,
    event_update: Update,
    conversations: ConversationService,
    outbox_wake: asyncio.Event | None = None,
) -> None:
    _background(query.answer(), "answerCallbackQuery")
    if query.message is None or not query.data:
        return
    chat_id = str(query.message.chat.id)
    await _run(
        conversations, chat_id, [UserInput.from_choice(query.data)], bot, event_update, outbox_wake
    )


class OneChatAtATime(BaseMiddleware):
    """Handle the updates of one chat one after another, in the order they arrived.

    Polling runs updates as concurrent tasks and a webhook may receive several at once;
    handlers wait on Telegram (chat action, callback answer), filters may wait on the
    database and aiogram runs plain filters in a thread, so a quick second message could
    overtake the first. As an outer middleware of the Dispatcher's updates the lock is
    queued for before anything yields and held through every router, and asyncio.Lock wakes
    its waiters first in, first out. (Replicas are not ordered: Telegram's own delivery is
    not.)
    """

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        chat = _chat_of(event)
        if chat is None:
            return await handler(event, data)
        lock = self._locks.get(chat)
        if lock is None:
            lock = self._locks[chat] = asyncio.Lock()
        async with lock:
            return await handler(event, data)


def _chat_of(event: TelegramObject) -> int | None:
    if isinstance(event, Update):
        try:
            return _chat_of(event.event)
        except LookupError:  # a kind of update this aiogram does not know
            return None
    if isinstance(event, Message):
        return event.chat.id
    if isinstance(event, CallbackQuery) and event.message is not None:
        return event.message.chat.id
    return None


def worker_router() -> Router:
    """The worker dialogue's handlers on a fresh Router: aiogram attaches a Router to one
    Dispatcher only, and every `create_dispatcher` call needs its own."""
    router = Router(name="worker-dialogue")
    router.message.register(on_message, private)
    router.callback_query.register(on_button, F.message.chat.type == ChatType.PRIVATE)
    return router
