"""Short answers: yes / no / don't know, as workers type them (incl. dialect 中, 恁)."""

from __future__ import annotations

import re

from intake.dialogue.extract.normalize import compact

_YES = {
    "是", "是的", "对", "对的", "对呀", "对啊", "好", "好的", "可以", "行", "中", "中中", "嗯",
    "嗯嗯", "同意", "我同意", "确认", "确定", "没问题", "没错", "ok", "okay", "yes", "y", "1",
    "提交", "确认提交", "要", "继续", "接着填", "好嘞", "妥", "同意了",
}  # fmt: skip
_NO = {
    "不", "不是", "不对", "不同意", "否", "no", "n", "不要", "不用", "算了", "不行", "不中",
    "0", "拒绝", "不可以", "都不是", "都不对", "不是这个", "不是这家", "没有对的",
}  # fmt: skip
_UNKNOWN = re.compile(
    r"^(?:我|俺)?(?:也|真|确实)?(?:不知道|不清楚|不记得|记不清|记不得|说不清|没有|不晓得|不太清楚|忘了|"
    r"不懂|不了解|没有项目|没项目)(?:了|呢|啊|吧|呀)?$"
)


def _word(text: str) -> str:
    return re.sub(r"[。.!！,，~…\s]+", "", compact(text)).lower()


def is_yes(text: str) -> bool:
    return _word(text) in _YES


def is_no(text: str) -> bool:
    return _word(text) in _NO


def is_unknown(text: str) -> bool:
    """ "不知道/不清楚/记不清": the worker cannot answer this question."""
    return bool(_UNKNOWN.match(_word(text)))
