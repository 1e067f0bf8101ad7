"""绑定 Telegram on the inspector pages: a one-time code to send to the bot (`/link CODE`),
so that the buttons of the ticket cards in the task force's group act in this account's
name; and undoing the link.

The code is shown once, in the answer to the POST that made it (never in a cookie or a
URL); the database keeps only its hash.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from intake.staff import telegram_links
from intake.web.inspect_common import PageRoute, PageUser, Session, redirect, render
from intake.web.session_auth import csrf_ok
from models.base import utcnow

router = APIRouter(prefix="/inspect/telegram", route_class=PageRoute, include_in_schema=False)
_STALE = "页面已过期，请刷新后重试"


def _page(
    request: Request,
    *,
    linked_id: int | None,
    code: telegram_links.IssuedCode | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "inspect/telegram.html",
        {"linked_id": linked_id, "code": code, "error": error, "ttl_minutes": 15},
        status=status,
    )


@router.get("", response_class=HTMLResponse)
async def telegram_page(request: Request, user: PageUser) -> Response:
    return _page(request, linked_id=user.telegram_user_id)


@router.post("/code", response_class=HTMLResponse)
async def new_code(request: Request, user: PageUser, session: Session) -> Response:
    form = await request.form()
    if not csrf_ok(request, str(form.get("csrf") or "")):
        return _page(request, linked_id=user.telegram_user_id, error=_STALE, status=400)
    assert user.id is not None
    code = await telegram_links.issue_code(session, user_id=user.id, now=utcnow())
    linked = user.telegram_user_id
    await session.commit()
    return _page(request, linked_id=linked, code=code)


@router.post("/unlink")
async def unlink(request: Request, user: PageUser, session: Session) -> Response:
    form = await request.form()
    if not csrf_ok(request, str(form.get("csrf") or "")):
        return _page(request, linked_id=user.telegram_user_id, error=_STALE, status=400)
    done = await telegram_links.unlink(session, user=user, now=utcnow())
    await session.commit()
    return redirect(
        "/inspect/telegram",
        flash="已解除 Telegram 绑定" if done else "没有绑定 Telegram",
        request=request,
    )
