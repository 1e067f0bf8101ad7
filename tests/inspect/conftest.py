"""Fixtures of the inspector-side tests: the seeded world and an app client over it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from inspect_world import World, seed_world
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from intake.settings import Settings
from intake.web.app import create_app


@pytest.fixture
async def world(session_factory: async_sessionmaker[AsyncSession]) -> World:
    async with session_factory() as session:
        return await seed_world(session)


@pytest.fixture
def app_client(engine: AsyncEngine, db_url: str):  # type: ignore[no-untyped-def]
    """A factory of clients (each with its own cookie jar) over one app."""
    app = create_app(
        Settings(database_url=db_url, run_sweeper=False, secret_key="test-secret-key-inspect"),
        engine=engine,
    )

    def make() -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")

    return make


@pytest.fixture
async def client(app_client) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    async with app_client() as c:
        yield c
