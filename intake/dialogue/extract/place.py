"""A place named in answer to "在哪个乡镇" that the gazetteer does not know.

Workers name villages, old township names and places outside the county (马庄村, 阳城,
巩义市米河镇). Such an answer is kept as typed for the office to sort out, when it looks
like a place: a few characters ending in a place word.
"""

from __future__ import annotations

import re

from intake.dialogue.extract.answers import trim

_LEAD = re.compile(r"^(?:俺们|我们|俺|我)?(?:就在|都在|是在|在|是|属于|归)?")
_TAIL = re.compile(r"(?:那边|那块|这块|那儿|那里|这里|附近|一带|那片|干活|上班|打工|的工地|工地)+$")
_PLACE = re.compile(
    r"^[\u4e00-\u9fff]{1,10}(?:镇|乡|街道|办事处|村|庄|寨|沟|屯|营|铺|集|店|坡|岭|湾|社区|区|县|市|"
    r"开发区|园区|工业园|景区|管委会|矿|矿区|山|河|口|桥|坪|窑|洼|头|园)$"
)


def unknown_place(text: str) -> str | None:
    """The place as typed ("就在马庄村那边" -> 马庄村), or None when it does not look like one."""
    t = trim(text)
    t = _TAIL.sub("", _LEAD.sub("", t))
    if 2 <= len(t) <= 12 and _PLACE.match(t):
        return t
    return None
