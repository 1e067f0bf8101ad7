"""Admins add red-flag phrases on /admin/vocabulary: a draft, simulated, published, live."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from staff_session import sign_in

from intake.demo.seed import seed_demo
from intake.settings import Settings
from intake.staff.accounts import create_user
from intake.web.app import create_app
from routing import versions, vocabulary
from routing.rules import DEFAULT_TABLE_PATH

NEW_WORDS = "东家玩起了躲猫猫，俺们三个人的钱没结"


@pytest.fixture
async def app_client(
    engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker
) -> AsyncIterator[httpx.AsyncClient]:
    async with session_factory() as session:
        await seed_demo(session)
        for name, role in (("root", "admin"), ("boss", "supervisor")):
            await create_user(session, username=name, password=f"pw-{name}-123", role=role)
        await session.commit()
    app = create_app(Settings(database_url=db_url), engine=engine)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield client


async def _flags(c: httpx.AsyncClient, headers: dict[str, str], text: str) -> list[str]:
    resp = await c.post("/api/admin/routing/try", json={"text": text}, headers=headers)
    assert resp.status_code == 200, resp.text
    flags: list[str] = resp.json()["flags"]
    return flags


async def test_admin_adds_a_phrase_publishes_and_the_live_router_uses_it(
    app_client: httpx.AsyncClient, session_factory: async_sessionmaker
) -> None:
    c = app_client
    token = await c.post("/api/auth/token", data={"username": "boss", "password": "pw-boss-123"})
    boss = {"Authorization": f"Bearer {token.json()['access_token']}"}
    assert "absconded" not in await _flags(c, boss, NEW_WORDS)

    await sign_in(c, "root", "pw-root-123")
    page = await c.get("/admin/vocabulary")
    assert page.status_code == 200 and "红线标记" in page.text and "risk_boss" in page.text
    assert "public_place" in page.text  # the routing words are edited here too
    # both pages are in the admin menu
    assert "/admin/vocabulary" in page.text and "/admin/employer-review" in page.text

    bad = await c.post(
        "/admin/vocabulary/change",
        data={"op": "add", "lexicon": "absconded", "kind": "terms", "phrase": "跑路"},
    )
    assert bad.status_code == 422 and "已有“跑路”" in bad.text  # the form keeps the phrase

    saved = await c.post(
        "/admin/vocabulary/change",
        data={"op": "add", "lexicon": "absconded", "kind": "terms", "phrase": "躲猫猫"},
        follow_redirects=True,
    )
    assert saved.status_code == 200 and 'id="sim-summary"' in saved.text
    number = int(str(saved.url).rstrip("/").rsplit("/", 1)[1])
    assert "absconded" not in await _flags(c, boss, NEW_WORDS)  # a draft changes nothing yet

    done = await c.post(f"/admin/rules/{number}/publish", follow_redirects=True)
    assert done.status_code == 200
    assert "absconded" in await _flags(c, boss, NEW_WORDS)
    # negation still applies to the new phrase
    assert "absconded" not in await _flags(c, boss, "东家不是躲猫猫，就是不给")

    page = await c.get("/admin/vocabulary")
    assert "＋ absconded · 算作信号的说法：躲猫猫" in page.text
    tried = await c.post("/admin/vocabulary/try", data={"text": NEW_WORDS})
    assert "躲猫猫" in tried.text and 'id="vocabulary-tried"' in tried.text

    # a later rule edit on /admin/rules keeps the vocabulary
    table = DEFAULT_TABLE_PATH.read_text(encoding="utf-8")
    saved = await c.post(
        "/admin/rules/save", data={"yaml": table, "comment": "规则改动"}, follow_redirects=True
    )
    later = int(str(saved.url).rstrip("/").rsplit("/", 1)[1])
    await c.post(f"/admin/rules/{later}/publish")
    assert "absconded" in await _flags(c, boss, NEW_WORDS)

    # a public place added to the routing words sends its 物业 to the public-service team
    place = "在市游客服务站干物业保洁，物业公司欠俺八千"
    routed = await c.post("/api/admin/routing/try", json={"text": place}, headers=boss)
    assert routed.json()["task_force"] == "TF7_SME"
    saved = await c.post(
        "/admin/vocabulary/change",
        data={"op": "add", "lexicon": "public_place", "kind": "terms", "phrase": "游客服务站"},
        follow_redirects=True,
    )
    place_version = int(str(saved.url).rstrip("/").rsplit("/", 1)[1])
    await c.post(f"/admin/rules/{place_version}/publish")
    routed = await c.post("/api/admin/routing/try", json={"text": place}, headers=boss)
    assert routed.json()["task_force"] == "TF3_PUBLIC_SVC"
    assert "absconded" in await _flags(c, boss, NEW_WORDS)  # the earlier phrase stays

    async with session_factory() as session:
        row = await versions.get_version(session, number)
        assert row.published_by is not None and "risk" in row.publish_diff["lexicon_groups_changed"]


async def test_supervisor_may_look_and_try_but_not_change(app_client: httpx.AsyncClient) -> None:
    c = app_client
    await sign_in(c, "boss", "pw-boss-123")
    page = await c.get("/admin/vocabulary")
    assert page.status_code == 200 and 'id="vocabulary-form"' not in page.text
    changed = await c.post(
        "/admin/vocabulary/change",
        data={"op": "add", "lexicon": "absconded", "kind": "terms", "phrase": "躲猫猫"},
    )
    assert changed.status_code == 403


def test_phrase_changes_are_checked() -> None:
    data = vocabulary.group_data(versions.build_lexicons({}))
    with pytest.raises(vocabulary.VocabularyError, match="没有“nope”"):
        vocabulary.change_phrase(data, lexicon="nope", kind="terms", phrase="x")
    with pytest.raises(vocabulary.VocabularyError, match="1 到"):
        vocabulary.change_phrase(data, lexicon="absconded", kind="terms", phrase="  ")
    with pytest.raises(vocabulary.VocabularyError, match="中没有"):
        vocabulary.change_phrase(
            data, lexicon="absconded", kind="terms", phrase="不存在的说法", remove=True
        )
    benign = vocabulary.change_phrase(data, lexicon="absconded", kind="benign", phrase="关机(省电)")
    assert r"关机\(省电\)" in benign["lexicons"]["absconded"]["benign"]
    removed = vocabulary.change_phrase(
        data, lexicon="absconded", kind="terms", phrase="拉黑", remove=True
    )
    assert "拉黑" not in removed["lexicons"]["absconded"]["terms"]
    assert "拉黑" in data["lexicons"]["absconded"]["terms"]  # the input is not changed
