"""/admin: admins edit, supervisors look, inspectors are kept out; changes are audited."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import select

from intake.accounts import create_user
from intake.api.app import create_app
from intake.settings import Settings
from models import AuditLog, TaskForce


async def _client(engine: AsyncEngine, db_url: str) -> httpx.AsyncClient:
    app = create_app(Settings(database_url=db_url), engine=engine)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def _login(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await client.post(
        "/admin/login", data={"username": username, "password": password}, follow_redirects=False
    )


async def test_roles_in_admin_area(
    engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker
) -> None:
    async with session_factory() as session:
        for name, role in (("ad", "admin"), ("sup", "supervisor"), ("insp", "inspector")):
            await create_user(session, username=name, password="password-" + name, role=role)
        session.add(TaskForce(code="TF7_SME", name="中小企业工作专班"))
        await session.commit()

    async with await _client(engine, db_url) as anon:
        resp = await anon.get("/admin/task-force/list", follow_redirects=False)
        assert resp.status_code in (302, 303) and "/admin/login" in resp.headers["location"]

    async with await _client(engine, db_url) as insp:
        await _login(insp, "insp", "password-insp")
        resp = await insp.get("/admin/task-force/list", follow_redirects=False)
        assert resp.status_code in (302, 303)  # still sent to the login page

    async with await _client(engine, db_url) as sup:
        assert (await _login(sup, "sup", "wrong")).status_code == 400
        await _login(sup, "sup", "password-sup")
        listing = await sup.get("/admin/task-force/list")
        assert listing.status_code == 200 and "TF7_SME" in listing.text
        assert (await sup.get("/admin/task-force/create")).status_code == 403

    async with await _client(engine, db_url) as ad:
        await _login(ad, "ad", "password-ad")
        created = await ad.post(
            "/admin/task-force/create",
            data={"code": "TF9_TEST", "name": "测试专班", "lead_bureaus": "人社局"},
            follow_redirects=False,
        )
        assert created.status_code in (302, 303), created.text[:500]

    async with session_factory() as session:
        assert await session.scalar(select(TaskForce).where(TaskForce.code == "TF9_TEST"))
        audit = list(await session.scalars(select(AuditLog)))
        assert any(a.action == "admin.create" and a.object_type == "task-force" for a in audit)


async def test_a_nul_in_an_admin_form_is_removed_before_it_is_stored(
    engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker
) -> None:
    """The input boundary covers every HTML form, /admin's too (PostgreSQL refused a NUL)."""
    async with session_factory() as session:
        await create_user(session, username="ad", password="password-ad", role="admin")
        await session.commit()
    async with await _client(engine, db_url) as ad:
        await _login(ad, "ad", "password-ad")
        created = await ad.post(
            "/admin/task-force/create",
            content="code=TF9_TEST&name=%E6%B5%8B%E8%AF%95%00%01%C2%85%E4%B8%93%E7%8F%AD"
            "&lead_bureaus=%E4%BA%BA%E7%A4%BE%E5%B1%80%0A%E4%BD%8F%E5%BB%BA%E5%B1%80",
            headers={"content-type": "application/x-www-form-urlencoded"},
            follow_redirects=False,
        )
        assert created.status_code in (302, 303), created.text[:500]
    async with session_factory() as session:
        row = await session.scalar(select(TaskForce).where(TaskForce.code == "TF9_TEST"))
    assert row is not None and row.name == "测试专班"
