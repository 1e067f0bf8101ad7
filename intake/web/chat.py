"""The web chat: the page at /chat and its JSON API (docs/interfaces.md, "Web chat JSON API")."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field, model_validator
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select

from intake import messaging
from intake.chats import answered_messages, evidence_files
from intake.chats.conversations import ConversationService, Turn, TurnHook, UnknownConversation
from intake.dialogue import UserInput
from models.base import INT_MAX, utcnow
from models.dialogue import DialogueSession

router = APIRouter(tags=["worker chat"])
NO_SESSION = "no such chat session"
MAX_TEXT = 20_000  # the engine answers long texts kindly; this only stops abuse


class MessageIn(BaseModel):
    text: str | None = Field(None, max_length=MAX_TEXT, description="what the worker typed")
    choice: str | None = Field(None, max_length=200, description="a pressed button's value")

    @model_validator(mode="after")
    def _one_of(self) -> MessageIn:
        if (self.text is None) == (self.choice is None):
            raise ValueError("send exactly one of `text` or `choice`")
        return self


class ButtonOut(BaseModel):
    label: str
    value: str


class ReplyOut(BaseModel):
    text: str
    buttons: list[ButtonOut]


class TurnOut(BaseModel):
    replies: list[ReplyOut]
    awaiting: str
    complaint_id: int | None
    ticket_number: str | None


def render(turn: Turn) -> TurnOut:
    return TurnOut(
        replies=[
            ReplyOut(
                text=r.text, buttons=[ButtonOut(label=b.label, value=b.value) for b in r.buttons]
            )
            for r in turn.replies
        ],
        awaiting=turn.awaiting,
        complaint_id=turn.complaint_id,
        ticket_number=turn.ticket_number,
    )


class InboxMessageOut(BaseModel):
    id: int
    text: str
    buttons: list[ButtonOut]
    ticket_number: str | None


class InboxOut(BaseModel):
    messages: list[InboxMessageOut]


def _service(request: Request) -> ConversationService:
    service: ConversationService = request.app.state.conversations
    return service


@router.post("/api/chat/sessions", status_code=status.HTTP_201_CREATED)
async def create_session(request: Request) -> dict[str, str]:
    """Start a conversation; keep the id to continue it later (even days later)."""
    session_id = secrets.token_urlsafe(18)
    await _service(request).start(channel="web", external_id=session_id)
    return {"session_id": session_id}


IdempotencyKey = Header(
    None,
    alias="Idempotency-Key",
    description="1 to 64 printable ASCII characters, e.g. a UUID, new for each message: "
    "a message repeating a key already answered in this session gets that answer again "
    "and changes nothing",
)


@router.post(
    "/api/chat/sessions/{session_id}/messages",
    response_model=TurnOut,
    responses={422: {"description": "a bad body or Idempotency-Key"}},
)
async def post_message(
    session_id: str,
    body: MessageIn,
    request: Request,
    idempotency_key: str | None = IdempotencyKey,
) -> Response:
    inp = (
        UserInput.from_text(body.text)
        if body.text is not None
        else UserInput.from_choice(body.choice or "")
    )
    answer = await answer_once(request, session_id, idempotency_key, inp)
    return Response(answer, media_type="application/json")


def checked_key(raw: str | None) -> str | None:
    """The Idempotency-Key header, None when not sent; a bad one is answered 422."""
    if raw is None:
        return None
    try:
        return answered_messages.check_key(raw)
    except answered_messages.BadKey as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc)) from None


async def answer_once(
    request: Request,
    session_id: str,
    raw_key: str | None,
    inp: UserInput,
    hook: TurnHook | None = None,
) -> str:
    """The JSON answer to one web chat input; under an Idempotency-Key the first answer of
    that key, the input applied once. `hook` stores what must commit with the turn."""
    key = checked_key(raw_key)
    service = _service(request)
    if key is None:
        turn = await _turn(service, session_id, inp, hook)
        assert turn is not None  # dropped only by a hook
        # serialized here: returned as a model, FastAPI would validate it once more first
        return render(turn).model_dump_json()
    # No look-up first: a repeated key is rare, and its turn finds the key taken when it
    # stores its answer, and is rolled back whole (see intake.chats.answered_messages).
    answers: list[str] = []

    def answer(turn: Turn) -> str:
        answers.append(render(turn).model_dump_json())
        return answers[-1]

    now = utcnow()
    remember = answered_messages.remember(session_id=session_id, key=key, now=now, render=answer)
    if await _turn(service, session_id, inp, both(hook, remember)) is not None:
        return answers[-1]  # the last turn run is the one stored (an earlier one was stale)
    # a copy of this message was answered first: answer as it was answered
    factory = request.app.state.session_factory
    stored = await answered_messages.answer_for(factory, session_id=session_id, key=key, now=now)
    if stored is None:  # expired in between: cannot happen within KEPT_FOR
        raise HTTPException(status.HTTP_409_CONFLICT, detail="send the message again")
    return stored


def both(first: TurnHook | None, second: TurnHook) -> TurnHook:
    if first is None:
        return second

    async def hook(session: AsyncSession, turn: Turn) -> None:
        await first(session, turn)
        await second(session, turn)

    return hook


async def _turn(
    service: ConversationService, session_id: str, inp: UserInput, hook: TurnHook | None
) -> Turn | None:
    try:
        return await service.handle_with(
            channel="web", external_id=session_id, inp=inp, hook=hook, create=False
        )
    except UnknownConversation:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NO_SESSION) from None


@router.get("/api/chat/sessions/{session_id}")
async def get_session_state(
    session_id: str,
    request: Request,
) -> dict[str, Any]:
    """Where the conversation stands (for a page reloaded on another day)."""
    try:
        state = await _service(request).current(channel="web", external_id=session_id)
    except UnknownConversation:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NO_SESSION) from None
    return {
        "awaiting": state.awaiting if state else "consent",
        "tickets": [t.ticket_number for t in state.tickets] if state else [],
    }


@router.get("/api/chat/sessions/{session_id}/inbox", response_model=InboxOut)
async def get_inbox(
    session_id: str,
    request: Request,
    after: Annotated[
        int, Query(ge=0, le=INT_MAX, description="the id of the last message the page has")
    ] = 0,
) -> InboxOut:
    """What the service sent this worker outside a reply (an inspector's 补正 question, the
    回访 question with its buttons), oldest first, only messages with `id > after`. The page
    polls it; answers go to the ordinary `messages` endpoint."""
    factory: async_sessionmaker[AsyncSession] = request.app.state.session_factory
    async with factory() as db:
        known = await db.scalar(
            select(DialogueSession.id).where(
                DialogueSession.channel == "web", DialogueSession.external_id == session_id
            )
        )
        if known is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=NO_SESSION)
        delivered = await messaging.inbox(
            db, channel="web", chat_id=session_id, after=after, now=utcnow()
        )
        await db.commit()
    return InboxOut(
        messages=[
            InboxMessageOut(
                id=m.id,
                text=m.text,
                buttons=[ButtonOut(label=b.label, value=b.value) for b in m.buttons],
                ticket_number=m.ticket_number,
            )
            for m in delivered
        ]
    )


def page_router(templates: Jinja2Templates) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/chat", response_class=HTMLResponse)
    async def chat_page(request: Request) -> HTMLResponse:
        context = {"max_file_bytes": evidence_files.MAX_BYTES}
        return templates.TemplateResponse(request, "chat.html", context)

    return pages
