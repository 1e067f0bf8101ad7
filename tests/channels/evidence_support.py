"""Files for the evidence tests: a real picture (a PNG any browser draws), a PDF, and the
staff accounts that look at them."""

from __future__ import annotations

import struct
import zlib
from functools import cache

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from intake.staff.accounts import hash_password
from models import TaskForce, User, UserTaskForce

PASSWORD = "evidence-pass-9"


def png(width: int = 48, height: int = 32, rgb: tuple[int, int, int] = (179, 38, 30)) -> bytes:
    """A solid-colour PNG, built by hand (no imaging library in the project)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


@cache
def _password_hash() -> str:
    return hash_password(PASSWORD)  # argon2 is slow on purpose: once per test run


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


async def add_staff(session: AsyncSession) -> None:
    """`office` (sees every ticket) and `sme` (an inspector of the SME task force only)."""
    sme = await session.scalar(select(TaskForce.id).where(TaskForce.code == "TF7_SME"))
    assert sme is not None
    office = User(username="office", password_hash=_password_hash(), role="supervisor")
    inspector = User(username="sme", password_hash=_password_hash(), role="inspector")
    session.add_all([office, inspector])
    await session.flush()
    assert inspector.id is not None
    session.add(UserTaskForce(user_id=inspector.id, task_force_id=sme))
    await session.commit()
