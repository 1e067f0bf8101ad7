"""The office's list of messages that could not be delivered (/inspect/messages): what was
sent to whom, why it failed, the worker's phone to call instead, and a button that queues
the message again (`intake.messaging.retry_dead`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from intake import messaging
from intake.staff.access import AccessDenied, Viewer
from intake.tickets.errors import TicketInputError
from intake.web.inspect_common import PageRoute, PageViewer, Session, redirect, render
from intake.web.session_auth import csrf_ok
from models.codes.channel import CHANNEL_LABELS

router = APIRouter(prefix="/inspect", route_class=PageRoute, include_in_schema=False)

DELIVERY_FAILURE_LABELS = {messaging.DEAD: "多次重试失败", messaging.BLOCKED: "无法送达"}


def _office_only(viewer: Viewer) -> None:
    if not viewer.sees_all:
        raise AccessDenied(
            "只有联席会议办公室可以查看发送失败的消息", "failed messages are for the office only"
        )


@router.get("/messages", response_class=HTMLResponse)
async def failed_messages(request: Request, viewer: PageViewer, session: Session) -> Response:
    _office_only(viewer)
    rows = await messaging.failed_messages(session)
    return render(
        request,
        "inspect/messages.html",
        {"rows": rows, "channels": CHANNEL_LABELS, "statuses": DELIVERY_FAILURE_LABELS},
    )


@router.post("/messages/{message_id}/retry")
async def retry_message(
    request: Request, message_id: int, viewer: PageViewer, session: Session
) -> Response:
    _office_only(viewer)
    form = await request.form()
    csrf = form.get("csrf")
    if not csrf_ok(request, csrf if isinstance(csrf, str) else None):
        raise TicketInputError(
            "页面已过期，请刷新后重试", "the form's CSRF token is missing or stale"
        )
    requeued = await messaging.retry_dead(session, ids=[message_id], include_blocked=True)
    await session.commit()
    flash = (
        f"消息 #{message_id} 已重新排队发送" if requeued else f"消息 #{message_id} 不在失败列表中"
    )
    return redirect("/inspect/messages", flash=flash, request=request)
