"""The input boundary: text a person typed, on any channel, made safe to store and show.

NUL and the other control characters (C0 and C1, DEL) are removed, as are lone surrogates
(JSON can carry them; no database can store them); line breaks and tabs stay. A NUL made
PostgreSQL refuse the whole complaint, and a control character in a project name made the
XLSX ledger unwritable for everyone. Everything a person sends passes here:

- the workers' dialogue (web chat, Telegram, terminal): `UserInput` cleans its text;
- the staff's JSON bodies: their request models derive from `TypedInput`;
- URLs and url-encoded form bodies (every HTML form, /admin's included): the `TypedUrls`
  middleware of intake.web.middleware.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, model_validator

# C0 controls except \t \n \r, DEL, C1 controls, and UTF-16 surrogate code points
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(text: str) -> str:
    """`text` without control characters (line breaks and tabs kept); \r\n becomes \n."""
    if _UNSAFE.search(text) is not None:
        text = _UNSAFE.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def clean_tree(value: Any) -> Any:
    """`clean` applied to every string in a JSON-like value (keys included)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_tree(k): clean_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_tree(v) for v in value]
    return value


class TypedInput(BaseModel):
    """A request body a person filled in: every string in it is cleaned before validation,
    so length limits and the stored value see the same text."""

    @model_validator(mode="before")
    @classmethod
    def _clean_typed_text(cls, data: Any) -> Any:
        return clean_tree(data)
