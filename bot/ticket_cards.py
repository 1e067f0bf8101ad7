"""The buttons of a ticket card in a task force's group: 受理 / 需补正 / 查看.

A press is answered at once (answerCallbackQuery). It acts only for a Telegram user linked
to a staff account, with that account's scope, through the same call the web page makes
(intake.tickets.casework), so the rules, the audit trail and the timeline entry in that
person's name are the web page's. An unlinked person is told how to link; nothing changes.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.client import optional_call
from bot.keyboard_fallback import Button, inline_keyboard
from bot.staff import HOW_TO_LINK, Staff, linked_staff, tell_staff
from intake.localtime import local_text
from intake.reports.ticket_view import (
    TicketView,
    TimelineEntry,
    allowed_actions_for,
    format_deadline,
    load_ticket_view,
)
from intake.tickets import actions, casework, pending_questions
from intake.tickets.errors import TicketConflict, TicketError, TicketNotFound
from intake.tickets.lifecycle import TransitionError
from intake.tickets.sla import SlaPolicy
from models.base import utcnow
from models.codes.ticket_action import Action
from models.codes.ticket_status import Status

CARD_DATA = re.compile(r"^tk:(\d+):(accept|request_info|view)$")
NOT_YOURS = "工单不存在，或不在您负责的专班、属地范围内，不能办理。"
_SUMMARY_TEXT_MAX = 300
_SUMMARY_EVENTS = 3  # the latest timeline entries in 查看's summary
_SUMMARY_DETAIL_MAX = 80
# What a card says about who did what last, after the card's own text.
_STATUS_MARK = "\n\n▶ "


def card_buttons(ticket_id: int, allowed: Iterable[str]) -> list[Button]:
    """The card's buttons for what may be done now (查看 always)."""
    can = set(allowed)
    buttons = [
        Button(label=label, value=f"tk:{ticket_id}:{action.value}")
        for action, label in ((Action.ACCEPT, "受理"), (Action.REQUEST_INFO, "需补正"))
        if action in can
    ]
    return [*buttons, Button(label="查看", value=f"tk:{ticket_id}:view")]


async def mark_card(
    bot: Bot, card: pending_questions.Card, line: str, buttons: list[Button]
) -> None:
    """Show on the card who did what, for everyone in the group (best effort: the card
    may be gone or too old to edit, and the work is done and recorded either way)."""
    text = card.text.split(_STATUS_MARK)[0] + _STATUS_MARK + line
    await optional_call(
        bot.edit_message_text(
            chat_id=card.chat_id,
            message_id=card.message_id,
            text=text,
            reply_markup=inline_keyboard(buttons),
        ),
        "editMessageText",
    )


def pressed_card(query: CallbackQuery) -> pending_questions.Card | None:
    card = query.message
    if not isinstance(card, Message) or not card.text:
        return None  # too old for Telegram to say what it was
    return pending_questions.Card(card.chat.id, card.message_id, card.text)


def local_time(moment: datetime) -> str:
    return local_text(moment, "%m-%d %H:%M")


def _why_not(exc: TicketError) -> str:
    if isinstance(exc, TicketNotFound):
        return NOT_YOURS
    if isinstance(exc, TicketConflict):
        return "工单刚被他人更新，请稍后再按一次。"
    return exc.zh  # the web page's words: a state that does not allow it, a denied action


async def _answer(query: CallbackQuery, text: str, *, alert: bool = False) -> None:
    await optional_call(query.answer(text=text[:200], show_alert=alert), "answerCallbackQuery")


@dataclass(frozen=True)
class _Done:
    answer: str  # to the press
    card_line: str | None = None  # what the card shows for everyone, if anything
    buttons: list[Button] = field(default_factory=list)


async def on_card_button(
    query: CallbackQuery,
    bot: Bot,
    session_factory: async_sessionmaker[AsyncSession],
    sla_policy: SlaPolicy,
    public_url: str = "",
    outbox_wake: asyncio.Event | None = None,
) -> None:
    match = CARD_DATA.match(query.data or "")
    if match is None:
        await _answer(query, "这个按钮已失效。")
        return
    ticket_id, what = int(match.group(1)), match.group(2)
    now = utcnow()
    async with session_factory() as session:
        staff = await linked_staff(session, query.from_user.id)
        if staff is None:
            await _answer(query, HOW_TO_LINK, alert=True)
            return
        try:
            if what == Action.ACCEPT.value:
                done = await _accept(session, staff, ticket_id, now, sla_policy)
            elif what == Action.REQUEST_INFO.value:
                done = await _ask_for_question(session, staff, query, ticket_id, now)
            else:
                done = await _view(session, staff, query, ticket_id, now, public_url)
        except TicketError as exc:  # refused before anything was written
            await session.rollback()
            await _answer(query, _why_not(exc), alert=True)
            return
        await session.commit()
    await _answer(query, done.answer, alert=done.card_line is None)
    card = pressed_card(query)
    if done.card_line is not None and card is not None:
        await mark_card(bot, card, done.card_line, done.buttons)
    if outbox_wake is not None:
        outbox_wake.set()


async def _accept(
    session: AsyncSession, staff: Staff, ticket_id: int, now: datetime, policy: SlaPolicy
) -> _Done:
    ticket = await casework.act_on_ticket(
        session,
        viewer=staff.viewer,
        ticket_id=ticket_id,
        inputs=actions.AcceptInput(),
        now=now,
        policy=policy,
    )
    allowed = await allowed_actions_for(session, viewer=staff.viewer, ticket=ticket)
    return _Done(
        answer=f"已受理工单 {ticket.number}，记在您（{staff.name}）名下。",
        card_line=f"{staff.name} 已受理（{local_time(now)}）",
        buttons=card_buttons(ticket_id, allowed),
    )


async def _view(
    session: AsyncSession,
    staff: Staff,
    query: CallbackQuery,
    ticket_id: int,
    now: datetime,
    public_url: str,
) -> _Done:
    view = await load_ticket_view(session, viewer=staff.viewer, ticket_id=ticket_id, now=now)
    await tell_staff(
        session,
        chat_id=query.from_user.id,
        text=summary_text(view, public_url),
        dedupe_key=f"card-view:{query.id}",
    )
    return _Done(answer=f"工单 {view.ticket.number}（{view.status_label}）的摘要已私信发给您。")


async def _ask_for_question(
    session: AsyncSession, staff: Staff, query: CallbackQuery, ticket_id: int, now: datetime
) -> _Done:
    """Check 要求补正 is allowed now, then wait for the question in the private chat."""
    view = await load_ticket_view(session, viewer=staff.viewer, ticket_id=ticket_id, now=now)
    ticket = view.ticket
    if Action.REQUEST_INFO not in await allowed_actions_for(
        session, viewer=staff.viewer, ticket=ticket
    ):
        raise TransitionError(
            f"工单状态为「{Status(ticket.status).label}」，不能执行「要求补正」",
            f"ticket is {ticket.status!r}: request_info is not allowed",
            status=ticket.status,
            action=Action.REQUEST_INFO,
        )
    await pending_questions.start(
        session,
        telegram_user_id=query.from_user.id,
        user_id=staff.user_id,
        ticket_id=ticket_id,
        now=now,
        card=pressed_card(query),
    )
    await tell_staff(
        session,
        chat_id=query.from_user.id,
        text=(
            f"请输入要请投诉人补正的问题（工单 {ticket.number}，{view.employer}）。\n"
            "直接发送文字即可，问题会原样转给投诉人；发送 /cancel 取消。"
        ),
        dedupe_key=f"card-ask:{query.id}",
    )
    return _Done(answer=f"请在与本机器人的私聊中输入工单 {ticket.number} 的补正问题。")


def summary_text(view: TicketView, public_url: str) -> str:
    """The ticket in a few lines, personal data masked like the web page's."""
    t, c = view.ticket, view.complaint
    amount = f"{c.amount_fen / 100:,.0f} 元" if c.amount_fen else "未填"
    description = view.description.strip()
    if len(description) > _SUMMARY_TEXT_MAX:
        description = description[:_SUMMARY_TEXT_MAX] + "…"
    lines = [
        f"工单 {t.number}（{view.status_label}）",
        f"专班：{view.task_force_name}；属地：{t.township or '待定'}",
        f"用人单位：{view.employer}；项目：{c.project_name or '未填'}",
        f"人数：{c.headcount or '未填'}；金额：{amount}",
        f"投诉人：{view.complainant or '未填'}，电话 {view.phone or '未填'}",
    ]
    if description:
        lines.append(f"情况：{description}")
    if t.accepted_at is None and t.accept_due_at is not None:
        lines.append(f"受理期限：{format_deadline(t.accept_due_at)}")
    elif t.resolve_due_at is not None and t.resolved_at is None:
        lines.append(f"办结期限：{format_deadline(t.resolve_due_at)}")
    recent = view.timeline[-_SUMMARY_EVENTS:]
    if len(recent) > 1 or (recent and recent[0].kind != "opened"):
        lines.append("最近办理：")
        lines.extend(_event_line(e) for e in recent)
    lines.append(f"详情：{public_url.rstrip('/')}/inspect/tickets/{t.id}")
    return "\n".join(lines)


def _event_line(entry: TimelineEntry) -> str:
    """· 03-10 09:05 要求补正（li）：补正问题：…, masked as on the page, kept short."""
    said = "；".join(f"{k}：{v}" for k, v in entry.details)
    if len(said) > _SUMMARY_DETAIL_MAX:
        said = said[:_SUMMARY_DETAIL_MAX] + "…"
    return f"· {local_time(entry.at)} {entry.label}（{entry.actor}）" + (
        f"：{said}" if said else ""
    )


def card_router() -> Router:
    router = Router(name="ticket-cards")
    router.callback_query.register(on_card_button, F.data.startswith("tk:"))
    return router
