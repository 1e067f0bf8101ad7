"""Telegram inside the web app: the webhook endpoint and the outbox sender task."""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from aiogram import Bot
from aiogram.types import Update
from fastapi import APIRouter, HTTPException, Request, status
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import sender
from bot.client import BotConfigError, make_bot, optional_call
from bot.dispatcher import create_dispatcher, register_commands
from intake.chats.conversations import ConversationService
from intake.settings import Settings

log = logging.getLogger("anxin.bot")
WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramLink:
    """The bot of a server process: webhook updates in, outbox deliveries out."""

    def __init__(
        self,
        settings: Settings,
        factory: async_sessionmaker[AsyncSession],
        conversations: ConversationService,
        bot: Bot | None = None,
    ) -> None:
        if settings.webhook_url and not settings.webhook_secret:
            raise BotConfigError(
                "ANXIN_WEBHOOK_SECRET must be set with ANXIN_WEBHOOK_URL "
                "(Telegram sends it with every update; without it anyone could post updates)"
            )
        self.settings = settings
        self.factory = factory
        self.bot = bot or make_bot(settings)
        self.wake = asyncio.Event()
        self.dispatcher = create_dispatcher(
            conversations=conversations,
            session_factory=factory,
            outbox_wake=self.wake,
            sla_policy=settings.sla_policy(),
            public_url=settings.public_url,
        )

    def background(self, stop: asyncio.Event) -> list[Callable[[], Coroutine[Any, Any, Any]]]:
        return [lambda: sender.run_outbox_worker(self.factory, self.bot, stop, wake=self.wake)]

    async def start(self) -> None:
        if self.settings.webhook_url:
            secret = self.settings.webhook_secret
            await optional_call(
                self.bot.set_webhook(
                    self.settings.webhook_url.rstrip("/") + WEBHOOK_PATH,
                    secret_token=secret.get_secret_value() if secret else None,
                    drop_pending_updates=False,
                ),
                "setWebhook",
            )
            await register_commands(self.bot)

    async def close(self) -> None:
        await self.bot.session.close()

    def router(self) -> APIRouter:
        api = APIRouter(include_in_schema=False)
        expected = (
            self.settings.webhook_secret.get_secret_value() if self.settings.webhook_secret else ""
        )

        @api.post(WEBHOOK_PATH)
        async def webhook(request: Request) -> dict[str, bool]:
            given = request.headers.get(SECRET_HEADER, "")
            if not expected or not hmac.compare_digest(given, expected):
                raise HTTPException(status.HTTP_403_FORBIDDEN, detail="wrong secret token")
            try:
                update = Update.model_validate(await request.json(), context={"bot": self.bot})
            except ValueError as exc:
                raise HTTPException(status.HTTP_400_BAD_REQUEST, detail="not an update") from exc
            # An error here answers 500, so Telegram delivers the update again; handled
            # update ids are stored, so a redelivery is never processed twice.
            await self.dispatcher.feed_update(self.bot, update)
            return {"ok": True}

        return api
