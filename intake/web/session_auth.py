"""Staff sign-in for the web pages: a signed session cookie (`anxin_session`), the /login
page, /logout, and a CSRF token for every form.

The admin area (/admin, sqladmin) uses this same session: one sign-in for every staff page.
"""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from intake.settings import Settings
from intake.staff.sign_in import TooManyAttempts
from intake.web.auth import (
    SESSION_COOKIE,
    TOKEN_MAX_AGE_S,
    check_password,
    current_user_or_none,
    start_session,
)
from intake.web.deps import get_session
from intake.web.inspect_templates import TEMPLATES
from models import AuditLog, User
from models.base import utcnow

# the worker chat and health checks never use a staff session
SKIPPED_PREFIXES = ("/static", "/api/chat/", "/healthz")
router = APIRouter(include_in_schema=False)


class PageSessions:
    """Starlette's SessionMiddleware, except on the paths that keep sessions of their own."""

    def __init__(self, app: ASGIApp, *, secret_key: str, https_only: bool) -> None:
        self._app = app
        self._with_session = SessionMiddleware(
            app,
            secret_key=secret_key,
            session_cookie=SESSION_COOKIE,
            max_age=TOKEN_MAX_AGE_S,
            same_site="lax",
            https_only=https_only,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] in ("http", "websocket") else ""
        if scope["type"] in ("http", "websocket") and not path.startswith(SKIPPED_PREFIXES):
            await self._with_session(scope, receive, send)
        else:
            await self._app(scope, receive, send)


def install(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(
        PageSessions,
        secret_key=settings.signing_key(),
        https_only=settings.public_url.startswith("https://"),
    )
    app.include_router(router)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


def csrf_ok(request: Request, submitted: str | None) -> bool:
    token = request.session.get("csrf") if "session" in request.scope else None
    return isinstance(token, str) and secrets.compare_digest(token, submitted or "")


def safe_next(target: str | None) -> str:
    """Only our own paths: never an open redirect to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/inspect"


def login_redirect(request: Request) -> RedirectResponse:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(here, safe='')}", status_code=303)


def _login_page(request: Request, *, next_url: str, error: str = "", status: int = 200) -> Response:
    return TEMPLATES.TemplateResponse(
        request,
        "inspect/login.html",
        {"next": next_url, "error": error, "csrf": csrf_token(request), "user": None},
        status_code=status,
    )


@router.get("/login", response_class=HTMLResponse)
async def login_form(
    request: Request,
    user: Annotated[User | None, Depends(current_user_or_none)],
    next: str | None = None,
) -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next_url=safe_next(next))


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    session: Annotated[AsyncSession, Depends(get_session)],
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    csrf: Annotated[str, Form(max_length=64)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/inspect",
) -> Response:
    target = safe_next(next)
    if not csrf_ok(request, csrf):
        return _login_page(request, next_url=target, error="页面已过期，请重新登录", status=400)
    try:
        user = await check_password(
            request,
            session,
            settings=request.app.state.settings,
            username=username.strip(),
            password=password,
            via="web",
        )
    except TooManyAttempts as exc:
        minutes = max(1, round(exc.retry_after / 60))
        error = "登录人数过多，请稍后再试" if exc.busy else f"尝试次数过多，请 {minutes} 分钟后再试"
        page = _login_page(request, next_url=target, error=error, status=429)
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    if user is None:
        return _login_page(
            request, next_url=target, error="用户名或密码错误，或账号已停用", status=401
        )
    start_session(request, user)  # a fresh session (and CSRF token) at every sign-in
    csrf_token(request)
    session.add(
        AuditLog(
            actor_user_id=user.id,
            action="user.login",
            object_type="user",
            object_id=str(user.id),
            detail={"via": "web"},
            created_at=utcnow(),
        )
    )
    await session.commit()
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
async def logout(request: Request) -> RedirectResponse:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
