"""Log set-up: chat session ids stay out of the access log."""

from __future__ import annotations

import logging

from intake.cli.logs import MaskChatSessions


def access_line(path: str) -> logging.LogRecord:
    """A record as uvicorn's access logger makes one."""
    return logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "POST", path, "1.1", 200),
        None,
    )


def test_a_chat_session_id_is_masked_wherever_it_appears_in_the_path() -> None:
    mask = MaskChatSessions()
    for path, shown in [
        ("/api/chat/sessions/Zx_9-abc/messages", "/api/chat/sessions/…/messages"),
        ("/api/chat/sessions/Zx_9-abc", "/api/chat/sessions/…"),
        ("/api/chat/sessions/Zx_9-abc?x=1", "/api/chat/sessions/…?x=1"),
        ("/api/chat/sessions", "/api/chat/sessions"),
        ("/api/tickets/42", "/api/tickets/42"),
    ]:
        record = access_line(path)
        assert mask.filter(record)
        assert record.getMessage() == f'127.0.0.1:5000 - "POST {shown} HTTP/1.1" 200'


def test_other_records_pass_unchanged() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "plain %s", ("text",), None)
    assert MaskChatSessions().filter(record) and record.getMessage() == "plain text"
