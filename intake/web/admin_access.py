"""Who may use the admin area (/admin), on the one staff sign-in of /login.

/admin reads the same `anxin_session` cookie as the inspector pages: there is no second login.
The user (and so the role) is read from the database on every request; admins edit,
supervisors (the office) look, everyone else is sent back to their own pages.

Every state-changing request under /admin carries the session's CSRF token, either as the
`csrf` form field (the pages add it to every form) or as the `X-CSRF-Token` header (the
admin's scripts send it with their requests), so a POST from another site is refused.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from sqladmin.authentication import AuthenticationBackend
from sqladmin.authorization import AuthorizationBackend
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.datastructures import FormData
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from intake.settings import Settings
from intake.web.auth import current_user_or_none
from intake.web.session_auth import csrf_token
from models import User

ADMIN_ROLES = ("admin", "supervisor")
READ_ACTIONS = frozenset({"list", "details", "export"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD, CSRF_HEADER = "csrf", "x-csrf-token"
MAX_FORM_BYTES = 20 * 1024 * 1024  # an employer-registry CSV import is the largest form


def admin_user(request: HTTPConnection) -> User | None:
    """The signed-in user of this /admin request (set by `StaffSession.authenticate`)."""
    user = getattr(request.state, "anxin_user", None)
    return user if isinstance(user, User) else None


class StaffSession(AuthenticationBackend):
    """sqladmin's login hooks on top of the /login session (no cookie of its own)."""

    def __init__(self, settings: Settings, factory: async_sessionmaker[AsyncSession]) -> None:
        # no super().__init__: that would add a second session middleware and cookie
        self.middlewares: list[Any] = []
        self._settings = settings
        self._factory = factory

    async def login(self, request: Request) -> bool:
        return False  # signing in happens at /login; Admin.login redirects there

    async def logout(self, request: Request) -> bool:
        request.session.clear()
        return True

    async def authenticate(self, request: Request) -> Response | bool:
        async with self._factory() as session:
            user = await current_user_or_none(
                request=request, session=session, settings=self._settings, token=None
            )
        if user is None:
            here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(here, safe='')}", status_code=303)
        if user.role not in ADMIN_ROLES:
            return HTMLResponse(
                "<!doctype html><meta charset=utf-8><title>无权访问</title>"
                "<p>管理后台只对管理员和联席办开放。<a href='/inspect'>返回工单队列</a></p>",
                status_code=403,
            )
        request.state.anxin_user = user
        csrf_token(request)  # every admin page can then put the token into its forms
        return True

    async def get_user_id(self, request: Request) -> Any:
        user = admin_user(request)
        return None if user is None else user.id


class RolePermissions(AuthorizationBackend):
    def has_permission(
        self, request: Request, identity: str, action: str, obj: Any | None = None
    ) -> bool:
        user = admin_user(request)
        role = user.role if user is not None else None
        return role == "admin" or (role == "supervisor" and action in READ_ACTIONS)


def _refused() -> Response:
    return HTMLResponse(
        "<!doctype html><meta charset=utf-8><title>请求被拒绝</title>"
        "<p>页面已过期或请求不是从本系统页面发出的，未做任何修改。请返回上一页刷新后重试。</p>",
        status_code=403,
    )


class AdminCsrf:
    """Refuses a state-changing /admin request without the session's CSRF token."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self._app(scope, receive, send)
            return
        session = scope.get("session") or {}
        expected = session.get("csrf") if isinstance(session, dict) else None
        if not isinstance(expected, str):
            await _refused()(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        sent = headers.get(CSRF_HEADER.encode(), b"").decode("latin-1")
        if sent and secrets.compare_digest(sent, expected):
            await self._app(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            await _refused()(scope, receive, send)
            return
        replay = _replay(body)
        form = await _form(scope, _replay(body))
        submitted = form.get(CSRF_FIELD) if form is not None else None
        if not isinstance(submitted, str) or not secrets.compare_digest(submitted, expected):
            await _refused()(scope, receive, send)
            return
        await self._app(scope, replay, send)


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


async def _form(scope: Scope, receive: Receive) -> FormData | None:
    try:
        return await Request(scope, receive).form()
    except Exception:  # a body that is not a form carries no token either
        return None


def middlewares() -> Sequence[Any]:
    from starlette.middleware import Middleware

    return [Middleware(AdminCsrf)]
