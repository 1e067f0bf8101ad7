"""Fixtures of the channel tests over the transcripts' world: the web app in-process, and a
real `anxin serve`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from channel_world import seed_transcript_world
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from web_app import web_app

from models.db import create_engine, make_session_factory


@pytest.fixture
async def client(
    engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> AsyncIterator[httpx.AsyncClient]:
    """The web app in-process over the world; a failing request answers HTTP 500."""
    async with session_factory() as session:
        await seed_transcript_world(session)
    async with web_app(engine, db_url, raise_app_exceptions=False) as c:
        yield c


@pytest.fixture
async def world_server(
    db_url: str, server_factory: Any
) -> AsyncIterator[tuple[Any, async_sessionmaker[AsyncSession]]]:
    """(server, session factory): a database migrated with `anxin db upgrade` and holding the
    transcripts' world; the server is not started yet."""
    server = server_factory(db_url)
    server.anxin("db", "upgrade")
    engine = create_engine(db_url)
    sessions = make_session_factory(engine)
    async with sessions() as session:
        await seed_transcript_world(session)
    try:
        yield server, sessions
    finally:
        server.stop(kill=True)
        await engine.dispose()
