"""The web chat page in Debian's Chromium on a phone-sized screen, against a real `anxin serve`.

Chromium comes from the system (scripts/install-browser.sh), driven by the `playwright`
package through `executable_path` — never `playwright install`. Without it these tests skip,
or fail when ANXIN_REQUIRE_BROWSER=1 (CI). The page is checked the way a worker meets it:
typing and tapping, the newest question in sight above the buttons, nothing wider than the
phone, a reload in the middle, a reply lost to the network. Screenshots go to tmp_path.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from channel_replay import check_filed, observe
from evidence_support import PASSWORD as STAFF_PASSWORD
from evidence_support import add_staff, png
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import func, select

from models import AnsweredMessage, Ticket

if TYPE_CHECKING:
    from playwright.async_api import Page, ViewportSize

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("db_url", ["sqlite"], indirect=True),  # the page, not the database
]

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
PHONE: ViewportSize = {"width": 390, "height": 844}
STORY = "我叫刘满仓，手机13937112345，跟着恒跃建筑在柳河镇扎钢筋，俺们五个人一共被欠了三万五"


def require_browser() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"Chromium is not installed at {CHROMIUM}: run scripts/install-browser.sh"
    else:
        try:
            import playwright.async_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is missing: pip install -e '.[dev]'"
    if problem is None:
        return
    if os.environ.get("ANXIN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"ANXIN_REQUIRE_BROWSER=1 but {problem}", pytrace=False)
    pytest.skip(problem)


@pytest.fixture(autouse=True)
def _browser_present() -> None:
    """Before any server is started: skip (or fail, in CI) at once without a browser."""
    require_browser()


@dataclass
class Phone:
    page: Page
    errors: list[str] = field(default_factory=list)  # page errors and console errors


@pytest.fixture
async def phone(
    world_server: tuple[Any, async_sessionmaker[AsyncSession]],
) -> AsyncIterator[Phone]:
    """A page at /chat on a phone-sized screen, the server running."""
    from playwright.async_api import async_playwright

    server, _ = world_server
    server.start()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = await browser.new_context(
            viewport=PHONE,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
            base_url=server.base_url,
        )
        page = await context.new_page()
        page.set_default_timeout(30_000)
        phone = Phone(page)
        page.on("pageerror", lambda exc: phone.errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: phone.errors.append(msg.text) if msg.type == "error" else None,
        )
        try:
            await page.goto("/chat")
            await idle(page)
            yield phone
        finally:
            await browser.close()


async def idle(page: Any) -> None:
    """Wait until the page has its answer (it marks <body class="busy"> while sending)."""
    await page.wait_for_selector(".msg.bot:not(.pending)")
    await page.wait_for_selector("body:not(.busy)")


async def say(page: Any, text: str) -> None:
    await page.fill("#text", text)
    await page.press("#text", "Enter")
    await idle(page)


async def tap(page: Any, label: str) -> None:
    await page.locator("#buttons button", has_text=label).first.tap()
    await idle(page)


async def last_bot_text(page: Any) -> str:
    text: str = await page.locator(".msg.bot").last.inner_text()
    return text


async def buttons(page: Any) -> list[str]:
    labels: list[str] = await page.locator("#buttons button").all_inner_texts()
    return labels


async def check_phone_layout(page: Any, where: str) -> None:
    """What a worker on a phone must see: the newest reply ending above the buttons, the text
    box and send button on screen, nothing wider than the screen, buttons big enough to tap."""
    box = await page.evaluate(
        """() => {
            const r = (el) => el.getBoundingClientRect();
            const bots = document.querySelectorAll('.msg.bot');
            const last = bots[bots.length - 1];
            const log = document.getElementById('log');
            const taps = [...document.querySelectorAll('#buttons button')].map(b => r(b).height);
            return {
                scrollWidth: document.documentElement.scrollWidth,
                lastBottom: r(last).bottom, logBottom: r(log).bottom,
                sendBottom: r(document.getElementById('send')).bottom,
                textBottom: r(document.getElementById('text')).bottom,
                height: window.innerHeight, smallestTap: Math.min(...taps, 99),
            };
        }"""
    )
    assert box["scrollWidth"] <= PHONE["width"], f"{where}: wider than the phone: {box}"
    assert box["lastBottom"] <= box["logBottom"] + 1, f"{where}: newest reply hidden: {box}"
    assert box["sendBottom"] <= box["height"] and box["textBottom"] <= box["height"], box
    assert box["smallestTap"] >= 40, f"{where}: a button too small to tap: {box}"


async def test_file_a_complaint_on_a_phone(
    phone: Phone, world_server: tuple[Any, async_sessionmaker[AsyncSession]], tmp_path: Path
) -> None:
    page = phone.page
    _, sessions = world_server
    assert "严格保密" in await last_bot_text(page)
    assert await buttons(page) == ["同意", "不同意"]
    await page.screenshot(path=str(tmp_path / "1-greeting.png"))

    await say(page, STORY)
    await tap(page, "同意")
    assert "恒跃建筑" in await last_bot_text(page)
    assert "青川市恒跃建筑工程有限公司" in await buttons(page)
    await check_phone_layout(page, "employer buttons")
    await tap(page, "青川市恒跃建筑工程有限公司")
    await tap(page, "不清楚/没有")  # no project
    await say(page, "去年十月到今年一月")
    assert await page.get_attribute("body", "data-awaiting") == "confirm"
    summary = await last_bot_text(page)
    for fact in ("刘满仓", "13937112345", "35000元", "柳河镇", "钢筋工", "5人"):
        assert fact in summary, summary
    assert "确认提交" in await buttons(page)
    await check_phone_layout(page, "summary with its edit buttons")
    await page.screenshot(path=str(tmp_path / "2-summary.png"))

    # an impatient double tap sends one message, not two
    posts: list[str] = []
    page.on("request", lambda req: posts.append(req.url) if req.method == "POST" else None)
    confirm = page.locator("#buttons button", has_text="确认提交")
    await confirm.dispatch_event("click")
    await confirm.dispatch_event("click")
    await idle(page)
    assert len(posts) == 1, posts

    receipt = "\n".join(await page.locator(".msg.bot").all_inner_texts())
    assert "投诉已经提交成功" in receipt and "工程建设领域工作专班" in receipt
    assert await page.get_attribute("body", "data-awaiting") == "done"
    await check_phone_layout(page, "receipt")
    await page.screenshot(path=str(tmp_path / "3-receipt.png"))

    session_id = await page.evaluate("JSON.parse(localStorage.getItem('anxin.chat')).sessionId")
    stored = await observe(sessions, channel="web", external_id=session_id)
    assert len(stored.complaints) == 1
    check_filed(stored, set(), "browser")
    assert stored.complaints[0].ticket and stored.complaints[0].ticket in receipt
    assert not phone.errors, phone.errors


async def test_reload_and_a_lost_reply_continue_the_conversation(
    phone: Phone, world_server: tuple[Any, async_sessionmaker[AsyncSession]], tmp_path: Path
) -> None:
    page = phone.page
    _, sessions = world_server
    await tap(page, "同意")
    await say(page, "我叫赵秀兰")
    shown = await page.locator(".msg").count()

    await page.reload()
    await idle(page)
    assert await page.locator(".msg").count() == shown, "the conversation is back after reload"
    assert "手机号" in await last_bot_text(page)

    # the answer to the phone number is lost on the way back (the server did get it)
    async def lose_reply(route: Any) -> None:
        await route.fetch()
        await route.abort("connectionreset")

    await page.route("**/messages", lose_reply)
    await say(page, "13838001234")
    assert "没有发出去" in await page.locator(".msg.error").last.inner_text()
    assert await page.input_value("#text") == "13838001234", "the typed text is given back"
    await page.unroute("**/messages")
    await page.fill("#text", "")

    # after a reload the page asks the server where the conversation is and shows that question
    await page.reload()
    await idle(page)
    assert await page.get_attribute("body", "data-awaiting") == "employer"
    assert "哪家公司" in await last_bot_text(page)
    await page.screenshot(path=str(tmp_path / "4-after-reload.png"))

    # Enter that picks a character in a Chinese input method does not send
    await page.fill("#text", "锦程wuye")
    await page.dispatch_event(
        "#text", "keydown", {"key": "Enter", "keyCode": 229, "isComposing": True}
    )
    assert await page.input_value("#text") == "锦程wuye"
    await say(page, "锦程物业")
    await tap(page, "青川市锦程物业服务有限公司")
    await tap(page, "不清楚/没有")
    await tap(page, "东关街道")
    await tap(page, "保洁")
    await say(page, "从去年八月干到年底")
    await say(page, "一万二千")
    await tap(page, "就我一个")
    await say(page, "物业公司说业主没交物业费，所以一直拖着我们的工资")
    summary = await last_bot_text(page)
    assert "赵秀兰" in summary and "13838001234" in summary, summary
    await tap(page, "确认提交")
    assert "投诉已经提交成功" in "\n".join(await page.locator(".msg.bot").all_inner_texts())

    session_id = await page.evaluate("JSON.parse(localStorage.getItem('anxin.chat')).sessionId")
    stored = await observe(sessions, channel="web", external_id=session_id)
    assert len(stored.complaints) == 1
    assert stored.state is not None and stored.state["draft"]["phone"] == "13838001234"
    assert not [e for e in phone.errors if "ERR_CONNECTION_RESET" not in e], phone.errors


async def test_a_photo_goes_with_the_complaint_and_the_inspector_sees_it(
    phone: Phone, world_server: tuple[Any, async_sessionmaker[AsyncSession]], tmp_path: Path
) -> None:
    page = phone.page
    server, sessions = world_server
    async with sessions() as session:
        await add_staff(session)
    await say(page, STORY)
    await tap(page, "同意")
    await tap(page, "青川市恒跃建筑工程有限公司")
    await tap(page, "不清楚/没有")
    await say(page, "去年十月到今年一月")
    assert "欠条、工资单" in await last_bot_text(page)  # the summary asks for evidence

    # the camera and file buttons are on screen beside the text box, big enough to tap
    for button in ("#camera", "#attach"):
        box = await page.locator(button).bounding_box()
        assert box is not None and box["height"] >= 40 and box["width"] >= 40, box
        assert box["x"] + box["width"] <= PHONE["width"], box
        assert box["y"] + box["height"] <= PHONE["height"], box
    assert await page.get_attribute("#camera-input", "capture") == "environment"

    # a file that is not a picture, whatever its name says, is refused in words
    async with page.expect_file_chooser() as chooser:
        await page.locator("#attach").tap()
    await (await chooser.value).set_files(
        {"name": "欠条.jpg", "mimeType": "image/jpeg", "buffer": "不是照片".encode()}
    )
    await page.wait_for_selector(".msg.error")
    await idle(page)
    assert "不是照片或 PDF" in await page.locator(".msg.error").last.inner_text()

    # the photo of the IOU, taken with the phone's camera
    bot_count = await page.locator(".msg.bot").count()
    async with page.expect_file_chooser() as chooser:
        await page.locator("#camera").tap()
    await (await chooser.value).set_files(
        {"name": "IMG_2041.png", "mimeType": "image/png", "buffer": png()}
    )
    await page.wait_for_function(
        f"() => document.querySelectorAll('.msg.bot:not(.pending)').length > {bot_count}"
    )
    await idle(page)
    replies = "\n".join((await page.locator(".msg.bot").all_inner_texts())[bot_count:])
    assert "收到材料（照片），这是第1份" in replies, replies
    assert "IMG_2041.png" in await page.locator(".msg.me").last.inner_text()
    assert "确认提交" in await buttons(page)
    await check_phone_layout(page, "after the photo")
    await page.screenshot(path=str(tmp_path / "5-photo-sent.png"))

    await tap(page, "确认提交")
    receipt = "\n".join(await page.locator(".msg.bot").all_inner_texts())
    assert "投诉已经提交成功" in receipt

    session_id = await page.evaluate("JSON.parse(localStorage.getItem('anxin.chat')).sessionId")
    stored = await observe(sessions, channel="web", external_id=session_id)
    assert len(stored.complaints) == 1 and stored.complaints[0].ticket
    number = stored.complaints[0].ticket

    # the office opens the ticket: the photo is on the page
    browser = page.context.browser
    assert browser is not None
    staff = await browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        await staff.goto(f"{server.base_url}/inspect")
        await staff.fill("input[name=username]", "office")
        await staff.fill("input[name=password]", STAFF_PASSWORD)
        await staff.click("button[type=submit]")
        await staff.wait_for_url("**/inspect")
        async with sessions() as session:
            ticket_id = await session.scalar(select(Ticket.id).where(Ticket.number == number))
        await staff.goto(f"{server.base_url}/inspect/tickets/{ticket_id}")
        picture = staff.locator("#evidence img")
        await picture.wait_for()
        await staff.wait_for_function("() => document.querySelector('#evidence img').complete")
        assert await picture.evaluate("img => img.naturalWidth") == 48
        assert "IMG_2041.png" in await staff.locator("#evidence").inner_text()
        await staff.screenshot(path=str(tmp_path / "6-inspector-sees-the-photo.png"))
    finally:
        await staff.close()
    # the refused file is the only request that failed
    assert all("422" in e for e in phone.errors), phone.errors


async def test_a_reply_lost_once_is_fetched_again_under_the_same_key(
    phone: Phone, world_server: tuple[Any, async_sessionmaker[AsyncSession]]
) -> None:
    page = phone.page
    _, sessions = world_server
    await tap(page, "同意")
    await say(page, "我叫赵秀兰")
    keys: list[str] = []

    # the server takes the phone number, and its answer is lost on the way back, once
    async def lose_the_first_reply(route: Any) -> None:
        keys.append(route.request.headers.get("idempotency-key", ""))
        response = await route.fetch()
        if len(keys) == 1:
            await route.abort("connectionreset")
        else:
            await route.fulfill(response=response)

    await page.route("**/messages", lose_the_first_reply)
    await say(page, "13838001234")
    await page.unroute("**/messages")
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1], keys
    assert await page.locator(".msg.error").count() == 0
    assert "哪家公司" in await last_bot_text(page)
    assert await page.get_attribute("body", "data-awaiting") == "employer"

    session_id = await page.evaluate("JSON.parse(localStorage.getItem('anxin.chat')).sessionId")
    stored = await observe(sessions, channel="web", external_id=session_id)
    assert stored.state is not None and stored.state["draft"]["phone"] == "13838001234"
    async with sessions() as session:
        answered = await session.scalar(
            select(func.count())
            .select_from(AnsweredMessage)
            .where(
                AnsweredMessage.session_id == session_id, AnsweredMessage.idempotency_key == keys[0]
            )
        )
    assert answered == 1
    # every message carried a key of its own
    assert not [e for e in phone.errors if "ERR_CONNECTION_RESET" not in e], phone.errors
