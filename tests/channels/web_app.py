"""The web channel in-process: the real app behind an httpx client, no server, no lifespan."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from intake.chats.conversations import ConversationService
from intake.settings import Settings
from intake.web.app import create_app


@contextlib.asynccontextmanager
async def web_app(
    engine: AsyncEngine,
    db_url: str,
    *,
    clock: Callable[[], datetime] | None = None,
    raise_app_exceptions: bool = True,
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app over `engine`; `clock` fixes the conversations' today, and with
    `raise_app_exceptions=False` a failing request answers HTTP 500 as a real server would."""
    app = create_app(Settings(database_url=db_url, run_sweeper=False), engine=engine)
    if clock is not None:
        app.state.conversations = ConversationService(
            app.state.session_factory,
            app.state.routing_runtime,
            policy=app.state.settings.sla_policy(),
            clock=clock,
        )
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_app_exceptions)
    async with httpx.AsyncClient(transport=transport, base_url="http://anxin.test") as client:
        yield client
