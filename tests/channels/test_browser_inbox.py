"""The web chat page in Chromium, against a real `anxin serve`: an inspector's 补正 question
shows up on the open page (the page polls its inbox), and after the page was closed and
opened again; the worker answers it there and the answer lands on the ticket."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from test_browser import (  # noqa: F401  (the fixtures are used by name)
    STORY,
    Phone,
    _browser_present,
    buttons,
    idle,
    phone,
    say,
    tap,
)
from worker_loop import ANSWER, QUESTION, Desk, latest_ticket

from models.codes.ticket_status import Status

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("db_url", ["sqlite"], indirect=True),  # the page, not the database
]
SECOND_QUESTION = "工地负责人叫什么名字？"
SECOND_ANSWER = "姓王，大家叫他王工"


async def test_a_question_reaches_the_open_page_and_a_reopened_one(
    phone: Phone,  # noqa: F811
    world_server: tuple[Any, async_sessionmaker[AsyncSession]],
) -> None:
    page = phone.page
    _, sessions = world_server
    await say(page, STORY)
    await tap(page, "同意")
    await tap(page, "青川市恒跃建筑工程有限公司")
    await tap(page, "不清楚/没有")
    await say(page, "去年十月到今年一月")
    await tap(page, "确认提交")
    assert await page.get_attribute("body", "data-awaiting") == "done"
    session_id = await page.evaluate("JSON.parse(localStorage.getItem('anxin.chat')).sessionId")
    number = await latest_ticket(sessions, "web", session_id)
    desk = Desk(sessions)
    await desk.act(number, "accept")

    # asked while the page is open: it appears without the worker doing anything
    await desk.ask(number)
    inbox = page.locator(".msg.inbox")
    await inbox.filter(has_text=QUESTION).wait_for(timeout=30_000)
    assert number in await inbox.last.inner_text()
    assert "回答这个问题" in await buttons(page)
    await say(page, ANSWER)
    assert "已经转给办案人员" in await page.locator(".msg.bot").last.inner_text()
    assert await desk.answers(number) == [ANSWER]
    assert await desk.status(number) == Status.ACCEPTED.value

    # asked while the page is closed: it is there when the worker opens it again, once
    await page.goto("about:blank")
    await desk.ask(number, SECOND_QUESTION)
    await page.goto("/chat")
    await idle(page)
    await inbox.filter(has_text=SECOND_QUESTION).wait_for(timeout=30_000)
    await tap(page, "回答这个问题")
    assert number in await page.locator(".msg.bot").last.inner_text()
    await say(page, SECOND_ANSWER)
    assert await desk.answers(number) == [ANSWER, SECOND_ANSWER]

    # a reload shows each question once, from the page's own record
    await page.reload()
    await idle(page)
    assert await inbox.filter(has_text=QUESTION).count() == 1
    assert await inbox.filter(has_text=SECOND_QUESTION).count() == 1
    assert not phone.errors, phone.errors
