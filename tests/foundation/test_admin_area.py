"""/admin: one sign-in at /login; admins edit, supervisors look, inspectors are kept out;
the pages are in Chinese, saves are confirmed, changes audited, forms carry a CSRF token."""

from __future__ import annotations

import re

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import select

from intake.settings import Settings
from intake.staff.accounts import create_user
from intake.web.app import create_app
from models import AuditLog, TaskForce, User


async def _client(engine: AsyncEngine, db_url: str) -> httpx.AsyncClient:
    app = create_app(Settings(database_url=db_url), engine=engine)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf(?:-token)?" (?:value|content)="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


async def _login(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    page = await client.get("/login")
    return await client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "csrf": _csrf(page.text),
            "next": "/admin/",
        },
        follow_redirects=False,
    )


async def _seed(session_factory: async_sessionmaker) -> None:
    async with session_factory() as session:
        for name, role in (("ad", "admin"), ("sup", "supervisor"), ("insp", "inspector")):
            await create_user(session, username=name, password="password-" + name, role=role)
        session.add(TaskForce(code="TF7_SME", name="中小企业工作专班"))
        await session.commit()


async def test_roles_in_admin_area(
    engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker
) -> None:
    await _seed(session_factory)
    async with await _client(engine, db_url) as anon:
        resp = await anon.get("/admin/task-force/list", follow_redirects=False)
        assert resp.status_code == 303
        assert resp.headers["location"] == "/login?next=%2Fadmin%2Ftask-force%2Flist"
        assert (
            (await anon.get("/admin/login", follow_redirects=False))
            .headers["location"]
            .startswith("/login")
        )

    async with await _client(engine, db_url) as insp:
        await _login(insp, "insp", "password-insp")
        resp = await insp.get("/admin/task-force/list", follow_redirects=False)
        assert resp.status_code == 403 and "返回工单队列" in resp.text
        assert (await insp.get("/inspect", follow_redirects=False)).status_code == 200

    async with await _client(engine, db_url) as sup:
        assert (await _login(sup, "sup", "wrong")).status_code == 401
        await _login(sup, "sup", "password-sup")
        listing = await sup.get("/admin/task-force/list")
        assert listing.status_code == 200 and "TF7_SME" in listing.text
        assert "牵头单位" in listing.text and "Lead Bureaus" not in listing.text
        assert (await sup.get("/admin/task-force/create")).status_code == 403

    async with await _client(engine, db_url) as ad:
        assert (await _login(ad, "ad", "password-ad")).headers["location"] == "/admin/"
        home = await ad.get("/admin/")
        assert home.status_code == 200
        assert 'id="admin-counts"' in home.text and "工作专班" in home.text
        assert "管理后台" in home.text and "工单队列" in home.text  # the one staff navigation
        form = await ad.get("/admin/task-force/create")
        assert "保存" in form.text and ">Save<" not in form.text
        created = await ad.post(
            "/admin/task-force/create",
            data={
                "code": "TF9_TEST",
                "name": "测试专班",
                "lead_bureaus": "人社局",
                "save": "保存",
                "csrf": _csrf(form.text),
            },
            follow_redirects=False,
        )
        assert created.status_code == 302, created.text[:500]
        assert created.headers["location"].endswith("/admin/task-force/list")
        listing = await ad.get(created.headers["location"])
        assert "已新增工作专班：测试专班" in listing.text  # the confirmation
        again = await ad.get("/admin/task-force/list")
        assert "已新增工作专班" not in again.text  # shown once

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
        token = _csrf((await ad.get("/admin/task-force/create")).text)
        created = await ad.post(
            "/admin/task-force/create",
            content=f"csrf={token}&code=TF9_TEST&name=%E6%B5%8B%E8%AF%95%00%01%C2%85%E4%B8%93%E7%8F%AD"
            "&lead_bureaus=%E4%BA%BA%E7%A4%BE%E5%B1%80%0A%E4%BD%8F%E5%BB%BA%E5%B1%80",
            headers={"content-type": "application/x-www-form-urlencoded"},
            follow_redirects=False,
        )
        assert created.status_code in (302, 303), created.text[:500]
    async with session_factory() as session:
        row = await session.scalar(select(TaskForce).where(TaskForce.code == "TF9_TEST"))
    assert row is not None and row.name == "测试专班"


async def test_admin_forms_refuse_a_post_without_the_token(
    engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker
) -> None:
    await _seed(session_factory)
    async with await _client(engine, db_url) as ad:
        await _login(ad, "ad", "password-ad")
        forged = await ad.post(
            "/admin/task-force/create",
            data={"code": "TF8_EVIL", "name": "伪造", "save": "保存"},
            headers={"Origin": "https://evil.example"},
        )
        assert forged.status_code == 403 and "未做任何修改" in forged.text
        rules = await ad.post("/admin/rules/save", data={"yaml": "x", "comment": "x"})
        assert rules.status_code == 403
        publish = await ad.post("/admin/rules/1/publish")
        assert publish.status_code == 403
        deleted = await ad.delete("/admin/task-force/delete?pks=1")
        assert deleted.status_code == 403
        page = await ad.get("/admin/task-force/list")
        ok = await ad.delete(
            "/admin/task-force/delete?pks=1", headers={"X-CSRF-Token": _csrf(page.text)}
        )
        assert ok.status_code == 200
    async with session_factory() as session:
        codes = set(await session.scalars(select(TaskForce.code)))
        assert "TF8_EVIL" not in codes and "TF7_SME" not in codes


async def test_role_is_one_of_three(
    engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker
) -> None:
    await _seed(session_factory)
    async with session_factory() as session:
        insp = await session.scalar(select(User).where(User.username == "insp"))
        assert insp is not None
        insp_id = insp.id
    async with await _client(engine, db_url) as ad:
        await _login(ad, "ad", "password-ad")
        form = await ad.get(f"/admin/user/edit/{insp_id}")
        assert "<select" in form.text and "监察员" in form.text and "联席办" in form.text
        base = {"username": "insp", "display_name": "insp", "csrf": _csrf(form.text)}
        bad = await ad.post(
            f"/admin/user/edit/{insp_id}", data={**base, "role": "root", "save": "保存"}
        )
        assert bad.status_code == 400
        good = await ad.post(
            f"/admin/user/edit/{insp_id}",
            data={**base, "role": "supervisor", "save": "保存"},
            follow_redirects=False,
        )
        assert good.status_code == 302, good.text[:400]
    async with session_factory() as session:
        roles = {u.username: u.role for u in await session.scalars(select(User))}
        assert roles["insp"] == "supervisor"
