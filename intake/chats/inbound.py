"""One inbound path: every worker input, on every channel, passes here before the dialogue.

The conversation service (intake/chats/conversations.py) asks `route` where an input belongs:

- an answer to an inspector's 补正 question on one of this worker's tickets: it lands on
  that ticket (`record_worker_answer`: the ticket resumes where it was paused, its clock
  runs again) and the task force is told;
- an answer to the follow-up (回访), a pressed button or typed words: recorded
  (`record_followup`): 没拿到 reopens the ticket, 拿到了 and 满意 closes it, 拿到了 but
  不满意 reopens it and goes to the office;
- anything else: the complaint dialogue.

Text goes to a question only while the worker is not in the middle of a new complaint;
in the middle of one, the question's button ("回答这个问题") or "/reply" says that the next
message is an answer, and the draft stays exactly as it was. When two tickets wait for an
answer, the worker is asked which one (a button per ticket number) and the typed answer is
kept meanwhile.

`route` only reads; what must be written comes back as effects (`AnswerInfo`,
`AnswerFollowup`), carried out by `carry_out` in the turn's transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

import regex
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from intake import messaging
from intake.dialogue import DialogueState, Reply, UserInput
from intake.dialogue.extract.commands import parse_command
from intake.dialogue.extract.normalize import compact
from intake.dialogue.io import Button
from intake.dialogue.script import replies_in_script
from intake.dialogue.state import Answering
from intake.tickets import notices, service, timeline
from intake.tickets.errors import TicketError
from intake.tickets.service import AwaitingReply
from intake.tickets.sla import SlaPolicy
from intake.tickets.timeline import Actor
from models import Complaint, Ticket
from models.codes.ticket_status import Status

log = logging.getLogger(__name__)

_REPLY = regex.compile(r"^/reply(?:@\w+)?(?:\s+(?P<text>.*))?$", regex.IGNORECASE | regex.DOTALL)
_NOT_NOW = frozenset({"取消", "不回答了", "算了", "/cancel"})


@dataclass(frozen=True)
class AnswerInfo:
    ticket_id: int
    answer: str


@dataclass(frozen=True)
class AnswerFollowup:
    ticket_id: int
    paid: bool
    satisfied: bool | None


Answer = AnswerInfo | AnswerFollowup


@dataclass
class Routed:
    """What the router made of an input that is not for the dialogue."""

    state: DialogueState
    replies: list[Reply] = field(default_factory=list)
    effects: list[Answer] = field(default_factory=list)
    # after these replies (and the effects'), a worker in the middle of a new complaint is
    # asked its current question again
    back_to_draft: bool = True


async def open_questions(
    session: AsyncSession, *, channel: str, external_id: str
) -> list[AwaitingReply]:
    return await service.awaiting_reply(session, channel=channel, external_id=external_id)


def mid_draft(state: DialogueState) -> bool:
    """Whether the worker is in the middle of a new complaint (their text is for it)."""
    return state.draft is not None and state.awaiting != "done"


async def route(
    session: AsyncSession, *, channel: str, external_id: str, state: DialogueState, inp: UserInput
) -> tuple[DialogueState, Routed | None]:
    """(the state the dialogue continues from, what the router did — None: the input is the
    dialogue's). Reads only."""
    answering = state.answering
    if inp.kind == "choice":
        return await _choice(session, channel, external_id, state, inp.text)
    if inp.kind != "text":
        return _without_answering(state), None
    text = inp.text.strip()
    reply = _REPLY.match(text)
    if reply is not None:
        said = (reply.group("text") or "").strip()
        return state, await _reply_command(session, channel, external_id, state, said)
    if answering is not None and answering.ticket_id is not None:
        if text in _NOT_NOW or compact(text) in _NOT_NOW:
            return state, Routed(_without_answering(state), [Reply(text="好的，先不回答。")])
        if parse_command(text) is not None or text.startswith("/"):
            return _without_answering(state), None
        done = _without_answering(state)
        return state, Routed(done, effects=[AnswerInfo(answering.ticket_id, text)])
    if mid_draft(state) or not state.tickets:
        # text is the draft's; a worker who filed nothing here has no tickets to answer
        return _without_answering(state), None
    if parse_command(text) is not None or _is_typed_button(state, text):
        return _without_answering(state), None
    questions = await open_questions(session, channel=channel, external_id=external_id)
    infos = [q for q in questions if q.status == Status.NEEDS_INFO.value]
    followups = [q for q in questions if q.status == Status.FOLLOWUP.value]
    if infos:
        if len(infos) == 1:
            return state, Routed(
                _without_answering(state), effects=[AnswerInfo(infos[0].ticket_id, text)]
            )
        return state, _which_ticket(state, infos, held=text)
    if followups:
        return state, _typed_followup(state, followups, text)
    return _without_answering(state), None


async def _choice(
    session: AsyncSession, channel: str, external_id: str, state: DialogueState, value: str
) -> tuple[DialogueState, Routed | None]:
    followup = notices.parse_followup_choice(value)
    if followup is not None:
        effect = AnswerFollowup(followup.ticket_id, followup.paid, followup.satisfied)
        return state, Routed(_without_answering(state), effects=[effect])
    ticket_id = notices.parse_reply_value(value)
    if ticket_id is None:
        return _without_answering(state), None
    questions = await open_questions(session, channel=channel, external_id=external_id)
    question = next((q for q in questions if q.ticket_id == ticket_id), None)
    if question is None or question.status != Status.NEEDS_INFO.value:
        return state, Routed(
            _without_answering(state),
            [Reply(text="这个问题已经不需要回答了。有新的问题，办案人员会再问您。")],
        )
    held = state.answering.held if state.answering is not None else ""
    if held:
        return state, Routed(_without_answering(state), effects=[AnswerInfo(ticket_id, held)])
    waiting = state.model_copy(update={"answering": Answering(ticket_id=ticket_id)})
    return state, Routed(waiting, [Reply(text=_prompt(question.number))], back_to_draft=False)


async def _reply_command(
    session: AsyncSession, channel: str, external_id: str, state: DialogueState, said: str
) -> Routed:
    """ "/reply" or "/reply 回答…": answer the open 补正 question, mid-draft or not."""
    questions = await open_questions(session, channel=channel, external_id=external_id)
    infos = [q for q in questions if q.status == Status.NEEDS_INFO.value]
    if not infos:
        return Routed(_without_answering(state), [Reply(text="目前没有办案人员在等您回答的问题。")])
    if len(infos) > 1:
        return _which_ticket(state, infos, held=said)
    only = infos[0]
    if said:
        return Routed(_without_answering(state), effects=[AnswerInfo(only.ticket_id, said)])
    waiting = state.model_copy(update={"answering": Answering(ticket_id=only.ticket_id)})
    return Routed(waiting, [Reply(text=_prompt(only.number))], back_to_draft=False)


def _prompt(number: str) -> str:
    return f"请输入您对工单 {number} 问题的回答，发出后会转给办案人员。（发“取消”先不回答）"


def _which_ticket(state: DialogueState, infos: list[AwaitingReply], *, held: str) -> Routed:
    asking = state.model_copy(update={"answering": Answering(held=held)})
    text = (
        "您有几件投诉在等您补充，这条回答是哪一件的？"
        if held
        else "您有几件投诉在等您补充，要回答哪一件？"
    )
    buttons = [Button(label=q.number, value=notices.reply_value(q.ticket_id)) for q in infos]
    return Routed(asking, [Reply(text=text, buttons=buttons)], back_to_draft=False)


def _typed_followup(state: DialogueState, followups: list[AwaitingReply], text: str) -> Routed:
    parsed = [notices.parse_followup_text(text, q.ticket_id) for q in followups]
    answers = [p for p in parsed if p is not None]
    if len(followups) == 1 and answers:
        a = answers[0]
        return Routed(
            _without_answering(state), effects=[AnswerFollowup(a.ticket_id, a.paid, a.satisfied)]
        )
    replies = []
    for q in followups:
        replies.append(
            Reply(
                text=notices.followup_text(number=q.number) + "\n请点下面的按钮回答。",
                buttons=notices.followup_buttons(q.ticket_id),
            )
        )
    return Routed(_without_answering(state), replies)


def _is_typed_button(state: DialogueState, text: str) -> bool:
    typed = compact(text)
    return any(compact(b.label) == typed for b in state.buttons)


def _without_answering(state: DialogueState) -> DialogueState:
    if state.answering is None:
        return state
    return state.model_copy(update={"answering": None})


# --- carrying out an answer, in the turn's transaction ---------------------------------------


Recipients = Callable[[AsyncSession], Awaitable[notices.Recipients]]


async def carry_out(
    session: AsyncSession,
    effect: Answer,
    *,
    channel: str,
    external_id: str,
    now: datetime,
    policy: SlaPolicy,
    recipients: Recipients,
) -> list[Reply]:
    """Record the answer on its ticket; the replies that tell the worker what happened."""
    owned = await _owned_ticket(session, effect.ticket_id, channel, external_id)
    if owned is None:
        return [Reply(text="没有找到这件投诉。查询进度请发 /status。")]
    if isinstance(effect, AnswerInfo):
        return await _answer_info(session, owned, effect, now, policy, recipients)
    return await _answer_followup(session, owned, effect, now, policy, recipients)


async def _owned_ticket(
    session: AsyncSession, ticket_id: int, channel: str, external_id: str
) -> Ticket | None:
    """The ticket, if this conversation filed it: a button value names a ticket id, and
    nobody answers for another worker's case by typing someone else's id."""
    return await session.scalar(
        select(Ticket)
        .join(Complaint, col(Complaint.id) == col(Ticket.complaint_id))
        .where(
            col(Ticket.id) == ticket_id,
            col(Complaint.channel) == channel,
            col(Complaint.external_id) == external_id,
        )
    )


async def _answer_info(
    session: AsyncSession,
    ticket: Ticket,
    effect: AnswerInfo,
    now: datetime,
    policy: SlaPolicy,
    recipients: Recipients,
) -> list[Reply]:
    assert ticket.id is not None
    try:
        resumed = await service.record_worker_answer(
            session, ticket_id=ticket.id, answer=effect.answer, now=now, policy=policy
        )
    except TicketError as exc:
        # the question was withdrawn meanwhile (transferred, merged, refused): the words are
        # kept on the ticket all the same, for whoever handles it now
        log.info("answer to ticket %s not taken as 补正: %s", ticket.number, exc.en)
        await timeline.record(
            session,
            ticket=ticket,
            kind="worker_added",
            actor=Actor.worker(),
            now=now,
            body={"text": effect.answer[:2000]},
        )
        return [Reply(text=f"工单 {ticket.number} 现在不需要补正了；您说的已经记在工单上。")]
    await _tell_unit(
        session,
        await recipients(session),
        resumed,
        f"【补正已回复】工单 {resumed.number}：投诉人已回答补正问题，"
        f"工单恢复为「{Status(resumed.status).label}」，请在工单页面查看。",
        key=f"answered:{resumed.id}:v{resumed.version}",
        now=now,
    )
    return [Reply(text=f"收到，您的回答已经转给办案人员（工单 {resumed.number}）。")]


async def _answer_followup(
    session: AsyncSession,
    ticket: Ticket,
    effect: AnswerFollowup,
    now: datetime,
    policy: SlaPolicy,
    recipients: Recipients,
) -> list[Reply]:
    assert ticket.id is not None
    try:
        done = await service.record_followup(
            session,
            ticket_id=ticket.id,
            paid=effect.paid,
            satisfied=effect.satisfied,
            now=now,
            policy=policy,
        )
    except TicketError:
        return [Reply(text=f"工单 {ticket.number} 的回访已经答复过了，谢谢您。")]
    units = await recipients(session)
    if not effect.paid:
        await _tell_unit(
            session,
            units,
            done,
            f"【回访】工单 {done.number}：投诉人表示还没拿到工资，工单已重新办理。",
            key=f"followup-unpaid:{done.id}:v{done.version}",
            now=now,
        )
        return [
            Reply(
                text=f"已经转告办案人员继续处理（工单 {done.number}），有进展会再联系您。"
                "也可以拨打 12333 人社服务热线。"
            )
        ]
    if effect.satisfied is False:
        await _to_office(session, units, done, now)
        return [
            Reply(
                text=f"已记下您的意见，转联席会议办公室复核（工单 {done.number}），会有人再联系您。"
            )
        ]
    return [Reply(text=f"感谢您的答复！工单 {done.number} 已办结销号。")]


async def _to_office(
    session: AsyncSession, units: notices.Recipients, ticket: Ticket, now: datetime
) -> None:
    """拿到了 but 不满意: the office reviews how the case was handled."""
    await timeline.record(
        session,
        ticket=ticket,
        kind="office_review",
        actor=Actor.system(),
        now=now,
        body={"reason": "回访：拿到工资但对处理结果不满意"},
    )
    text = (
        f"【回访不满意】工单 {ticket.number}：投诉人表示已拿到工资，但对处理结果不满意，"
        "请联席会议办公室复核。"
    )
    chats = {units.office_chat, units.by_code.get(ticket.task_force_code)} - {None}
    for chat in sorted(c for c in chats if c is not None):
        await messaging.enqueue(
            session,
            chat_id=chat,
            text=text,
            kind="office_review",
            dedupe_key=f"office-review:{ticket.id}:v{ticket.version}:{chat}",
            now=now,
            ticket_id=ticket.id,
        )


async def _tell_unit(
    session: AsyncSession,
    units: notices.Recipients,
    ticket: Ticket,
    text: str,
    *,
    key: str,
    now: datetime,
) -> None:
    """The ticket's task force, in its group (the timeline has the details)."""
    chat = units.by_code.get(ticket.task_force_code)
    if chat is None:
        return
    await messaging.enqueue(
        session,
        chat_id=chat,
        text=text,
        kind="worker_answer",
        dedupe_key=key,
        now=now,
        ticket_id=ticket.id,
    )


def in_script(replies: list[Reply], state: DialogueState) -> list[Reply]:
    return replies_in_script(replies, state.script)


__all__ = [
    "AnswerFollowup",
    "AnswerInfo",
    "Routed",
    "carry_out",
    "in_script",
    "mid_draft",
    "open_questions",
    "route",
]
