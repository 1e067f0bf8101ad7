"""The aiogram Dispatcher of anxin and the commands it registers with the Bot API."""

from __future__ import annotations

import asyncio

from aiogram import Bot, Dispatcher
from aiogram.types import BotCommand
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import handlers
from bot.client import optional_call
from bot.staff import LinkedIds
from bot.staff_chat import staff_chat_router
from bot.ticket_cards import card_router
from intake.chats.conversations import ConversationService
from intake.tickets.sla import SlaPolicy

# The workers' menu. /link and /unlink (staff) work without being offered to everyone.
COMMANDS = (
    BotCommand(command="start", description="开始反映欠薪问题"),
    BotCommand(command="status", description="查询投诉办理进度"),
    BotCommand(command="reply", description="回答办案人员的问题"),
    BotCommand(command="help", description="帮助"),
)


def create_dispatcher(
    *,
    conversations: ConversationService,
    session_factory: async_sessionmaker[AsyncSession],
    outbox_wake: asyncio.Event | None = None,
    sla_policy: SlaPolicy | None = None,
    public_url: str = "",
) -> Dispatcher:
    """Everything handlers need is injected here (no globals). `public_url`: where the
    inspector pages are reached, for the links the bot sends staff."""
    linked_ids = LinkedIds(session_factory, conversations.check_interval_s)
    dp = Dispatcher(
        conversations=conversations,
        session_factory=session_factory,
        outbox_wake=outbox_wake,
        sla_policy=sla_policy or SlaPolicy(),
        public_url=public_url,
        linked_ids=linked_ids,
    )
    dp.update.outer_middleware(handlers.OneChatAtATime())
    # Staff first: their presses and private messages are never a worker's dialogue.
    dp.include_router(card_router())
    dp.include_router(staff_chat_router(session_factory, linked_ids))
    dp.include_router(handlers.worker_router())
    return dp


async def register_commands(bot: Bot) -> None:
    await optional_call(bot.set_my_commands(list(COMMANDS)), "setMyCommands")
