"""What the inspector pages share: templates and their filters, the signed-in viewer, and
how refused requests are shown (an HTML page with the Chinese message, never a stack)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession

from intake.reports.queue import FilterError
from intake.staff.access import AccessDenied, Viewer, load_viewer
from intake.tickets.errors import TicketConflict, TicketError, TicketInputError, TicketNotFound
from intake.tickets.lifecycle import TransitionError
from intake.web.auth import current_user_or_none
from intake.web.deps import get_session
from intake.web.inspect_templates import TEMPLATES
from intake.web.session_auth import csrf_token, login_redirect
from models import User

STAFF_ROLES = ("inspector", "supervisor", "admin")


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in, as the page header shows it: a plain copy, so that a rolled-back
    transaction (a refused action) cannot expire it halfway through rendering."""

    username: str
    display_name: str
    role: str


class LoginRequired(Exception):
    """No signed-in staff member: the page sends the browser to /login."""


def error_status(exc: Exception) -> int:
    if isinstance(exc, AccessDenied):
        return 403
    if isinstance(exc, TicketNotFound):
        return 404
    if isinstance(exc, TicketConflict):
        return 409
    if isinstance(exc, TransitionError | TicketInputError | FilterError):
        return 422
    return 400


def error_page(request: Request, exc: TicketError | FilterError, user: SignedIn | None) -> Response:
    return TEMPLATES.TemplateResponse(
        request,
        "inspect/error.html",
        {"message": exc.zh, "detail": exc.en, "user": user, "status": error_status(exc)},
        status_code=error_status(exc),
    )


class PageRoute(APIRoute):
    """Routes of the HTML pages: not signed in -> /login; a refused request -> an HTML
    error page with its status (403, 404, 409, 422)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                return await handler(request)
            except LoginRequired:
                return login_redirect(request)
            except (TicketError, FilterError) as exc:
                return error_page(request, exc, request.state.__dict__.get("user"))

        return page


async def page_user(
    request: Request, user: Annotated[User | None, Depends(current_user_or_none)]
) -> User:
    if user is None or user.role not in STAFF_ROLES:
        raise LoginRequired()
    request.state.user = SignedIn(user.username, user.display_name, user.role)
    return user


async def page_viewer(
    user: Annotated[User, Depends(page_user)],
    session: Annotated[AsyncSession, Depends(get_session)],
) -> Viewer:
    return await load_viewer(session, user)


PageUser = Annotated[User, Depends(page_user)]
PageViewer = Annotated[Viewer, Depends(page_viewer)]
Session = Annotated[AsyncSession, Depends(get_session)]


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    flash = request.session.pop("flash", None) if "session" in request.scope else None
    base = {
        "user": getattr(request.state, "user", None),
        "csrf": csrf_token(request),
        "flash": flash,
    }
    return TEMPLATES.TemplateResponse(request, template, base | context, status_code=status)


def redirect(url: str, *, flash: str | None = None, request: Request | None = None) -> Response:
    if flash and request is not None:
        request.session["flash"] = flash
    return RedirectResponse(url, status_code=303)


def yuan_to_fen(text: str | None) -> int | None:
    """'1,234.5' -> 123450; empty -> None; anything else -> TicketInputError."""
    value = (text or "").replace(",", "").replace("，", "").replace("元", "").strip()
    if not value:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise TicketInputError(
            f"金额「{text}」不是数字", f"amount {text!r} is not a number"
        ) from None
    if not amount.is_finite() or amount < 0 or amount > Decimal("1e11"):
        raise TicketInputError(f"金额「{text}」不合理", f"amount {text!r} is out of range")
    return int((amount * 100).to_integral_value())
