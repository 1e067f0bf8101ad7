"""The office admin's day in Debian's Chromium at 1366×900 (Playwright): one sign-in for
every staff page, every admin page in Chinese, a saved task force confirmed, a rule with a
mistake shown on its line, a draft simulated and published with open tickets re-routed,
a rollback with a reason, and an idle township in the ranking. A screenshot of each page
lands in the test's tmp folder (and in $ANXIN_SCREENSHOT_DIR when set)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import SQLModel, select
from test_inspector_browser import CHROMIUM, CHROMIUM_ARGS, _need_chromium, _shot

from intake.demo.seed import seed_demo
from intake.staff.accounts import create_user
from intake.tickets import service
from models import AuditLog, Complaint, TaskForce, Ticket
from models.base import utcnow
from models.db import create_engine, make_session_factory
from routing.rules import DEFAULT_TABLE_PATH

pytestmark = pytest.mark.browser

PASSWORD = "admin-pass-123"
DEFAULT_YAML = DEFAULT_TABLE_PATH.read_text(encoding="utf-8")
COAL_THEN = "    then: {task_force: TF5_COAL}"
COAL_TO_TF1 = DEFAULT_YAML.replace(COAL_THEN, "    then: {task_force: TF1_CONSTRUCTION}")
TYPO_LINE = DEFAULT_YAML.splitlines().index("        - sector: [coal]") + 1
WITH_TYPO = DEFAULT_YAML.replace("        - sector: [coal]", "        - sectr: [coal]")
ADMIN_PAGES = (
    ("task-force", "工作专班"),
    ("township", "乡镇（街道）"),
    ("township-alias", "乡镇别名"),
    ("employer", "用人单位名录"),
    ("employer-alias", "已确认的单位别名"),
    ("user", "用户"),
    ("user-task-force", "专班成员"),
    ("user-township", "乡镇成员"),
    ("audit-log", "审计记录"),
)


async def _prepare(db_url: str) -> str:
    """The demo's reference data, an admin, and one open coal ticket; its number."""
    engine = create_engine(db_url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(SQLModel.metadata.create_all)
        async with make_session_factory(engine)() as session:
            await seed_demo(session)
            await create_user(
                session, username="boss", password=PASSWORD, role="admin", display_name="李主任"
            )
            complaint = Complaint(
                idempotency_key="browser-1",
                channel="web",
                external_id="b1",
                complainant_name="张三丰",
                phone="13912345678",
                employer_name_typed="某某煤业",
                township="嵩阳街道",
                description="我是张三丰，在煤矿井下挖煤，老板欠三万，电话13912345678",
                amount_fen=3_000_000,
                headcount=1,
            )
            ticket = await service.open_ticket(
                session,
                complaint=complaint,
                task_force_code="TF5_COAL",
                township="嵩阳街道",
                priority="normal",
                now=utcnow(),
            )
            await session.commit()
            return ticket.number
    finally:
        await engine.dispose()


def _run(coro: Any) -> Any:
    """asyncio.run from inside Playwright's sync API (which keeps a loop of its own)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _stored(db_url: str) -> tuple[str, list[str]]:
    engine = create_engine(db_url)
    try:
        async with make_session_factory(engine)() as session:
            ticket = await session.scalar(select(Ticket))  # the one ticket
            assert ticket is not None
            actions = [a.action for a in await session.scalars(select(AuditLog))]
            return ticket.task_force_code, actions
    finally:
        await engine.dispose()


async def _task_force_id(db_url: str, code: str) -> int:
    engine = create_engine(db_url)
    try:
        async with make_session_factory(engine)() as session:
            found = await session.scalar(select(TaskForce.id).where(TaskForce.code == code))
            assert found is not None
            return found
    finally:
        await engine.dispose()


def test_office_admin_signs_in_once_and_tunes_routing(tmp_path: Path, server_factory: Any) -> None:
    _need_chromium()
    from playwright.sync_api import expect, sync_playwright

    db_url = f"sqlite+aiosqlite:///{tmp_path / 'admin.db'}"
    number = asyncio.run(_prepare(db_url))
    coal_id = asyncio.run(_task_force_id(db_url, "TF5_COAL"))
    server = server_factory(
        db_url, ANXIN_RUN_SWEEPER="false", ANXIN_SECRET_KEY="browser-test-signing-key"
    )
    server.start()
    base = server.base_url

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
            page.goto(f"{base}/admin/")
            expect(page).to_have_url(f"{base}/login?next=%2Fadmin%2F")
            page.fill("input[name=username]", "boss")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            expect(page).to_have_url(f"{base}/admin/")
            expect(page.locator(".page-title")).to_have_text("管理后台首页")
            expect(page.locator("#admin-counts")).to_contain_text("未办结工单")
            nav = page.locator(".staff-nav")
            for link in ("工单队列", "数据看板与排名", "管理后台", "分派规则"):
                expect(nav).to_contain_text(link)
            _shot(page, tmp_path, "admin-01-home")

            for n, (identity, title) in enumerate(ADMIN_PAGES, start=2):
                page.goto(f"{base}/admin/{identity}/list")
                expect(page.locator("body")).to_contain_text(title)
                expect(page.locator("body")).not_to_contain_text("Export")
                _shot(page, tmp_path, f"admin-{n:02d}-{identity}")

            # the inspector pages need no second sign-in
            page.click(".staff-nav >> text=工单队列")
            expect(page.locator("h1")).to_have_text("工单队列")

            page.goto(f"{base}/admin/task-force/edit/{coal_id}")
            expect(page.locator("label", has_text="牵头单位")).to_be_visible()
            page.fill("input[name=lead_bureaus]", "能源局、应急管理局")
            page.click("input[type=submit][value=保存]")
            expect(page.locator(".toast-body, .toast").first).to_contain_text(
                "已保存工作专班：煤炭企业工作专班"
            )
            _shot(page, tmp_path, "admin-11-saved")

            page.goto(f"{base}/admin/rules")
            editor = page.locator(".CodeMirror")
            expect(editor).to_be_visible()
            assert editor.bounding_box()["width"] > 600  # type: ignore[index]
            expect(page.locator(".CodeMirror-linenumber", has_text="12").first).to_be_visible()
            expect(page.locator("#rule-rows")).to_contain_text("煤炭企业工作专班")
            _shot(page, tmp_path, "admin-12-rules")
            page.evaluate("text => window.rulesEditor.setValue(text)", WITH_TYPO)
            page.fill("input[name=comment]", "试一下")
            page.click("#save-draft")
            errors = page.locator("#rule-errors")
            expect(errors).to_contain_text(f"第 {TYPO_LINE} 行")
            expect(errors).to_contain_text("是不是想写“sector”")
            marked = page.evaluate("n => window.rulesEditor.lineInfo(n).bgClass", TYPO_LINE - 1)
            assert marked == "rule-error-line"
            _shot(page, tmp_path, "admin-13-rule-error")

            page.evaluate("text => window.rulesEditor.setValue(text)", COAL_TO_TF1)
            page.fill("input[name=comment]", "煤矿案件改由工程建设专班办理")
            page.click("#save-draft")
            expect(page.locator("#sim-summary")).to_contain_text("1 件会分派到别的专班")
            expect(page.locator("#sim-changes")).to_contain_text("煤炭企业工作专班")
            expect(page.locator("#sim-changes")).to_contain_text("工程建设领域工作专班")
            expect(page.locator("#sim-changes")).not_to_contain_text("13912345678")
            expect(page.locator("#reason-warnings")).to_contain_text("规则 coal")
            expect(page.locator("#planned-moves")).to_contain_text(number)
            _shot(page, tmp_path, "admin-14-simulation")
            page.check("#reroute-open")
            page.click("#publish")
            expect(page.locator(".toast-body, .toast").first).to_contain_text(
                "1 件未办结工单已按新规则重新分派"
            )
            code, actions = _run(_stored(db_url))
            assert code == "TF1_CONSTRUCTION"
            assert {"routing.publish", "ticket.reroute", "admin.update"} <= set(actions)
            _shot(page, tmp_path, "admin-15-published")

            page.goto(f"{base}/admin/rules/1")
            page.fill("textarea[name=reason]", "新规则把煤矿案件分错了")
            page.check("input[name=confirm]")
            page.once("dialog", lambda dialog: dialog.accept())
            page.click("#rollback")
            expect(page.locator(".toast-body, .toast").first).to_contain_text("已回滚")
            expect(page.locator("#version-title")).to_contain_text("生效中")
            _, actions = _run(_stored(db_url))
            assert "routing.rollback" in actions
            _shot(page, tmp_path, "admin-16-rolled-back")

            page.click(".staff-nav >> text=数据看板与排名")
            towns = page.locator("table.ranking[aria-label=属地排名]")
            expect(towns).to_contain_text("本期无案件")
            expect(page.locator("#ranking-formula")).to_contain_text("按期办结率")
            idle = towns.locator("tr.idle").first
            expect(idle.locator("td").first).to_have_text("—")
            first = towns.locator("tbody tr").first  # the one township with a case
            expect(first.locator("td").nth(1)).to_have_text("嵩阳街道")
            expect(first).not_to_contain_text("本期无案件")
            expect(first.locator("td").nth(3)).to_have_text("1")  # received
            _shot(page, tmp_path, "admin-17-ranking")
        finally:
            browser.close()
