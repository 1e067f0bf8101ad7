"""`anxin bot`: long polling plus the outbox sender, in one process."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramServerError

from bot import sender
from bot.client import make_bot, optional_call
from bot.dispatcher import create_dispatcher, register_commands
from intake.chats.conversations import ConversationService
from intake.gc_tuning import tune_for_serving
from intake.settings import Settings
from models.db import make_session_factory, ping
from routing.runtime import RoutingRuntime

log = logging.getLogger("anxin.bot")
RESTART_BACKOFF_S = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)


async def run_polling(settings: Settings, *, bot: Bot | None = None) -> None:
    """Poll until interrupted; restart polling after the Bot API was unreachable."""
    bot = bot or make_bot(settings)
    engine = settings.engine()
    await ping(engine)  # a wrong database URL fails here, before any update is taken
    factory = make_session_factory(engine)
    conversations = ConversationService.configured(factory, RoutingRuntime(factory), settings)
    await conversations.warm_up()  # else the first worker to write waits seconds for it
    tune_for_serving()
    wake, stop = asyncio.Event(), asyncio.Event()
    dp = create_dispatcher(
        conversations=conversations,
        session_factory=factory,
        outbox_wake=wake,
        sla_policy=settings.sla_policy(),
        public_url=settings.public_url,
    )
    sending = asyncio.create_task(
        sender.run_outbox_worker(factory, bot, stop, wake=wake), name="outbox"
    )
    try:
        await optional_call(bot.delete_webhook(drop_pending_updates=False), "deleteWebhook")
        await register_commands(bot)
        failures = 0
        while True:
            try:
                # One update at a time: aiogram confirms an update (the next getUpdates
                # offset) only after its handler returned, so a crash or a stop mid-update
                # leaves it to be fetched again; stored update ids make that harmless.
                # Handlers are quick (one transaction; Telegram calls go through the outbox).
                await dp.start_polling(
                    bot, handle_signals=True, close_bot_session=False, handle_as_tasks=False
                )
                return  # stopped by a signal
            except (TelegramNetworkError, TelegramServerError, OSError) as exc:
                delay = RESTART_BACKOFF_S[min(failures, len(RESTART_BACKOFF_S) - 1)]
                failures += 1
                log.warning("Bot API unreachable (%s); polling again in %.0f s", exc, delay)
                await asyncio.sleep(delay)
    finally:
        stop.set()
        await asyncio.gather(sending, return_exceptions=True)
        await bot.session.close()
        await engine.dispose()
