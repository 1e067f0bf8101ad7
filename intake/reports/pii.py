"""The audit trail of personal data: every unmasked view of a complainant's name, phone or
ID number, and every ledger export, leaves an AuditLog row (who, which, when — never the
values themselves)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from intake.staff.access import Viewer
from models import AuditLog

PII_FIELDS = ("complainant_name", "phone", "id_number")


def record_pii_view(
    session: AsyncSession,
    *,
    viewer: Viewer,
    ticket_id: int,
    number: str,
    via: str,
    now: datetime,
    fields: Sequence[str] = PII_FIELDS,
) -> None:
    session.add(
        AuditLog(
            actor_user_id=viewer.user_id,
            action="ticket.pii_view",
            object_type="ticket",
            object_id=str(ticket_id),
            detail={"number": number, "fields": list(fields), "via": via},
            created_at=now,
        )
    )


def record_export(
    session: AsyncSession,
    *,
    viewer: Viewer,
    file_format: str,
    filters: dict[str, Any],
    with_pii: bool,
    now: datetime,
) -> None:
    session.add(
        AuditLog(
            actor_user_id=viewer.user_id,
            action="ledger.export_pii" if with_pii else "ledger.export",
            object_type="ledger",
            object_id=file_format,
            detail={"filters": filters, "fields": list(PII_FIELDS) if with_pii else []},
            created_at=now,
        )
    )
