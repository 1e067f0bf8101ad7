"""Commands: /back /restart /cancel /help /status /start, and the same in plain words."""

from __future__ import annotations

import re
from typing import Literal

from intake.dialogue.extract.normalize import compact

Command = Literal["back", "restart", "cancel", "help", "status", "start"]

_SLASH = re.compile(r"^/(?P<cmd>[a-z]+)(?:@\w+)?(?:\s.*)?$", re.IGNORECASE)
_SLASH_NAMES: dict[str, Command] = {
    "back": "back",
    "restart": "restart",
    "new": "restart",
    "cancel": "cancel",
    "help": "help",
    "status": "status",
    "start": "start",
}
# Whole-message words (punctuation removed) that mean a command.
_WORDS: dict[str, Command] = {
    **dict.fromkeys(("返回", "上一步", "退回", "回到上一步", "返回上一步", "后退"), "back"),
    **dict.fromkeys(("重新开始", "重来", "重新填", "从头开始", "重新填写", "从头再来"), "restart"),
    **dict.fromkeys(("取消", "取消投诉", "不投诉了", "不想投诉了", "不办了"), "cancel"),
    **dict.fromkeys(("帮助", "怎么用", "help", "?", "？", "使用说明"), "help"),
    **dict.fromkeys(("查询进度", "查进度", "进度", "查询", "投诉进度", "办得怎么样了"), "status"),
}


def parse_command(text: str) -> Command | None:
    t = text.strip()
    m = _SLASH.match(t)
    if m:
        return _SLASH_NAMES.get(m.group("cmd").lower())
    word = re.sub(r"[。.!！,，~]+$", "", compact(t)).lower()
    return _WORDS.get(word)
