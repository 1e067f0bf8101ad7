"""A web chat conversation survives `kill -9` of the server: nothing lost, filed once.

A real `anxin serve` over a database migrated with `anxin db upgrade` and holding the
transcripts' world; the worker talks over HTTP, the server is killed half-way and again while
the confirmation is in flight, and the same session id goes on after each restart.
"""

from __future__ import annotations

import threading
from typing import Any

import httpx
from channel_replay import check_filed, observe
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

STORY = (
    "领导好，我叫刘满仓，手机13937112345，去年10月到今年1月跟着恒跃建筑在柳河镇锦绣花园二期"
    "工地扎钢筋，俺们五个人一共被欠了三万五，老板一直拖着不给，现在电话也不接"
)


class Worker:
    """The web chat's JSON API as the page uses it."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session_id = ""
        self.last: dict[str, Any] = {}

    def start(self) -> None:
        resp = httpx.post(f"{self.base_url}/api/chat/sessions", timeout=30)
        assert resp.status_code == 201, resp.text
        self.session_id = resp.json()["session_id"]

    def send(self, body: dict[str, str]) -> dict[str, Any]:
        resp = httpx.post(
            f"{self.base_url}/api/chat/sessions/{self.session_id}/messages", json=body, timeout=30
        )
        assert resp.status_code == 200, resp.text
        self.last = resp.json()
        return self.last

    def press(self, label: str) -> dict[str, Any]:
        buttons = {b["label"]: b["value"] for r in self.last["replies"] for b in r["buttons"]}
        assert label in buttons, f"no button {label!r} in {list(buttons)}"
        return self.send({"choice": buttons[label]})

    def where(self) -> dict[str, Any]:
        resp = httpx.get(f"{self.base_url}/api/chat/sessions/{self.session_id}", timeout=30)
        assert resp.status_code == 200, resp.text
        data: dict[str, Any] = resp.json()
        return data


async def test_kill_9_half_way_loses_nothing_and_files_once(
    world_server: tuple[Any, async_sessionmaker[AsyncSession]],
) -> None:
    server, sessions = world_server
    server.start()
    worker = Worker(server.base_url)
    worker.start()
    worker.send({"text": STORY})
    worker.press("同意")
    assert worker.press("青川市恒跃建筑工程有限公司")["awaiting"] == "confirm"

    server.stop(kill=True)  # SIGKILL: no shutdown hooks, nothing flushed on the way out
    server.start()

    assert worker.where() == {"awaiting": "confirm", "tickets": []}
    summary = worker.send({"text": "电话改成13599998888"})
    text = "\n".join(r["text"] for r in summary["replies"])
    for fact in ("刘满仓", "13599998888", "35000元", "柳河镇", "钢筋工", "5人", "锦绣花园二期"):
        assert fact in text, f"{fact} lost across the restart:\n{text}"
    assert summary["awaiting"] == "confirm"

    # killed again while the confirmation is in flight: it either committed or it did not
    outcome: dict[str, Any] = {}

    def confirm() -> None:
        try:
            outcome["reply"] = worker.press("确认提交")
        except (httpx.HTTPError, AssertionError) as exc:
            outcome["error"] = exc

    sender = threading.Thread(target=confirm)
    sender.start()
    sender.join(timeout=0.05)
    server.stop(kill=True)
    sender.join(timeout=30)
    server.start()

    done = worker.send({"text": "确认提交"})  # the worker, unsure, confirms again
    assert done["awaiting"] == "done", done
    assert done["ticket_number"] and done["complaint_id"]
    if "reply" in outcome:  # the first confirmation got through before the kill
        assert outcome["reply"]["ticket_number"] == done["ticket_number"]
    again = worker.send({"text": "确认提交"})
    assert again["ticket_number"] == done["ticket_number"]
    assert worker.where() == {"awaiting": "done", "tickets": [done["ticket_number"]]}

    stored = await observe(sessions, channel="web", external_id=worker.session_id)
    assert [c.ticket for c in stored.complaints] == [done["ticket_number"]], "filed once"
    check_filed(stored, set(), "after kill -9")
    assert stored.state is not None and stored.state["draft"]["phone"] == "13599998888"
