"""The JSON-lines protocol of ``anxin route`` (docs/interfaces.md, "anxin route").

Input: one ``{"text", "fields"}`` object per line. Output: one object per non-blank input line,
``{"task_force", "township", "flags", "priority", "employer", "reasons", ...}``. A line that
cannot be read gets an object with ``"error"`` and null decision fields, never a crash, so the
output stays line-aligned with the input.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from routing.router import Router

__all__ = ["route_line", "run_route"]


def _error(message: str) -> dict[str, Any]:
    return {
        "task_force": None,
        "township": None,
        "flags": [],
        "priority": None,
        "employer": None,
        "reasons": [],
        "error": message,
    }


def route_line(router: Router, line: str) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error(f"not valid JSON: {exc.msg} (column {exc.colno})")
    if isinstance(obj, str):  # a bare message is a complaint with no collected fields
        obj = {"text": obj, "fields": {}}
    if not isinstance(obj, dict):
        return _error('expected an object {"text": ..., "fields": {...}}')
    text = obj.get("text")
    fields = obj.get("fields")
    if text is not None and not isinstance(text, str):
        return _error('"text" must be a string')
    if fields is not None and not isinstance(fields, dict):
        return _error('"fields" must be an object')
    try:
        return router.route(text or "", fields or {}).to_json()
    except Exception as exc:  # one bad case must not stop a batch
        return _error(f"routing failed: {type(exc).__name__}: {exc}")


def run_route(router: Router, lines: Iterable[str], out: TextIO) -> int:
    """Route every non-blank line; returns how many lines were answered."""
    n = 0
    for line in lines:
        if not line.strip():
            continue
        out.write(json.dumps(route_line(router, line), ensure_ascii=False) + "\n")
        n += 1
    out.flush()
    return n
