"""统一社会信用代码 (USCC) validation: GB 32100-2015 layout and check character.

Layout: pos 1 registering authority, pos 2 entity type, pos 3-8 administrative-division code,
pos 9-17 organisation code (GB 11714, its last character a check of its own), pos 18 check.
"""

from __future__ import annotations

import re
import unicodedata

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_VALUE = {c: i for i, c in enumerate(CHARSET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# GB 32100-2015 table 1: registering authority -> allowed entity-type codes.
ENTITY_TYPES: dict[str, str] = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 群众团体, 其他
    "2": "19",  # 外交
    "3": "1239",  # 司法行政
    "4": "19",  # 文化
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游
    "7": "19",  # 宗教
    "8": "19",  # 工会
    "9": "123",  # 市场监管: 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室
    "N": "129",  # 农业
    "Y": "1",  # 其他
}

_CANDIDATE = re.compile(r"(?<![0-9A-Z])[0-9A-Z]{18}(?![0-9A-Z])")


def check_char(code17: str) -> str:
    """The GB 32100 check character for the first 17 characters (which must be in CHARSET)."""
    total = sum(_VALUE[c] * w for c, w in zip(code17, _WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def _org_check(body8: str) -> str:
    # GB 11714: letters count A=10 ... Z=35; check 10 -> X, 11 -> 0.
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in body8]
    total = sum(v * w for v, w in zip(values, _ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def clean(code: object) -> str:
    """Upper-case, full-width folded, spaces removed."""
    if not isinstance(code, str):
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", code)).upper()


def problem(code: object) -> str | None:
    """None when `code` is a valid USCC, else a short bilingual reason."""
    u = clean(code)
    if len(u) != 18:
        return f"统一社会信用代码应为18位 / USCC must have 18 characters (got {len(u)})"
    bad = sorted({c for c in u if c not in _VALUE})
    if bad:
        return f"统一社会信用代码含非法字符 / USCC has characters outside GB 32100: {''.join(bad)}"
    types = ENTITY_TYPES.get(u[0])
    if types is None:
        return f"登记管理部门码无效 / unknown registering-authority code {u[0]!r}"
    if u[1] not in types:
        return f"机构类别码无效 / entity-type code {u[1]!r} is not used by authority {u[0]!r}"
    if not u[2:8].isdigit():
        return "行政区划码应为6位数字 / region code (positions 3-8) must be 6 digits"
    if _org_check(u[8:16]) != u[16]:
        return "组织机构代码校验位错误 / organisation-code (GB 11714) check character is wrong"
    expected = check_char(u[:17])
    if expected != u[17]:
        return f"校验码错误，应为{expected} / check character is wrong, expected {expected!r}"
    return None


def is_valid(code: object) -> bool:
    return problem(code) is None


def find_in_text(text: object) -> list[str]:
    """18-character USCC-shaped tokens in free text (valid or not), upper-cased."""
    if not isinstance(text, str):
        return []
    folded = unicodedata.normalize("NFKC", text[:512]).upper()
    return _CANDIDATE.findall(folded)
