"""Messages the ticket workflow sends: queued in the outbox (delivered by the channel's
adapter), each with a dedupe key so that replicas racing to send it queue it once.

Texts name the ticket, never the complainant: the complainant's identity is confidential.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake.tickets.sla import SHANGHAI, as_utc, due_day
from models import TaskForce
from models.messaging import QUEUE_ONCE

FOLLOWUP_PREFIX = "followup"
_PRIORITY_LABELS = {"normal": "普通", "high": "较急", "urgent": "紧急"}


async def enqueue(
    session: AsyncSession,
    *,
    chat_id: str,
    text: str,
    dedupe_key: str,
    now: datetime,
    channel: str = "telegram",
    payload: dict[str, Any] | None = None,
    ticket_id: int | None = None,
) -> bool:
    """Queue one message; False when a message with this dedupe key is queued already."""
    queued = await session.execute(
        QUEUE_ONCE,
        {
            "channel": channel,
            "chat_id": chat_id,
            "text": text,
            "payload": payload or {},
            "dedupe_key": dedupe_key[:128],
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": None,  # due at once, as bot.outbox.enqueue does
            "last_error": "",
            "ticket_id": ticket_id,
            "created_at": as_utc(now),
        },
    )
    return queued.first() is not None


@dataclass(frozen=True)
class Recipients:
    """Telegram chats of the task forces and of the joint-meeting office."""

    by_code: dict[str, str]
    names: dict[str, str]
    office_code: str | None
    office_chat: str | None

    def escalation_chats(self, task_force_code: str) -> tuple[list[str], list[str]]:
        """(chat ids to tell, codes of units that have no chat configured)."""
        chats: list[str] = []
        missing: list[str] = []
        units = [task_force_code]
        if self.office_code and self.office_code != task_force_code:
            units.append(self.office_code)
        for code in units:
            chat = self.by_code.get(code)
            if chat is None:
                missing.append(code)
            elif chat not in chats:
                chats.append(chat)
        return chats, missing


# the four columns, not TaskForce objects, built once: this runs for every complaint filed
_RECIPIENTS = select(
    TaskForce.code, TaskForce.name, TaskForce.telegram_chat_id, TaskForce.is_office
).order_by(col(TaskForce.id))


async def load_recipients(session: AsyncSession) -> Recipients:
    by_code: dict[str, str] = {}
    names: dict[str, str] = {}
    office_code: str | None = None
    rows = await (await session.connection()).execute(_RECIPIENTS)
    for tf in rows:
        names[tf.code] = tf.name
        if tf.telegram_chat_id is not None:
            by_code[tf.code] = str(tf.telegram_chat_id)
        if tf.is_office and office_code is None:
            office_code = tf.code
    office_chat = by_code.get(office_code) if office_code else None
    return Recipients(by_code, names, office_code, office_chat)


class RecentRecipients:
    """The task forces' chats as a serving process read them at most `max_age_s` ago.

    Filing a complaint needs them (the new-ticket card, the worker's receipt names the task
    force): read for every complaint they were one of its dozen round trips. An admin's
    change of a task force's name or chat reaches new tickets within `max_age_s`; the
    conversation service passes its router's check interval, so such a change takes as long
    as a newly published routing table."""

    def __init__(self, max_age_s: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._max_age_s = max_age_s
        self._clock = clock
        self._loaded: tuple[float, Recipients] | None = None

    async def get(self, session: AsyncSession) -> Recipients:
        now = self._clock()
        if self._loaded is not None and now - self._loaded[0] < self._max_age_s:
            return self._loaded[1]
        recipients = await load_recipients(session)
        self._loaded = (now, recipients)
        return recipients


def _money(fen: int | None) -> str:
    if not fen:
        return "金额不详"
    return f"{fen / 100:,.2f} 元"


def escalation_text(
    *,
    number: str,
    phase: str,
    due_at: datetime,
    task_force: str,
    township: str,
    priority: str,
    headcount: int | None,
    amount_fen: int | None,
) -> str:
    what = "未在期限内受理" if phase == "accept" else "未在期限内办结"
    day = due_day(due_at, SHANGHAI)
    due_local = as_utc(due_at).astimezone(SHANGHAI)
    when = (
        f"{day:%Y-%m-%d}"
        if (due_local.hour, due_local.minute) == (0, 0)
        else f"{due_local:%Y-%m-%d %H:%M}"
    )
    lines = [
        f"【督办】工单 {number} {what}（期限：{when}）。",
        f"责任专班：{task_force}；属地：{township or '未定'}；"
        f"优先级：{_PRIORITY_LABELS.get(priority, priority)}。",
        f"涉及 {headcount or 1} 人，{_money(amount_fen)}。请立即办理并反馈。",
    ]
    return "\n".join(lines)


def info_request_text(*, number: str, question: str) -> str:
    return (
        f"您反映的欠薪问题（工单 {number}）需要补充信息：\n{question}\n"
        "请直接回复这条消息，您的回答会转给办案人员。"
    )


def followup_text(*, number: str) -> str:
    return f"回访：您反映的欠薪问题（工单 {number}）已办结。请问您拿到工资了吗？对处理结果满意吗？"


def followup_payload(ticket_id: int) -> dict[str, Any]:
    base = f"{FOLLOWUP_PREFIX}:{ticket_id}"
    return {
        "kind": "followup",
        "ticket_id": ticket_id,
        "buttons": [
            {"label": "拿到了，满意", "value": f"{base}:paid:satisfied"},
            {"label": "拿到了，但不满意", "value": f"{base}:paid:unsatisfied"},
            {"label": "还没拿到", "value": f"{base}:unpaid"},
        ],
    }


@dataclass(frozen=True)
class FollowupAnswer:
    ticket_id: int
    paid: bool
    satisfied: bool | None


def parse_followup_choice(value: str) -> FollowupAnswer | None:
    """The button value of a follow-up answer, or None when it is not one of ours."""
    parts = (value or "").strip().split(":")
    if len(parts) < 3 or parts[0] != FOLLOWUP_PREFIX or not parts[1].isdigit():
        return None
    ticket_id = int(parts[1])
    if parts[2:] == ["unpaid"]:
        return FollowupAnswer(ticket_id, paid=False, satisfied=None)
    if parts[2:] == ["paid", "satisfied"]:
        return FollowupAnswer(ticket_id, paid=True, satisfied=True)
    if parts[2:] == ["paid", "unsatisfied"]:
        return FollowupAnswer(ticket_id, paid=True, satisfied=False)
    return None


def group_urgent_text(
    *, group_id: int, label: str, headcount: int, amount_fen: int, threshold: int
) -> str:
    return (
        f"【紧急】群体欠薪：{label} 累计 {headcount} 人投诉，{_money(amount_fen)}"
        f"（案件组 #{group_id}）。已达 {threshold} 人以上红线，相关工单已升为紧急。"
    )
