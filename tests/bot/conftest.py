"""Fixtures for the Telegram layer: the fake Bot API server and bots pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from bot_support import TEST_TOKEN, settings_for
from fake_bot_api import FakeBotAPI

from bot.client import make_bot


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotAPI]:
    """The fake Bot API on a free loopback port; only `TEST_TOKEN` is accepted."""
    async with FakeBotAPI(token=TEST_TOKEN) as api:
        yield api


@pytest.fixture
async def fake_bot(fake_api: FakeBotAPI) -> AsyncIterator[Bot]:
    """A real aiogram Bot made by `make_bot`, talking HTTP to `fake_api` (2 s per request)."""
    bot = make_bot(settings_for(fake_api.base_url), timeout=2.0)
    try:
        yield bot
    finally:
        await bot.session.close()
