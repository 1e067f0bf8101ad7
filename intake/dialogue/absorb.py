"""Applying what one text message says to the draft.

Order of business for a message:
1. id numbers and phone numbers (found anywhere; masked so amounts do not read them);
2. corrections in words ("金额说错了，是4万"): they overwrite, and nothing else is read;
3. the answer to the question being asked (this may overwrite);
4. everything else the message tells, filling only what is still empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from intake.dialogue.context import DialogueContext
from intake.dialogue.draft import (
    Draft,
    EmployerCandidate,
    EmployerChoice,
    EmployerRef,
    PeriodValue,
)
from intake.dialogue.extract.answers import is_unknown, trim
from intake.dialogue.extract.corrections import Correction, find_corrections
from intake.dialogue.extract.employer_mention import (
    PERSON_PATTERNS,
    EmployerMention,
    employer_answer,
    find_employer_mentions,
    looks_like_sentence,
)
from intake.dialogue.extract.id_number import scan_id_numbers
from intake.dialogue.extract.normalize import compact, mask_spans, normalize
from intake.dialogue.extract.period import parse_period
from intake.dialogue.extract.person_name import name_answer, name_in_text
from intake.dialogue.extract.phone import find_mobiles, find_phone_like
from intake.dialogue.extract.place import unknown_place
from intake.dialogue.extract.project import find_project
from intake.dialogue.extract.vague import vague_words
from intake.dialogue.extract.work_type import find_work_type
from intake.dialogue.slot_editor import SlotEditor
from intake.dialogue.slots import SLOTS, Slot
from routing.employers.index import MatchResult
from routing.quantities import parse_amount_yuan, parse_headcount

# Candidates below this calibrated score are not worth a button.
CANDIDATE_MIN_SCORE = 0.6
MAX_CANDIDATES = 3
MAX_AMOUNT_YUAN = 100_000_000
MAX_HEADCOUNT = 10_000
_BARE_NUMBER = re.compile(r"^[\d.,，]+$|^[零〇一二两三四五六七八九十百千万]+$")
_PEOPLE_WORDS = re.compile(r"人|个|俩|自己|号|工友|兄弟|老乡|班组")
_MONEY_WORDS = re.compile(r"元|块|万|千|钱|工资|工钱|欠|费|[kKwW]")
_ARREARS_WORDS = re.compile(r"欠|工资|工钱|不给|没给|没发|没结|拖|结账|血汗|钱")
_NARRATIVE_MIN_CHARS = 15
_STORY_MIN_CHARS = 10  # long enough that a number in it is read as the worker meant it
_PLACE_NAME_CHARS = 7  # a township's name with its office word (中岳街道办事处) is no longer


# What is left of "身份证号是410…" / "我的手机是138…" once the numbers are taken out.
_NUMBER_LABELS = re.compile(
    r"身份证号码|身份证号|身份证|手机号码|电话号码|手机号|联系电话|电话|手机|号码|我的|俺的|是|为|叫|"
    r"[\s,，。.:：!！]"
)


def _has_residue(masked: str) -> bool:
    """True when a message still says something after its phone/id numbers are removed."""
    return len(_NUMBER_LABELS.sub("", masked)) >= 2


@dataclass
class Absorbed:
    """What a message did to the draft, for the acknowledgement."""

    filled: list[str] = field(default_factory=list)  # slots newly filled
    changed: list[str] = field(default_factory=list)  # slots overwritten by a correction
    problems: list[tuple[str, dict[str, object]]] = field(default_factory=list)  # catalog keys
    answered: bool = False  # the slot being asked got a usable answer (or "不清楚")
    invalid: str | None = None  # catalog key explaining why the answer was not usable
    invalid_values: dict[str, object] = field(default_factory=dict)
    need_value: Slot | None = None  # a correction named a slot but no usable new value
    need_id_number: bool = False
    employer_set: bool = False

    @property
    def absorbed(self) -> bool:
        return bool(self.filled or self.changed or self.answered or self.employer_set)


_CLAUSE = re.compile(r"[,，。;；、\s]+")


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c]


def _first_clause_unknown(text: str) -> bool:
    """ "没有，在大冶镇": the first part of a two-part answer says it is not known."""
    clauses = _clauses(trim(text))
    return len(clauses) >= 2 and is_unknown(clauses[0])


def resolve_employer(typed: str, kind: str, ctx: DialogueContext) -> EmployerChoice:
    """Registry candidates for the employer as typed. A boss named as a person (包工头老王)
    is not an organisation: the registry is not asked."""
    typed = typed.strip()
    if kind == "person" or (kind == "answer" and _is_person(typed)):
        status = "unmatched" if kind == "answer" else "pending"
        return EmployerChoice(typed=typed, kind="person", status=status)  # type: ignore[arg-type]
    cands = _candidates(typed, ctx)
    status = "unmatched" if not cands and kind == "answer" else "pending"
    return EmployerChoice(typed=typed, kind=kind, status=status, candidates=cands)  # type: ignore[arg-type]


def _is_person(typed: str) -> bool:
    return any(rx.fullmatch(typed) for rx in PERSON_PATTERNS)


def _candidates(typed: str, ctx: DialogueContext) -> list[EmployerCandidate]:
    try:
        result = ctx.match_employer(typed)
    except Exception:  # a matcher failure must not lose the worker's answer
        return []
    return _ranked(result)


def whole_answer(
    answer: str, typed: str, ctx: DialogueContext, *, decided: bool
) -> EmployerChoice | None:
    """The employer the registry finds in the answer as a whole, when the name part alone
    (`typed`) says less: 强宁 俺拉砖送货的 他们是做水泥砖的 names one of several 强宁 by what it
    makes. With `decided`, None unless the whole answer decides one; else None when it offers
    no candidate at all."""
    try:
        result = ctx.match_employer(answer)
    except Exception:  # a matcher failure must not lose the worker's answer
        return None
    cands = _ranked(result)
    if (decided and result.match is None) or not cands:
        return None
    name = typed if len(compact(typed)) >= 2 else trim(answer)[:_TYPED_MAX]
    return EmployerChoice(typed=name, kind="answer", status="pending", candidates=cands)


def _ranked(result: MatchResult) -> list[EmployerCandidate]:
    ranked = ([result.match] if result.match else []) + list(result.candidates)
    out: list[EmployerCandidate] = []
    for c in ranked:
        if c is None or (c is not result.match and c.score < CANDIDATE_MIN_SCORE):
            continue
        if any(o.employer.id == c.record.id for o in out):
            continue
        r = c.record
        ref = EmployerRef(
            id=r.id,
            name=r.name,
            uscc=r.uscc,
            sector=r.sector,
            ownership=r.ownership,
            township=r.township,
        )
        out.append(EmployerCandidate(employer=ref, score=round(float(c.score), 4)))
        if len(out) >= MAX_CANDIDATES:
            break
    return out


_TYPED_MAX = 40  # an answer kept as the name typed, when no part of it reads as one


def _tells_more(whole: EmployerChoice, part: EmployerChoice) -> bool:
    """Whether the answer read whole picks another first candidate than its name part, which
    left it open (no candidate, or several)."""
    return not part.candidates or part.candidates[0].employer.id != whole.candidates[0].employer.id


# A mention the worker ties to their work ("是X的工人") beats a better-known name that is
# only mentioned ("X自己掏钱盖宿舍楼，俺们是Y的工人").
_CUE_BONUS = 0.2


def _best_mention(mentions: list[EmployerMention], ctx: DialogueContext) -> EmployerChoice:
    """Among several mentions, the one the registry knows best; else the first one."""
    best: tuple[float, EmployerChoice] | None = None
    for m in mentions:
        choice = resolve_employer(m.text, m.kind, ctx)
        top = choice.candidates[0].score if choice.candidates else 0.0
        rank = top + (_CUE_BONUS if m.cued and top > 0 else 0.0)
        if best is None or rank > best[0]:
            best = (rank, choice)
    assert best is not None
    return best[1]


class Absorber:
    def __init__(self, draft: Draft, ctx: DialogueContext, today: date) -> None:
        self.draft = draft
        self.ctx = ctx
        self.today = today
        self.edit = SlotEditor(draft, today)

    # -- entry point --------------------------------------------------------------------
    def absorb(self, raw: str, *, asking: Slot | None) -> Absorbed:
        out = Absorbed()
        text = normalize(raw)
        spans: list[tuple[int, int]] = []

        ids = scan_id_numbers(text, today=self.today)
        for value, span in ids.valid:
            if self.draft.id_number != value:
                self._set("id_number", value, out, overwrite=True)
            spans.append(span)
        for value, span in ids.invalid:
            out.problems.append(("invalid.id_number", {"value": value}))
            spans.append(span)

        phones = find_mobiles(mask_spans(text, spans))
        corrections = find_corrections(text)
        phone_corrected = any(c.slot == "phone" for c in corrections)
        if phones:
            number = phones[0].number
            may_overwrite = asking == "phone" or phone_corrected or self.draft.phone is None
            if may_overwrite and self.draft.phone != number:
                self._set("phone", number, out, overwrite=self.draft.phone is not None)
            if asking == "phone":
                out.answered = True
            spans.extend(h.span for h in phones)
        masked = mask_spans(text, spans)

        if corrections and self._apply_corrections(corrections, out, phones_found=bool(phones)):
            return out  # a correction message is about the corrected slot only

        answerable = asking is not None and asking not in ("consent", "confirm", "done")
        if answerable and asking is not None and (not spans or _has_residue(masked)):
            self._answer(asking, raw, masked, out)
        self._fill_rest(raw, text, masked, asking, out)
        asked = SLOTS.spec(asking) if asking is not None else None
        paired = asked.paired_with if asked is not None else None
        clauses = _clauses(trim(masked))
        if (
            paired in ("township", "work_type")
            and self.draft.value_of(paired) is None
            and paired not in self.draft.skipped
            and len(clauses) >= 2
        ):
            if is_unknown(clauses[-1]):
                # "锦绣花园，不清楚": the second part of a two-part question is not known
                self._skip(paired)
            elif paired == "township":
                # "没有，在马庄村": the second part names a place the gazetteer does not know
                answered = out.answered
                if not self._answer("township", clauses[-1], clauses[-1], out):
                    out.invalid = None  # the project was the question; the place was extra
                out.answered = answered
        return out

    # -- corrections --------------------------------------------------------------------
    def _apply_corrections(
        self, corrections: list[Correction], out: Absorbed, *, phones_found: bool
    ) -> bool:
        """Apply corrections; False when none of them names or implies a slot."""
        acted = False
        for c in corrections:
            if c.target == "id_number":
                acted = True
                if "id_number" not in out.filled and "id_number" not in out.changed:
                    out.need_id_number = not any(k == "invalid.id_number" for k, _ in out.problems)
                continue
            slot = c.slot or self._infer_slot(c.value_text)
            if slot is None:
                continue
            acted = True
            if slot == "phone":
                if not phones_found:
                    if find_phone_like(normalize(c.value_text)):
                        out.problems.append(("invalid.phone", {}))
                    out.need_value = "phone"
                continue
            value_text = normalize(c.value_text)
            if not value_text or not self._answer(slot, c.value_text, value_text, out):
                out.need_value = slot  # type: ignore[assignment]
                out.invalid = None
        return acted

    def _infer_slot(self, value: str) -> Slot | None:
        v = normalize(value)
        if not v:
            return None
        if find_mobiles(v):
            return "phone"
        if parse_period(v, self.today):
            return "period"
        if _MONEY_WORDS.search(v) and parse_amount_yuan(v) is not None:
            return "amount"
        if _PEOPLE_WORDS.search(v) and parse_headcount(v) is not None:
            return "headcount"
        if self.ctx.find_township(v):
            return "township"
        if find_work_type(v):
            return "work_type"
        return None

    # -- the answer to the question asked ---------------------------------------------------
    def _answer(self, slot: Slot, raw: str, masked: str, out: Absorbed) -> bool:
        """Parse `masked` as the answer to `slot`; True if the slot got a value or a skip.

        raw: the words as typed, kept verbatim where the value is free text (description)."""
        overwrite = True  # an answer to the question asked replaces the old value
        if slot == "phone":
            if find_phone_like(masked) or re.search(r"\d{5,}", masked):
                out.invalid = "invalid.phone"
            else:
                out.invalid = "invalid.phone_missing"
            return False
        if slot == "employer":
            if is_unknown(masked):
                out.invalid = "invalid.employer"
                return False
            clauses = _clauses(trim(masked))
            # "宏达建筑，木工": the question also asks for the work; the name comes first
            first = clauses[0] if len(clauses) >= 2 and len(compact(clauses[0])) >= 2 else masked
            mentions = self._mentions(masked) if len(compact(masked)) > 12 else []
            typed = employer_answer(first)
            whole: EmployerChoice | None = None
            if mentions:
                choice = _best_mention(mentions, self.ctx)
            elif len(compact(typed)) < 2 or looks_like_sentence(typed):
                # 俺在东龙掌勺炒菜，欠着俺半年工资了: a sentence may still name the employer
                whole = whole_answer(masked, typed, self.ctx, decided=False)
                if whole is None:
                    out.invalid = "invalid.employer"
                    return False
                choice = whole
            else:
                choice = resolve_employer(typed, "answer", self.ctx)
            if whole is None and len(choice.candidates) != 1 and choice.kind != "person":
                # 强宁 俺拉砖送货的 他们是做水泥砖的: what the worker did there tells which 强宁
                whole = whole_answer(masked, typed, self.ctx, decided=True)
                if whole is not None and _tells_more(whole, choice):
                    choice = whole
            self.edit.set("employer", choice)
            out.employer_set = True
            out.answered = True
            if choice.status == "unmatched":
                out.problems.append(("employer.unmatched_kept", {"typed": choice.typed}))
            return True
        if slot in SLOTS.skippable and (is_unknown(masked) or _first_clause_unknown(masked)):
            self._skip(slot)
            out.answered = True
            return True
        spec = SLOTS.spec(slot)
        if spec is not None and spec.read_answer is not None:
            value = spec.read_answer(masked)
            if value is None or value == "":
                out.invalid = f"invalid.{slot}"
                return False
            return self._done(slot, value, out, overwrite)
        if slot == "township":
            township = self.ctx.find_township(masked)
            if not township:
                place = unknown_place(masked)
                if place is None:
                    out.invalid = "invalid.township"
                    return False
                # a real place the gazetteer does not know: kept as typed for the office
                out.problems.append(("township.kept_as_typed", {"value": place}))
                self._set(slot, place, out, overwrite=overwrite, as_written=True)
                out.answered = True
                return True
            return self._done(slot, township, out, overwrite)
        if slot == "period":
            period = parse_period(masked, self.today, answer=True)
            if period is None:
                out.invalid = "invalid.period"
                return False
            pv = PeriodValue(start=period.start, end=period.end, text=period.text)
            return self._done(slot, pv, out, overwrite)
        if slot == "amount":
            amount = parse_amount_yuan(masked)
            if amount is None:
                out.invalid = "invalid.amount"
                return False
            if not 0 < amount <= MAX_AMOUNT_YUAN:
                out.invalid = "invalid.amount_range"
                out.invalid_values = {"value": amount}
                return False
            return self._done(slot, amount, out, overwrite, words=vague_words(masked))
        if slot == "headcount":
            n = parse_headcount(masked)
            if n is None:
                out.invalid = "invalid.headcount"
                return False
            if not 0 < n <= MAX_HEADCOUNT:
                out.invalid = "invalid.headcount_range"
                out.invalid_values = {"value": n}
                return False
            if self.draft.headcount_words is not None:
                self.draft.headcount_exact_asked = True  # this answers the exact-count question
            words = vague_words(masked, people=True)
            clauses = _clauses(raw)
            if self.draft.description is None and len(clauses) >= 2:
                # "就我一个，老板一直拖着": the rest answers "老板现在是怎么说的"
                rest = "，".join(clauses[1:])
                if len(compact(rest)) >= 4:
                    self._set("description", raw.strip(), out)
            return self._done(slot, n, out, overwrite, words=words)
        if slot == "description":
            if len(compact(raw)) < 4:
                out.invalid = "invalid.description"
                return False
            return self._done(slot, raw.strip(), out, overwrite)
        return False

    def _done(
        self, slot: Slot, value: object, out: Absorbed, overwrite: bool, *, words: str | None = None
    ) -> bool:
        self._set(slot, value, out, overwrite=overwrite, words=words)
        out.answered = True
        return True

    # -- everything else the message says ---------------------------------------------------
    def _fill_rest(
        self, raw: str, text: str, masked: str, asking: Slot | None, out: Absorbed
    ) -> None:
        d = self.draft
        bare = bool(_BARE_NUMBER.match(compact(masked)))
        mentions = self._mentions(masked)
        if asking == "name" or d.name:
            # "俺姓任，叫任永刚": the worker's own name is no employer
            own = d.name or name_answer(masked) or ""
            mentions = [m for m in mentions if not own or own not in m.text]
        if d.name is None and asking != "name":
            name = name_in_text(masked)
            if name:
                self._set("name", name, out)
        if d.employer is None and asking != "employer" and mentions:
            self.edit.set("employer", _best_mention(mentions, self.ctx))
            out.employer_set = True
        # the employer's own name says nothing about where or what the work was
        # (北山煤业 is not a hint for 北山乡, 宏达保安 not for the work type)
        without_employer = masked
        names = [m.text for m in mentions]
        if asking == "employer" and d.employer is not None:
            names.append(d.employer.typed)
        for name in sorted(names, key=len, reverse=True):
            without_employer = without_employer.replace(name, "，")
        if d.project is None and asking != "project":
            project = find_project(without_employer)
            if project and not (d.employer and project in d.employer.typed):
                self._set("project", project, out)
        if d.township is None and asking != "township":
            # an employer named in answer may carry its township (登封市唐庄镇诚美烩面馆)
            # while the work was elsewhere: only the words around it count then
            if asking == "employer":
                rest = without_employer if len(compact(without_employer)) > 3 else ""
                township = self.ctx.find_township(rest) if rest else None
            else:
                township = self._township_in(masked, without_employer)
            if township:
                self._set("township", township, out)
        if d.work_type is None and asking != "work_type":
            work_type = find_work_type(without_employer)
            if work_type:
                self._set("work_type", work_type, out)
        if d.period is None and asking != "period":
            period = parse_period(masked, self.today)
            if period:
                value = PeriodValue(start=period.start, end=period.end, text=period.text)
                self._set("period", value, out)
        if (
            d.amount_yuan is None
            and asking != "amount"
            and not bare
            and (_MONEY_WORDS.search(masked) or len(compact(masked)) >= _STORY_MIN_CHARS)
        ):
            amount = parse_amount_yuan(masked)
            if amount is not None and 0 < amount <= MAX_AMOUNT_YUAN:
                self._set("amount", amount, out, words=vague_words(masked))
        if (
            d.headcount is None
            and asking != "headcount"
            and not bare
            and (_PEOPLE_WORDS.search(masked) or _ARREARS_WORDS.search(masked))
        ):
            n = parse_headcount(masked)
            if n is not None and 0 < n <= MAX_HEADCOUNT:
                self._set("headcount", n, out, words=vague_words(masked, people=True))
        self._fill_declared(without_employer, asking, out)
        if d.description is None and asking != "description" and self._is_narrative(masked, out):
            self._set("description", raw.strip(), out)

    def _fill_declared(self, text: str, asking: Slot | None, out: Absorbed) -> None:
        """Slots declared with their own reader of values said in passing."""
        for spec in SLOTS.specs:
            if spec.find_in_text is None or spec.name == asking:
                continue
            if self.draft.value_of(spec.name) is None:
                value = spec.find_in_text(text)
                if value is not None and value != "":
                    self._set(spec.name, value, out)

    def _mentions(self, text: str) -> list[EmployerMention]:
        """Employer mentions, less the township offices named as places ("在中岳办事处干活")."""
        return [
            m
            for m in find_employer_mentions(text)
            if not (len(m.text) <= _PLACE_NAME_CHARS and self.ctx.find_township(m.text))
        ]

    def _township_in(self, masked: str, without_employer: str) -> str | None:
        """A township named in passing: its full name anywhere (南湖镇瑞峰耐火材料厂), a short
        form only outside the employer's name (北山煤业 is no hint for 北山乡)."""
        if len(compact(masked)) <= 3:
            return None
        found = self.ctx.find_township(masked)
        if found and found in masked:
            return found
        return self.ctx.find_township(without_employer)

    def _is_narrative(self, masked: str, out: Absorbed) -> bool:
        """A story worth keeping as the description (phone and id numbers do not count)."""
        text = masked
        chars = len(re.sub(r"[\s,，。.!！?？]", "", compact(masked)))
        told = len(out.filled) + (1 if out.employer_set else 0)
        return chars >= _NARRATIVE_MIN_CHARS and (bool(_ARREARS_WORDS.search(text)) or told >= 2)

    # -- helpers ----------------------------------------------------------------------------
    def _set(
        self,
        slot: Slot,
        value: object,
        out: Absorbed,
        *,
        overwrite: bool = False,
        words: str | None = None,
        as_written: bool = False,
    ) -> None:
        old = self.draft.value_of(slot)
        if old is not None and not overwrite:
            return
        self.edit.set(slot, value, words=words, as_written=as_written)
        if old is not None and old != value:
            out.changed.append(slot)
        elif old is None:
            out.filled.append(slot)

    def _skip(self, slot: Slot) -> None:
        self.edit.skip(slot)
