"""The questions of the complaint dialogue, each declared once, in the order they are asked.

A slot's declaration (`SlotSpec`) is what the engine, the summary and the complaint store
know about it: where the draft keeps the answer, which complaint columns store it, whether
the worker may leave it open, the words that name it in a correction, and, for a slot
read on its own, the reader of its answer. Its texts are in messages.zh-Hans.yaml under
its name: ``ask.<slot>`` (the question), ``invalid.<slot>`` (an answer that could not be
read) and ``fields.<slot>`` (its label in acknowledgements, the summary and edit buttons).

Adding a slot: declare it in `DEFINITIONS` (its reader in intake/dialogue/extract/), write
its three texts, and give the complaint its column (with a migration). Slots whose reading
depends on other facts (the employer's registry, the township gazetteer, amounts and
headcounts masked from phone numbers) are read in absorb.py instead.

The slot names are part of the web chat API (`awaiting`), so they never change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator

from intake.dialogue.extract.person_name import name_answer
from intake.dialogue.extract.project import project_answer
from intake.dialogue.extract.work_type import work_type_answer

if TYPE_CHECKING:
    from intake.dialogue.draft import Draft

# Where the dialogue stands besides asking a slot's question: the summary, and after it.
STEPS = ("confirm", "done")


def _known_slot(name: str) -> str:
    if name not in SLOTS.names:
        raise ValueError(f"unknown dialogue slot {name!r}")
    return name


# A slot's name, or one of STEPS; stored states are checked against the declared slots.
Slot = Annotated[str, AfterValidator(_known_slot)]

# Reads a value from the worker's words (normalised, phone and id numbers masked); None
# when they do not hold one.
Reader = Callable[[str], object | None]
# One complaint column's value from the slot's answer (None when there is none).
ToColumn = Callable[[Any], object]


def as_text(value: object) -> str:
    """A text column: the answer, or "" when there is none."""
    return str(value) if value else ""


def as_is(value: object) -> object:
    return value


@dataclass(frozen=True)
class SlotSpec:
    name: str
    # The Draft field holding the answer; None: `Draft.extra_answers[name]` (plain values).
    draft_field: str | None = None
    # The complaint columns the answer is stored in, each with its value from the answer.
    complaint: Mapping[str, ToColumn] = field(default_factory=dict)
    # "不清楚" leaves it open (with a skip button): the case can be routed and handled without.
    skippable: bool = False
    skip_button: str = "skip"  # the skip button's label, under `buttons.` in the catalog
    # After a second unusable answer: keep the words as written, up to this many characters
    # (0: never), or else leave the slot open when `left_open_after_tries`.
    kept_as_written: int = 0
    left_open_after_tries: bool = False
    for_attach: bool = False  # also asked when the worker adds facts to an open complaint
    # False: a fact never asked for on its own (the id number, offered with the name); the
    # summary shows it when given.
    asked: bool = True
    paired_with: str | None = None  # the question also asks for this slot (`ask_alone.` when known)
    correction_words: tuple[str, ...] = ()  # "<word>说错了，是…" corrects this slot
    # The answer is a number: a channel where buttons are chosen by typing their key (the
    # terminal) keys them a, b, … so that a typed digit stays the answer.
    number_answer: bool = False
    read_answer: Reader | None = None  # the answer to its question (see the module docstring)
    find_in_text: Reader | None = None  # its value said in passing, in any message


class SlotTable:
    """The declared slots in asking order, and the views the engine reads of them."""

    def __init__(self, specs: Iterable[SlotSpec]) -> None:
        self._install(tuple(specs))

    def _install(self, specs: tuple[SlotSpec, ...]) -> None:
        self.specs = specs
        self._by_name = {s.name: s for s in specs}
        asked = [s for s in specs if s.asked]
        self.question_order: tuple[str, ...] = tuple(s.name for s in asked)
        self.attach_order: tuple[str, ...] = tuple(s.name for s in asked if s.for_attach)
        self.skippable = frozenset(s.name for s in specs if s.skippable)
        # everything asked but consent has a value the summary shows and the worker can edit
        self.editable: tuple[str, ...] = self.question_order[1:]
        self.names = frozenset(s.name for s in specs) | frozenset(STEPS)
        self.complaint_columns: tuple[str, ...] = tuple(c for s in specs for c in s.complaint)

    def spec(self, name: str) -> SlotSpec | None:
        return self._by_name.get(name)

    def complaint_values(self, draft: Draft) -> dict[str, object]:
        """The complaint row's columns from the draft's answers, as the slots declare them."""
        values: dict[str, object] = {}
        for s in self.specs:
            if s.complaint:
                answer = draft.value_of(s.name)
                for column, convert in s.complaint.items():
                    values[column] = convert(answer)
        return values


def _fen(yuan: object) -> int | None:
    return None if yuan is None else int(yuan) * 100  # type: ignore[call-overload]


DEFINITIONS: tuple[SlotSpec, ...] = (
    SlotSpec("consent", draft_field="consent_at", for_attach=True),
    SlotSpec(
        "name",
        draft_field="name",
        complaint={"complainant_name": as_text},
        for_attach=True,
        paired_with="phone",
        correction_words=("姓名", "名字"),
        read_answer=name_answer,
    ),
    SlotSpec(
        "phone",
        draft_field="phone",
        number_answer=True,
        complaint={"phone": as_text},
        for_attach=True,
        correction_words=("手机号码", "电话号码", "联系方式", "手机号", "电话", "手机", "号码"),
    ),
    SlotSpec(
        "id_number",
        draft_field="id_number",
        complaint={"id_number": as_is},
        for_attach=True,
        asked=False,
    ),
    SlotSpec(
        "employer",
        draft_field="employer",
        # the row's registry employer is found by the store from `EmployerChoice.record`
        complaint={"employer_name_typed": lambda e: e.typed if e is not None else ""},
        for_attach=True,
        paired_with="work_type",
        correction_words=("用人单位", "包工头", "公司", "老板", "单位", "雇主", "工头"),
    ),
    SlotSpec(
        "project",
        draft_field="project",
        complaint={"project_name": as_text},
        skippable=True,
        kept_as_written=30,
        left_open_after_tries=True,
        paired_with="township",
        correction_words=("项目", "工地", "工程"),
        read_answer=project_answer,
    ),
    SlotSpec(
        "township",
        draft_field="township",
        # the store falls back to the township routing found when the worker gave none
        complaint={"township": as_text},
        skippable=True,  # its own "不清楚" button among the township buttons
        kept_as_written=20,
        left_open_after_tries=True,
        correction_words=("乡镇", "街道", "地点", "地方", "镇", "乡"),
    ),
    SlotSpec(
        "work_type",
        draft_field="work_type",
        complaint={"work_type": as_text},
        skippable=True,
        kept_as_written=12,
        left_open_after_tries=True,
        correction_words=("工种",),
        read_answer=work_type_answer,
    ),
    SlotSpec(
        "period",
        draft_field="period",
        complaint={
            "period_start": lambda p: p.start if p is not None else None,
            "period_end": lambda p: p.end if p is not None else None,
        },
        skippable=True,
        skip_button="skip_period",
        left_open_after_tries=True,
        paired_with="amount",
        correction_words=("时间", "日期", "月份", "期间", "什么时候"),
    ),
    SlotSpec(
        "amount",
        draft_field="amount_yuan",
        number_answer=True,
        complaint={"amount_fen": _fen},
        left_open_after_tries=True,
        correction_words=("金额", "钱数", "欠款", "工钱", "工资", "数目", "总数", "钱"),
    ),
    SlotSpec(
        "headcount",
        draft_field="headcount",
        number_answer=True,
        complaint={"headcount": as_is},
        left_open_after_tries=True,
        paired_with="description",
        correction_words=("人数", "几个人", "多少人"),
    ),
    SlotSpec(
        "description",
        draft_field="description",
        # the complaint's text is everything the worker wrote, composed by the store
        kept_as_written=2000,
        left_open_after_tries=True,
        for_attach=True,
        correction_words=("情况", "描述", "经过", "说明"),
    ),
)

SLOTS = SlotTable(DEFINITIONS)
