"""Downloading the ledger (台账) as CSV or XLSX: the rows the user may see, under the
queue's filters. Personal data is masked unless the office asks for it with `pii=1`; every
export is written to the audit trail before the first byte is sent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from intake.localtime import to_local
from intake.reports.ledger import check_export, csv_chunks, ledger_rows, xlsx_bytes
from intake.reports.pii import record_export
from intake.reports.queue import QueueFilter, parse_filter
from intake.staff.access import Viewer
from intake.web.inspect_common import PageRoute, PageViewer
from models.base import utcnow

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
router = APIRouter(prefix="/inspect", route_class=PageRoute, include_in_schema=False)


def _disposition(fmt: str, flt: QueueFilter, *, with_pii: bool) -> str:
    """A name that says whether the file holds personal data, which filter, and when."""
    day = to_local(utcnow())
    items = flt.query_items(page=1, per_page=50)
    ascii_filter = "".join(f"-{k}-{v}" for k, v in items if v.isascii() and v.isprintable())
    zh_filter = "".join(f"-{v}" for _, v in items)
    kind, zh_kind = ("full", "含个人信息") if with_pii else ("masked", "脱敏")
    stamp = f"{day:%Y%m%d-%H%M}"
    ascii_name = f"anxin-ledger-{kind}{ascii_filter}-{stamp}.{fmt}".replace('"', "")
    utf8_name = quote(f"台账-{zh_kind}{zh_filter}-{stamp}.{fmt}", safe="")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{utf8_name}"


async def export_response(
    factory: async_sessionmaker[AsyncSession],
    *,
    viewer: Viewer,
    flt: QueueFilter,
    fmt: Literal["csv", "xlsx"],
    with_pii: bool,
) -> Response:
    check_export(viewer, flt, with_pii=with_pii)  # refused before anything is recorded
    async with factory() as session:
        record_export(
            session,
            viewer=viewer,
            file_format=fmt,
            filters=dict(flt.query_items(page=1, per_page=50)),
            with_pii=with_pii,
            now=utcnow(),
        )
        await session.commit()
    if fmt == "csv":

        async def body() -> AsyncIterator[bytes]:
            # a session of its own: the request's may be closed while the file streams
            async with factory() as session:
                rows = ledger_rows(session, viewer=viewer, flt=flt, with_pii=with_pii)
                async for chunk in csv_chunks(rows):
                    yield chunk

        return StreamingResponse(
            body(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": _disposition("csv", flt, with_pii=with_pii)},
        )
    async with factory() as session:
        data = await xlsx_bytes(ledger_rows(session, viewer=viewer, flt=flt, with_pii=with_pii))
    return Response(
        data,
        media_type=XLSX_MIME,
        headers={"Content-Disposition": _disposition("xlsx", flt, with_pii=with_pii)},
    )


def wants_pii(request: Request) -> bool:
    return request.query_params.get("pii", "").lower() in ("1", "true", "yes", "on")


@router.get("/export.csv")
async def export_csv(request: Request, viewer: PageViewer) -> Response:
    return await export_response(
        request.app.state.session_factory,
        viewer=viewer,
        flt=parse_filter(request.query_params),
        fmt="csv",
        with_pii=wants_pii(request),
    )


@router.get("/export.xlsx")
async def export_xlsx(request: Request, viewer: PageViewer) -> Response:
    return await export_response(
        request.app.state.session_factory,
        viewer=viewer,
        flt=parse_filter(request.query_params),
        fmt="xlsx",
        with_pii=wants_pii(request),
    )
