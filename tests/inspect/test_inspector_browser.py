"""The inspector's day in Debian's Chromium (Playwright, no downloaded browser): sign in,
filter the queue, open a ticket, accept it. Screenshots land in the test's tmp folder (and
in $ANXIN_SCREENSHOT_DIR when set, to look at them)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from inspect_world import PASSWORD, World, seed_world
from sqlmodel import SQLModel

from models.db import create_engine, make_session_factory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    if os.environ.get("ANXIN_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


async def _prepare(db_url: str) -> World:
    engine = create_engine(db_url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(SQLModel.metadata.create_all)
        async with make_session_factory(engine)() as session:
            return await seed_world(session)
    finally:
        await engine.dispose()


def _shot(page: Any, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if target := os.environ.get("ANXIN_SCREENSHOT_DIR"):
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)
    return path


def test_inspector_filters_opens_and_accepts(tmp_path: Path, server_factory: Any) -> None:
    _need_chromium()
    from playwright.sync_api import expect, sync_playwright

    db_url = f"sqlite+aiosqlite:///{tmp_path / 'browser.db'}"
    world = asyncio.run(_prepare(db_url))
    server = server_factory(
        db_url, ANXIN_RUN_SWEEPER="false", ANXIN_SECRET_KEY="browser-test-signing-key"
    )
    server.start()
    mine = world.tickets["tf1_zhongyue"]

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
            page.goto(f"{server.base_url}/inspect")
            expect(page).to_have_url(f"{server.base_url}/login?next=%2Finspect")
            page.fill("input[name=username]", "tf1")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            expect(page.locator("h1")).to_have_text("工单队列")

            page.select_option("select[name=status]", "new")
            page.select_option("select[name=township]", "中岳街道")
            page.click("form.filters button[type=submit]")
            expect(page).to_have_url(
                re.compile(r"/inspect\?status=new&.*township=%E4%B8%AD%E5%B2%B3")
            )
            rows = page.locator("table.list tbody tr")
            expect(rows).to_have_count(2)  # the two TF1 tickets in 中岳街道
            expect(page.locator("table.list")).not_to_contain_text("中小企业")  # TF7's
            expect(page.locator("table.list")).to_contain_text("工程建设领域")
            expect(page.locator("table.list")).to_contain_text("138****5678")  # masked
            _shot(page, tmp_path, "1-queue-filtered")

            page.click(f"text={mine.number}")
            expect(page.locator("h1")).to_contain_text(mine.number)
            expect(page.locator("h1")).to_contain_text("待受理")
            expect(page.locator("body")).to_contain_text("测试理由")  # routing reasons
            _shot(page, tmp_path, "2-ticket-new")

            page.click("form[data-action=accept] button[type=submit]")
            expect(page.locator(".flash")).to_have_text("已受理")
            expect(page.locator("h1")).to_contain_text("已受理")
            expect(page.locator(".timeline")).to_contain_text("受理")
            shot = _shot(page, tmp_path, "3-ticket-accepted")
            assert shot.stat().st_size > 10_000

            page.click("text=数据看板与排名")
            expect(page.locator("h1")).to_contain_text("数据看板")
            expect(page.locator(".charts svg").first).to_be_visible()
            _shot(page, tmp_path, "4-dashboard")
        finally:
            browser.close()
