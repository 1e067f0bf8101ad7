"""What a worker is told about dates is in local time (ANXIN_TIMEZONE, default Shanghai): a
complaint filed at 2026-12-06 17:00 UTC was filed on 12月7日, in its receipt, in /status and
in the offer to add to it made to the same worker later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from channel_world import seed_transcript_world
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from web_app import web_app

STORY = (
    "我叫刘满仓，手机13937112345，去年10月到今年1月跟着恒跃建筑在柳河镇锦绣花园二期"
    "工地扎钢筋，俺们五个人一共被欠了三万五"
)
EMPLOYER = "青川市恒跃建筑工程有限公司"
LATE_UTC = datetime(2026, 12, 6, 17, 0, tzinfo=UTC)  # 7 December, 01:00 in Shanghai


class Chat:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.session_id = ""
        self.last: dict[str, Any] = {}

    async def start(self) -> None:
        self.session_id = (await self.client.post("/api/chat/sessions")).json()["session_id"]

    async def send(self, body: dict[str, str]) -> str:
        resp = await self.client.post(f"/api/chat/sessions/{self.session_id}/messages", json=body)
        assert resp.status_code == 200, resp.text
        self.last = resp.json()
        return "\n".join(r["text"] for r in self.last["replies"])

    async def press(self, label: str) -> str:
        buttons = {b["label"]: b["value"] for r in self.last["replies"] for b in r["buttons"]}
        assert label in buttons, f"no button {label!r} in {list(buttons)}"
        return await self.send({"choice": buttons[label]})


async def test_receipt_status_and_duplicate_offer_use_the_local_day(
    engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session:
        await seed_transcript_world(session)
    moments = iter(LATE_UTC + timedelta(seconds=n) for n in range(1000))
    async with web_app(engine, db_url, clock=lambda: next(moments)) as client:
        first = Chat(client)
        await first.start()
        await first.send({"text": STORY})
        await first.press("同意")
        await first.press(EMPLOYER)
        receipt = await first.press("确认提交")
        assert "投诉已经提交成功" in receipt and "AX20261207-" in receipt, receipt

        status = await first.send({"text": "/status"})
        assert "更新于2026年12月7日" in status and "12月6日" not in status, status

        again = Chat(client)
        await again.start()
        await again.send({"text": STORY})
        await again.press("同意")
        offer = await again.press(EMPLOYER)
        assert "已经有一件投诉还在办理中" in offer, offer
        assert "2026年12月7日提交" in offer and "12月6日" not in offer, offer
