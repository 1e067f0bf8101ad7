"""Fixtures of the channel tests: a real `anxin serve` over the transcripts' world."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from channel_world import seed_transcript_world
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.db import create_engine, make_session_factory


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
