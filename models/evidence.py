"""Files workers send as evidence through the web chat, kept in the database so that every
server replica can serve them. (Telegram keeps the files sent there; their evidence entries
carry Telegram's file id instead.)"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, LargeBinary
from sqlmodel import Field, SQLModel

from models.base import created_at_field


class EvidenceFile(SQLModel, table=True):
    __tablename__ = "evidence_file"
    # the housekeeping's question: which old files are not known to be in a complaint
    __table_args__ = (Index("ix_evidence_file_unclaimed", "in_complaint", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(max_length=32, unique=True, description="named in the evidence entry")
    channel: str = Field(max_length=16)
    external_id: str = Field(max_length=128, index=True, description="the conversation")
    kind: str = Field(max_length=16, description="photo | document")
    media_type: str = Field(max_length=64, description="read from the content, not the name")
    file_name: str = Field(default="", max_length=256)
    size: int
    sha256: str = Field(max_length=64)
    data: bytes = Field(sa_type=LargeBinary)
    created_at: datetime = created_at_field()
    in_complaint: bool = Field(
        default=False, description="found in a complaint: kept; else deleted when left unused"
    )
