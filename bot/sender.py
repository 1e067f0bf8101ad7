"""The Telegram sender: one of the two readers of the outbox (intake/messaging.py).

Rows are queued with `intake.messaging.enqueue` inside the caller's transaction (the reply
or notification commits with the change that caused it). `deliver_due` claims due
`telegram` rows, sends them and records what Telegram said; `run_outbox_worker` calls it in
a loop inside the bot or server process.

Guarantees:
- A row leaves `pending` only after Telegram accepted every part of it (`sent`, `sent_at`),
  or for good reasons kept on the row: `blocked` (403: the person blocked the bot, or the
  chat is gone), `dead` (retries used up, or Telegram refused the message itself).
  Sent rows are kept for the audit (what a worker or task force was told, and when, with
  Telegram's message ids); the sweeper purges them after the retention period
  (`ANXIN_OUTBOX_RETENTION_DAYS`). Nothing else is ever deleted.
- Delivery is at least once: if the process dies after Telegram accepted a message but
  before the row is marked sent, it is sent again when the lease runs out, marked
  "【重发】" so the person sees a possible repeat as such. The lease is short (30 s), so
  a crashed sender holds the next messages of its chats for seconds, not minutes.
- Messages to one chat go out in the order they were enqueued: a row is due only when no
  earlier row of the same chat is still pending, also across several replicas (a row
  scheduled for later with `not_before` and not yet tried does not hold the others up).
- Claiming is safe with several replicas: PostgreSQL takes rows with `FOR UPDATE SKIP
  LOCKED`; SQLite, which serializes writers, with one conditional UPDATE. Either way the
  claim is a lease (`locked_until`, `claim_token`) so no transaction stays open while
  Telegram is called, and a crashed sender's rows come back after the lease.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import regex
from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from sqlalchemy import and_, case, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.client import one_line
from bot.keyboard_fallback import can_render_inline, inline_keyboard, numbered_text
from bot.text_split import split_text
from intake.messaging import BLOCKED, DEAD, PENDING, SENT, coerce_buttons
from intake.tickets.delivery import record_delivery
from models.base import utcnow
from models.geography import TaskForce
from models.messaging import OutboxMessage

log = logging.getLogger("anxin.bot.outbox")

CHANNEL = "telegram"
# Long enough for a batch sent at a normal pace (a round stops at half of it and gives the
# rest back); short, so a sender that died holds its chats' next messages only that long.
LEASE = timedelta(seconds=30)
REDELIVERY_MARK = "【重发】"

_OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
_TASK_FORCE = TaskForce.__table__  # type: ignore[attr-defined]

_ERROR_MAX = 1024
_KEYBOARD_REJECTED = regex.compile(
    r"BUTTON_|REPLY_MARKUP|reply (?:keyboard )?markup|inline keyboard", regex.IGNORECASE
)
_CHAT_GONE = regex.compile(r"chat not found|PEER_ID_INVALID|user not found", regex.IGNORECASE)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter for server errors, timeouts and network errors.

    With the defaults a message is retried for about an hour of continuous failure before
    it is marked `dead` (kept, with its last error, for an admin to look at and requeue).
    Flood control (429) does not count as a failure: the row waits `retry_after` seconds.
    """

    base_delay: float = 2.0
    max_delay: float = 900.0
    max_attempts: int = 12

    def backoff(self, failures: int, rng: random.Random) -> float:
        """Seconds to wait after the `failures`-th failure: half fixed, half random."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(failures - 1, 0))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


@dataclass
class DeliveryReport:
    """What one `deliver_due` round did, counted in outbox rows (`parts` in messages)."""

    claimed: int = 0
    sent: int = 0
    parts: int = 0
    fallbacks: int = 0
    rate_limited: int = 0
    retrying: int = 0
    dead: int = 0
    blocked: int = 0
    migrated: int = 0
    released: int = 0
    lease_lost: int = 0
    config_error: str | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def progressed(self) -> bool:
        """Whether rows left `pending` or moved chat, so later rows may now be due."""
        return bool(self.sent or self.blocked or self.dead or self.migrated)


# --- delivery ------------------------------------------------------------------------------


@dataclass
class _Claimed:
    id: int
    chat_id: str
    text: str
    payload: dict[str, Any]
    attempts: int
    ticket_id: int | None
    token: str
    redelivery: bool = False


@dataclass
class _Outcome:
    kind: str  # sent | rate_limited | transient | dead | blocked | migrated | config
    error: str = ""
    retry_after: float = 0.0
    new_chat_id: str | None = None
    parts_sent: int = 0
    message_ids: list[int] = field(default_factory=list)
    fallback: bool = False
    fell_back_now: bool = False


async def deliver_due(
    session_factory: async_sessionmaker[AsyncSession],
    bot: Bot,
    *,
    now: datetime | None = None,
    batch: int = 50,
    policy: RetryPolicy | None = None,
    lease: timedelta = LEASE,
    rng: random.Random | None = None,
) -> DeliveryReport:
    """Send the outbox rows due at `now` (at most `batch`) and record each result.

    Safe to run in several processes at once. Database errors propagate (the worker loop
    logs them and tries again); Telegram errors never do.
    """
    now = _as_utc(now or utcnow())
    policy = policy or RetryPolicy()
    rng = rng or random.Random()
    report = DeliveryReport()
    claimed = await _claim(session_factory, now=now, batch=max(int(batch), 1), lease=lease)
    report.claimed = len(claimed)
    started = time.monotonic()
    for index, item in enumerate(claimed):
        # Stop well before the lease runs out, so no other replica takes a row mid-send.
        if report.config_error or time.monotonic() - started > lease.total_seconds() / 2:
            await _release(session_factory, claimed[index:])
            report.released += len(claimed) - index
            break
        outcome = await _send(bot, item)
        if outcome.kind == "config":
            report.config_error = outcome.error
            log.error("Telegram refused the bot's credentials or URL: %s", outcome.error)
            await _release(session_factory, [item])
            report.released += 1
            continue
        await _record(
            session_factory, item, outcome, now=now, policy=policy, rng=rng, report=report
        )
    return report


async def _claim(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    now: datetime,
    batch: int,
    lease: timedelta,
) -> list[_Claimed]:
    token = uuid.uuid4().hex
    c = _OUTBOX.c
    claim_values = {
        "locked_until": now + lease,
        "claim_token": token,
        # still held by a claim whose lease ran out: that sender may have sent it
        "redelivery": case((c.claim_token.is_not(None), True), else_=c.redelivery),
    }
    earlier = _OUTBOX.alias("earlier")
    due = and_(
        c.channel == CHANNEL,
        c.status == PENDING,
        or_(c.next_attempt_at.is_(None), c.next_attempt_at <= now),
        or_(c.locked_until.is_(None), c.locked_until <= now),
        # Order per chat: wait while an earlier message to the same chat is undelivered:
        # due, being sent, or already tried (it has an error). One scheduled for later
        # (`not_before`) and never tried holds nothing up.
        ~exists().where(
            earlier.c.chat_id == c.chat_id,
            earlier.c.status == PENDING,
            earlier.c.id < c.id,
            or_(
                earlier.c.next_attempt_at.is_(None),
                earlier.c.next_attempt_at <= now,
                earlier.c.last_error != "",
            ),
        ),
    )
    async with session_factory() as session, session.begin():
        if session.get_bind().dialect.name == "postgresql":
            ids = (
                (
                    await session.execute(
                        select(c.id)
                        .where(due)
                        .order_by(c.id)
                        .limit(batch)
                        .with_for_update(skip_locked=True, of=_OUTBOX)
                    )
                )
                .scalars()
                .all()
            )
            if ids:
                await session.execute(update(_OUTBOX).where(c.id.in_(ids)).values(claim_values))
        else:
            # One statement: SQLite takes the write lock for it, so two senders never both
            # see a row as free.
            due_ids = select(c.id).where(due).order_by(c.id).limit(batch).scalar_subquery()
            await session.execute(update(_OUTBOX).where(c.id.in_(due_ids)).values(claim_values))
        rows = (
            await session.execute(select(_OUTBOX).where(c.claim_token == token).order_by(c.id))
        ).mappings()
        return [
            _Claimed(
                id=row["id"],
                chat_id=row["chat_id"],
                text=row["text"],
                payload=dict(row["payload"] or {}),
                attempts=row["attempts"],
                ticket_id=row["ticket_id"],
                token=token,
                redelivery=bool(row["redelivery"]),
            )
            for row in rows
        ]


async def _send(bot: Bot, item: _Claimed) -> _Outcome:
    """Send every part not yet accepted; fall back to numbered text if the keyboard is refused."""
    buttons = coerce_buttons(item.payload.get("buttons"))
    fallback = bool(item.payload.get("fallback")) or bool(
        buttons and not can_render_inline(buttons)
    )
    done = int(item.payload.get("parts_sent", 0) or 0)
    message_ids = [int(i) for i in item.payload.get("message_ids", []) or []]
    fell_back_now = False
    chat = _chat_ref(item.chat_id)

    def outcome(kind: str, **kwargs: Any) -> _Outcome:
        return _Outcome(
            kind,
            parts_sent=done,
            message_ids=message_ids,
            fallback=fallback,
            fell_back_now=fell_back_now,
            **kwargs,
        )

    text = REDELIVERY_MARK + item.text if item.redelivery and item.text.strip() else item.text
    while True:
        body = numbered_text(text, buttons) if buttons and fallback else text
        parts = split_text(body)
        if not parts:
            return outcome("dead", error="empty message: nothing to send")
        # Parts before the last do not change when the options are appended as text, so
        # the count of parts already accepted stays valid after a fallback.
        if done >= len(parts):
            return outcome("sent")
        keyboard = None
        try:
            for index in range(done, len(parts)):
                is_last = index == len(parts) - 1
                keyboard = (
                    inline_keyboard(buttons) if buttons and is_last and not fallback else None
                )
                message = await bot.send_message(
                    chat_id=chat, text=parts[index], reply_markup=keyboard, parse_mode=None
                )
                done += 1
                message_ids.append(message.message_id)
            return outcome("sent")
        except TelegramRetryAfter as exc:
            return outcome("rate_limited", error=one_line(exc), retry_after=float(exc.retry_after))
        except TelegramMigrateToChat as exc:
            return outcome("migrated", error=one_line(exc), new_chat_id=str(exc.migrate_to_chat_id))
        except TelegramForbiddenError as exc:
            return outcome("blocked", error=one_line(exc))
        except (TelegramUnauthorizedError, TelegramNotFound) as exc:
            return outcome("config", error=one_line(exc))
        except TelegramBadRequest as exc:
            if keyboard is not None and _KEYBOARD_REJECTED.search(exc.message or ""):
                log.warning(
                    "Telegram refused the keyboard for outbox row %s (%s); sending numbered text",
                    item.id,
                    one_line(exc),
                )
                fallback = fell_back_now = True
                continue
            if _CHAT_GONE.search(exc.message or ""):
                return outcome("blocked", error=one_line(exc))
            return outcome("dead", error=one_line(exc))
        except TelegramEntityTooLarge as exc:
            return outcome("dead", error=one_line(exc))
        except (TelegramServerError, TelegramNetworkError, ClientDecodeError) as exc:
            return outcome("transient", error=one_line(exc))
        except TelegramAPIError as exc:  # another 4xx nobody documented: try again later
            return outcome("transient", error=one_line(exc))
        except (TimeoutError, OSError) as exc:  # a custom session may not wrap these
            return outcome("transient", error=one_line(exc))


async def _record(
    session_factory: async_sessionmaker[AsyncSession],
    item: _Claimed,
    outcome: _Outcome,
    *,
    now: datetime,
    policy: RetryPolicy,
    rng: random.Random,
    report: DeliveryReport,
) -> None:
    c = _OUTBOX.c
    payload = dict(item.payload)
    payload["parts_sent"] = outcome.parts_sent
    payload["message_ids"] = outcome.message_ids
    if outcome.fallback:
        payload["fallback"] = True
    values: dict[str, Any] = {"locked_until": None, "claim_token": None, "payload": payload}
    kind = outcome.kind
    if kind == "sent":
        values.update(status=SENT, sent_at=now, last_error="")
    elif kind == "rate_limited":
        # Never earlier than Telegram asked; a little later so replicas do not burst together.
        wait = outcome.retry_after * (1 + rng.uniform(0, 0.1))
        values.update(next_attempt_at=now + timedelta(seconds=wait), last_error=outcome.error)
    elif kind == "transient":
        failures = item.attempts + 1
        values.update(attempts=failures, last_error=outcome.error)
        if failures >= policy.max_attempts:
            kind = "dead"
            values.update(status=DEAD)
        else:
            delay = policy.backoff(failures, rng)
            values.update(next_attempt_at=now + timedelta(seconds=delay))
    elif kind == "dead":
        values.update(status=DEAD, last_error=outcome.error)
    elif kind == "blocked":
        values.update(status=BLOCKED, last_error=outcome.error)
    elif kind == "migrated":
        values.update(chat_id=outcome.new_chat_id, next_attempt_at=None, last_error=outcome.error)
    if "last_error" in values:
        values["last_error"] = values["last_error"][:_ERROR_MAX]

    async with session_factory() as session, session.begin():
        result = await session.execute(
            update(_OUTBOX).where(c.id == item.id, c.claim_token == item.token).values(values)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            # The lease ran out and another sender took the row: its result stands.
            report.lease_lost += 1
            log.warning("outbox row %s: lease lost before its result was recorded", item.id)
            return
        if kind in ("sent", "blocked"):  # a worker who blocked the bot is phoned instead
            await record_delivery(
                session,
                ticket_id=item.ticket_id,
                delivered=kind == "sent",
                channel=CHANNEL,
                chat_id=item.chat_id,
                reason=outcome.error if kind == "blocked" else "",
                now=now,
            )
        if kind == "sent":
            report.sent += 1
        elif kind == "rate_limited":
            report.rate_limited += 1
        elif kind == "transient":
            report.retrying += 1
        elif kind == "dead":
            report.dead += 1
            log.warning("outbox row %s is dead: %s", item.id, outcome.error)
        elif kind == "blocked":
            report.blocked += 1
            log.warning(
                "outbox row %s: chat %s unreachable: %s", item.id, item.chat_id, outcome.error
            )
        elif kind == "migrated" and outcome.new_chat_id:
            report.migrated += 1
            await _follow_migration(session, item.chat_id, outcome.new_chat_id)
    report.parts += outcome.parts_sent - int(item.payload.get("parts_sent", 0) or 0)
    report.fallbacks += int(outcome.fell_back_now)
    if outcome.error and kind != "sent":
        report.errors.append(f"row {item.id}: {outcome.error}")


async def _follow_migration(session: AsyncSession, old_chat: str, new_chat: str) -> None:
    """A group became a supergroup: send its pending messages and future ones to the new id."""
    c = _OUTBOX.c
    await session.execute(
        update(_OUTBOX)
        .where(c.chat_id == old_chat, c.status == PENDING, c.claim_token.is_(None))
        .values(chat_id=new_chat)
    )
    old_ref, new_ref = _chat_ref(old_chat), _chat_ref(new_chat)
    if isinstance(old_ref, int) and isinstance(new_ref, int):
        tf = _TASK_FORCE.c
        await session.execute(
            update(_TASK_FORCE)
            .where(tf.telegram_chat_id == old_ref)
            .values(telegram_chat_id=new_ref)
        )
    log.warning(
        "Telegram chat %s migrated to %s; outbox and task forces follow", old_chat, new_chat
    )


async def _release(
    session_factory: async_sessionmaker[AsyncSession], items: list[_Claimed]
) -> None:
    """Give claimed rows back untried (no attempt counted)."""
    if not items:
        return
    c = _OUTBOX.c
    async with session_factory() as session, session.begin():
        for item in items:
            await session.execute(
                update(_OUTBOX)
                .where(c.id == item.id, c.claim_token == item.token)
                .values(locked_until=None, claim_token=None)
            )


# --- the worker loop -----------------------------------------------------------------------


async def run_outbox_worker(
    session_factory: async_sessionmaker[AsyncSession],
    bot: Bot,
    stop_event: asyncio.Event,
    poll_interval: float = 1.0,
    *,
    wake: asyncio.Event | None = None,
    batch: int = 50,
    policy: RetryPolicy | None = None,
    lease: timedelta = LEASE,
) -> None:
    """Deliver due messages until `stop_event` is set; never raises for Telegram or the DB.

    Set `wake` after committing new rows to have them sent now rather than at the next poll.
    Returns after the round in progress when `stop_event` is set.
    """
    failures = 0
    while not stop_event.is_set():
        if wake is not None:
            wake.clear()
        try:
            report = await deliver_due(
                session_factory, bot, now=utcnow(), batch=batch, policy=policy, lease=lease
            )
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the database is down or busy: keep the bot alive
            failures += 1
            log.warning("outbox delivery round failed (try %d): %s", failures, one_line(exc))
            await _wait(stop_event, wake, min(60.0, poll_interval * 2 ** min(failures, 6)))
            continue
        failures = 0
        if report.config_error:
            await _wait(stop_event, None, max(poll_interval, 30.0))
        elif report.progressed or report.claimed >= batch:
            await asyncio.sleep(0)  # the next message of the same chats may be due now
        else:
            await _wait(stop_event, wake, poll_interval)


async def _wait(stop_event: asyncio.Event, wake: asyncio.Event | None, seconds: float) -> None:
    waiters = [asyncio.ensure_future(stop_event.wait())]
    if wake is not None:
        waiters.append(asyncio.ensure_future(wake.wait()))
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


# --- helpers -------------------------------------------------------------------------------


def _as_utc(moment: datetime) -> datetime:
    """UTC-aware; naive datetimes are taken as UTC (SQLite stores no offset)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _chat_ref(chat_id: str) -> int | str:
    """Numeric chat ids as int (negative for groups); "@channel" names stay strings."""
    text = chat_id.strip()
    try:
        return int(text)
    except ValueError:
        return text
