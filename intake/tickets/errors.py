"""Errors of the ticket workflow. Each carries a Chinese and an English message so the web
page, the bot and the log can show the one they need."""

from __future__ import annotations


class TicketError(Exception):
    """A request about a ticket that cannot be done; the messages say why."""

    code = "ticket_error"

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


class TicketNotFound(TicketError):
    code = "not_found"


class TicketConflict(TicketError):
    """Someone else changed the ticket since it was read: reload and decide again."""

    code = "conflict"


class TicketInputError(TicketError):
    """A missing or invalid parameter (no reason given, unknown task force, ...)."""

    code = "invalid_input"
