"""Evidence on the web chat: a photo or PDF sent from the page is judged by its content,
kept with the conversation like a file sent on Telegram, goes with the complaint, and is
shown to the inspectors who may see its ticket (and to no one else)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from channel_world import seed_transcript_world
from evidence_support import PASSWORD, add_staff, pdf, png
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import func, select
from web_app import web_app

from intake.chats import evidence_files
from intake.tickets import sweeper
from models import Complaint, DialogueSession, EvidenceFile, Ticket, TicketEvent
from models.base import utcnow

STORY = (
    "我叫刘满仓，手机13937112345，去年10月到今年1月跟着恒跃建筑在柳河镇锦绣花园二期"
    "工地扎钢筋，俺们五个人一共被欠了三万五"
)
EMPLOYER = "青川市恒跃建筑工程有限公司"


class Worker:
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

    async def upload(
        self, name: str, data: bytes, media_type: str = "application/octet-stream", **headers: str
    ) -> httpx.Response:
        resp = await self.client.post(
            f"/api/chat/sessions/{self.session_id}/evidence",
            files={"file": (name, data, media_type)},
            headers=headers,
        )
        if resp.status_code == 200:
            self.last = resp.json()
        return resp


@pytest.fixture
async def world(session_factory: async_sessionmaker[AsyncSession]) -> None:
    async with session_factory() as session:
        await seed_transcript_world(session)
        await add_staff(session)


async def _login(client: httpx.AsyncClient, username: str) -> None:
    page = await client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    resp = await client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf": token[1], "next": "/inspect"},
        follow_redirects=False,
    )
    assert resp.status_code in (302, 303), resp.text


async def _count(factory: async_sessionmaker[AsyncSession], model: Any) -> int:
    async with factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _state(factory: async_sessionmaker[AsyncSession], session_id: str) -> Any:
    async with factory() as session:
        return await session.scalar(
            select(DialogueSession.state).where(DialogueSession.external_id == session_id)
        )


async def test_a_photo_and_a_pdf_go_with_the_complaint_to_the_inspector(
    world: None, engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    picture, document = png(), pdf()
    async with web_app(engine, db_url) as client:
        worker = Worker(client)
        await worker.start()
        await worker.send({"text": STORY})
        await worker.press("同意")
        # a phone names its photos however it likes; the content says what it is
        resp = await worker.upload("IMG_0001", picture, "application/octet-stream")
        assert resp.status_code == 200, resp.text
        assert "收到材料（照片），这是第1份" in resp.json()["replies"][0]["text"]
        resp = await worker.upload("C:\\工资\\工资单.pdf", document, "application/pdf")
        assert "收到材料（文件），这是第2份" in resp.json()["replies"][0]["text"]
        await worker.press(EMPLOYER)
        receipt = await worker.press("确认提交")
        assert "投诉已经提交成功" in receipt

        async with session_factory() as session:
            complaint = await session.scalar(
                select(Complaint).where(Complaint.external_id == worker.session_id)
            )
            assert complaint is not None
            ticket = await session.scalar(select(Ticket).where(Ticket.complaint_id == complaint.id))
            assert ticket is not None
            files = list(await session.scalars(select(EvidenceFile)))
        entries = [a for a in complaint.attachments if a.get("file_id")]
        assert [(e["kind"], e["file_name"]) for e in entries] == [
            ("photo", "IMG_0001"),
            ("document", "工资单.pdf"),
        ]
        by_token = {f.token: f for f in files}
        tokens = [evidence_files.token_of(e["file_id"]) for e in entries]
        assert [by_token[t].media_type for t in tokens if t] == ["image/png", "application/pdf"]
        assert by_token[tokens[0] or ""].data == picture

        await _login(client, "office")
        page = (await client.get(f"/inspect/tickets/{ticket.id}")).text
        links = re.findall(rf'href="(/inspect/tickets/{ticket.id}/evidence/[^"]+)"', page)
        assert len(set(links)) == 2, page
        assert "<img src=" in page and "照片：IMG_0001" in page and "文件：工资单.pdf" in page
        shown = await client.get(links[0])
        assert shown.status_code == 200 and shown.content == picture
        assert shown.headers["content-type"] == "image/png"
        assert shown.headers["x-content-type-options"] == "nosniff"
        shown_pdf = await client.get(next(u for u in links if u != links[0]))
        assert shown_pdf.headers["content-type"] == "application/pdf"

        # a file of another ticket, or a made-up one, is not served under this ticket
        assert (await client.get(f"/inspect/tickets/{ticket.id}/evidence/nope")).status_code == 404

        # the same through the inspectors' JSON API
        detail = (await client.get(f"/api/tickets/{ticket.id}")).json()
        listed = detail["evidence"]
        assert [(e["kind"], e["file_name"], e["channel"]) for e in listed] == [
            ("photo", "IMG_0001", "web"),
            ("document", "工资单.pdf", "web"),
        ]
        assert (await client.get(listed[1]["url"])).content == document
        missing = await client.get(f"/api/tickets/{ticket.id}/evidence/nope")
        assert missing.status_code == 404 and missing.json()["error"] == "not_found"

    async with web_app(engine, db_url) as other:
        await _login(other, "sme")  # the SME task force's inspector: not their ticket
        assert (await other.get(links[0])).status_code == 404
        assert (await other.get(f"/inspect/tickets/{ticket.id}")).status_code == 404
        assert (await other.get(listed[0]["url"])).status_code == 404


async def test_a_file_sent_after_filing_is_added_to_the_ticket(
    world: None, engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with web_app(engine, db_url) as client:
        worker = Worker(client)
        await worker.start()
        await worker.send({"text": STORY})
        await worker.press("同意")
        await worker.press(EMPLOYER)
        await worker.press("确认提交")
        resp = await worker.upload("欠条.png", png(), "image/png")
        assert resp.status_code == 200
        assert "已经转给投诉" in resp.json()["replies"][0]["text"]
    async with session_factory() as session:
        complaint = await session.scalar(select(Complaint))
        assert complaint is not None
        assert [a["file_name"] for a in complaint.attachments if a.get("file_id")] == ["欠条.png"]
        kinds = list(await session.scalars(select(TicketEvent.kind)))
        assert "evidence_added" in kinds


@pytest.mark.parametrize(
    ("name", "data", "status", "says"),
    [
        ("欠条.jpg", "这不是照片".encode(), 422, "不是照片或 PDF"),  # the name lies
        ("script.pdf", b"<script>alert(1)</script>", 422, "不是照片或 PDF"),
        ("空.jpg", b"", 422, "是空的"),
        ("大.jpg", b"\xff\xd8\xff" + bytes(evidence_files.MAX_BYTES), 413, "太大了"),
    ],
)
async def test_a_bad_file_gets_a_clear_chinese_answer_and_nothing_is_kept(
    world: None,
    engine: AsyncEngine,
    db_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    name: str,
    data: bytes,
    status: int,
    says: str,
) -> None:
    async with web_app(engine, db_url) as client:
        worker = Worker(client)
        await worker.start()
        await worker.send({"text": STORY})
        before = await _state(session_factory, worker.session_id)
        resp = await worker.upload(name, data, "image/jpeg")
        assert resp.status_code == status, resp.text
        body = resp.json()
        assert says in body["message"], body
        assert body["error"] in ("unsupported_file", "empty_file", "too_large")
        assert await _state(session_factory, worker.session_id) == before
    assert await _count(session_factory, EvidenceFile) == 0


async def test_a_body_declared_too_large_is_refused_before_it_is_read(
    world: None, engine: AsyncEngine, db_url: str
) -> None:
    async with web_app(engine, db_url) as client:
        worker = Worker(client)
        await worker.start()
        resp = await client.post(
            f"/api/chat/sessions/{worker.session_id}/evidence",
            content=b"--x--",
            headers={
                "content-type": "multipart/form-data; boundary=x",
                "content-length": str(evidence_files.MAX_BYTES * 3),
            },
        )
        assert resp.status_code == 413 and "太大了" in resp.json()["message"]


async def test_an_upload_without_a_file_or_to_an_unknown_session_is_refused(
    world: None, engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with web_app(engine, db_url) as client:
        worker = Worker(client)
        await worker.start()
        resp = await client.post(
            f"/api/chat/sessions/{worker.session_id}/evidence", data={"note": "no file"}
        )
        assert resp.status_code == 422 and "file" in resp.json()["message"]
        bad_key = await worker.upload("a.png", png(), "image/png", **{"Idempotency-Key": "k" * 65})
        assert bad_key.status_code == 422 and "Idempotency-Key" in bad_key.json()["message"]
        worker.session_id = "no-such-session"
        assert (await worker.upload("a.png", png(), "image/png")).status_code == 404
    assert await _count(session_factory, EvidenceFile) == 0


async def test_a_retried_upload_is_kept_once(
    world: None, engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with web_app(engine, db_url) as client:
        worker = Worker(client)
        await worker.start()
        await worker.send({"text": STORY})
        key = str(uuid.uuid4())
        first = await worker.upload("IMG_1.png", png(), "image/png", **{"Idempotency-Key": key})
        again = await worker.upload("IMG_1.png", png(), "image/png", **{"Idempotency-Key": key})
        assert first.status_code == again.status_code == 200
        assert again.json() == first.json()
    assert await _count(session_factory, EvidenceFile) == 1
    state = await _state(session_factory, worker.session_id)
    assert len(state["draft"]["evidence"]) == 1


def test_file_types_are_read_from_the_content() -> None:
    assert evidence_files.sniff(b"\xff\xd8\xff\xe0rest") == evidence_files.FileType(
        "photo", "image/jpeg", "jpg"
    )
    assert evidence_files.sniff(png()[:64]).media_type == "image/png"  # type: ignore[union-attr]
    assert evidence_files.sniff(b"RIFF\x10\x00\x00\x00WEBPVP8 ").media_type == "image/webp"  # type: ignore[union-attr]
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
    assert evidence_files.sniff(heic).media_type == "image/heic"  # type: ignore[union-attr]
    assert evidence_files.sniff(pdf()).kind == "document"  # type: ignore[union-attr]
    for other in (b"GIF89a...", b"PK\x03\x04 a zip or a docx", b"\x00\x00\x00\x18ftypmp42", b""):
        assert evidence_files.sniff(other) is None


async def test_files_no_complaint_took_are_deleted_after_a_month(
    world: None, engine: AsyncEngine, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with web_app(engine, db_url) as client:
        filed = Worker(client)  # sends a photo and files the complaint
        await filed.start()
        await filed.send({"text": STORY})
        await filed.press("同意")
        await filed.upload("filed.png", png(), "image/png")
        await filed.press(EMPLOYER)
        await filed.press("确认提交")
        declined = Worker(client)  # sends a photo first, then does not consent
        await declined.start()
        await declined.upload("declined.png", png(), "image/png")
        await declined.press("不同意")
        drafting = Worker(client)  # a draft with a photo, to be finished another day
        await drafting.start()
        await drafting.send({"text": STORY})
        await drafting.press("同意")
        await drafting.upload("draft.png", png(), "image/png")
    names = {"filed.png", "declined.png", "draft.png"}
    async with session_factory() as session:
        assert set(await session.scalars(select(EvidenceFile.file_name))) == names
        # a month ago, all of them
        await session.execute(
            update(EvidenceFile).values(
                created_at=utcnow() - evidence_files.KEEP_UNUSED - timedelta(hours=1)
            )
        )
        await session.commit()
    await sweeper.sweep(session_factory, now=utcnow())
    async with session_factory() as session:
        rows = {f.file_name: f.in_complaint for f in await session.scalars(select(EvidenceFile))}
    assert rows == {"filed.png": True, "draft.png": False}
