"""RecordingSession works under a real Bot and a real Dispatcher, with no network."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.types import (
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from bot_support import TEST_TOKEN
from recording_session import RecordingSession


@pytest.fixture
def session() -> RecordingSession:
    return RecordingSession()


@pytest.fixture
def bot(session: RecordingSession) -> Bot:
    return Bot(token=TEST_TOKEN, session=session)


async def test_calls_are_recorded_and_answered_with_real_types(
    bot: Bot, session: RecordingSession
) -> None:
    me = await bot.get_me()
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="同意", callback_data="consent:yes")]]
    )
    sent = await bot.send_message(chat_id=77, text="是否同意？", reply_markup=markup)
    assert me.id == 123456789 and me.is_bot
    assert isinstance(sent, Message) and sent.chat.id == 77 and sent.text == "是否同意？"
    assert sent.reply_markup is not None
    assert [c.method for c in session.calls] == ["getMe", "sendMessage"]
    params = session.calls[1].params
    assert params["chat_id"] == 77
    assert params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "consent:yes"
    assert session.sent_texts(77) == ["是否同意？"]
    assert await bot.send_chat_action(chat_id=77, action="typing") is True


async def test_scripted_errors_raise_what_aiogram_raises(
    bot: Bot, session: RecordingSession
) -> None:
    session.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    session.fail("sendMessage", 429, "Too Many Requests: retry after 5", retry_after=5)
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(chat_id=1, text="a")
    with pytest.raises(TelegramRetryAfter) as rate:
        await bot.send_message(chat_id=1, text="b")
    assert rate.value.retry_after == 5
    assert (await bot.send_message(chat_id=1, text="c")).text == "c"


async def test_scripted_result_and_unknown_methods(bot: Bot, session: RecordingSession) -> None:
    session.respond("getChatMemberCount", 12)
    assert await bot.get_chat_member_count(chat_id=-100) == 12
    with pytest.raises(AssertionError, match="no plausible answer for getChatMemberCount"):
        await bot.get_chat_member_count(chat_id=-100)


async def test_dispatcher_feeds_updates_through_handlers(
    bot: Bot, session: RecordingSession
) -> None:
    dp = Dispatcher()

    @dp.message(F.text == "/start")
    async def start(message: Message) -> None:
        await message.answer("您好，这里是安薪。")

    @dp.callback_query(F.data == "y")
    async def tapped(query: CallbackQuery) -> None:
        await query.answer()

    worker = User(id=501, is_bot=False, first_name="李四")
    chat = Chat(id=501, type="private")
    now = datetime.now(UTC)
    await dp.feed_update(
        bot,
        Update(
            update_id=1,
            message=Message(message_id=1, date=now, chat=chat, from_user=worker, text="/start"),
        ),
    )
    await dp.feed_update(
        bot,
        Update(
            update_id=2,
            callback_query=CallbackQuery(id="q1", from_user=worker, chat_instance="ci", data="y"),
        ),
    )
    assert [c.method for c in session.calls] == ["sendMessage", "answerCallbackQuery"]
    assert session.sent_texts(501) == ["您好，这里是安薪。"]
    assert session.calls[1].params["callback_query_id"] == "q1"
