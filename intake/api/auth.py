"""Staff sign-in: bearer tokens for the API (OAuth2 password flow) and a session cookie for pages.

Tokens are signed and time-limited (itsdangerous); they carry the user id only, and every
request re-reads the user so a disabled account stops working at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from intake.accounts import verify_password
from intake.api.deps import get_session, get_settings
from intake.settings import Settings
from models import User

TOKEN_MAX_AGE_S = 12 * 3600
SESSION_COOKIE = "anxin_session"

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)
router = APIRouter(prefix="/api/auth", tags=["auth"])


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key.get_secret_value(), salt="anxin-api-token")


def issue_token(settings: Settings, user: User) -> str:
    return _serializer(settings).dumps({"uid": user.id})


def read_token(settings: Settings, token: str) -> int | None:
    try:
        data = _serializer(settings).loads(token, max_age=TOKEN_MAX_AGE_S)
    except (BadSignature, SignatureExpired):
        return None
    uid = data.get("uid") if isinstance(data, dict) else None
    return uid if isinstance(uid, int) else None


async def authenticate(session: AsyncSession, username: str, password: str) -> User | None:
    user = await session.scalar(select(User).where(User.username == username))
    if user is None or user.disabled or not verify_password(password, user.password_hash):
        return None
    return user


async def current_user_or_none(
    request: Request,
    session: Annotated[AsyncSession, Depends(get_session)],
    settings: Annotated[Settings, Depends(get_settings)],
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User | None:
    uid = read_token(settings, token) if token else None
    if uid is None and "session" in request.scope:
        session_uid = request.session.get("uid")
        uid = session_uid if isinstance(session_uid, int) else None
    if uid is None:
        return None
    user = await session.get(User, uid)
    return None if user is None or user.disabled else user


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
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: Annotated[AsyncSession, Depends(get_session)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> dict[str, str | int]:
    """OAuth2 password flow: username + password -> bearer token."""
    user = await authenticate(session, form.username, form.password)
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
