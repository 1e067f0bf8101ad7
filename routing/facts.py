"""Classification of a complaint into facts that routing rules test.

Sources, most authoritative first:

* the employer's registry row (sector and ownership are the registered ones),
* what the dialogue collected (``fields``: employer name and kind, project, township,
  headcount, amount, project funding),
* the worker's own words (``text``), read through the admin-editable lexicons.

Each fact keeps where it came from, so a routing decision can explain itself in Chinese.
Pseudo-sectors ``platform`` and ``household`` mark 新业态 and family employers, which no
registry row describes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from models.codes.red_flag import GROUP_HEADCOUNT
from routing.employers.index import EmployerIndex
from routing.employers.registry import EmployerRecord
from routing.lexicons import LexiconSet, default_lexicons
from routing.ngram_model import NgramModel, default_risk_model, default_work_model
from routing.quantities import parse_amount_yuan, parse_headcount
from routing.simplify import despaced, to_simplified
from routing.townships import TownshipGazetteer

__all__ = [
    "FUNDING_LABELS",
    "OWNERSHIP_LABELS",
    "SECTOR_LABELS",
    "Classifier",
    "FactEvidence",
    "Facts",
    "MatchedEmployer",
]


SECTOR_LABELS = {
    "construction": "建筑施工",
    "coal": "煤炭",
    "education_training": "教育培训",
    "public_service": "公共服务",
    "manufacturing": "制造业",
    "services": "服务业",
    "public_institution": "事业单位",
    "other": "其他（农业/投资控股等）",
    "platform": "新业态平台用工",
    "household": "家庭雇工",
}
OWNERSHIP_LABELS = {
    "private": "民营/私人",
    "soe": "国有企业",
    "government": "政府机关",
    "public_institution": "事业单位",
}
FUNDING_LABELS = {"government": "政府投资", "soe": "国企出资", "private": "私人/民营出资"}
_FUNDING_VALUES = frozenset(FUNDING_LABELS)
# Employer-name lexicons that describe individuals (a 包工头, a boss, a family), never a
# registry row: such names are not looked up, so a fuzzy match cannot invent an employer.
_PERSON_LEXICONS = ("name_person", "name_contractor", "name_household")


def _longest_shared(name: str, text: str, longest: int = 6) -> str:
    """The longest part of a registered name (up to `longest` characters) the text holds: 万威
    of 万威实业有限公司 in 在万威厂里干活."""
    best = ""
    for i in range(len(name) - 1):
        if name[i : i + 2] in text:  # rarely: most of a name is not in the message
            j = i + 2
            while j < len(name) and j - i < longest and name[i : j + 1] in text:
                j += 1
            if j - i > len(best):
                best = name[i:j]
    return best


# a project's name, not a sentence: 聚众花园二期, 滨河路改造工程, 县医院新病房楼
_PROJECT_NAME = re.compile(
    r"^[^，,。.!！?？\s]{2,14}(?:花园|家园|小区|广场|大厦|公寓|名苑|新城|华府|公馆|苑|府|城|"
    r"项目|工程|[一二三四五六七八九十\d]期|楼|中心|学校|医院|路|桥|村)$"
)
# Where in free text an employer is usually named when the dialogue did not collect it.
_MENTION_RE = re.compile(
    r"(?:给|在|是|跟着|跟|被|替)([\u4e00-\u9fff]{2,18}?"
    r"(?:有限责任公司|有限公司|公司|集团|厂|武校|学校|培训|教育|煤矿|煤业|物业|卫生院|医院))"
)


@dataclass(frozen=True, slots=True)
class MatchedEmployer:
    id: str
    name: str
    sector: str
    ownership: str
    township: str
    score: float
    query: str  # what was looked up (the field value or the text mention)


@dataclass(frozen=True, slots=True)
class FactEvidence:
    """Why a fact has its value: ``basis`` is registry/fields/employer_name/employer_kind/text,
    or text_model when an n-gram model read it from the message as a whole."""

    basis: str
    detail: str  # the registry name, the field value or the words that decided
    term: str = ""  # the lexicon word found in ``detail`` (names) or the text
    label: str = ""  # the lexicon's description


@dataclass(slots=True)
class Facts:
    text: str  # simplified text
    employer: MatchedEmployer | None = None
    employer_is_person: bool = False
    sector: str | None = None
    ownership: str | None = None
    funding: str | None = None
    township: str | None = None
    headcount: int | None = None
    amount_yuan: int | None = None
    flags: frozenset[str] = frozenset()
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    evidence: dict[str, FactEvidence] = field(default_factory=dict)
    # nothing said what kind of employer it is (no registry row, sector, ownership or
    # funding): the router may ask the work model, if no rule decides without it
    kind_unread: bool = False

    @property
    def employer_matched(self) -> bool:
        return self.employer is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "employer": None
            if self.employer is None
            else {"id": self.employer.id, "name": self.employer.name},
            "employer_is_person": self.employer_is_person,
            "sector": self.sector,
            "ownership": self.ownership,
            "funding": self.funding,
            "township": self.township,
            "headcount": self.headcount,
            "amount_yuan": self.amount_yuan,
            "flags": sorted(self.flags),
            "keywords": {k: list(v) for k, v in self.keywords.items()},
            "evidence": {
                k: {"basis": e.basis, "detail": e.detail} for k, e in self.evidence.items()
            },
        }


def _str(fields: Mapping[str, Any], key: str) -> str:
    value = fields.get(key)
    return to_simplified(value.strip()) if isinstance(value, str) else ""


def _int(fields: Mapping[str, Any], key: str) -> int | None:
    value = fields.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


class Classifier:
    """Turns (text, fields) into Facts. Pure: no database, no I/O after construction."""

    def __init__(
        self,
        index: EmployerIndex | None = None,
        townships: TownshipGazetteer | None = None,
        lexicons: LexiconSet | None = None,
        risk_model: NgramModel | None = None,
        work_model: NgramModel | None = None,
    ) -> None:
        self.index = index
        self.townships = townships
        self.lexicons = lexicons if lexicons is not None else default_lexicons()
        self.risk_model = risk_model if risk_model is not None else default_risk_model()
        self.work_model = work_model if work_model is not None else default_work_model()
        self._name_lexicons = [lex.name for lex in self.lexicons.group("employer_names")]
        self._work_lexicons = [lex.name for lex in self.lexicons.group("work")]
        self._keyword_lexicons = [
            lex.name
            for lex in self.lexicons
            if lex.group not in ("employer_names", "risk") and lex.name != "reachable"
        ]

    # --- employer -----------------------------------------------------------------------

    def is_person_name(self, name: str) -> bool:
        """The name describes a person (a 包工头, a boss, a family), not an organisation."""
        return self._is_person(to_simplified(name))

    def _is_person(self, name: str) -> bool:
        if any(self.lexicons.hits(lex, name) for lex in _PERSON_LEXICONS):
            # "登封市X建筑有限公司" never reads as a person even if it contains 老板-like words
            return not re.search(r"公司|集团|厂|学校|中心|局|院|所", name)
        return False

    def _lookup(self, query: str) -> MatchedEmployer | None:
        if self.index is None or not query:
            return None
        try:
            result = self.index.match(query)
        except Exception:  # an index bug must not lose the complaint: route without it
            return None
        if result.match is None:
            return None
        rec: EmployerRecord = result.match.record
        return MatchedEmployer(
            rec.id, rec.name, rec.sector, rec.ownership, rec.township, result.match.score, query
        )

    def _confirmed(self, employer_id: object, typed: str) -> MatchedEmployer | None:
        """The registry row the worker already confirmed in the dialogue (fields.employer_id)."""
        if self.index is None or not isinstance(employer_id, str | int) or employer_id == "":
            return None
        rec = self.index.get(str(employer_id))
        if rec is None:
            return None
        return MatchedEmployer(
            rec.id, rec.name, rec.sector, rec.ownership, rec.township, 1.0, typed or rec.name
        )

    def _find_employer(self, name: str, text: str) -> tuple[MatchedEmployer | None, bool]:
        if name:
            if self._is_person(name):
                return None, True
            return self._lookup(name), False
        for m in _MENTION_RE.finditer(text):
            candidate = m.group(1)
            if self._is_person(candidate):
                continue
            ref = self._lookup(candidate)
            if ref is not None:
                return ref, False
        return None, False

    # --- sector / ownership / funding ---------------------------------------------------

    def _from_names(
        self, fact: str, sources: list[tuple[str, str]]
    ) -> tuple[str, FactEvidence] | None:
        for basis, value in sources:
            if not value:
                continue
            found = self.lexicons.first_implying(fact, value, group="employer_names")
            if found is not None:
                v, lex, hit = found
                return v, FactEvidence(basis, value, hit.term, lex.description)
        return None

    def classify(self, text: str | None, fields: Mapping[str, Any] | None) -> Facts:
        fields = fields if isinstance(fields, Mapping) else {}
        raw_text = despaced(to_simplified(text if isinstance(text, str) else ""))
        employer_name = _str(fields, "employer_name")
        employer_kind = _str(fields, "employer_kind")
        project = _str(fields, "project_name")
        facts = Facts(text=raw_text)
        ev = facts.evidence

        # township first: its names are masked before reading keywords (送表矿区 is no mine)
        self._township(facts, fields, raw_text, project)
        masked = self.townships.mask(raw_text) if self.townships else raw_text
        masked_project = self.townships.mask(project) if self.townships else project
        # the kind as the worker said it (烧烤店, 路灯维护公司) is read as the work is
        work_text = f"{masked}。{masked_project}。{employer_kind}"
        all_text = f"{work_text}。{employer_name}"

        confirmed = self._confirmed(fields.get("employer_id"), employer_name)
        emp, is_person = (
            (confirmed, False) if confirmed else self._find_employer(employer_name, raw_text)
        )
        facts.employer, facts.employer_is_person = emp, is_person
        name_sources = [("employer_name", employer_name), ("employer_kind", employer_kind)]
        if emp is not None:
            facts.sector, facts.ownership = emp.sector, emp.ownership
            ev["sector"] = ev["ownership"] = FactEvidence("registry", emp.name)
        else:
            sector = self._from_names("sector", name_sources)
            if sector is None:
                found = self.lexicons.first_implying("sector", work_text, group="work")
                if found is not None:
                    v, lex, hit = found
                    sector = v, FactEvidence("text", hit.term, hit.term, lex.description)
            if sector is not None:
                facts.sector, ev["sector"] = sector
            ownership = self._from_names("ownership", name_sources)
            if ownership is None:
                found = self.lexicons.first_implying("ownership", work_text, group="work")
                if found is not None and found[1].implies.get("sector") == facts.sector:
                    ownership = (
                        found[0],
                        FactEvidence("text", f"{found[1].description}：{found[2].term}"),
                    )
            if ownership is not None:
                facts.ownership, ev["ownership"] = ownership

        funding_field = _str(fields, "project_funding").lower()
        if funding_field in _FUNDING_VALUES:
            facts.funding = funding_field
            ev["funding"] = FactEvidence("fields", funding_field)
        else:
            found = self.lexicons.first_implying("funding", work_text, group="funding")
            if found is not None:
                facts.funding = found[0]
                ev["funding"] = FactEvidence("text", found[2].term)

        facts.keywords = {
            name: tuple(dict.fromkeys(h.term for h in hits))
            for name, hits in self.lexicons.scan(all_text, self._keyword_lexicons).items()
        }
        facts.kind_unread = (
            emp is None
            and facts.sector is None
            and facts.ownership is None
            and facts.funding is None
        )
        self._quantities(facts, fields, raw_text)
        self._flags(facts, self._names_blanked(raw_text, emp, employer_name, project))
        self._employer_township(facts)
        return facts

    def kind_guess(self, text: str) -> tuple[dict[str, str], FactEvidence] | None:
        """What the work model reads the employer to be from the message as a whole: the
        facts that kind implies and why (None without a model, or when it reads none)."""
        model = self.work_model
        got = model.best(text) if model is not None else None
        if model is None or got is None or not model.implies.get(got[0]):
            return None
        head, read = got
        return model.implies[head], FactEvidence(
            "text_model", f"可能性{read.probability:.0%}", "”“".join(read.words)
        )

    # --- township, quantities, flags ------------------------------------------------------

    def _township(self, facts: Facts, fields: Mapping[str, Any], text: str, project: str) -> None:
        value = _str(fields, "township")
        g = self.townships
        if g is not None:
            canonical = g.canonical(value) if value else None
            if canonical:
                facts.township, facts.evidence["township"] = (
                    canonical,
                    FactEvidence("fields", value),
                )
                return
            for basis, source in (("text", text), ("project_name", project)):
                mention = g.find(source)
                if mention is not None:
                    facts.township = mention.township
                    facts.evidence["township"] = FactEvidence(basis, mention.surface)
                    return
        if value:
            # not in the gazetteer: keep what the dialogue collected rather than invent one
            facts.township, facts.evidence["township"] = value, FactEvidence("fields", value)

    def _quantities(self, facts: Facts, fields: Mapping[str, Any], text: str) -> None:
        for key, parse in (("headcount", parse_headcount), ("amount_yuan", parse_amount_yuan)):
            value = _int(fields, key)
            basis = "fields"
            if value is None:
                value, basis = parse(text), "text"
            if value is not None:
                setattr(facts, key, value)
                facts.evidence[key] = FactEvidence(basis, str(value))

    def _names_blanked(
        self, text: str, emp: MatchedEmployer | None, employer_name: str, project: str
    ) -> str:
        """The text with the names the worker gave blanked out for the red flags: a project
        called 聚众花园 is no crowd gathering, 万威厂 (万威实业) no 围厂. The employer's name
        and 字号 count when the registry knows it; a project's name when it reads as one."""
        names = [project] if project and _PROJECT_NAME.search(project) else []
        if emp is not None:
            names += [employer_name, _longest_shared(emp.name, text)]
        # the text is simplified and despaced: a name is too, unless it is found as given
        said = {n if n in text else despaced(to_simplified(n)) for n in names}
        for name in sorted((n for n in said if len(n) >= 2), key=len, reverse=True):
            text = text.replace(name, "〇" * len(name))
        return text

    def _flags(self, facts: Facts, text: str) -> None:
        flags: set[str] = set()
        if facts.headcount is not None and facts.headcount >= GROUP_HEADCOUNT:
            flags.add("group")
            facts.evidence["group"] = FactEvidence(
                facts.evidence["headcount"].basis, f"{facts.headcount}人"
            )
        unread: list[str] = []
        for flag in ("extreme_risk", "absconded"):
            hits = self.lexicons.hits(flag, text)
            if hits:
                flags.add(flag)
                facts.evidence[flag] = FactEvidence(
                    "text", "、".join(dict.fromkeys(h.term for h in hits))
                )
            else:
                unread.append(flag)
        if unread and self.risk_model is not None:
            # said without the lexicons' words: the message read as a whole; words they found
            # and set aside (没说要去闹, 万一他跑了) are a "no" the model must not undo
            read = self.risk_model.read(text, heads=unread)
            for flag in unread:
                got = read.get(flag)
                if got is not None and not self.lexicons.mentioned(flag, text):
                    flags.add(flag)
                    words = "”“".join(got.words)
                    facts.evidence[flag] = FactEvidence(
                        "text_model", f"整体语义判断（可能性{got.probability:.0%}，依据“{words}”）"
                    )
        facts.flags = frozenset(flags)

    @staticmethod
    def _employer_township(facts: Facts) -> None:
        """Nothing names a township: fall back to where the matched employer is registered."""
        if facts.township is None and facts.employer is not None and facts.employer.township:
            facts.township = facts.employer.township
            facts.evidence["township"] = FactEvidence("employer_registry", facts.employer.name)
