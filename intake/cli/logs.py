"""Log set-up for the commands and for each `anxin serve` process."""

from __future__ import annotations

import logging
import re

import jieba

from intake.reports.masking import mask_in_text

FORMAT = "%(levelname)s %(name)s: %(message)s"
# the path argument of uvicorn's access line: client, method, path, HTTP version, status
_PATH_ARG = 2
_CHAT_SESSION = re.compile(r"(/api/chat/sessions/)[^/?#\s]+")


def configure(level: str) -> None:
    """Root logging at `level`. A spawned server process starts with none, and without this
    the app's own lines below WARNING (router rebuilds, the outbox) never reach the log.
    Every line is written with phone and ID numbers masked (`MaskedRecord`)."""
    logging.setLogRecordFactory(MaskedRecord)
    logging.basicConfig(format=FORMAT)
    logging.getLogger().setLevel(level.upper())
    # SQLAlchemy logs every statement at INFO when the root logger is at INFO
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    # jieba sets its own logger to DEBUG, with a handler of its own, when first imported
    jieba.setLogLevel(logging.WARNING)  # dictionary loading is not news
    logging.getLogger("uvicorn.access").addFilter(MASK_CHAT_SESSIONS)


class MaskedRecord(logging.LogRecord):
    """A log record whose text, and the traceback attached to it, shows phone and ID numbers
    masked, whichever logger or handler (ours, uvicorn's, a library's) writes it: a
    complainant's number in an error message must not end up in the log files."""

    def getMessage(self) -> str:
        return mask_in_text(super().getMessage())

    @property
    def exc_text(self) -> str | None:
        return self._exc_text

    @exc_text.setter
    def exc_text(self, value: str | None) -> None:
        # Formatter.format caches the formatted traceback here before writing it
        self._exc_text = mask_in_text(value) if value else value


class MaskChatSessions(logging.Filter):
    """A web chat session id is its bearer secret: whoever holds it can read and continue
    that worker's conversation, so access lines show the path without it."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        path = args[_PATH_ARG] if isinstance(args, tuple) and len(args) > _PATH_ARG else None
        if isinstance(path, str) and isinstance(args, tuple):
            masked = _CHAT_SESSION.sub(r"\1…", path)
            record.args = (*args[:_PATH_ARG], masked, *args[_PATH_ARG + 1 :])
        return True


# one instance, so that configuring twice adds it once (Logger.addFilter skips a repeat)
MASK_CHAT_SESSIONS = MaskChatSessions()
