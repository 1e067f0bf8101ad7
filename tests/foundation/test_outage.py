"""A database outage: JSON 503 with Retry-After, one log line for the whole outage, and the
service answers again by itself when the database is back. Security headers on every answer.

The outage is a TCP proxy in front of PostgreSQL that is cut and restored, as a network
partition or a database restart looks to the app."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import httpx
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from intake.settings import Settings
from intake.web.app import create_app


class CuttableProxy:
    def __init__(self, target_port: int) -> None:
        self._target = target_port
        self._server: asyncio.Server | None = None
        self._links: set[asyncio.StreamWriter] = set()
        self.port = 0

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(Exception):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self._target)
        self._links.update({writer, up_writer})
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        assert self._server is not None
        self._server.close()
        for link in self._links:
            link.close()
        self._links.clear()
        await self._server.wait_closed()


async def test_outage_answers_503_logs_once_and_recovers(
    engine: AsyncEngine, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the outage is a cut TCP link to PostgreSQL")
    target = make_url(db_url)
    proxy = CuttableProxy(target.port or 5432)
    await proxy.start()
    via_proxy = target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    app = create_app(Settings(database_url=via_proxy, run_sweeper=False))
    caplog.set_level(logging.INFO)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        chat = (await client.post("/api/chat/sessions")).json()["session_id"]
        ok = await client.post(f"/api/chat/sessions/{chat}/messages", json={"text": "你好"})
        assert ok.status_code == 200
        assert ok.headers["x-content-type-options"] == "nosniff"
        assert ok.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in ok.headers["content-security-policy"]
        assert ok.headers["referrer-policy"] == "same-origin"

        await proxy.cut()
        mark = len(caplog.records)
        for _ in range(10):
            for resp in (
                await client.post(f"/api/chat/sessions/{chat}/messages", json={"text": "你好"}),
                await client.post("/api/chat/sessions"),
                await client.get(f"/api/chat/sessions/{chat}"),
            ):
                assert resp.status_code == 503, resp.text
                assert resp.json()["error"] == "service_unavailable"
                assert int(resp.headers["Retry-After"]) > 0
                assert resp.headers["x-content-type-options"] == "nosniff"
        down = [r for r in caplog.records if "database unreachable" in r.getMessage()]
        assert len(down) == 1
        during = [r.getMessage() for r in caplog.records[mark:] if r.levelno >= logging.WARNING]
        assert len(during) <= 2, during  # not a line per request
        assert not any(r.exc_info for r in caplog.records if r.levelno >= logging.ERROR)

        await proxy.start()  # the database is back, on the same address
        deadline = time.monotonic() + 20
        while True:
            resp = await client.post(f"/api/chat/sessions/{chat}/messages", json={"text": "你好"})
            if resp.status_code == 200 or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        assert resp.status_code == 200
        for _ in range(50):  # the probe notices within a second or two
            if any("reachable again" in r.getMessage() for r in caplog.records):
                break
            await asyncio.sleep(0.2)
        back = [r for r in caplog.records if "reachable again" in r.getMessage()]
        assert len(back) == 1 and "30 requests answered 503" in back[0].getMessage()
    await proxy.cut()


async def test_security_headers_on_pages_and_errors(engine: AsyncEngine, db_url: str) -> None:
    app = create_app(Settings(database_url=db_url, run_sweeper=False), engine=engine)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        for path in ("/", "/chat", "/login", "/healthz", "/static/chat.css", "/no-such-page"):
            resp = await client.get(path)
            assert resp.headers["x-content-type-options"] == "nosniff", path
            assert resp.headers["x-frame-options"] == "DENY", path
            assert resp.headers["referrer-policy"] == "same-origin", path
