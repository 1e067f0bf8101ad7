"""The aiogram `Bot` every part of anxin talks to Telegram through, and optional calls.

One Bot API base URL (`ANXIN_TELEGRAM_API_URL`) serves long polling, webhook registration,
replies and the outbox sender: the official server, a self-hosted `telegram-bot-api` or an
emulator in staging.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TypeVar
from urllib.parse import urlsplit

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.utils.token import TokenValidationError

from bot.errors import BotConfigError
from intake.settings import Settings

log = logging.getLogger("anxin.bot")

T = TypeVar("T")

# Optional calls (typing indicator, command menu) give up after this long.
DEFAULT_OPTIONAL_TIMEOUT = 10.0


def api_server(api_url: str) -> TelegramAPIServer:
    """The aiogram endpoint patterns for a Bot API base URL such as https://api.telegram.org."""
    url = (api_url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BotConfigError(
            f"ANXIN_TELEGRAM_API_URL must be an http(s) URL like https://api.telegram.org, "
            f"not {api_url!r}"
        )
    return TelegramAPIServer.from_base(url)


def make_bot(settings: Settings, *, timeout: float | None = None) -> Bot:
    """A Bot whose HTTP session sends every request to `settings.telegram_api_url`."""
    timeout = timeout if timeout is not None else settings.telegram_timeout_s
    if settings.telegram_token is None or not settings.telegram_token.get_secret_value():
        raise BotConfigError("ANXIN_TELEGRAM_TOKEN is not set: the bot needs a Bot API token")
    server = api_server(settings.telegram_api_url)
    session = AiohttpSession(api=server, timeout=timeout)
    try:
        return Bot(token=settings.telegram_token.get_secret_value().strip(), session=session)
    except TokenValidationError as exc:
        raise BotConfigError(
            "ANXIN_TELEGRAM_TOKEN is not a Bot API token (expected 123456789:ABC...)"
        ) from exc


async def optional_call(
    call: Awaitable[T], what: str, *, give_up_after: float | None = DEFAULT_OPTIONAL_TIMEOUT
) -> T | None:
    """Await a Telegram call the bot can live without; on failure log one warning line.

    For setMyCommands, deleteWebhook in polling mode, setWebhook, chat actions and the like:
    Telegram being slow, rate limiting or refusing them must not stop the bot. Returns the
    call's result, or None when it failed or took longer than `give_up_after` seconds.
    """
    try:
        if give_up_after is None:
            return await call
        return await asyncio.wait_for(call, give_up_after)
    except TimeoutError:
        log.warning("optional Telegram call %s failed: no answer in %.1f s", what, give_up_after)
    except Exception as exc:  # carrying on is the point: whatever went wrong, log and go on
        log.warning("optional Telegram call %s failed: %s", what, one_line(exc))
    return None


def one_line(exc: BaseException) -> str:
    """An exception as a single short log line (aiogram messages can span lines)."""
    text = " ".join(str(exc).split())
    text = text.split(" (background on this error at:")[0]
    return f"{type(exc).__name__}: {text}"[:500] if text else type(exc).__name__
