"""Log set-up for the commands and for each `anxin serve` process."""

from __future__ import annotations

import logging
import re

import jieba

FORMAT = "%(levelname)s %(name)s: %(message)s"
# the path argument of uvicorn's access line: client, method, path, HTTP version, status
_PATH_ARG = 2
_CHAT_SESSION = re.compile(r"(/api/chat/sessions/)[^/?#\s]+")


def configure(level: str) -> None:
    """Root logging at `level`. A spawned server process starts with none, and without this
    the app's own lines below WARNING (router rebuilds, the outbox) never reach the log."""
    logging.basicConfig(format=FORMAT)
    logging.getLogger().setLevel(level.upper())
    # jieba sets its own logger to DEBUG, with a handler of its own, when first imported
    jieba.setLogLevel(logging.WARNING)  # dictionary loading is not news
    logging.getLogger("uvicorn.access").addFilter(MASK_CHAT_SESSIONS)


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
