"""The forms of the inspector pages: one action on a ticket, the follow-up answer taken by
phone, showing the complainant's contact data (audited), and an action on a whole group.

Every form carries the session's CSRF token; a ticket form also carries the version the
inspector saw, so a change made meanwhile by someone else is refused (409) instead of
being overwritten. A refused action shows the ticket again with the Chinese message.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from intake.reports.ticket_view import visible_ticket
from intake.tickets import actions, casework
from intake.tickets.actions import ActionInput
from intake.tickets.errors import TicketError, TicketInputError, TicketNotFound
from intake.web import ticket_changes
from intake.web.deps import RowId
from intake.web.inspect_common import (
    PageRoute,
    PageViewer,
    Session,
    error_page,
    error_status,
    redirect,
    yuan_to_fen,
)
from intake.web.inspect_pages import ticket_page
from intake.web.session_auth import csrf_ok

router = APIRouter(prefix="/inspect", route_class=PageRoute, include_in_schema=False)

_STALE = TicketInputError("页面已过期，请刷新后重试", "the form's CSRF token is missing or stale")


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _int_or_none(form: FormData, name: str) -> int | None:
    value = _text(form, name)
    return int(value) if value.isdigit() else None


def _bool_choice(form: FormData, name: str) -> bool | None:
    return {"yes": True, "no": False}.get(_text(form, name))


def _invalid(exc: ValidationError) -> TicketInputError:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first.get("loc", ()))
    return TicketInputError(f"填写的「{field}」不符合要求", f"{field}: {first.get('msg', '')}")


def _form_value(form: FormData, name: str) -> Any:
    """A model field as the form carries it: the amount in yuan, a refusal reason chosen or
    typed; an empty field is left out (the model's default)."""
    if name == "recovered_fen":
        return yuan_to_fen(_text(form, "recovered_yuan"))
    if name == "reason":
        return _text(form, "reason") or _text(form, "reason_code") or None
    return _text(form, name) or None


def _action_request(form: FormData, *, group: bool = False) -> ActionInput:
    """The form as the action's request model, the one the JSON API validates with."""
    spec = actions.spec_of(_text(form, "action"))
    model = spec.group_request_model if group else spec.request_model
    values = {name: _form_value(form, name) for name in model.model_fields}
    return actions.parse_request(
        {name: value for name, value in values.items() if value is not None}, group=group
    )


@router.post("/tickets/{ticket_id}/actions")
async def ticket_action(
    request: Request, ticket_id: RowId, viewer: PageViewer, session: Session
) -> Response:
    form = await request.form()
    await visible_ticket(session, viewer=viewer, ticket_id=ticket_id)  # 404 before anything
    try:
        if not csrf_ok(request, _text(form, "csrf")):
            raise _STALE
        action = _action_request(form)
        await ticket_changes.act_on_ticket(request, session, viewer, ticket_id, action)
    except TicketError as exc:
        await session.rollback()
        return await ticket_page(
            request, session, viewer, ticket_id, error=exc.zh, status=error_status(exc)
        )
    label = actions.action_of(action).label
    return redirect(f"/inspect/tickets/{ticket_id}", flash=f"已{label}", request=request)


@router.post("/tickets/{ticket_id}/followup")
async def followup(
    request: Request, ticket_id: RowId, viewer: PageViewer, session: Session
) -> Response:
    form = await request.form()
    await visible_ticket(session, viewer=viewer, ticket_id=ticket_id)
    try:
        if not csrf_ok(request, _text(form, "csrf")):
            raise _STALE
        paid = _bool_choice(form, "paid")
        if paid is None:
            raise TicketInputError("请选择是否已拿到工资", "say whether the wages were paid")
        try:
            answer = casework.FollowupRequest(
                paid=paid,
                satisfied=_bool_choice(form, "satisfied"),
                comment=_text(form, "comment"),
                expected_version=_int_or_none(form, "expected_version"),
            )
        except ValidationError as exc:
            raise _invalid(exc) from None
        ticket = await ticket_changes.record_followup(request, session, viewer, ticket_id, answer)
    except TicketError as exc:
        await session.rollback()
        return await ticket_page(
            request, session, viewer, ticket_id, error=exc.zh, status=error_status(exc)
        )
    done = "已销号" if ticket.status == "closed" else "已重新办理"
    return redirect(f"/inspect/tickets/{ticket_id}", flash=f"回访已登记：{done}", request=request)


@router.post("/tickets/{ticket_id}/reveal")
async def reveal(
    request: Request, ticket_id: RowId, viewer: PageViewer, session: Session
) -> Response:
    """Show the complainant's name, phone and ID number; the view is audited."""
    form = await request.form()
    if not csrf_ok(request, _text(form, "csrf")):
        await visible_ticket(session, viewer=viewer, ticket_id=ticket_id)
        return await ticket_page(request, session, viewer, ticket_id, error=_STALE.zh, status=400)
    return await ticket_page(request, session, viewer, ticket_id, reveal_pii=True)


@router.post("/groups/{group_id}/actions")
async def group_action(
    request: Request, group_id: RowId, viewer: PageViewer, session: Session
) -> Response:
    form = await request.form()
    try:
        if not csrf_ok(request, _text(form, "csrf")):
            raise _STALE
        action = _action_request(form, group=True)
        report = await ticket_changes.act_on_group(request, session, viewer, group_id, action)
    except TicketNotFound:
        raise
    except TicketError as exc:
        await session.rollback()
        return error_page(request, exc, request.state.user)
    label = report.action.label
    message = f"「{label}」已执行 {len(report.applied)} 件"
    if report.skipped:
        message += "；未执行：" + "；".join(f"{s.number}（{s.zh}）" for s in report.skipped)
    return redirect(f"/inspect/groups/{group_id}", flash=message, request=request)
