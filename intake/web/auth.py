"""Staff sign-in: bearer tokens for the API (OAuth2 password flow) and a session cookie for pages.

Tokens and the session cookie are signed and time-limited (itsdangerous); they carry the
user id and its session version only. Every request re-reads the user, so the role is always
the stored one, and a disabled account, or one whose role or password changed, stops working
at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.ext.asyncio import AsyncSession

from intake.chats.typed_text import clean
from intake.settings import Settings
from intake.staff import sign_in
from intake.staff.sign_in import TooManyAttempts
from intake.web.deps import get_session, get_settings
from models import User

TOKEN_MAX_AGE_S = 12 * 3600
SESSION_COOKIE = "anxin_session"

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)
router = APIRouter(prefix="/api/auth", tags=["auth"])


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.signing_key(), salt="anxin-api-token")


def issue_token(settings: Settings, user: User) -> str:
    return _serializer(settings).dumps({"uid": user.id, "v": user.session_version})


def read_token(settings: Settings, token: str) -> tuple[int, int] | None:
    """(user id, session version) from a valid token, else None."""
    try:
        data = _serializer(settings).loads(token, max_age=TOKEN_MAX_AGE_S)
    except (BadSignature, SignatureExpired):
        return None
    return _identity(data)


def _identity(data: object) -> tuple[int, int] | None:
    if not isinstance(data, Mapping):
        return None
    uid, version = data.get("uid"), data.get("v")
    if isinstance(uid, int) and isinstance(version, int):
        return uid, version
    return None


async def _live_user(session: AsyncSession, identity: tuple[int, int] | None) -> User | None:
    """The user behind a session or token, read now: None when disabled, or when the role,
    password or `disabled` changed since it was issued (the version moved on)."""
    if identity is None:
        return None
    uid, version = identity
    user = await session.get(User, uid, populate_existing=True)
    if user is None or user.disabled or user.session_version != version:
        return None
    return user


def start_session(request: Request, user: User) -> None:
    """Sign `user` in on this browser: a fresh session that names the user and its version."""
    request.session.clear()
    request.session["uid"] = user.id
    request.session["v"] = user.session_version


async def session_user(request: Request, session: AsyncSession) -> User | None:
    """The staff member signed in by the `anxin_session` cookie, with the role as stored now."""
    if "session" not in request.scope:
        return None
    return await _live_user(session, _identity(request.session))


async def check_password(
    request: Request,
    session: AsyncSession,
    *,
    settings: Settings,
    username: str,
    password: str,
    via: str,
) -> User | None:
    """Check a sign-in within the limits (TooManyAttempts when locked out or too busy)."""
    return await sign_in.authenticate(
        session,
        username=clean(username),
        password=password,
        address=request.client.host if request.client else "unknown",
        limit=settings.sign_in_limit(),
        via=via,
    )


async def current_user_or_none(
    request: Request,
    session: Annotated[AsyncSession, Depends(get_session)],
    settings: Annotated[Settings, Depends(get_settings)],
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User | None:
    if token:
        return await _live_user(session, read_token(settings, token))
    return await session_user(request, session)


def require_role(*roles: str) -> Callable[..., Awaitable[User]]:
    """Dependency: the signed-in user, who must hold one of `roles` (any role when empty)."""

    async def dependency(
        user: Annotated[User | None, Depends(current_user_or_none)],
    ) -> User:
        if user is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                detail="not signed in",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if roles and user.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"needs role {'/'.join(roles)}")
        return user

    return dependency


@router.post("/token")
async def token(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: Annotated[AsyncSession, Depends(get_session)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> dict[str, str | int]:
    """OAuth2 password flow: username + password -> bearer token."""
    try:
        user = await check_password(
            request,
            session,
            settings=settings,
            username=form.username,
            password=form.password,
            via="api",
        )
    except TooManyAttempts as exc:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail="too many sign-in attempts or sign-ins at once; retry later",
            headers={"Retry-After": str(exc.retry_after)},
        ) from None
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="wrong username or password, or the account is disabled",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return {
        "access_token": issue_token(settings, user),
        "token_type": "bearer",
        "expires_in": TOKEN_MAX_AGE_S,
    }
