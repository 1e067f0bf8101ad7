"""Shared fixtures: every database test runs on SQLite and, when
ANXIN_TEST_POSTGRES_URL is set, on PostgreSQL too — each test on a database of its own."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import SQLModel

import models  # noqa: F401  (registers the tables)
from models.db import create_engine, make_session_factory

PG_URL_ENV = "ANXIN_TEST_POSTGRES_URL"
# Apps and `anxin serve` refuse to start without a signing key; tests about that unset it.
os.environ.setdefault("ANXIN_SECRET_KEY", "test-suite-signing-key-" + uuid.uuid4().hex)
REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


def _pg_admin_dsn(url: str) -> tuple[str, str]:
    """(asyncpg DSN of the maintenance database, SQLAlchemy URL template)."""
    parsed = make_url(url)
    dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    return dsn, url


async def _pg_create(url: str) -> str:
    dsn, _ = _pg_admin_dsn(url)
    name = f"anxin_t_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


async def _pg_drop(url: str, db_url: str) -> None:
    dsn, _ = _pg_admin_dsn(url)
    name = make_url(db_url).database
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def pytest_report_header(config: pytest.Config) -> str:
    pg = os.environ.get(PG_URL_ENV)
    return f"anxin: PostgreSQL leg {'ON (' + pg + ')' if pg else 'OFF (' + PG_URL_ENV + ' unset)'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of its own for this test, as an async SQLAlchemy URL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'anxin-test.db'}"
        return
    base = os.environ.get(PG_URL_ENV)
    if not base:
        pytest.skip(f"{PG_URL_ENV} is not set: PostgreSQL leg not run")
    url = asyncio.run(_pg_create(base))
    try:
        yield url
    finally:
        asyncio.run(_pg_drop(base, url))


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine over `db_url` with the schema created from the models."""
    eng = create_engine(db_url)
    async with eng.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all)
    try:
        yield eng
    finally:
        await eng.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_session_factory(engine)


@pytest.fixture
async def session(
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    async with session_factory() as s:
        yield s


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many database tests ran on each backend, so a skipped leg is visible."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            for backend in ("sqlite", "postgresql"):
                if f"[{backend}" in nodeid or f"-{backend}]" in nodeid or f"-{backend}-" in nodeid:
                    bucket = counts.setdefault(backend, {})
                    bucket[outcome] = bucket.get(outcome, 0) + 1
    if counts:
        terminalreporter.section("database legs")
        for backend, bucket in sorted(counts.items()):
            parts = ", ".join(f"{n} {k}" for k, n in sorted(bucket.items()))
            terminalreporter.write_line(f"{backend}: {parts}")


class ServerProcess:
    """A real `anxin serve` process on a free loopback port."""

    def __init__(self, db_url: str, cwd: Path, extra_env: dict[str, str] | None = None) -> None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.db_url = db_url
        self.cwd = cwd
        self.env = {**os.environ, "ANXIN_DATABASE_URL": db_url, **(extra_env or {})}
        self.proc: subprocess.Popen[bytes] | None = None

    def anxin(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [ANXIN_BIN, *args],
            env=self.env,
            cwd=self.cwd,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )

    def start(self) -> None:
        import httpx

        log = open(self.cwd / f"serve-{self.port}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [ANXIN_BIN, "serve", "--port", str(self.port)],
            env=self.env,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"anxin serve exited with {self.proc.returncode}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("anxin serve did not become healthy in 60 s")

    def log_text(self) -> str:
        """What the server wrote to stdout and stderr, across restarts."""
        return (self.cwd / f"serve-{self.port}.log").read_text(encoding="utf-8")

    def stop(self, *, kill: bool = False) -> None:
        if self.proc and self.proc.poll() is None:
            if kill:
                self.proc.kill()
            else:
                self.proc.terminate()
            self.proc.wait(timeout=30)
        self.proc = None


ANXIN_BIN = str(Path(sys.executable).with_name("anxin"))


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Any]:
    servers: list[ServerProcess] = []

    def make(db_url: str, **env: str) -> ServerProcess:
        server = ServerProcess(db_url, tmp_path, env)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop(kill=True)
