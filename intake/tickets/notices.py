"""What the ticket workflow says, and to whom: the task forces' chats, the texts and
buttons of its messages, and reading the worker's answers to them. The messages are queued
with `intake.messaging.enqueue`, each with a dedupe key so that replicas racing to send one
queue it once.

Texts to a task force or the office name the ticket, never the complainant: the
complainant's identity is confidential.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import regex
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake.dialogue.io import Button
from intake.localtime import to_local
from intake.tickets.sla import due_day
from models import TaskForce
from models.codes.priority import priority_label

FOLLOWUP_PREFIX = "followup"
REPLY_PREFIX = "reply"


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
    day = due_day(due_at)
    due_local = to_local(due_at)
    when = (
        f"{day:%Y-%m-%d}"
        if (due_local.hour, due_local.minute) == (0, 0)
        else f"{due_local:%Y-%m-%d %H:%M}"
    )
    lines = [
        f"【督办】工单 {number} {what}（期限：{when}）。",
        f"责任专班：{task_force}；属地：{township or '未定'}；优先级：{priority_label(priority)}。",
        f"涉及 {headcount or 1} 人，{_money(amount_fen)}。请立即办理并反馈。",
    ]
    return "\n".join(lines)


def info_request_text(*, number: str, question: str) -> str:
    return (
        f"办案人员问您（工单 {number}）：\n{question}\n\n"
        "请直接回复文字，您的回答会转给办案人员。正在填写新的投诉时，请先点“回答这个问题”"
        "（或发 /reply 加上回答）。"
    )


def info_request_buttons(ticket_id: int) -> list[Button]:
    return [Button(label="回答这个问题", value=reply_value(ticket_id))]


def reply_value(ticket_id: int) -> str:
    """The value of a button that says: my next message answers this ticket's question."""
    return f"{REPLY_PREFIX}:{ticket_id}"


def parse_reply_value(value: str) -> int | None:
    prefix, _, rest = (value or "").strip().partition(":")
    return int(rest) if prefix == REPLY_PREFIX and rest.isdigit() else None


def followup_text(*, number: str) -> str:
    return f"回访：您反映的欠薪问题（工单 {number}）已办结。请问您拿到工资了吗？对处理结果满意吗？"


def followup_buttons(ticket_id: int) -> list[Button]:
    base = f"{FOLLOWUP_PREFIX}:{ticket_id}"
    return [
        Button(label="拿到了，满意", value=f"{base}:paid:satisfied"),
        Button(label="拿到了，但不满意", value=f"{base}:paid:unsatisfied"),
        Button(label="还没拿到", value=f"{base}:unpaid"),
    ]


def card_buttons(ticket_id: int) -> list[Button]:
    """The buttons of a ticket's card in its task force's group."""
    return [
        Button(label="受理", value=f"tk:{ticket_id}:accept"),
        Button(label="需补正", value=f"tk:{ticket_id}:request_info"),
        Button(label="查看", value=f"tk:{ticket_id}:view"),
    ]


@dataclass(frozen=True)
class FollowupAnswer:
    ticket_id: int
    paid: bool
    satisfied: bool | None


_UNPAID = regex.compile(r"没|未|还没|不到|没有|没拿|没收|没给|没发")
_PAID = regex.compile(r"拿到|收到|到手|到账|发了|给了|结清|已付|付了")
_UNSATISFIED = regex.compile(r"不满意|不太满意|不行|太慢|有意见")
_SATISFIED = regex.compile(r"满意|好的|谢谢|感谢|可以")


def parse_followup_text(text: str, ticket_id: int) -> FollowupAnswer | None:
    """A typed answer to the follow-up question ("拿到了，满意", "还没拿到", "1"), or None
    when it says neither paid nor unpaid clearly."""
    typed = (text or "").strip()
    for n, button in enumerate(followup_buttons(ticket_id), start=1):
        if typed in (str(n), button.label):
            return parse_followup_choice(button.value)
    paid = bool(_PAID.search(typed))
    unpaid = bool(_UNPAID.search(typed)) and not regex.search(r"没问题", typed)
    if unpaid and (not paid or regex.search(r"(没|未|还没)(有)?(拿到|收到|到手|到账)", typed)):
        return FollowupAnswer(ticket_id, paid=False, satisfied=None)
    if paid:
        if _UNSATISFIED.search(typed):
            return FollowupAnswer(ticket_id, paid=True, satisfied=False)
        if _SATISFIED.search(typed):
            return FollowupAnswer(ticket_id, paid=True, satisfied=True)
    return None


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
