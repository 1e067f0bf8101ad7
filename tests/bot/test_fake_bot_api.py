"""The fake Bot API behaves like Telegram where the bot can tell, and fails on request."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from bot_support import TEST_TOKEN
from fake_bot_api import FakeBotAPI, FakeBotAPIThread


async def _raw(api: FakeBotAPI, method: str, **params: object) -> tuple[int, dict]:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{api.base_url}/bot{TEST_TOKEN}/{method}", json=params) as resp,
    ):
        return resp.status, await resp.json()


async def test_get_updates_offset_confirms_earlier_updates(fake_api: FakeBotAPI) -> None:
    first = fake_api.push_message(1001, "/start")
    second = fake_api.push_message(1001, "我叫王五")
    status, body = await _raw(fake_api, "getUpdates")
    assert status == 200 and body["ok"] is True
    assert [u["update_id"] for u in body["result"]] == [first["update_id"], second["update_id"]]
    assert body["result"][0]["message"]["entities"][0]["type"] == "bot_command"

    # Not confirmed yet: the same updates come again.
    _, again = await _raw(fake_api, "getUpdates")
    assert len(again["result"]) == 2
    # offset = last id + 1 confirms both; they are gone for good.
    _, after = await _raw(fake_api, "getUpdates", offset=second["update_id"] + 1)
    assert after["result"] == []
    assert fake_api.pending_updates == 0
    _, from_zero = await _raw(fake_api, "getUpdates")
    assert from_zero["result"] == []


async def test_get_updates_limit_and_negative_offset(fake_api: FakeBotAPI) -> None:
    ids = [fake_api.push_message(5, f"第{i}条")["update_id"] for i in range(5)]
    _, limited = await _raw(fake_api, "getUpdates", limit=2)
    assert [u["update_id"] for u in limited["result"]] == ids[:2]
    _, last = await _raw(fake_api, "getUpdates", offset=-1)
    assert [u["update_id"] for u in last["result"]] == ids[-1:]


async def test_long_poll_returns_as_soon_as_an_update_arrives(fake_api: FakeBotAPI) -> None:
    async def push_later() -> None:
        await asyncio.sleep(0.2)
        fake_api.push_message(7, "在吗")

    started = time.monotonic()
    _, body = (await asyncio.gather(_raw(fake_api, "getUpdates", timeout=10), push_later()))[0]
    elapsed = time.monotonic() - started
    assert [u["message"]["text"] for u in body["result"]] == ["在吗"]
    assert 0.15 < elapsed < 5


async def test_long_poll_times_out_empty(fake_api: FakeBotAPI) -> None:
    started = time.monotonic()
    _, body = await _raw(fake_api, "getUpdates", timeout=1)
    assert body == {"ok": True, "result": []}
    assert time.monotonic() - started >= 0.9


async def test_get_updates_conflicts_with_an_active_webhook(fake_api: FakeBotAPI) -> None:
    await _raw(fake_api, "setWebhook", url="https://anxin.example.org/tg", secret_token="s3")
    assert fake_api.webhook_url == "https://anxin.example.org/tg"
    status, body = await _raw(fake_api, "getUpdates")
    assert status == 409 and "webhook is active" in body["description"]
    await _raw(fake_api, "deleteWebhook")
    status, _ = await _raw(fake_api, "getUpdates")
    assert status == 200


async def test_every_call_is_recorded_with_decoded_params(
    fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="同意", callback_data="consent:yes")]]
    )
    await fake_bot.send_message(chat_id=9, text="是否同意？", reply_markup=markup)
    [call] = fake_api.calls_to("sendMessage")
    assert call.params["chat_id"] == 9
    assert call.params["text"] == "是否同意？"
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "consent:yes"
    assert call.status == 200
    assert fake_api.messages_to(9)[0]["reply_markup"] == call.params["reply_markup"]


async def test_telegram_limits_are_enforced(fake_api: FakeBotAPI, fake_bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await fake_bot.send_message(chat_id=9, text="欠" * 4097)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await fake_bot.send_message(chat_id=9, text="  ")
    bad = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="太长", callback_data="x" * 65)]]
    )
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await fake_bot.send_message(chat_id=9, text="选", reply_markup=bad)
    fake_api.block(9)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await fake_bot.send_message(chat_id=9, text="还在吗")
    assert fake_api.messages_to(9) == []


async def test_scripted_failures_reach_aiogram_as_telegram_would_cause(
    fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    fake_api.rate_limit("sendMessage", retry_after=17)
    fake_api.server_error("sendMessage")
    fake_api.forbid("sendMessage")
    fake_api.bad_request("sendMessage", "BUTTON_DATA_INVALID")
    with pytest.raises(TelegramRetryAfter) as rate:
        await fake_bot.send_message(chat_id=3, text="a")
    assert rate.value.retry_after == 17
    with pytest.raises(TelegramServerError):
        await fake_bot.send_message(chat_id=3, text="b")
    with pytest.raises(TelegramForbiddenError):
        await fake_bot.send_message(chat_id=3, text="c")
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await fake_bot.send_message(chat_id=3, text="d")
    assert (await fake_bot.send_message(chat_id=3, text="e")).text == "e"
    assert [c.status for c in fake_api.calls_to("sendMessage")] == [429, 500, 403, 400, 200]
    assert fake_api.texts_to(3) == ["e"]


async def test_a_hanging_call_times_the_client_out(fake_api: FakeBotAPI) -> None:
    from bot_support import settings_for

    from bot.client import make_bot

    bot = make_bot(settings_for(fake_api.base_url), timeout=0.3)
    fake_api.hang("sendMessage", seconds=30)
    try:
        with pytest.raises(TelegramNetworkError, match="timeout"):
            await bot.send_message(chat_id=3, text="等待")
        assert (await bot.send_message(chat_id=3, text="再试")).text == "再试"
    finally:
        await bot.session.close()
    assert fake_api.texts_to(3) == ["再试"]


async def test_markup_only_failure_spares_plain_messages(
    fake_api: FakeBotAPI, fake_bot: Bot
) -> None:
    fake_api.bad_request("sendMessage", "REPLY_MARKUP_INVALID", with_markup_only=True)
    assert (await fake_bot.send_message(chat_id=4, text="纯文本")).text == "纯文本"
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="是", callback_data="y")]]
    )
    with pytest.raises(TelegramBadRequest, match="REPLY_MARKUP_INVALID"):
        await fake_bot.send_message(chat_id=4, text="带按钮", reply_markup=markup)


async def test_edits_and_callback_answers(fake_api: FakeBotAPI, fake_bot: Bot) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="是", callback_data="y")]]
    )
    sent = await fake_bot.send_message(chat_id=8, text="确认提交？", reply_markup=markup)
    update = fake_api.push_callback(8, "y")
    query = update["callback_query"]
    assert query["message"]["message_id"] == sent.message_id

    assert await fake_bot.answer_callback_query(query["id"], text="已收到") is True
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await fake_bot.answer_callback_query(query["id"])

    edited = await fake_bot.edit_message_text(
        text="确认提交？（已选：是）", chat_id=8, message_id=sent.message_id
    )
    assert isinstance(edited, Message) and edited.text == "确认提交？（已选：是）"
    assert "reply_markup" not in fake_api.messages_to(8)[0]
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await fake_bot.edit_message_text(
            text="确认提交？（已选：是）", chat_id=8, message_id=sent.message_id
        )
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await fake_bot.edit_message_reply_markup(chat_id=8, message_id=999, reply_markup=markup)
    again = await fake_bot.edit_message_reply_markup(
        chat_id=8, message_id=sent.message_id, reply_markup=markup
    )
    assert isinstance(again, Message) and again.reply_markup is not None
    assert again.reply_markup.inline_keyboard[0][0].callback_data == "y"


async def test_other_methods_the_bot_uses(fake_api: FakeBotAPI, fake_bot: Bot) -> None:
    assert await fake_bot.send_chat_action(chat_id=8, action="typing") is True
    file_id = fake_api.add_file(b"\xff\xd8jpeg-bytes", "photos/file_1.jpg")
    info = await fake_bot.get_file(file_id)
    assert info.file_path == "photos/file_1.jpg" and info.file_size == 12
    downloaded = await fake_bot.download_file(info.file_path)
    assert downloaded is not None and downloaded.read() == b"\xff\xd8jpeg-bytes"
    with pytest.raises(TelegramBadRequest, match="invalid file_id"):
        await fake_bot.get_file("nope")
    status, body = await _raw(fake_api, "sendDice", chat_id=8)
    assert status == 404 and body == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_real_dispatcher_polls_the_fake(fake_api: FakeBotAPI, fake_bot: Bot) -> None:
    """What the end-to-end test of `anxin bot` will rely on: polling, replies, callbacks."""
    dp = Dispatcher()

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="对", callback_data="ok")]]
        )
        await message.answer(f"收到：{message.text}", reply_markup=markup)

    @dp.callback_query(F.data == "ok")
    async def tapped(query: CallbackQuery) -> None:
        await query.answer("好的")
        if isinstance(query.message, Message):
            await query.message.edit_text("已确认")

    fake_api.push_message(2001, "老板欠我三千块")
    polling = asyncio.create_task(
        dp.start_polling(fake_bot, polling_timeout=1, handle_signals=False, close_bot_session=False)
    )
    try:
        assert await fake_api.wait_for_messages(2001, 1) == ["收到：老板欠我三千块"]
        fake_api.push_callback(2001, "ok")
        await fake_api.wait_for(lambda: fake_api.texts_to(2001) == ["已确认"])
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 10)
    assert [a["text"] for a in fake_api.answered_callbacks.values()] == ["好的"]
    assert fake_api.calls[0].method == "getMe"


def test_threaded_server_serves_a_blocking_test() -> None:
    """A test that blocks (e.g. on a subprocess) runs the fake in a thread of its own."""
    import json
    import urllib.request

    with FakeBotAPIThread(token=TEST_TOKEN) as runner:
        api = runner.api
        api.push_message(3001, "你好")
        url = f"{api.base_url}/bot{TEST_TOKEN}/getUpdates?timeout=0"
        with urllib.request.urlopen(url, timeout=5) as resp:
            body = json.loads(resp.read())
        assert body["result"][0]["message"]["text"] == "你好"
        request = urllib.request.Request(
            f"{api.base_url}/bot{TEST_TOKEN}/sendMessage",
            data=b"chat_id=3001&text=%E6%82%A8%E5%A5%BD",
        )
        urllib.request.urlopen(request, timeout=5).close()
        runner.wait_for(lambda: api.texts_to(3001) == ["您好"], within=5)
