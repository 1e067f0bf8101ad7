"""What every answer shares: security headers, and a JSON 503 while the database is down.

Both live here so that every route, page and API alike, gets them from one place.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from intake.chats.typed_text import clean
from models.db import ping

log = logging.getLogger("anxin.outage")

SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)
# Only the frame policy: scripts and styles are the templates' business (and /docs loads its
# own); no page of ours is meant to be framed, which is what clickjacking needs.
FRAME_POLICY = (b"content-security-policy", b"frame-ancestors 'none'")
RETRY_AFTER_S = 5
PROBE_INTERVAL_S = 1.0


# Control characters in a query string or a form body: percent-encoded (C0 but \t \n \r,
# DEL, C1 as UTF-8), and the same characters sent raw
_ENCODED_CONTROL = re.compile(
    rb"%(?:0[0-8bcef]|1[0-9a-f]|7f|c2%[89][0-9a-f])|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]",
    re.IGNORECASE,
)
FORM = b"application/x-www-form-urlencoded"


def _clean_encoded(data: bytes) -> bytes:
    return _ENCODED_CONTROL.sub(b"", data)


class TypedUrls:
    """The input boundary for URLs and HTML forms (see intake.chats.typed_text): control characters
    are removed from the path, the query string and url-encoded form bodies (every form of
    the pages and of /admin) before any route reads them, so a NUL in a filter, an id or a
    form field never reaches the database (PostgreSQL refuses it with an error)."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        path = scope.get("path", "")
        query = scope.get("query_string", b"")
        clean_path, clean_query = clean(path), _clean_encoded(query)
        if clean_path != path or clean_query != query:
            scope = {**scope, "path": clean_path, "query_string": clean_query}
            scope.pop("raw_path", None)
        content_type = dict(scope.get("headers", [])).get(b"content-type", b"")
        if content_type.split(b";")[0].strip().lower() == FORM:
            receive = _cleaned_form(receive)
        await self._app(scope, receive, send)


def _cleaned_form(receive: Receive) -> Receive:
    """`receive` that hands the app the whole form body at once, cleaned (a percent-encoded
    character may be split across the chunks it arrives in)."""
    done = False

    async def cleaned() -> Message:
        nonlocal done
        if done:
            return await receive()
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return message  # the client went away
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        done = True
        return {
            "type": "http.request",
            "body": _clean_encoded(b"".join(chunks)),
            "more_body": False,
        }

    return cleaned


class SecurityHeaders:
    """Adds nosniff, a frame policy and a referrer policy to every HTTP answer (a header the
    route set itself is kept)."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in (*SECURITY_HEADERS, FRAME_POLICY):
                    if name not in present:
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self._app(scope, receive, send_with_headers)


def is_outage(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) means the database cannot be reached."""
    seen: BaseException | None = exc
    for _ in range(8):  # a chain of causes, never a cycle
        if seen is None:
            return False
        if isinstance(seen, OperationalError | InterfaceError | ConnectionError | TimeoutError):
            return True
        if isinstance(seen, DBAPIError) and seen.connection_invalidated:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class OutageWatch:
    """Logs one line when the database becomes unreachable and one when it is back, however
    many requests fail in between; a probe finds the end of the outage."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._since: float | None = None
        self._failed = 0
        self._probe: asyncio.Task[None] | None = None

    @property
    def down(self) -> bool:
        return self._since is not None

    def failed(self, exc: BaseException) -> None:
        self._failed += 1
        if self._since is not None:
            return
        self._since = time.monotonic()
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        log.error("database unreachable, answering 503 until it is back: %s", reason[:300])
        self._probe = asyncio.get_running_loop().create_task(self._wait_for_recovery())

    async def _wait_for_recovery(self) -> None:
        while True:
            await asyncio.sleep(PROBE_INTERVAL_S)
            with contextlib.suppress(Exception):
                await ping(self._engine)
                break
        since = self._since or time.monotonic()
        log.warning(
            "database reachable again after %.0f s (%d requests answered 503)",
            time.monotonic() - since,
            self._failed,
        )
        self._since, self._failed = None, 0

    async def close(self) -> None:
        if self._probe is not None and not self._probe.done():
            self._probe.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._probe


class OutageAnswers:
    """A JSON 503 with Retry-After, instead of a 500 and a traceback per request, for any
    request that fails because the database cannot be reached."""

    def __init__(self, app: ASGIApp, *, watch: OutageWatch) -> None:
        self._app = app
        self._watch = watch

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        started = False

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._app(scope, receive, watching_send)
        except Exception as exc:
            if started or not is_outage(exc):
                raise
            self._watch.failed(exc)
            answer = JSONResponse(
                {
                    "error": "service_unavailable",
                    "message": "数据库暂时无法连接，请稍后再试；已填写的内容不会丢失",
                    "message_en": "the database is unreachable; retry shortly",
                },
                status_code=503,
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )
            await answer(scope, receive, send)


def install(app: FastAPI, watch: OutageWatch) -> None:
    app.add_middleware(TypedUrls)
    app.add_middleware(OutageAnswers, watch=watch)
    app.add_middleware(SecurityHeaders)  # outermost: the 503 gets the headers too
