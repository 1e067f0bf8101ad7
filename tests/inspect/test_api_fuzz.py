"""A bounded property-based run over the OpenAPI (schemathesis): requests generated from the
schema, valid and invalid, to every JSON endpoint, signed in as an admin, on a seeded
database. None may get a 5xx. Plus the requests that used to answer 500."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from inspect_world import seed_world
from schemathesis import GenerationMode
from sqlmodel import SQLModel, select

from intake.settings import Settings
from intake.web.app import create_app
from intake.web.auth import issue_token
from models import User
from models.db import create_engine, make_session_factory

EXAMPLES = 120  # per database: a bounded run, seconds not minutes


async def _prepare(settings: Settings) -> dict[str, str]:
    engine = create_engine(settings.database_url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(SQLModel.metadata.create_all)
        async with make_session_factory(engine)() as session:
            await seed_world(session)
            await session.commit()
            admin = await session.scalar(select(User).where(User.username == "root"))
            assert admin is not None
            return {"Authorization": f"Bearer {issue_token(settings, admin)}"}
    finally:
        await engine.dispose()


def test_no_generated_request_gets_a_server_error(db_url: str) -> None:
    settings = Settings(database_url=db_url, run_sweeper=False)
    headers = asyncio.run(_prepare(settings))
    app = create_app(settings)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    strategy = st.one_of(
        [
            op.as_strategy(generation_mode=mode)
            for op in operations
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        ]
    )
    seen: set[str] = set()

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def no_server_error(case: Any) -> None:
        seen.add(f"{case.method} {case.path}")
        response = case.call(headers=headers)
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}: "
            f"{response.status_code} {response.text[:400]}"
        )

    no_server_error()
    assert len(seen) >= 10, seen  # the run reached most of the API


async def test_what_used_to_answer_500_is_a_json_422(db_url: str) -> None:
    settings = Settings(database_url=db_url, run_sweeper=False)
    headers = await _prepare(settings)
    app = create_app(settings)
    huge = "99999999999999999999999"
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t", headers=headers
    ) as client:
        for resp in (
            await client.get(f"/api/tickets/{huge}"),
            await client.get("/api/tickets/2147483648"),
            await client.get(f"/api/tickets/groups/{huge}"),
            await client.get(f"/api/admin/routing/versions/{huge}"),
            await client.get("/api/ranking", params={"week": "9999-W52"}),
            await client.post(
                "/api/tickets/1/actions", json={"action": "resolve", "recovered_fen": 1e29}
            ),
            await client.post("/api/admin/routing/rollback", json={"to_version": 10**30}),
        ):
            assert resp.status_code == 422, (resp.request.url, resp.text)
            assert resp.json()["error"] in ("invalid_input", "bad_request", "invalid_week")


async def test_nul_and_control_characters_in_query_filters_are_no_server_error(
    db_url: str,
) -> None:
    settings = Settings(database_url=db_url, run_sweeper=False)
    headers = await _prepare(settings)
    app = create_app(settings)
    nasty = "少林\x00街道\x01"
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t", headers=headers
    ) as client:
        for path, params in (
            ("/api/tickets", {"township": nasty, "task_force": nasty, "priority": nasty}),
            ("/api/tickets", {"group": nasty, "status": nasty}),
            ("/api/tickets/export", {"township": nasty}),
            ("/api/dashboard", {"township": nasty, "task_force": nasty, "by": nasty}),
            ("/api/ranking", {"week": "2026-W10\x00"}),
            ("/api/chat/sessions/abc%00def%C2%85", {}),
        ):
            resp = await client.get(path, params=params)
            assert resp.status_code < 500, (path, params, resp.text)
        token = await client.post("/api/auth/token", data={"username": "ro\x00ot", "password": "x"})
        assert token.status_code == 401


async def test_a_huge_inbox_position_is_a_422(db_url: str) -> None:
    settings = Settings(database_url=db_url, run_sweeper=False)
    await _prepare(settings)
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        chat = (await c.post("/api/chat/sessions")).json()["session_id"]
        ok = await c.get(f"/api/chat/sessions/{chat}/inbox", params={"after": 2**31 - 1})
        assert ok.status_code == 200
        huge = await c.get(f"/api/chat/sessions/{chat}/inbox", params={"after": 10**20})
        assert huge.status_code == 422 and huge.json()["error"] == "invalid_input"
