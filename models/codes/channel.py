"""The channels a worker talks to the service on, stored with each conversation, complaint
and outbox message."""

from __future__ import annotations

from collections.abc import Mapping

CHANNELS: tuple[str, ...] = ("telegram", "web", "terminal")

CHANNEL_LABELS: Mapping[str, str] = {"telegram": "Telegram", "web": "网页对话", "terminal": "终端"}


def channel_label(code: str) -> str:
    return CHANNEL_LABELS.get(code, code)
