"""Parse an employer name into region, brand (字号), industry words, legal form and branch.

    河南省 登封市 | 宏达 | 建筑工程 | 集团有限公司 | 登封第一分公司
    region        brand  industry   legal (group)  branch

Legal forms and branch words come from company law and are a closed list; regions come
from `regions.RegionLexicon`; industry phrases are learned from the registry
(`lexicon.IndustryLexicon`).
"""

from __future__ import annotations

import re
from sys import intern
from typing import NamedTuple

from routing.employers.lexicon import IndustryLexicon
from routing.employers.normalize import normalize_name
from routing.employers.regions import RegionLexicon

# Longest first: the first that ends a name is its legal form.
LEGAL_FORMS = (
    "集团股份有限公司",
    "集团有限责任公司",
    "股份有限责任公司",
    "集团有限公司",
    "股份有限公司",
    "有限责任公司",
    "股份合作公司",
    "个人独资企业",
    "普通合伙企业",
    "有限合伙企业",
    "集团公司",
    "有限公司",
    "股份公司",
    "合伙企业",
    "有限合伙",
    "普通合伙",
    "公司",
    "集团",
)
BRANCH_KINDS = (
    "分公司",
    "分厂",
    "分店",
    "分部",
    "分中心",
    "分校",
    "分院",
    "分所",
    "营业部",
    "项目经理部",
    "项目部",
)
BRANCH_RE = re.compile(
    r"(第[一二三四五六七八九十百零〇0-9]{1,4})?"
    r"(分公司|分厂|分店|分部|分中心|分校|分院|分所|营业部|项目经理部|项目部)$"
)


class ParsedName(NamedTuple):  # a tuple: a million of them build fast and stay small
    region: str  # most specific region key ("" if none): "410185", "t:大冶镇"
    region_text: str
    brand: str
    industry: str
    legal: str
    group: bool
    branch: str  # text after the parent name: 登封分公司, 告成煤矿
    branch_key: str  # branch with its region canonicalised: "410185|第一分公司"

    def describe(self) -> dict[str, str | bool]:
        return {
            "region": self.region_text,
            "brand": self.brand,
            "industry": self.industry,
            "legal_form": self.legal,
            "group": self.group,
            "branch": self.branch,
        }


_LEGAL_SET = frozenset(LEGAL_FORMS)
_LEGAL_LENGTHS = sorted({len(f) for f in LEGAL_FORMS}, reverse=True)


def strip_legal(head: str) -> tuple[str, str]:
    if head.endswith(("司", "团", "业", "伙")):
        for n in _LEGAL_LENGTHS:
            if len(head) > n and head[-n:] in _LEGAL_SET:
                return head[:-n], head[-n:]
    return head, ""


class NameParser:
    def __init__(self, regions: RegionLexicon, lexicon: IndustryLexicon) -> None:
        self.regions = regions
        self.lexicon = lexicon

    def branch_key(self, branch: str) -> str:
        if not branch:
            return ""
        got = self.regions.match_at(branch, 0)
        if got and got[0] < len(branch):
            return got[1].key + "|" + branch[got[0] :]
        return "|" + branch

    def split_branch(self, text: str) -> tuple[str, str]:
        """(parent part, branch part) of a normalized name."""
        m = BRANCH_RE.search(text) if text.endswith(BRANCH_KINDS) else None
        if m and m.start() > 0:
            start = m.start()
            got = self.regions.match_ending_at(text, start)
            if got and got[0] < start:
                start -= got[0]
            # a legal form before the branch ends the parent: X有限公司 | 郑东新区分公司
            pos = text.rfind("公司", 0, start)
            if pos > 0 and text[pos - 1] != "分" and start - (pos + 2) <= 4:
                start = pos + 2
            if start > 0:
                return text[:start], text[start:]
        # a unit under a company: X集团有限公司 | 告成煤矿
        pos = text.rfind("公司")
        if pos > 0 and pos + 2 <= len(text) - 2 and text[pos - 1] != "分":
            return text[: pos + 2], text[pos + 2 :]
        return text, ""

    def parse(self, name: str) -> ParsedName:
        return self.parse_normalized(normalize_name(name))

    def parse_normalized(self, norm: str) -> ParsedName:
        head, branch = self.split_branch(norm)
        head, legal = strip_legal(head)
        group = legal.startswith("集团")
        if head.endswith("集团") and len(head) > 2:
            head, group = head[:-2], True
        found: list[tuple[str, str, str]] = []  # (form, key, full name)
        pos = 0
        while pos < len(head):
            got = self.regions.match_at(head, pos)
            if got is None or got[0] >= len(head) - pos:
                break
            found.append((head[pos : pos + got[0]], got[1].key, got[1].name))
            pos += got[0]
        core = head[pos:]
        brand, industry = self.lexicon.split(core)
        # A region word that leaves no brand was part of it: 登封市中原建筑工程, 安阳市政工程.
        kept = list(found)
        while found and (len(brand) < 2 or core in self.lexicon.phrases):
            core = found.pop()[0] + core
            brand, industry = self.lexicon.split(core)
        if not brand:
            brand, industry = core, ""
        if brand in self.regions.forms and self.regions.forms[brand].name == brand:
            # 登封市保安服务有限公司: known by region + trade, not by a 字号
            found, brand, industry = kept, "", core[len(brand) :]
        return ParsedName(
            region=found[-1][1] if found else "",
            region_text=intern("".join(f[0] for f in found)),
            brand=intern(brand),
            industry=intern(industry),
            legal=legal,
            group=group,
            branch=intern(branch),
            branch_key=intern(self.branch_key(branch)),
        )
