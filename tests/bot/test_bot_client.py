"""make_bot talks to the configured Bot API URL; optional calls fail softly."""

from __future__ import annotations

import logging

import pytest
from aiogram import Bot
from aiogram.types import BotCommand
from bot_support import TEST_TOKEN, settings_for
from fake_bot_api import FakeBotAPI

from bot.client import BotConfigError, api_server, make_bot, optional_call


async def test_make_bot_uses_the_configured_api_url(fake_api: FakeBotAPI) -> None:
    bot = make_bot(settings_for(fake_api.base_url + "/"))  # a trailing slash is fine
    try:
        me = await bot.get_me()
        sent = await bot.send_message(chat_id=42, text="您好")
    finally:
        await bot.session.close()
    assert me.username == "anxin_test_bot"
    assert sent.chat.id == 42
    assert [c.method for c in fake_api.calls] == ["getMe", "sendMessage"]
    assert all(c.token == TEST_TOKEN for c in fake_api.calls)
    assert fake_api.texts_to(42) == ["您好"]


async def test_a_wrong_token_is_refused_by_the_server_we_point_at(fake_api: FakeBotAPI) -> None:
    bot = make_bot(settings_for(fake_api.base_url, token="42:wrong-token-for-this-server"))
    try:
        with pytest.raises(Exception, match="Unauthorized"):
            await bot.get_me()
    finally:
        await bot.session.close()
    assert [c.status for c in fake_api.calls] == [401]


def test_default_url_is_the_official_server() -> None:
    from intake.settings import Settings

    settings = Settings(telegram_token=TEST_TOKEN, _env_file=None)  # type: ignore[arg-type,call-arg]
    server = make_bot(settings).session.api
    assert server.api_url("T", "getMe") == "https://api.telegram.org/botT/getMe"
    assert server.file_url("T", "a/b.jpg") == "https://api.telegram.org/file/botT/a/b.jpg"


def test_self_hosted_server_urls() -> None:
    server = api_server("http://bot-api.internal:8081/")
    assert server.api_url("T", "sendMessage") == "http://bot-api.internal:8081/botT/sendMessage"
    assert server.file_url("T", "x.pdf") == "http://bot-api.internal:8081/file/botT/x.pdf"


@pytest.mark.parametrize("url", ["", "api.telegram.org", "ftp://example.org", "http://"])
def test_bad_api_url_is_a_clear_config_error(url: str) -> None:
    with pytest.raises(BotConfigError, match="ANXIN_TELEGRAM_API_URL"):
        make_bot(settings_for(url))


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_bad_or_missing_token_is_a_clear_config_error(token: str) -> None:
    with pytest.raises(BotConfigError, match="ANXIN_TELEGRAM_TOKEN"):
        make_bot(settings_for("https://api.telegram.org", token=token))


def _warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno == logging.WARNING and r.name == "anxin.bot"]


async def test_failing_optional_call_logs_one_line_and_carries_on(
    fake_api: FakeBotAPI, fake_bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    fake_api.server_error("setMyCommands")
    fake_api.rate_limit("deleteWebhook", retry_after=30)
    fake_api.forbid("sendChatAction")
    caplog.set_level(logging.WARNING, logger="anxin.bot")

    commands = [BotCommand(command="start", description="开始投诉")]
    assert await optional_call(fake_bot.set_my_commands(commands), "setMyCommands") is None
    assert await optional_call(fake_bot.delete_webhook(), "deleteWebhook") is None
    assert (
        await optional_call(fake_bot.send_chat_action(chat_id=7, action="typing"), "chat action")
        is None
    )

    records = _warnings(caplog)
    assert len(records) == 3
    for record in records:
        assert "\n" not in record.getMessage()
    assert "setMyCommands" in records[0].getMessage()
    assert "Internal Server Error" in records[0].getMessage()
    assert "retry" in records[1].getMessage().lower()
    # The bot carries on: the next real call works.
    assert (await fake_bot.send_message(chat_id=7, text="继续")).text == "继续"


async def test_optional_call_that_succeeds_returns_its_result_quietly(
    fake_api: FakeBotAPI, fake_bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="anxin.bot")
    commands = [BotCommand(command="start", description="开始投诉")]
    assert await optional_call(fake_bot.set_my_commands(commands), "setMyCommands") is True
    assert fake_api.commands == [{"command": "start", "description": "开始投诉"}]
    assert _warnings(caplog) == []


async def test_optional_call_that_hangs_is_abandoned(
    fake_api: FakeBotAPI, fake_bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    fake_api.hang("setWebhook", seconds=30)
    caplog.set_level(logging.WARNING, logger="anxin.bot")
    result = await optional_call(
        fake_bot.set_webhook("https://anxin.example.org/tg"), "setWebhook", give_up_after=0.3
    )
    assert result is None
    [record] = _warnings(caplog)
    assert "setWebhook" in record.getMessage() and "no answer" in record.getMessage()
    assert fake_api.webhook_url == ""


async def test_optional_call_survives_a_network_error(caplog: pytest.LogCaptureFixture) -> None:
    # Nothing listens on this port: connection refused.
    async with FakeBotAPI() as api:
        url = api.base_url
    bot = make_bot(settings_for(url), timeout=2.0)
    caplog.set_level(logging.WARNING, logger="anxin.bot")
    try:
        assert await optional_call(bot.delete_webhook(), "deleteWebhook") is None
    finally:
        await bot.session.close()
    [record] = _warnings(caplog)
    assert "TelegramNetworkError" in record.getMessage()
