"""The real `anxin bot` process, long polling the fake Bot API server over HTTP.

Deployed the way the README says (`anxin db upgrade`, `anxin demo seed`, `anxin bot` with
ANXIN_TELEGRAM_API_URL pointing at the server), a worker files a whole complaint by chat;
then Telegram misbehaves (429, 500, a request that never answers, 403) and every reply
still arrives exactly once per outbox row, or the ticket says the worker is unreachable.
The process is stopped with SIGTERM, as a service manager would.
"""

from __future__ import annotations

import asyncio
import csv
import os
import shutil
import signal
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from fake_bot_api import FakeBotAPI
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from intake.demo.seed import SAMPLE_REGISTRY
from models import DialogueSession, OutboxMessage, ProcessedUpdate, Ticket, TicketEvent
from models.db import create_engine, make_session_factory

ANXIN = str(Path(sys.executable).with_name("anxin"))
TOKEN = "123456:TEST"
CHAT = 8080001
Factory = async_sessionmaker[AsyncSession]


@dataclass(frozen=True)
class Employer:
    name: str
    township: str


def a_construction_employer() -> Employer:
    """A private construction company of the bundled demo registry (the seeded one)."""
    with SAMPLE_REGISTRY.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["sector"] == "construction" and row["ownership"] == "private":
                return Employer(row["name"], row["township"])
    raise AssertionError("the demo registry has no private construction company")


async def anxin(env: dict[str, str], cwd: Path, *args: str) -> str:
    proc = await asyncio.create_subprocess_exec(
        ANXIN,
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 120)
    text = out.decode("utf-8", "replace")
    assert proc.returncode == 0, f"anxin {' '.join(args)} failed:\n{text}"
    return text


@dataclass
class Deployment:
    api: FakeBotAPI
    factory: Factory
    env: dict[str, str]
    cwd: Path


class SeededTemplates:
    """`anxin db upgrade` + `anxin demo seed` run once per database kind; each test gets a
    copy (a file copy for SQLite, CREATE DATABASE ... TEMPLATE for PostgreSQL)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.sqlite_file: Path | None = None
        self.pg_template: str | None = None

    async def seed(self, url: str) -> None:
        env = {**os.environ, "ANXIN_DATABASE_URL": url}
        await anxin(env, self.directory, "db", "upgrade")
        await anxin(env, self.directory, "demo", "seed")

    async def copy_to(self, db_url: str) -> None:
        if db_url.startswith("sqlite"):
            target = Path(make_url(db_url).database or "")
            if self.sqlite_file is None:
                self.sqlite_file = self.directory / "seeded.db"
                await self.seed(f"sqlite+aiosqlite:///{self.sqlite_file}")
            shutil.copyfile(self.sqlite_file, target)
            return
        name = make_url(db_url).database
        if self.pg_template is None:
            self.pg_template = f"anxin_tpl_{uuid.uuid4().hex[:12]}"
            await self._pg(db_url, f'CREATE DATABASE "{self.pg_template}"')
            await self.seed(
                make_url(db_url)
                .set(database=self.pg_template)
                .render_as_string(hide_password=False)
            )
        await self._pg(db_url, f'DROP DATABASE "{name}" WITH (FORCE)')
        await self._pg(db_url, f'CREATE DATABASE "{name}" TEMPLATE "{self.pg_template}"')

    def drop(self) -> None:
        base = os.environ.get("ANXIN_TEST_POSTGRES_URL")
        if self.pg_template and base:
            asyncio.run(
                self._pg(base, f'DROP DATABASE IF EXISTS "{self.pg_template}" WITH (FORCE)')
            )

    @staticmethod
    async def _pg(any_url: str, statement: str) -> None:
        """Run a statement on the server's maintenance database (ANXIN_TEST_POSTGRES_URL)."""
        base = make_url(os.environ.get("ANXIN_TEST_POSTGRES_URL") or any_url)
        conn = await asyncpg.connect(
            base.set(drivername="postgresql").render_as_string(hide_password=False)
        )
        try:
            await conn.execute(statement)
        finally:
            await conn.close()


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededTemplates]:
    seeded = SeededTemplates(tmp_path_factory.mktemp("seeded"))
    yield seeded
    seeded.drop()


@pytest.fixture
async def deployment(
    db_url: str, tmp_path: Path, templates: SeededTemplates
) -> AsyncIterator[Deployment]:
    """A migrated, demo-seeded database and the fake Bot API, as `anxin bot` expects them."""
    await templates.copy_to(db_url)
    async with FakeBotAPI(token=TOKEN) as api:
        env = {
            **os.environ,
            "ANXIN_DATABASE_URL": db_url,
            "ANXIN_TELEGRAM_TOKEN": TOKEN,
            "ANXIN_TELEGRAM_API_URL": api.base_url,
            # a hanging request gives up after 5 s instead of 30: the same path, sooner
            "ANXIN_TELEGRAM_TIMEOUT_S": "5",
        }
        engine = create_engine(db_url)
        try:
            yield Deployment(api, make_session_factory(engine), env, tmp_path)
        finally:
            await engine.dispose()


@dataclass
class BotProcess:
    proc: asyncio.subprocess.Process
    log: Path

    def output(self) -> str:
        return self.log.read_text("utf-8", "replace")

    async def stop(self) -> int:
        """SIGTERM, as systemd or docker would; the exit code."""
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.proc.wait(), 15)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
            raise AssertionError(f"anxin bot ignored SIGTERM:\n{self.output()}") from None


@pytest.fixture
async def bot_process(deployment: Deployment) -> AsyncIterator[BotProcess]:
    log = deployment.cwd / "bot.log"
    with log.open("wb") as out:
        proc = await asyncio.create_subprocess_exec(
            ANXIN, "bot", env=deployment.env, cwd=deployment.cwd, stdout=out, stderr=out
        )
    running = BotProcess(proc, log)
    try:
        api = deployment.api
        await api.wait_for(lambda: bool(api.calls_to("getUpdates")), within=90)
        yield running
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


class PollingWorker:
    """A worker chatting with the bot through the fake server: updates are queued there,
    the bot fetches them with getUpdates, replies come back as sendMessage calls."""

    def __init__(self, deployment: Deployment, chat_id: int = CHAT) -> None:
        self.api = deployment.api
        self.factory = deployment.factory
        self.chat_id = chat_id
        self.presses = 0
        self.block_before: str | None = None  # block the bot just before tapping this

    async def say(self, text: str, within: float = 15) -> list[str]:
        return await self._settle(self.api.push_message(self.chat_id, text), within)

    async def press(self, label: str, within: float = 15) -> list[str]:
        for message in reversed(self.api.messages_to(self.chat_id)):
            rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
            for button in (b for row in rows for b in row):
                if button["text"] == label:
                    if label == self.block_before:
                        self.api.block(self.chat_id)
                    self.presses += 1
                    update = self.api.push_callback(
                        self.chat_id, button["callback_data"], message_id=message["message_id"]
                    )
                    return await self._settle(update, within)
        raise AssertionError(f"no button {label!r}; the bot said {self.api.texts_to(self.chat_id)}")

    def labels(self) -> list[str]:
        mine = self.api.messages_to(self.chat_id)
        rows = (mine[-1].get("reply_markup") or {}).get("inline_keyboard", []) if mine else []
        return [b["text"] for row in rows for b in row]

    async def awaiting(self) -> str | None:
        async with self.factory() as session:
            row = await session.scalar(
                select(DialogueSession).where(
                    DialogueSession.channel == "telegram",
                    DialogueSession.external_id == str(self.chat_id),
                )
            )
            return row.awaiting if row else None

    async def rows(self) -> list[OutboxMessage]:
        async with self.factory() as session:
            query = (
                select(OutboxMessage)
                .where(OutboxMessage.chat_id == str(self.chat_id))
                .order_by(col(OutboxMessage.id))
            )
            return list(await session.scalars(query))

    async def _settle(self, update: dict[str, Any], within: float) -> list[str]:
        """Wait until the update is handled and its replies have left the outbox."""
        before = len(self.api.messages_to(self.chat_id))
        deadline = asyncio.get_running_loop().time() + within
        while True:
            async with self.factory() as session:
                handled = await session.scalar(
                    select(ProcessedUpdate).where(ProcessedUpdate.update_id == update["update_id"])
                )
            rows = await self.rows()
            parts = sum(len(r.payload.get("message_ids", [])) for r in rows)
            if (
                handled is not None
                and all(r.status != "pending" for r in rows)
                and parts == len(self.api.messages_to(self.chat_id))
            ):
                return self.api.texts_to(self.chat_id)[before:]
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(
                    f"update {update['update_id']} not answered in {within} s; rows: "
                    + str([(r.id, r.status, r.last_error) for r in rows])
                )
            await asyncio.sleep(0.05)


async def file_complaint(
    worker: PollingWorker, employer: Employer, phone: str = "13937112345"
) -> str:
    """Answer whatever the bot asks until the receipt; returns the receipt text."""
    said = await worker.say(
        f"我叫刘满仓，手机{phone}，去年10月到今年1月在{employer.township}给"
        f"{employer.name}扎钢筋，俺们五个人一共被欠了三万五，老板一直拖着不给"
    )
    answers = {
        "name": "刘满仓",
        "phone": phone,
        "township": employer.township,
        "work_type": "钢筋工",
        "period": "去年10月到今年1月",
        "amount": "35000",
        "headcount": "5",
        "description": "老板一直拖着不给，电话也不接",
    }
    presses = {
        "consent": "同意",
        "employer": employer.name,
        "project": "不清楚/没有",
        "confirm": "确认提交",
    }
    for _ in range(15):
        slot = await worker.awaiting()
        if slot == "done":
            return "\n".join(said)
        assert slot is not None, said
        if slot in presses and presses[slot] in worker.labels():
            said = await worker.press(presses[slot])
        elif slot in answers:
            said = await worker.say(answers[slot])
        else:
            raise AssertionError(f"no answer for {slot!r}; the bot said {said}")
    raise AssertionError(f"no receipt after 15 turns; the bot said {said}")


def check_each_row_sent_once(
    api: FakeBotAPI, worker: PollingWorker, rows: list[OutboxMessage]
) -> None:
    """Telegram holds exactly the outbox's messages, in order: nothing lost, nothing twice."""
    assert rows and all(r.status == "sent" for r in rows), [(r.id, r.status) for r in rows]
    assert all(len(r.payload["message_ids"]) == 1 for r in rows)  # short replies: one part
    assert api.texts_to(worker.chat_id) == [r.text for r in rows]


async def test_bot_files_a_complaint_and_stops_on_sigterm(
    deployment: Deployment, bot_process: BotProcess
) -> None:
    api = deployment.api
    assert [c["command"] for c in api.commands] == ["start", "status", "reply", "help"]
    worker = PollingWorker(deployment)
    receipt = await file_complaint(worker, a_construction_employer())
    assert "投诉已经提交成功" in receipt
    async with deployment.factory() as session:
        ticket = await session.scalar(select(Ticket))
    assert ticket is not None and ticket.number in receipt
    check_each_row_sent_once(api, worker, await worker.rows())
    assert len(api.answered_callbacks) == worker.presses  # every tap's spinner stopped
    assert await bot_process.stop() == 0, bot_process.output()
    assert "Traceback" not in bot_process.output(), bot_process.output()
    # the polling offset was confirmed: a restarted bot would not get the updates again
    assert api.pending_updates == 0


async def test_telegram_failures_lose_no_reply_and_403_flags_the_ticket(
    deployment: Deployment, bot_process: BotProcess
) -> None:
    """429, 500 and 502 on sendMessage: every reply still arrives, once per outbox row.
    Then another worker blocks the bot before the receipt: 403 flags the ticket so the
    inspectors know to phone; when a later reply gets through, the flag is cleared."""
    api = deployment.api
    api.rate_limit("sendMessage", retry_after=1)
    api.server_error("sendMessage", status=500)
    api.server_error("sendMessage", status=502)
    worker = PollingWorker(deployment)
    receipt = await file_complaint(worker, a_construction_employer())
    assert "投诉已经提交成功" in receipt
    statuses = [c.status for c in api.calls_to("sendMessage")]
    assert statuses[:3] == [429, 500, 502], statuses
    check_each_row_sent_once(api, worker, await worker.rows())

    blocker = PollingWorker(deployment, chat_id=CHAT + 1)
    blocker.block_before = "确认提交"
    await file_complaint(blocker, a_construction_employer(), phone="13700002222")
    rows = await blocker.rows()
    states = [r.status for r in rows]
    sent = states.count("sent")
    assert sent and states == ["sent"] * sent + ["blocked"] * (len(rows) - sent), states
    receipt_rows = rows[sent:]  # the receipt turn's replies, refused
    assert all("Forbidden" in r.last_error for r in receipt_rows)
    async with deployment.factory() as session:
        ticket = await session.scalar(select(Ticket).order_by(col(Ticket.id).desc()))
        assert ticket is not None and ticket.delivery_failed
        assert {r.ticket_id for r in receipt_rows} == {ticket.id}
        events = list(
            await session.scalars(
                select(TicketEvent.kind).where(TicketEvent.ticket_id == ticket.id)
            )
        )
    assert "worker_unreachable" in events

    api.unblock(blocker.chat_id)
    status = await blocker.say("/status")
    assert any(ticket.number in text for text in status), status
    async with deployment.factory() as session:
        again = await session.get(Ticket, ticket.id)
        assert again is not None and not again.delivery_failed
    assert await bot_process.stop() == 0, bot_process.output()


async def test_a_reply_whose_request_times_out_is_sent_again(
    deployment: Deployment, bot_process: BotProcess
) -> None:
    """Telegram never answers the first sendMessage: the bot's request timeout (5 s here) ends
    it, the row is retried, and the worker gets the reply once (the lost request was not
    carried out) — and the next turn goes on as usual."""
    api = deployment.api
    api.hang("sendMessage", seconds=20)
    worker = PollingWorker(deployment)
    greeting = await worker.say("你好", within=45)
    assert any("严格保密" in text for text in greeting), greeting
    (row,) = await worker.rows()
    assert row.attempts == 1 and row.status == "sent"
    next_turn = await worker.press("同意")
    assert any("怎么称呼" in text for text in next_turn), next_turn
    check_each_row_sent_once(api, worker, await worker.rows())
    assert await bot_process.stop() == 0, bot_process.output()
