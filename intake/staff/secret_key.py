"""The key that signs staff sessions and API tokens.

There is no default: a key in the source would let anyone who reads it forge an admin's
session. `ANXIN_SECRET_KEY` sets it; the demo (`anxin demo seed` on a SQLite file) generates
a random one once and keeps it beside the database, readable by its owner only.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

# The value earlier versions fell back to; it is public, so it is refused outright.
RETIRED_KEYS = frozenset({"dev-insecure-change-me"})
MIN_LENGTH = 16
KEY_FILE_SUFFIX = ".secret-key"
HOW_TO_SET = (
    "set ANXIN_SECRET_KEY to a long random value, e.g. "
    "`export ANXIN_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')` "
    "(or put it in .env); every server process and replica needs the same value"
)


class SecretKeyError(ValueError):
    """No usable signing key; the message says how to set one."""


def key_file_for(database_url: str) -> Path | None:
    """Where the demo keeps its key: beside a SQLite database file (None for other databases)."""
    url = make_url(database_url)
    if not url.drivername.startswith("sqlite") or url.database in (None, "", ":memory:"):
        return None
    return (
        Path(str(url.database))
        .expanduser()
        .resolve()
        .with_name(Path(str(url.database)).name + KEY_FILE_SUFFIX)
    )


def check_key(value: str) -> str:
    if value in RETIRED_KEYS:
        raise SecretKeyError(f"ANXIN_SECRET_KEY has the old published default value: {HOW_TO_SET}")
    if len(value) < MIN_LENGTH:
        raise SecretKeyError(
            f"ANXIN_SECRET_KEY is shorter than {MIN_LENGTH} characters: {HOW_TO_SET}"
        )
    return value


def resolve(configured: str | None, database_url: str) -> str:
    """The signing key: the configured one, else the demo database's key file."""
    if configured:
        return check_key(configured)
    path = key_file_for(database_url)
    if path is not None and path.is_file():
        return check_key(path.read_text(encoding="utf-8").strip())
    raise SecretKeyError(f"no secret key: {HOW_TO_SET}")


def ensure_demo_key(database_url: str) -> Path | None:
    """Create the demo database's key file unless it exists (None if the database is not a
    SQLite file). Made with mode 0600 from the start, so no other user can ever read it."""
    path = key_file_for(database_url)
    if path is None:
        return None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(secrets.token_urlsafe(32) + "\n")
    return path
