from __future__ import annotations

import gc

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from intake.gc_tuning import YOUNG_THRESHOLD
from intake.settings import Settings
from intake.web.app import create_app


async def test_healthz_start_page_and_docs(engine: AsyncEngine, db_url: str) -> None:
    app = create_app(Settings(database_url=db_url), engine=engine)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        health = await client.get("/healthz")
        assert health.status_code == 200
        assert health.json() == {"status": "ok", "database": "ok"}
        start = await client.get("/")
        assert start.status_code == 200
        for link in ('href="/chat"', 'href="/inspect"', 'href="/admin"'):
            assert link in start.text
        assert (await client.get("/openapi.json")).status_code == 200


async def test_healthz_reports_unreachable_database() -> None:
    settings = Settings(database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none")
    app = create_app(settings)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        health = await client.get("/healthz")
    assert health.status_code == 503
    body = health.json()
    assert body["status"] == "error" and "127.0.0.1:1" in body["database"]


async def test_a_serving_process_collects_young_objects_less_often(
    engine: AsyncEngine, db_url: str
) -> None:
    """The app's start-up sets the collector for serving (see intake.gc_tuning)."""
    before = gc.get_threshold()
    # Python's default, whatever an earlier app's start-up in this test process set
    gc.set_threshold(700, before[1], before[2])
    app = create_app(Settings(database_url=db_url, run_sweeper=False), engine=engine)
    try:
        assert gc.get_threshold()[0] != YOUNG_THRESHOLD
        async with app.router.lifespan_context(app):
            assert gc.get_threshold() == (YOUNG_THRESHOLD, before[1], before[2])
    finally:
        gc.set_threshold(*before)
