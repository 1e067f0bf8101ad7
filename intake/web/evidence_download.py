"""A worker's web chat evidence file, served to the staff who may see its ticket (on the
ticket page and under /api/tickets)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from intake.chats import evidence_files
from intake.reports.ticket_view import visible_ticket
from intake.staff.access import Viewer
from intake.tickets.errors import TicketNotFound
from intake.tickets.store import get_complaint


async def evidence_response(
    session: AsyncSession, *, viewer: Viewer, ticket_id: int, token: str
) -> Response:
    """The file; TicketNotFound when the ticket is not the viewer's or does not hold it."""
    ticket = await visible_ticket(session, viewer=viewer, ticket_id=ticket_id)
    complaint = await get_complaint(session, ticket.complaint_id)
    stored = (
        await evidence_files.load(session, token=token)
        if evidence_files.belongs_to(complaint.attachments, token)
        else None
    )
    if stored is None:
        raise TicketNotFound(f"工单 {ticket.number} 没有这份材料", "no such evidence file")
    return Response(
        stored.data,
        media_type=stored.media_type,
        headers={
            "Content-Disposition": f"inline; filename*=UTF-8''{quote(stored.file_name)}",
            # the type was read from the content: the browser must not guess another, and a
            # PDF is shown with no script of ours or theirs
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
            "Cache-Control": "private, max-age=3600",
        },
    )
