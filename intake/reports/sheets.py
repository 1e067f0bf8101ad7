"""Spreadsheets people file: columns as wide as their content, a frozen header row with
filters, and numbers stored as numbers with a format (元, %), so they sum and sort."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

YUAN = '#,##0.00" 元"'
PERCENT = "0.0%"
DATETIME = "yyyy-mm-dd hh:mm"
SCORE = "0.0"
MIN_WIDTH, MAX_WIDTH = 6.0, 60.0


def shown_width(value: Any) -> float:
    """Roughly how many character cells `value` takes in a spreadsheet (CJK count two)."""
    if value is None:
        return 0.0
    if isinstance(value, datetime):
        return 16.0
    if isinstance(value, date):
        return 10.0
    text = f"{value:,.2f} 元" if isinstance(value, float) else str(value)
    longest = max(text.split("\n"), key=len) if text else ""
    return float(sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in longest))


def fitted_widths(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[float]:
    widths = [shown_width(name) + 2 for name in header]  # room for the filter button
    for row in rows:
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], shown_width(value))
    return [min(max(w + 1, MIN_WIDTH), MAX_WIDTH) for w in widths]


def set_widths(sheet: Any, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = round(width, 1)


def header_cells(sheet: Any, header: Sequence[str]) -> list[WriteOnlyCell]:
    cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
        cells.append(cell)
    return cells


def formatted(sheet: Any, value: Any, number_format: str | None) -> Any:
    if number_format is None or value is None or isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def freeze_and_filter(sheet: Any, *, columns: int, rows: int, top: int = 1) -> None:
    """Header row `top` stays in view and gets filter buttons over `rows` data rows."""
    sheet.freeze_panes = f"A{top + 1}"
    last = get_column_letter(max(columns, 1))
    sheet.auto_filter.ref = f"A{top}:{last}{top + max(rows, 0)}"
