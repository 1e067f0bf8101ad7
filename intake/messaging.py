"""Messages the service sends outside a reply, on every channel, through one outbox table.

`enqueue` adds a row inside the caller's transaction, so a message commits with the change
that caused it (a 补正 question with the ticket's new status) or not at all. Two kinds of
reader deliver the rows:

- the Telegram sender (`bot/sender.py`) sends `telegram` rows and records what Telegram said;
- the worker's own channel takes `web` and `terminal` rows when the worker is there: the web
  chat page polls `inbox` (GET /api/chat/sessions/{id}/inbox), the terminal prints
  `take_pending` at start and after each turn. A row handed out is marked `sent`.

A row that nobody could deliver stays: `blocked` (Telegram said the worker blocked the bot,
or the worker never came back to the web page or terminal within the follow-up window; see
`mark_unreached`), `dead` (retries used up). A message to the worker that could not be
delivered sets the ticket's `delivery_failed` (intake/tickets/delivery.py), so the inspector
phones instead; `retry_dead` puts such rows back, `purge_sent` removes delivered rows after
the retention period.

Texts and buttons: one `Button` type (the dialogue's own), stored in the row's payload as
`{"label", "value"}` pairs, whatever the channel.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from intake.dialogue.io import Button
from intake.tickets.delivery import record_delivery
from models.base import utcnow
from models.cases import Complaint, Ticket
from models.messaging import QUEUE_ONCE, OutboxMessage

__all__ = [
    "BLOCKED",
    "DEAD",
    "PENDING",
    "SENT",
    "Button",
    "Delivered",
    "Queued",
    "buttons_payload",
    "coerce_buttons",
    "enqueue",
    "failed_messages",
    "inbox",
    "mark_unreached",
    "purge_sent",
    "retry_dead",
    "take_pending",
]

PENDING = "pending"
SENT = "sent"
BLOCKED = "blocked"
DEAD = "dead"
# Channels whose rows the worker's own client picks up (no sender process pushes them).
PULLED_CHANNELS = ("web", "terminal")

_OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
_TICKET = Ticket.__table__  # type: ignore[attr-defined]
_COMPLAINT = Complaint.__table__  # type: ignore[attr-defined]
_INSERT = insert(_OUTBOX).returning(_OUTBOX.c.id)
_DEDUPE_KEY_MAX = 128


@dataclass(frozen=True)
class Queued:
    """The row a message is in; `new` is False when its dedupe key was queued already."""

    id: int
    new: bool


@dataclass(frozen=True)
class Delivered:
    """One message as a worker's channel shows it."""

    id: int
    text: str
    buttons: list[Button]
    ticket_number: str | None
    kind: str


def coerce_buttons(raw: Iterable[Any] | None) -> list[Button]:
    """Buttons from `Button`s, (label, value) pairs or {"label", "value"} mappings.

    Entries that are none of these, or have an empty label, are left out rather than raising:
    a missing button is better than a message that is never sent.
    """
    buttons: list[Button] = []
    for item in raw or ():
        label: Any
        value: Any
        if isinstance(item, Button):
            label, value = item.label, item.value
        elif isinstance(item, Mapping):
            label, value = item.get("label"), item.get("value", item.get("label"))
        elif isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 2:
            label, value = item
        else:
            continue
        if label is None or not str(label).strip():
            continue
        buttons.append(Button(label=str(label).strip(), value="" if value is None else str(value)))
    return buttons


def buttons_payload(buttons: Iterable[Any] | None) -> list[dict[str, str]]:
    return [{"label": b.label, "value": b.value} for b in coerce_buttons(buttons)]


async def enqueue(
    session: AsyncSession,
    *,
    chat_id: int | str,
    text: str,
    channel: str = "telegram",
    buttons: Iterable[Any] | None = None,
    kind: str = "",
    ticket_id: int | None = None,
    dedupe_key: str | None = None,
    not_before: datetime | None = None,
    now: datetime | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Queued:
    """Queue one message in the caller's transaction (the caller commits).

    `chat_id`: the Telegram chat, or the web chat session / terminal conversation id.
    `kind` says what the message is (needs_info, followup, card, escalation, ...) for the
    channels and the office's list; `extra` adds fields to the payload. With `dedupe_key`,
    queueing the same key again adds nothing and returns the row queued first (replicas
    racing to send the same notice, a retried handler).
    """
    chat = str(chat_id).strip()
    if not chat:
        raise ValueError("enqueue needs the chat to send to")
    payload: dict[str, Any] = dict(extra or {})
    if kind:
        payload["kind"] = kind
    if ticket_id is not None:
        payload.setdefault("ticket_id", ticket_id)
    offered = buttons_payload(buttons)
    if offered:
        payload["buttons"] = offered
    values: dict[str, Any] = {
        "channel": channel,
        "chat_id": chat,
        "text": text or "",
        "payload": payload,
        "dedupe_key": _dedupe_key(dedupe_key),
        "status": PENDING,
        "attempts": 0,
        "next_attempt_at": _as_utc(not_before) if not_before else None,
        "last_error": "",
        "redelivery": False,
        "ticket_id": ticket_id,
        "created_at": _as_utc(now or utcnow()),
    }
    if values["dedupe_key"] is None:
        new_id = await session.scalar(_INSERT, values)
        assert new_id is not None
        return Queued(int(new_id), True)
    queued = (await session.execute(QUEUE_ONCE, values)).first()
    if queued is not None:
        return Queued(int(queued.id), True)
    found = await session.scalar(
        select(_OUTBOX.c.id).where(_OUTBOX.c.dedupe_key == values["dedupe_key"])
    )
    assert found is not None
    return Queued(int(found), False)


def _dedupe_key(key: str | None) -> str | None:
    if key is None or not str(key):
        return None
    key = str(key)
    if len(key) <= _DEDUPE_KEY_MAX:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


# --- the worker's own channel reads its messages -------------------------------------------


async def inbox(
    session: AsyncSession, *, channel: str, chat_id: str, after: int, now: datetime, limit: int = 50
) -> list[Delivered]:
    """Messages for (channel, chat) with an id above `after`, oldest first; those not yet
    handed out become `sent` (the page has them), and their tickets' failed delivery is
    cleared. The caller commits."""
    c = _OUTBOX.c
    rows = (
        await session.execute(
            select(
                c.id,
                c.channel,
                c.chat_id,
                c.text,
                c.payload,
                c.status,
                c.ticket_id,
                c.next_attempt_at,
                _TICKET.c.number,
            )
            .select_from(_OUTBOX.outerjoin(_TICKET, _TICKET.c.id == c.ticket_id))
            .where(c.channel == channel, c.chat_id == chat_id, c.id > after)
            # blocked: not picked up in time (the inspector was told to phone); a worker who
            # comes back late still gets it
            .where(c.status.in_([PENDING, SENT, BLOCKED]))
            .order_by(c.id)
            .limit(limit)
        )
    ).all()
    now = _as_utc(now)
    due = [r for r in rows if r.next_attempt_at is None or _as_utc(r.next_attempt_at) <= now]
    # a message scheduled for later is not shown yet, nor anything after it (the page's
    # cursor would skip it)
    shown = []
    for row in rows:
        if row not in due:
            break
        shown.append(row)
    fresh = [r for r in shown if r.status != SENT]
    if fresh:
        await session.execute(
            update(_OUTBOX)
            .where(c.id.in_([r.id for r in fresh]), c.status != SENT)
            .values(status=SENT, sent_at=now, last_error="")
        )
        await _record_deliveries(session, fresh, delivered=True, reason="", now=now)
    return [
        Delivered(
            id=int(r.id),
            text=r.text,
            buttons=coerce_buttons((r.payload or {}).get("buttons")),
            ticket_number=r.number,
            kind=str((r.payload or {}).get("kind", "")),
        )
        for r in shown
    ]


async def take_pending(
    session: AsyncSession, *, channel: str, chat_id: str, now: datetime
) -> list[Delivered]:
    """The messages not yet shown to (channel, chat), marked `sent`: for a client that keeps
    no cursor of its own (the terminal). The caller commits."""
    c = _OUTBOX.c
    first = await session.scalar(
        select(c.id)
        .where(c.channel == channel, c.chat_id == chat_id, c.status.in_([PENDING, BLOCKED]))
        .order_by(c.id)
        .limit(1)
    )
    if first is None:
        return []
    return await inbox(session, channel=channel, chat_id=chat_id, after=first - 1, now=now)


async def _record_deliveries(
    session: AsyncSession, rows: Sequence[Any], *, delivered: bool, reason: str, now: datetime
) -> None:
    """Tell each row's ticket (once) whether its message reached the worker."""
    seen: set[int] = set()
    for row in rows:
        if row.ticket_id is None or row.ticket_id in seen:
            continue
        seen.add(row.ticket_id)
        await record_delivery(
            session,
            ticket_id=row.ticket_id,
            delivered=delivered,
            channel=row.channel,
            chat_id=row.chat_id,
            reason=reason,
            now=now,
        )


# --- nobody could deliver it -----------------------------------------------------------------


async def mark_unreached(
    session: AsyncSession, *, older_than: datetime, now: datetime, limit: int = 500
) -> int:
    """Web and terminal messages still not picked up, queued before `older_than` (the worker
    did not come back within the follow-up window): `blocked`, and their tickets marked
    `delivery_failed`. The caller commits. Returns the number of rows."""
    c = _OUTBOX.c
    rows = (
        await session.execute(
            select(c.id, c.channel, c.chat_id, c.ticket_id)
            .where(
                c.channel.in_(PULLED_CHANNELS),
                c.status == PENDING,
                c.created_at < _as_utc(older_than),
            )
            .order_by(c.id)
            .limit(limit)
        )
    ).all()
    if not rows:
        return 0
    reason = "未在回访期限内打开对话"
    await session.execute(
        update(_OUTBOX)
        .where(c.id.in_([r.id for r in rows]), c.status == PENDING)
        .values(status=BLOCKED, last_error=reason)
    )
    await _record_deliveries(session, rows, delivered=False, reason=reason, now=_as_utc(now))
    return len(rows)


@dataclass(frozen=True)
class FailedMessage:
    """A message that failed for good, as the office's list shows it."""

    id: int
    channel: str
    chat_id: str
    status: str
    text: str
    last_error: str
    attempts: int
    created_at: datetime
    ticket_id: int | None
    ticket_number: str | None
    phone: str | None


async def failed_messages(session: AsyncSession, *, limit: int = 200) -> list[FailedMessage]:
    """Dead and blocked messages, newest first, with the ticket and the worker's phone."""
    c = _OUTBOX.c
    rows = (
        await session.execute(
            select(
                c.id,
                c.channel,
                c.chat_id,
                c.status,
                c.text,
                c.last_error,
                c.attempts,
                c.created_at,
                c.ticket_id,
                _TICKET.c.number,
                _COMPLAINT.c.phone,
                _COMPLAINT.c.channel.label("complaint_channel"),
                _COMPLAINT.c.external_id,
            )
            .select_from(
                _OUTBOX.outerjoin(_TICKET, _TICKET.c.id == c.ticket_id).outerjoin(
                    _COMPLAINT, _COMPLAINT.c.id == _TICKET.c.complaint_id
                )
            )
            .where(c.status.in_([DEAD, BLOCKED]))
            .order_by(c.id.desc())
            .limit(limit)
        )
    ).all()
    return [
        FailedMessage(
            id=int(r.id),
            channel=r.channel,
            chat_id=r.chat_id,
            status=r.status,
            text=r.text,
            last_error=r.last_error,
            attempts=r.attempts,
            created_at=_as_utc(r.created_at),
            ticket_id=r.ticket_id,
            ticket_number=r.number,
            # the phone only for a message to the worker, not to a task force's group
            phone=r.phone
            if r.complaint_channel == r.channel and r.external_id == r.chat_id
            else None,
        )
        for r in rows
    ]


# --- upkeep ----------------------------------------------------------------------------------


async def retry_dead(
    session: AsyncSession, *, ids: Iterable[int] | None = None, include_blocked: bool = False
) -> int:
    """Put dead (and optionally blocked) rows back to pending for another full try.

    The caller commits. Returns the number of rows requeued.
    """
    c = _OUTBOX.c
    statuses = [DEAD, BLOCKED] if include_blocked else [DEAD]
    condition = c.status.in_(statuses)
    if ids is not None:
        condition = and_(condition, c.id.in_(list(ids)))
    result = await session.execute(
        update(_OUTBOX)
        .where(condition)
        .values(
            status=PENDING,
            attempts=0,
            next_attempt_at=None,
            locked_until=None,
            claim_token=None,
            # a web or terminal row counts its follow-up window from now again
            created_at=utcnow(),
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def purge_sent(session: AsyncSession, *, older_than: datetime) -> int:
    """Delete sent rows whose `sent_at` is before `older_than` (retention). Caller commits."""
    c = _OUTBOX.c
    result = await session.execute(
        delete(_OUTBOX).where(c.status == SENT, c.sent_at < _as_utc(older_than))
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _as_utc(moment: datetime) -> datetime:
    """UTC-aware; naive datetimes are taken as UTC (SQLite stores no offset)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
