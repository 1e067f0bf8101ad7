"""Request-scoped dependencies shared by the routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Path, Request
from sqlalchemy.ext.asyncio import AsyncSession

from intake.settings import Settings
from models.base import INT_MAX

# A row id or version number in a path: within the INTEGER column's range, else 422
RowId = Annotated[int, Path(ge=1, le=INT_MAX, description="a positive id")]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.session_factory() as session:
        yield session
