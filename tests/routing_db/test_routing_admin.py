"""Admins tune routing over REST and on the rules page; others cannot."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from intake.demo.seed import seed_demo
from intake.settings import Settings
from intake.staff.accounts import create_user
from intake.web.app import create_app
from routing.rules import DEFAULT_TABLE_PATH

DEFAULT_YAML = DEFAULT_TABLE_PATH.read_text(encoding="utf-8")
CHANGED_YAML = DEFAULT_YAML.replace(
    "    then: {task_force: TF1_CONSTRUCTION}", "    then: {task_force: TF7_SME}", 1
)
BROKEN_YAML = DEFAULT_YAML.replace("        - sector: [coal]", "        - sectr: [coal]", 1)
BROKEN_LINE = DEFAULT_YAML.splitlines().index("        - sector: [coal]") + 1


@pytest.fixture
async def app_client(
    engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker
) -> AsyncIterator[httpx.AsyncClient]:
    async with session_factory() as session:
        await seed_demo(session)
        for name, role in (("root", "admin"), ("boss", "supervisor"), ("ins", "inspector")):
            await create_user(session, username=name, password=f"pw-{name}-123", role=role)
        await session.commit()
    app = create_app(Settings(database_url=db_url), engine=engine)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield client


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


async def _sign_in(client: httpx.AsyncClient, name: str) -> None:
    """The one staff sign-in at /login (the admin area has none of its own)."""
    page = await client.get("/login")
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found
    resp = await client.post(
        "/login",
        data={"username": name, "password": f"pw-{name}-123", "csrf": found.group(1)},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text


async def _token(client: httpx.AsyncClient, name: str) -> dict[str, str]:
    resp = await client.post(
        "/api/auth/token", data={"username": name, "password": f"pw-{name}-123"}
    )
    assert resp.status_code == 200, resp.text
    return {"Authorization": f"Bearer {resp.json()['access_token']}"}


async def test_rest_draft_simulate_publish_rollback(app_client: httpx.AsyncClient) -> None:
    c = app_client
    admin, boss, ins = [await _token(c, n) for n in ("root", "boss", "ins")]
    base = "/api/admin/routing"

    assert (await c.get(f"{base}/versions")).status_code == 401
    assert (await c.get(f"{base}/versions", headers=ins)).status_code == 403
    listing = await c.get(f"{base}/versions", headers=boss)
    assert [v["status"] for v in listing.json()] == ["published"]
    assert (
        await c.post(f"{base}/versions", json={"yaml": CHANGED_YAML}, headers=boss)
    ).status_code == 403

    bad = await c.post(f"{base}/versions", json={"yaml": BROKEN_YAML}, headers=admin)
    assert bad.status_code == 422
    body = bad.json()
    assert body["error"] == "invalid_routing_table"
    assert body["issues"][0]["line"] == BROKEN_LINE

    created = await c.post(
        f"{base}/versions", json={"yaml": CHANGED_YAML, "comment": "试行"}, headers=admin
    )
    assert created.status_code == 201
    number = created.json()["version"]
    sim = await c.post(
        f"{base}/versions/{number}/simulate",
        json={
            "cases_jsonl": '{"text": "包工头欠俺们工地上的钱", "fields": {"headcount": 3}}\n'
            "not json\n"
        },
        headers=boss,
    )
    assert sim.status_code == 200
    report = sim.json()
    assert report["total"] == 1 and report["changed_task_force"] == 1
    assert len(report["input_errors"]) == 1

    tried = await c.post(
        f"{base}/try", json={"text": "包工头跑路了，工地上欠我们三万"}, headers=boss
    )
    assert tried.json()["task_force"] == "TF1_CONSTRUCTION"

    published = await c.post(f"{base}/versions/{number}/publish", headers=admin)
    assert published.status_code == 200 and published.json()["status"] == "published"
    tried = await c.post(
        f"{base}/try", json={"text": "包工头跑路了，工地上欠我们三万"}, headers=boss
    )
    assert tried.json()["task_force"] == "TF7_SME"  # the live router follows the publish
    assert (await c.post(f"{base}/versions/{number}/publish", headers=admin)).status_code == 409

    rolled = await c.post(f"{base}/rollback", json={"to_version": 1}, headers=admin)
    assert rolled.status_code == 200 and rolled.json()["status"] == "published"
    tried = await c.post(
        f"{base}/try", json={"text": "包工头跑路了，工地上欠我们三万"}, headers=boss
    )
    assert tried.json()["task_force"] == "TF1_CONSTRUCTION"


async def test_rules_page_shows_errors_then_diff_before_publish(
    app_client: httpx.AsyncClient,
) -> None:
    c = app_client
    await _sign_in(c, "root")
    page = await c.get("/admin/rules")
    csrf = _csrf(page.text)
    assert page.status_code == 200 and "生效中" in page.text

    bad = await c.post(
        "/admin/rules/save", data={"yaml": BROKEN_YAML, "comment": "x", "csrf": csrf}
    )
    assert bad.status_code == 422
    assert f"第 {BROKEN_LINE} 行" in bad.text
    assert "sectr" in bad.text  # the admin's text is kept in the editor

    saved = await c.post(
        "/admin/rules/save",
        data={"yaml": CHANGED_YAML, "comment": "改派", "csrf": csrf},
        follow_redirects=True,
    )
    assert saved.status_code == 200
    assert 'id="sim-summary"' in saved.text and 'id="publish"' in saved.text
    number = int(str(saved.url).rstrip("/").rsplit("/", 1)[1])
    done = await c.post(
        f"/admin/rules/{number}/publish", data={"csrf": csrf}, follow_redirects=True
    )
    assert done.status_code == 200 and "生效中" in done.text


async def test_supervisor_sees_rules_page_but_cannot_change(
    app_client: httpx.AsyncClient,
) -> None:
    c = app_client
    await _sign_in(c, "boss")
    page = await c.get("/admin/rules")
    assert page.status_code == 200 and "保存为草稿并模拟" not in page.text
    refused = await c.post(
        "/admin/rules/save", data={"yaml": DEFAULT_YAML, "csrf": _csrf(page.text)}
    )
    assert refused.status_code == 403
