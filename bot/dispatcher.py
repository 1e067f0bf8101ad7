"""The aiogram Dispatcher of anxin and the commands it registers with the Bot API."""

from __future__ import annotations

import asyncio

from aiogram import Bot, Dispatcher
from aiogram.types import BotCommand
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import handlers
from bot.client import optional_call
from intake.conversations import ConversationService

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
) -> Dispatcher:
    """Everything handlers need is injected here (no globals)."""
    dp = Dispatcher(
        conversations=conversations,
        session_factory=session_factory,
        outbox_wake=outbox_wake,
    )
    dp.include_router(handlers.worker_router())
    return dp


async def register_commands(bot: Bot) -> None:
    await optional_call(bot.set_my_commands(list(COMMANDS)), "setMyCommands")
