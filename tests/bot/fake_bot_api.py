"""A small fake Telegram Bot API server on loopback, for tests that use real HTTP.

It answers like the Bot API does (`{"ok": true, "result": ...}` or `{"ok": false,
"error_code", "description", "parameters"}`), keeps the state a bot can observe (updates
with offset semantics and long polling, the messages the bot sent and edited, callback
queries, webhook, files), records every call, enforces Telegram's own limits (4,096-char
texts, 64-byte callback data, blocked users), and fails on request: 429 with retry_after,
5xx, a response that never comes (client timeout), 403, 400 with any description.

Use it in a test's event loop (`async with FakeBotAPI() as api:`) or, for a test that
blocks (say, one waiting on a subprocess), in a thread of its own (`with
FakeBotAPIThread() as runner:`). Point a bot at `api.base_url` (`ANXIN_TELEGRAM_API_URL`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

JSON_FIELDS = {
    "reply_markup",
    "entities",
    "caption_entities",
    "allowed_updates",
    "commands",
    "scope",
    "link_preview_options",
    "reply_parameters",
}
INT_FIELDS = {
    "chat_id",
    "message_id",
    "offset",
    "limit",
    "timeout",
    "message_thread_id",
    "cache_time",
    "max_connections",
    "user_id",
}
BOOL_FIELDS = {
    "disable_notification",
    "protect_content",
    "drop_pending_updates",
    "show_alert",
    "disable_web_page_preview",
}
TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64


@dataclass
class ApiCall:
    """One request the bot made, with its decoded parameters and our HTTP status."""

    method: str
    params: dict[str, Any]
    token: str
    at: float
    status: int | None = None


@dataclass
class Failure:
    """A scripted failure for the next matching call of a method.

    `hang` holds the request that many seconds before answering (the client should time out
    first); with `process_after_hang` the request is then carried out anyway, as when
    Telegram did the work but the answer was lost on the way back.
    """

    status: int
    description: str
    retry_after: int | None = None
    migrate_to_chat_id: int | None = None
    hang: float | None = None
    process_after_hang: bool = False
    when: Callable[[dict[str, Any]], bool] | None = None


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    if key in INT_FIELDS:
        try:
            return int(value)
        except ValueError:
            return value
    if key in BOOL_FIELDS:
        return value.lower() == "true"
    return value


class FakeBotAPI:
    """The server and its observable state. Not thread-safe except where stated."""

    def __init__(self, *, token: str | None = None, username: str = "anxin_test_bot") -> None:
        self.required_token = token
        self.username = username
        self.calls: list[ApiCall] = []
        self.sent_messages: list[dict[str, Any]] = []
        self.commands: list[dict[str, Any]] = []
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.blocked_chats: set[int] = set()
        self.answered_callbacks: dict[str, dict[str, Any]] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._open_callbacks: set[str] = set()
        self._files: dict[str, tuple[str, bytes]] = {}
        self._failures: dict[str, list[Failure]] = {}
        self._poll_generation = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed: asyncio.Event | None = None
        self._closing: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, port: int = 0) -> FakeBotAPI:
        self._loop = asyncio.get_running_loop()
        self._changed = asyncio.Event()
        self._closing = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def close(self) -> None:
        if self._closing is not None:
            self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- scripting failures ----------------------------------------------------------------

    def fail(self, method: str, failure: Failure, times: int = 1) -> None:
        """Answer the next `times` matching calls of `method` with `failure`."""
        self._failures.setdefault(method.lower(), []).extend([failure] * times)

    def rate_limit(self, method: str, retry_after: int = 3, times: int = 1) -> None:
        self.fail(
            method,
            Failure(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after),
            times,
        )

    def server_error(self, method: str, times: int = 1, status: int = 500) -> None:
        description = {502: "Bad Gateway", 504: "Gateway Timeout"}.get(
            status, "Internal Server Error"
        )
        self.fail(method, Failure(status, description), times)

    def hang(
        self, method: str, seconds: float = 30.0, times: int = 1, *, process: bool = False
    ) -> None:
        self.fail(
            method,
            Failure(504, "Gateway Timeout", hang=seconds, process_after_hang=process),
            times,
        )

    def forbid(self, method: str, times: int = 1) -> None:
        self.fail(method, Failure(403, "Forbidden: bot was blocked by the user"), times)

    def bad_request(
        self, method: str, description: str, times: int = 1, *, with_markup_only: bool = False
    ) -> None:
        when = (lambda params: "reply_markup" in params) if with_markup_only else None
        self.fail(method, Failure(400, f"Bad Request: {description}", when=when), times)

    def block(self, chat_id: int) -> None:
        """The user blocks the bot: every message to them is refused with 403 until unblocked."""
        self.blocked_chats.add(int(chat_id))

    def unblock(self, chat_id: int) -> None:
        self.blocked_chats.discard(int(chat_id))

    # --- updates the bot will receive (thread-safe) ---------------------------------------

    @property
    def bot_id(self) -> int:
        token = self.required_token or ""
        head = token.split(":", 1)[0]
        return int(head) if head.isdigit() else 100000001

    def user(self, user_id: int, first_name: str = "张三") -> dict[str, Any]:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": "zh-hans",
        }

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update (an update_id is assigned when missing)."""
        update = dict(update)
        update.setdefault("update_id", next(self._update_ids))
        self._updates.append(update)
        self._signal()
        return update

    def push_message(
        self, chat_id: int, text: str, *, user_id: int | None = None, first_name: str = "张三"
    ) -> dict[str, Any]:
        """A worker writes `text` to the bot in a private chat (commands get their entity)."""
        sender = self.user(user_id or chat_id, first_name)
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat_id),
            "from": sender,
            "chat": self._chat(chat_id, first_name),
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
            ]
        return self.push_update({"message": message})

    def push_callback(
        self,
        chat_id: int,
        data: str,
        *,
        message_id: int | None = None,
        user_id: int | None = None,
    ) -> dict[str, Any]:
        """A worker taps an inline button with `data` under the bot's message `message_id`
        (default: the bot's latest message to that chat)."""
        if message_id is None:
            mine = [m for m in self.sent_messages if m["chat"]["id"] == chat_id]
            message_id = mine[-1]["message_id"] if mine else 0
        message = self._messages.get((chat_id, message_id)) or {
            "message_id": message_id,
            "chat": self._chat(chat_id),
            "date": int(time.time()),
            "text": "",
        }
        query_id = f"{chat_id}-{next(self._callback_ids)}"
        self._open_callbacks.add(query_id)
        return self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.user(user_id or chat_id),
                    "message": message,
                    "chat_instance": f"ci{chat_id}",
                    "data": data,
                }
            }
        )

    def add_file(self, content: bytes, file_path: str = "documents/file.jpg") -> str:
        file_id = f"AgACAgUAAxkBAAI{len(self._files) + 1:04d}"
        self._files[file_id] = (file_path, content)
        return file_id

    # --- inspection ------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        """Messages the bot sent to this chat that Telegram accepted, in order, as edited."""
        return [m for m in self.sent_messages if m["chat"]["id"] == chat_id]

    def texts_to(self, chat_id: int) -> list[str]:
        return [m.get("text", "") for m in self.messages_to(chat_id)]

    @property
    def pending_updates(self) -> int:
        return len(self._updates)

    async def wait_for(self, condition: Callable[[], bool], within: float = 5.0) -> None:
        """Wait until `condition()` holds (checked after every call and update)."""
        assert self._changed is not None, "start the server first"
        deadline = asyncio.get_running_loop().time() + within
        while not condition():
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError("condition not met in time")
            event = self._changed
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                continue

    async def wait_for_messages(self, chat_id: int, count: int, within: float = 5.0) -> list[str]:
        await self.wait_for(lambda: len(self.messages_to(chat_id)) >= count, within)
        return self.texts_to(chat_id)

    # --- HTTP ------------------------------------------------------------------------------

    async def _handle_method(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = request.match_info["method"]
        params = await self._params(request)
        call = ApiCall(method=method, params=params, token=token, at=time.time())
        self.calls.append(call)
        self._signal()
        try:
            status, body = await self._answer(method, params, token)
        except Exception as exc:  # a bug in the fake must show, not hang the client
            status, body = _error(500, f"fake server error: {type(exc).__name__}: {exc}")
        call.status = status
        self._signal()
        return web.json_response(body, status=status)

    async def _answer(self, method: str, params: dict[str, Any], token: str) -> tuple[int, Any]:
        if self.required_token is not None and token != self.required_token:
            return _error(401, "Unauthorized")
        failure = self._take_failure(method, params)
        if failure is not None:
            if failure.hang is not None:
                assert self._closing is not None
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._closing.wait(), failure.hang)
                if not failure.process_after_hang:
                    return _error(failure.status, failure.description)
            else:
                extra: dict[str, Any] = {}
                if failure.retry_after is not None:
                    extra["retry_after"] = failure.retry_after
                if failure.migrate_to_chat_id is not None:
                    extra["migrate_to_chat_id"] = failure.migrate_to_chat_id
                return _error(failure.status, failure.description, extra or None)
        handler = self._methods().get(method.lower())
        if handler is None:
            return _error(404, "Not Found")
        return await handler(params)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        for file_path, content in self._files.values():
            if file_path == path:
                return web.Response(body=content)
        return web.json_response(_error(404, "Not Found")[1], status=404)

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                raw.update(body)
        elif request.method == "POST":
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    raw[key] = {"filename": value.filename, "size": len(value.file.read())}
                else:
                    raw[key] = value
        return {key: _decode(key, value) for key, value in raw.items()}

    def _take_failure(self, method: str, params: dict[str, Any]) -> Failure | None:
        queue = self._failures.get(method.lower())
        if not queue:
            return None
        for index, failure in enumerate(queue):
            if failure.when is None or failure.when(params):
                return queue.pop(index)
        return None

    def _methods(self) -> dict[str, Callable[[dict[str, Any]], Any]]:
        return {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_reply_markup,
            "answercallbackquery": self._answer_callback_query,
            "setmycommands": self._set_my_commands,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "sendchataction": self._send_chat_action,
            "getfile": self._get_file,
        }

    # --- methods ---------------------------------------------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "安薪",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _get_me(self, params: dict[str, Any]) -> tuple[int, Any]:
        return _ok(self._bot_user())

    async def _get_updates(self, params: dict[str, Any]) -> tuple[int, Any]:
        if self.webhook_url:
            return _error(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _int(params.get("offset"), 0)
        limit = min(max(_int(params.get("limit"), 100), 1), 100)
        wait = max(_int(params.get("timeout"), 0), 0)
        if offset < 0:
            self._updates = self._updates[offset:]
        elif offset:
            # Asking from `offset` confirms every earlier update: they are gone for good.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        self._poll_generation += 1
        generation = self._poll_generation
        assert self._closing is not None
        deadline = time.monotonic() + wait
        while not self._updates and time.monotonic() < deadline and not self._closing.is_set():
            event = self._changed
            assert event is not None
            try:
                await asyncio.wait_for(event.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
            if self._poll_generation != generation:
                return _error(409, "Conflict: terminated by other getUpdates request")
        return _ok(self._updates[:limit])

    async def _send_message(self, params: dict[str, Any]) -> tuple[int, Any]:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            return _error(400, "Bad Request: chat_id is empty")
        if not isinstance(chat_id, int):
            return _error(400, "Bad Request: chat not found")
        text = str(params.get("text") or "")
        if not text.strip():
            return _error(400, "Bad Request: message text is empty")
        if utf16_len(text) > TEXT_LIMIT:
            return _error(400, "Bad Request: message is too long")
        if chat_id in self.blocked_chats:
            return _error(403, "Forbidden: bot was blocked by the user")
        markup = params.get("reply_markup")
        problem = _check_markup(markup)
        if problem:
            return _error(400, f"Bad Request: {problem}")
        message_id = self._next_message_id(chat_id)
        message = {
            "message_id": message_id,
            "from": self._bot_user(),
            "chat": self._chat(chat_id),
            "date": int(time.time()),
            "text": text,
        }
        if markup:
            message["reply_markup"] = markup
        self._messages[(chat_id, message_id)] = message
        self.sent_messages.append(message)
        return _ok(message)

    def _find_message(self, params: dict[str, Any]) -> dict[str, Any] | None:
        chat_id, message_id = params.get("chat_id"), params.get("message_id")
        if not isinstance(chat_id, int) or not isinstance(message_id, int):
            return None
        return self._messages.get((chat_id, message_id))

    async def _edit_message_text(self, params: dict[str, Any]) -> tuple[int, Any]:
        message = self._find_message(params)
        if message is None:
            return _error(400, "Bad Request: message to edit not found")
        text = str(params.get("text") or "")
        if not text.strip():
            return _error(400, "Bad Request: message text is empty")
        if utf16_len(text) > TEXT_LIMIT:
            return _error(400, "Bad Request: MESSAGE_TOO_LONG")
        markup = params.get("reply_markup")
        problem = _check_markup(markup)
        if problem:
            return _error(400, f"Bad Request: {problem}")
        if text == message.get("text") and markup == message.get("reply_markup"):
            return _error(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        message["text"] = text
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        return _ok(message)

    async def _edit_reply_markup(self, params: dict[str, Any]) -> tuple[int, Any]:
        message = self._find_message(params)
        if message is None:
            return _error(400, "Bad Request: message to edit not found")
        markup = params.get("reply_markup")
        problem = _check_markup(markup)
        if problem:
            return _error(400, f"Bad Request: {problem}")
        if markup == message.get("reply_markup"):
            return _error(400, "Bad Request: message is not modified")
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        return _ok(message)

    async def _answer_callback_query(self, params: dict[str, Any]) -> tuple[int, Any]:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_callbacks:
            return _error(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._open_callbacks.discard(query_id)
        self.answered_callbacks[query_id] = params
        return _ok(True)

    async def _set_my_commands(self, params: dict[str, Any]) -> tuple[int, Any]:
        commands = params.get("commands")
        if not isinstance(commands, list):
            return _error(400, "Bad Request: can't parse commands JSON object")
        self.commands = commands
        return _ok(True)

    async def _delete_webhook(self, params: dict[str, Any]) -> tuple[int, Any]:
        self.webhook_url = ""
        self.webhook_secret = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return _ok(True)

    async def _set_webhook(self, params: dict[str, Any]) -> tuple[int, Any]:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            return _error(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        self.webhook_url = url
        self.webhook_secret = params.get("secret_token")
        return _ok(True)

    async def _get_webhook_info(self, params: dict[str, Any]) -> tuple[int, Any]:
        return _ok(
            {
                "url": self.webhook_url,
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
        )

    async def _send_chat_action(self, params: dict[str, Any]) -> tuple[int, Any]:
        if not params.get("action"):
            return _error(400, "Bad Request: action is empty")
        return _ok(True)

    async def _get_file(self, params: dict[str, Any]) -> tuple[int, Any]:
        file_id = str(params.get("file_id") or "")
        if file_id not in self._files:
            return _error(400, "Bad Request: invalid file_id")
        path, content = self._files[file_id]
        return _ok(
            {
                "file_id": file_id,
                "file_unique_id": f"U{file_id}",
                "file_size": len(content),
                "file_path": path,
            }
        )

    # --- helpers ---------------------------------------------------------------------------

    def _next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    @staticmethod
    def _chat(chat_id: int, first_name: str = "张三") -> dict[str, Any]:
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": first_name}
        return {"id": chat_id, "type": "supergroup", "title": f"专班群 {chat_id}"}

    def _signal(self) -> None:
        """Wake everything waiting for a change; safe to call from any thread."""
        loop = self._loop
        if loop is None:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._pulse()
        else:
            loop.call_soon_threadsafe(self._pulse)

    def _pulse(self) -> None:
        old, self._changed = self._changed, asyncio.Event()
        if old is not None:
            old.set()


def _ok(result: Any) -> tuple[int, Any]:
    return 200, {"ok": True, "result": result}


def _error(
    status: int, description: str, parameters: dict[str, Any] | None = None
) -> tuple[int, Any]:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return status, body


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _check_markup(markup: Any) -> str | None:
    """Telegram's own checks on an inline keyboard, as the error it would give."""
    if not markup:
        return None
    if not isinstance(markup, dict):
        return "can't parse reply keyboard markup JSON object"
    rows = markup.get("inline_keyboard")
    if rows is None:
        return None  # reply keyboards and removals are not checked here
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        return "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
    buttons = [button for row in rows for button in row]
    if len(buttons) > 100:
        return "REPLY_MARKUP_TOO_LONG"
    for button in buttons:
        if not isinstance(button, dict) or not str(button.get("text", "")).strip():
            return "BUTTON_TEXT_INVALID"
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode("utf-8")) <= CALLBACK_DATA_LIMIT:
            return "BUTTON_DATA_INVALID"
    return None


class FakeBotAPIThread:
    """The fake server in a thread with its own event loop, for tests that block.

    `with FakeBotAPIThread() as runner:` then use `runner.api` (the `FakeBotAPI`): scripting
    failures, pushing updates and reading `calls` / `sent_messages` are safe from the test's
    thread; `runner.wait_for(condition)` blocks until the condition holds.
    """

    def __init__(self, **kwargs: Any) -> None:
        self.api = FakeBotAPI(**kwargs)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def start(self) -> FakeBotAPIThread:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.api.start(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.api.close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def wait_for(self, condition: Callable[[], bool], within: float = 10.0) -> None:
        future = asyncio.run_coroutine_threadsafe(self.api.wait_for(condition, within), self._loop)
        future.result(timeout=within + 1)

    def __enter__(self) -> FakeBotAPIThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
