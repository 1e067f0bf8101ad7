"""A worker's Telegram client for tests: Bot API `Update`s in, the bot's messages out.

`TelegramWorker` turns what a worker does (write, tap a button, send a photo, a sticker ...)
into the `Update` objects Telegram would deliver, feeds them into the real aiogram
Dispatcher, runs the outbox sender until nothing is due, and returns what the bot sent to
the chat. The bot talks to a `ChatSession` (a `RecordingSession` that also keeps the
answers), so no network is touched.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Update
from recording_session import RecordedCall, RecordingSession
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.sender import deliver_due

WORKER_NAME = "张三"


class ChatSession(RecordingSession):
    """A RecordingSession that also keeps each call's answer (message ids of sent messages)."""

    def __init__(self) -> None:
        super().__init__()
        self.results: dict[int, Any] = {}  # index in `calls` -> the answer

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109  (BaseSession's signature)
    ) -> TelegramType:
        index = len(self.calls)
        result = await super().make_request(bot, method, timeout)
        self.results[index] = result
        return result


@dataclass
class Sent:
    """One message the bot sent to the chat."""

    message_id: int
    text: str
    buttons: list[tuple[str, str]]  # (label, callback data) of its inline keyboard


@dataclass
class Seen:
    """What the bot sent to the chat in answer to one update."""

    messages: list[Sent]

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self.messages)

    @property
    def last_labels(self) -> list[str]:
        return [label for label, _ in self.messages[-1].buttons] if self.messages else []

    @property
    def any_buttons(self) -> bool:
        return any(m.buttons for m in self.messages)


def keyboard_of(call: RecordedCall) -> list[tuple[str, str]]:
    markup = call.params.get("reply_markup")
    if not isinstance(markup, dict):
        return []
    return [
        (str(button["text"]), str(button.get("callback_data", "")))
        for row in markup.get("inline_keyboard", [])
        for button in row
    ]


# Unsupported message kinds as Telegram sends them (the field and a plausible object).
def _unsupported_fields(kind: str, n: int) -> dict[str, Any]:
    file = {"file_id": f"{kind}-{n}", "file_unique_id": f"u-{kind}-{n}"}
    location = {"latitude": 34.4563, "longitude": 113.0285}
    kinds: dict[str, dict[str, Any]] = {
        "sticker": {
            "sticker": {
                **file,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": "😭",
            }
        },
        "voice": {"voice": {**file, "duration": 7, "mime_type": "audio/ogg"}},
        "audio": {"audio": {**file, "duration": 180, "title": "歌"}},
        "video_note": {"video_note": {**file, "length": 240, "duration": 5}},
        # Telegram also sets `document` on an animation, for old clients.
        "animation": {
            "animation": {**file, "width": 320, "height": 240, "duration": 3},
            "document": {**file, "file_name": "funny.gif.mp4", "mime_type": "video/mp4"},
        },
        "location": {"location": location},
        "venue": {
            "location": location,
            "venue": {"location": location, "title": "工地", "address": "登封市"},
        },
        "contact": {"contact": {"phone_number": "+8613812345678", "first_name": WORKER_NAME}},
        "poll": {
            "poll": {
                "id": f"poll-{n}",
                "question": "给不给钱？",
                "options": [
                    {"persistent_id": "a", "text": "给", "voter_count": 0},
                    {"persistent_id": "b", "text": "不给", "voter_count": 0},
                ],
                "total_voter_count": 0,
                "is_closed": False,
                "is_anonymous": True,
                "type": "regular",
                "allows_multiple_answers": False,
                "allows_revoting": False,
                "members_only": False,
            }
        },
        "dice": {"dice": {"emoji": "🎲", "value": 3}},
    }
    if kind not in kinds:
        raise ValueError(f"no Telegram message kind {kind!r} in this test client")
    return kinds[kind]


def _attachment_fields(kind: str, file_id: str, file_name: str) -> dict[str, Any]:
    unique = f"u-{file_id}"
    if kind == "photo":
        # Sizes from small to large, each with its own file id; the largest is the file.
        return {
            "photo": [
                {
                    "file_id": f"thumb-{file_id}",
                    "file_unique_id": unique,
                    "width": 90,
                    "height": 120,
                },
                {"file_id": file_id, "file_unique_id": unique, "width": 960, "height": 1280},
            ]
        }
    if kind == "document":
        doc = {"file_id": file_id, "file_unique_id": unique, "mime_type": "application/pdf"}
        return {"document": {**doc, "file_name": file_name} if file_name else doc}
    if kind == "video":
        return {
            "video": {
                "file_id": file_id,
                "file_unique_id": unique,
                "width": 720,
                "height": 1280,
                "duration": 12,
            }
        }
    if kind == "voice":
        return {"voice": {"file_id": file_id, "file_unique_id": unique, "duration": 7}}
    raise ValueError(f"no Telegram attachment kind {kind!r} in this test client")


@dataclass
class UpdateMaker:
    """Bot API updates of one private chat (or a group, with a negative chat id)."""

    chat_id: int
    clock: Callable[[], datetime]
    bot_id: int
    first_update_id: int = 1000
    _update_ids: itertools.count[int] = field(init=False)
    _message_ids: itertools.count[int] = field(init=False)

    def __post_init__(self) -> None:
        self._update_ids = itertools.count(self.first_update_id)
        self._message_ids = itertools.count(1)

    @property
    def user(self) -> dict[str, Any]:
        user_id = self.chat_id if self.chat_id > 0 else 4242
        return {"id": user_id, "is_bot": False, "first_name": WORKER_NAME, "language_code": "zh"}

    @property
    def chat(self) -> dict[str, Any]:
        if self.chat_id > 0:
            return {"id": self.chat_id, "type": "private", "first_name": WORKER_NAME}
        return {"id": self.chat_id, "type": "supergroup", "title": "建设领域专班"}

    def _message(self, **fields: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(self.clock().timestamp()),
            "chat": self.chat,
            "from": self.user,
            **fields,
        }

    def _update(self, **body: Any) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), **body}

    def text(self, text: str) -> dict[str, Any]:
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self._update(message=self._message(**fields))

    def attachment(
        self, kind: str, file_id: str, file_name: str = "", caption: str | None = None
    ) -> dict[str, Any]:
        fields = _attachment_fields(kind, file_id, file_name)
        if caption is not None:
            fields["caption"] = caption
        return self._update(message=self._message(**fields))

    def unsupported(self, kind: str) -> dict[str, Any]:
        n = next(self._message_ids)
        return self._update(message=self._message(**_unsupported_fields(kind, n)))

    def callback(self, data: str, message_id: int, text: str = "") -> dict[str, Any]:
        n = next(self._update_ids)
        pressed_on = {
            "message_id": message_id,
            "date": int(self.clock().timestamp()),
            "chat": self.chat,
            "from": {"id": self.bot_id, "is_bot": True, "first_name": "安薪"},
            "text": text or "…",
        }
        return {
            "update_id": n,
            "callback_query": {
                "id": f"cq-{self.chat_id}-{n}",
                "from": self.user,
                "chat_instance": f"ci-{self.chat_id}",
                "message": pressed_on,
                "data": data,
            },
        }


class TelegramWorker:
    """One worker in a private chat with the bot, driven through the real Dispatcher."""

    def __init__(
        self,
        *,
        dp: Dispatcher,
        bot: Bot,
        session: ChatSession,
        factory: async_sessionmaker[AsyncSession],
        chat_id: int,
        clock: Callable[[], datetime],
    ) -> None:
        self.dp, self.bot, self.session, self.factory = dp, bot, session, factory
        self.chat_id = chat_id
        self.updates = UpdateMaker(chat_id=chat_id, clock=clock, bot_id=bot.id)
        self.history: list[Sent] = []  # everything the bot sent to this chat, in order

    # --- what a worker does ----------------------------------------------------------------

    async def say(self, text: str) -> Seen:
        return await self.feed(self.updates.text(text))

    async def attach(
        self, kind: str, file_id: str, file_name: str = "", caption: str | None = None
    ) -> Seen:
        return await self.feed(self.updates.attachment(kind, file_id, file_name, caption))

    async def send(self, kind: str) -> Seen:
        return await self.feed(self.updates.unsupported(kind))

    async def press(self, label: str) -> Seen:
        """Tap the latest button shown with this label (or "value:x": with that data)."""
        return await self.feed(self.press_update(label))

    def press_update(self, label: str) -> dict[str, Any]:
        want_value = label.removeprefix("value:") if label.startswith("value:") else None
        for sent in reversed(self.history):
            for shown, value in sent.buttons:
                if (want_value is not None and value == want_value) or shown == label:
                    return self.updates.callback(value, sent.message_id, sent.text)
        offered = [b[0] for m in self.history for b in m.buttons]
        raise AssertionError(f"no button {label!r} was ever shown; offered: {offered}")

    # --- plumbing --------------------------------------------------------------------------

    def update(self, raw: dict[str, Any]) -> Update:
        return Update.model_validate(raw, context={"bot": self.bot})

    async def feed(self, raw: dict[str, Any], *, deliver: bool = True) -> Seen:
        """Feed one update, send what the outbox holds, return what reached this chat."""
        start = len(self.session.calls)
        await self.dp.feed_update(self.bot, self.update(raw))
        if deliver:
            await self.deliver()
        return self.collect(start)

    async def deliver(self, max_rounds: int = 20) -> None:
        for _ in range(max_rounds):
            report = await deliver_due(self.factory, self.bot)
            if report.claimed == 0:
                return
        raise AssertionError(f"outbox still had due messages after {max_rounds} rounds")

    def collect(self, start: int) -> Seen:
        """The messages sent to this chat by calls made since call number `start`."""
        sent: list[Sent] = []
        for index in range(start, len(self.session.calls)):
            call = self.session.calls[index]
            if call.method != "sendMessage" or call.params.get("chat_id") != self.chat_id:
                continue
            result = self.session.results.get(index)
            if result is None:  # Telegram refused it (a scripted failure)
                continue
            message = Sent(result.message_id, str(call.params.get("text", "")), keyboard_of(call))
            sent.append(message)
        self.history.extend(sent)
        return Seen(sent)
