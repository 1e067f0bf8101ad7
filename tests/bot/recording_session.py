"""An aiogram HTTP session that records outgoing Bot API calls and answers them offline.

Give it to a real `Bot` (`Bot(token, session=RecordingSession())`) and feed `Update`s into
the real Dispatcher: handlers run as in production, nothing touches the network, and the
test reads what the bot said from `session.calls`. Answers go through aiogram's own
response parsing (`check_response`), so handlers get real `Message` objects and scripted
errors arrive as the same exception classes a real server would cause.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType


@dataclass
class RecordedCall:
    method: str  # Bot API name, e.g. "sendMessage"
    params: dict[str, Any]  # as sent on the wire, JSON fields decoded (reply_markup is a dict)
    request: TelegramMethod[Any]


@dataclass
class _Scripted:
    result: Any = None
    status: int = 200
    description: str = ""
    parameters: dict[str, Any] | None = None


class RecordingSession(BaseSession):
    def __init__(self, *, bot_username: str = "anxin_test_bot") -> None:
        super().__init__()
        self.bot_username = bot_username
        self.calls: list[RecordedCall] = []
        self.downloads: dict[str, bytes] = {}
        self._scripted: dict[str, list[_Scripted]] = {}
        self._message_ids = itertools.count(1)

    # --- scripting -------------------------------------------------------------------------

    def respond(self, method: str, result: Any, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with this JSON `result`."""
        self._scripted.setdefault(method.lower(), []).extend([_Scripted(result=result)] * times)

    def fail(
        self,
        method: str,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` with a Bot API error."""
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        scripted = _Scripted(status=status, description=description, parameters=parameters)
        self._scripted.setdefault(method.lower(), []).extend([scripted] * times)

    # --- inspection ------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[RecordedCall]:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        return [
            str(call.params.get("text", ""))
            for call in self.calls_to("sendMessage")
            if chat_id is None or call.params.get("chat_id") == chat_id
        ]

    # --- BaseSession -----------------------------------------------------------------------

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109  (BaseSession's signature)
    ) -> TelegramType:
        name = method.__api_method__
        files: dict[str, Any] = {}
        params = {
            key: prepared
            for key, value in method.model_dump(warnings=False).items()
            if (prepared := self.prepare_value(value, bot=bot, files=files, _dumps_json=False))
            is not None
        }
        self.calls.append(RecordedCall(method=name, params=params, request=method))
        queue = self._scripted.get(name.lower())
        scripted = queue.pop(0) if queue else None
        if scripted is not None and scripted.status != 200:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": scripted.status,
                "description": scripted.description,
            }
            if scripted.parameters:
                body["parameters"] = scripted.parameters
            status = scripted.status
        else:
            result = (
                scripted.result if scripted is not None else self._plausible(bot, method, params)
            )
            body = {"ok": True, "result": result}
            status = 200
        response = self.check_response(
            bot=bot, method=method, status_code=status, content=json.dumps(body)
        )
        return response.result  # type: ignore[return-value]

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109  (BaseSession's signature)
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        for path, content in self.downloads.items():
            if url.endswith("/" + path):
                for start in range(0, len(content), chunk_size):
                    yield content[start : start + chunk_size]
                return
        raise FileNotFoundError(f"RecordingSession has no download for {url}")

    async def close(self) -> None:
        return None

    # --- plausible answers -----------------------------------------------------------------

    def _bot_user(self, bot: Bot) -> dict[str, Any]:
        return {
            "id": bot.id,
            "is_bot": True,
            "first_name": "安薪",
            "username": self.bot_username,
        }

    def _plausible(self, bot: Bot, method: TelegramMethod[Any], params: dict[str, Any]) -> Any:
        name = method.__api_method__.lower()
        if name == "getme":
            return self._bot_user(bot)
        if name in {"sendmessage", "editmessagetext", "editmessagereplymarkup"}:
            chat_id = params.get("chat_id", 0)
            chat_id = int(chat_id) if str(chat_id).lstrip("-").isdigit() else 0
            chat: dict[str, Any] = (
                {"id": chat_id, "type": "private", "first_name": "张三"}
                if chat_id > 0
                else {"id": chat_id, "type": "supergroup", "title": "专班群"}
            )
            message: dict[str, Any] = {
                "message_id": params.get("message_id") or next(self._message_ids),
                "from": self._bot_user(bot),
                "chat": chat,
                "date": int(time.time()),
                "text": params.get("text", ""),
            }
            if isinstance(params.get("reply_markup"), dict):
                message["reply_markup"] = params["reply_markup"]
            if name != "sendmessage":
                message["edit_date"] = int(time.time())
            return message
        if name == "getupdates":
            return []
        if name == "getwebhookinfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        if name == "getfile":
            file_id = str(params.get("file_id", ""))
            return {
                "file_id": file_id,
                "file_unique_id": "U" + file_id,
                "file_path": f"documents/{file_id}",
            }
        if getattr(method, "__returning__", None) is bool:
            return True
        raise AssertionError(
            f"RecordingSession has no plausible answer for {method.__api_method__}; "
            "script one with session.respond(...)"
        )
