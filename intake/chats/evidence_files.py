"""Evidence files sent through the web chat: what is accepted, where it is kept, who sees it.

A file is taken by its content, not its name or the type the browser claims: photos (JPEG,
PNG, WebP, and HEIC as iPhones take them) and PDF documents, up to MAX_BYTES. It is stored
in the turn that hands it to the dialogue (a turn hook), so a file is kept exactly when the
conversation took it. The dialogue keeps it like a file sent on Telegram: an evidence entry
on the draft, then on the complaint, whose file id is `web:<token>`; the inspector opens it
from the ticket.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from models import Complaint, DialogueSession, EvidenceFile

if TYPE_CHECKING:  # the conversation service is not needed to list a ticket's evidence
    from intake.chats.conversations import Turn, TurnHook

MAX_BYTES = 10 * 1024 * 1024
WEB_PREFIX = "web:"
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}


class BadEvidence(ValueError):
    """A file not taken; `message` is for the worker, `code` for the API."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class FileType:
    kind: str  # the dialogue's attachment kind: photo | document
    media_type: str
    extension: str


def sniff(head: bytes) -> FileType | None:
    """The type of a file from its first bytes; None for anything not accepted."""
    if head.startswith(b"\xff\xd8\xff"):
        return FileType("photo", "image/jpeg", "jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType("photo", "image/png", "png")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileType("photo", "image/webp", "webp")
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return FileType("photo", "image/heic", "heic")
    # PDF readers accept the header anywhere in the first kilobyte
    if b"%PDF-" in head[:1024]:
        return FileType("document", "application/pdf", "pdf")
    return None


def _megabytes(size: int) -> str:
    return (
        f"{size / 1024 / 1024:.0f}MB"
        if size % (1024 * 1024) == 0
        else f"{size / 1024 / 1024:.1f}MB"
    )


def too_large(size: int) -> BadEvidence:
    return BadEvidence(
        "too_large",
        f"文件太大了（约{_megabytes(size)}），最大 {_megabytes(MAX_BYTES)}。"
        "请换一张小一点的照片，或者把 PDF 分成几份发。",
    )


def check(data: bytes) -> FileType:
    """The file's type if it is taken as evidence; BadEvidence (in Chinese) if not."""
    if not data:
        raise BadEvidence("empty_file", "这个文件是空的，没有收到内容。请重新选择照片或 PDF 文件。")
    if len(data) > MAX_BYTES:
        raise too_large(len(data))
    found = sniff(data[:1024])
    if found is None:
        raise BadEvidence(
            "unsupported_file",
            "这个文件不是照片或 PDF，收不了。欠条、工资单、考勤记录、聊天记录请拍照"
            "（JPG、PNG、HEIC）或发 PDF 文件。",
        )
    return found


def clean_name(name: str, found: FileType) -> str:
    """The file name to show staff: the browser's, without any folder part, at most 200
    characters; one made up from the type when there is none."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = "".join(ch for ch in base if ch.isprintable())[:200]
    return base or f"{'照片' if found.kind == 'photo' else '文件'}.{found.extension}"


def new_file_id() -> str:
    return WEB_PREFIX + secrets.token_urlsafe(18)


def token_of(file_id: str) -> str | None:
    return file_id[len(WEB_PREFIX) :] if file_id.startswith(WEB_PREFIX) else None


def store(
    *, file_id: str, channel: str, external_id: str, found: FileType, name: str, data: bytes
) -> TurnHook:
    """A turn hook storing the file with the turn that hands it to the dialogue."""
    token = token_of(file_id)
    assert token is not None

    async def hook(session: AsyncSession, turn: Turn) -> None:
        session.add(
            EvidenceFile(
                token=token,
                channel=channel,
                external_id=external_id,
                kind=found.kind,
                media_type=found.media_type,
                file_name=name,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                data=data,
            )
        )
        await session.flush()

    return hook


async def load(session: AsyncSession, *, token: str) -> EvidenceFile | None:
    found: EvidenceFile | None = await session.scalar(
        select(EvidenceFile).where(EvidenceFile.token == token)
    )
    return found


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence of a complaint, as staff see it."""

    kind: str  # photo | document | video
    file_name: str
    received_at: datetime | None
    token: str | None  # a web chat file, served by the server; None: kept by Telegram
    stored: bool = False  # the web chat file is in the database
    media_type: str = ""
    size: int = 0

    @property
    def shows_inline(self) -> bool:
        """A picture every browser draws (HEIC is shown as a download)."""
        return self.media_type in ("image/jpeg", "image/png", "image/webp")


async def evidence_of(
    session: AsyncSession, attachments: list[dict[str, Any]]
) -> list[EvidenceItem]:
    """The evidence entries of a complaint, in the order received, with what is known of
    the web chat's files (not their content)."""
    entries = [a for a in attachments if isinstance(a, dict) and a.get("file_id")]
    tokens = [t for t in (token_of(str(a["file_id"])) for a in entries) if t is not None]
    known: dict[str, tuple[str, int]] = {}
    if tokens:
        rows = await session.execute(
            select(EvidenceFile.token, EvidenceFile.media_type, EvidenceFile.size).where(
                col(EvidenceFile.token).in_(tokens)
            )
        )
        known = {token: (media_type, size) for token, media_type, size in rows}
    items = []
    for entry in entries:
        token = token_of(str(entry["file_id"]))
        media_type, size = known.get(token or "", ("", 0))
        received = entry.get("received_at")
        items.append(
            EvidenceItem(
                kind=str(entry.get("kind", "")),
                file_name=str(entry.get("file_name") or ""),
                received_at=datetime.fromisoformat(received) if isinstance(received, str) else None,
                token=token,
                stored=token in known,
                media_type=media_type,
                size=size,
            )
        )
    return items


def belongs_to(attachments: list[dict[str, Any]], token: str) -> bool:
    """Whether the complaint with these attachments holds the web chat file `token`."""
    file_id = WEB_PREFIX + token
    return any(isinstance(a, dict) and a.get("file_id") == file_id for a in attachments)


# A file no complaint took (the worker declined consent, cancelled, started over, or left
# the draft) is deleted once it is this old: a draft offered back after days keeps its files.
KEEP_UNUSED = timedelta(days=30)


async def forget_unused(session: AsyncSession, *, now: datetime, batch: int = 200) -> int:
    """Look at the web chat files older than KEEP_UNUSED not yet found in a complaint: mark
    those a complaint holds (never looked at again), delete those neither a complaint nor
    their conversation's draft holds; how many were deleted. The caller commits."""
    deleted, after = 0, 0
    while True:
        old = (
            await session.execute(
                select(EvidenceFile.id, EvidenceFile.token, EvidenceFile.external_id)
                .where(
                    col(EvidenceFile.in_complaint).is_(False),
                    col(EvidenceFile.created_at) < now - KEEP_UNUSED,
                    col(EvidenceFile.id) > after,
                )
                .order_by(col(EvidenceFile.id))
                .limit(batch)
            )
        ).all()
        if not old:
            return deleted
        after = old[-1][0]
        deleted += await _sort_out(session, old)


async def _sort_out(session: AsyncSession, old: Sequence[Any]) -> int:
    conversations = {external_id for _, _, external_id in old}
    filed = await session.scalars(
        select(Complaint.attachments).where(
            Complaint.channel == "web", col(Complaint.external_id).in_(conversations)
        )
    )
    in_complaints = json.dumps(list(filed))
    drafts = await session.scalars(
        select(DialogueSession.state).where(
            DialogueSession.channel == "web", col(DialogueSession.external_id).in_(conversations)
        )
    )
    in_drafts = json.dumps(list(drafts))
    kept = [i for i, token, _ in old if WEB_PREFIX + token in in_complaints]
    unused = [i for i, token, _ in old if i not in kept and WEB_PREFIX + token not in in_drafts]
    if kept:
        await session.execute(
            update(EvidenceFile).where(col(EvidenceFile.id).in_(kept)).values(in_complaint=True)
        )
    if unused:
        await session.execute(delete(EvidenceFile).where(col(EvidenceFile.id).in_(unused)))
    return len(unused)
