"""A new dialogue slot through the public extension points only: the worker's hometown (籍贯).

A real slot is added by editing, besides its tests and migration:
1. intake/dialogue/slots.py — its `SlotSpec` in `DEFINITIONS` (where it is asked, whether
   it may be left open, its correction words, its readers, its complaint column);
2. intake/dialogue/messages.zh-Hans.yaml — ``ask.<slot>``, ``invalid.<slot>``, ``fields.<slot>``;
3. intake/dialogue/extract/<slot>.py — the reader of its answer (and of it said in passing);
4. models/cases.py — the complaint's column (with an Alembic migration).
Its value needs no Draft field (`Draft.extra_answers`); a structured value (a date range,
say) would add one in intake/dialogue/draft.py, a fifth file.

Here the same declaration is added for the duration of a test (`SLOTS.extended`), the texts
come in a catalog built from the real one, and the readers are defined below; nothing else
in the engine, the prompts, the summary or the complaint store knows about the slot.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml
from dialogue_harness import NOW, Conversation, FakeService
from pydantic import ValidationError

from intake import dialogue as dl
from intake.chats import complaints
from intake.dialogue.catalog import CATALOG_FILE
from intake.dialogue.slots import as_text
from routing.employers.index import EmployerIndex

STORY = (
    "我叫刘满仓，手机13937112345，去年10月到今年1月跟着恒跃建筑在柳河镇锦绣花园二期工地"
    "扎钢筋，俺们五个人一共被欠了三万五，老板一直拖着不给"
)

# -- the extractor (a real slot's would be intake/dialogue/extract/hometown.py) ----------------
_PROVINCES = "河南|河北|山东|山西|四川|安徽|湖北|湖南|江西|陕西|甘肃|贵州"
_PLACE = rf"({_PROVINCES})省?([\u4e00-\u9fff]{{2}}(?<![的人]))?"
_ANSWER = re.compile(_PLACE)
_SAID = re.compile(rf"{_PLACE}人")


def _place(m: re.Match[str] | None) -> str | None:
    return m.group(1) + (m.group(2) or "") if m else None


def hometown_answer(text: str) -> str | None:
    """ "老家是河南周口的" -> 河南周口; "河北" -> 河北."""
    return _place(_ANSWER.search(text))


def hometown_in_text(text: str) -> str | None:
    """ "我是四川达州人，…" -> 四川达州."""
    return _place(_SAID.search(text))


# -- the declaration (a real slot's goes in DEFINITIONS, intake/dialogue/slots.py) ------------
HOMETOWN = dl.SlotSpec(
    "hometown",
    complaint={"hometown": as_text},
    skippable=True,
    kept_as_written=20,
    left_open_after_tries=True,
    correction_words=("籍贯", "老家"),
    read_answer=hometown_answer,
    find_in_text=hometown_in_text,
)


# -- the texts (a real slot's go in intake/dialogue/messages.zh-Hans.yaml) ---------------------
def hometown_catalog() -> dl.Catalog:
    data = yaml.safe_load(CATALOG_FILE.read_text(encoding="utf-8"))
    data["ask"]["hometown"] = "您的老家（籍贯）是哪里？比如：河南周口。说不清就点“不清楚/没有”。"
    data["invalid"]["hometown"] = "没看出是哪里。请说省和市，比如：河南周口。"
    data["fields"]["hometown"] = "籍贯"
    return dl.Catalog(data)


@pytest.fixture
def hometown() -> Iterator[dl.SlotSpec]:
    with dl.SLOTS.extended(HOMETOWN, after="work_type") as spec:
        yield spec


@pytest.fixture
def conv(
    hometown: dl.SlotSpec, index: EmployerIndex, gazetteer: dl.TownshipGazetteer
) -> Conversation:
    return Conversation(
        now=NOW, index=index, gazetteer=gazetteer, service=FakeService(), catalog=hometown_catalog()
    )


async def test_the_new_slot_is_asked_filled_shown_and_stored(conv: Conversation) -> None:
    await conv.say(STORY)
    await conv.press("同意")
    asked = await conv.press("青川市恒跃建筑工程有限公司")
    # the story told everything else: the one question left is the new one
    assert asked.after.awaiting == "hometown"
    assert "您的老家（籍贯）是哪里" in asked.text and asked.labels == ["不清楚/没有"]

    summary = await conv.say("老家是河南周口的")
    assert "籍贯 河南周口" in summary.text  # acknowledged like any slot
    assert summary.after.awaiting == "confirm"
    assert "· 籍贯：河南周口" in summary.text  # in the summary, in asking order
    lines = summary.text.splitlines()
    assert lines.index("· 籍贯：河南周口") == lines.index("· 工种：钢筋工") + 1
    assert "改籍贯" in summary.labels

    filed = await conv.press("确认提交")
    assert filed.after.awaiting == "done"
    draft = conv.service.complaints[0].draft
    assert draft.extra_answers == {"hometown": "河南周口"}
    # the complaint store's row, from the declared mapping
    row = dl.SLOTS.complaint_values(draft)
    assert row["hometown"] == "河南周口"
    assert row["amount_fen"] == 3_500_000 and row["complainant_name"] == "刘满仓"


async def test_the_new_slot_said_in_passing_is_not_asked(conv: Conversation) -> None:
    await conv.say("我是四川达州人，" + STORY)
    await conv.press("同意")
    summary = await conv.press("青川市恒跃建筑工程有限公司")
    assert summary.after.awaiting == "confirm"
    assert "· 籍贯：四川达州" in summary.text


async def test_the_new_slot_can_be_corrected_edited_and_skipped(conv: Conversation) -> None:
    await conv.say(STORY)
    await conv.press("同意")
    await conv.press("青川市恒跃建筑工程有限公司")
    await conv.say("河南周口")
    corrected = await conv.say("籍贯说错了，是河北邯郸")
    assert "已经改好了：籍贯 河北邯郸" in corrected.text
    asked_again = await conv.press("改籍贯")
    assert asked_again.after.awaiting == "hometown" and "河北邯郸" in asked_again.text
    skipped = await conv.press("不清楚/没有")
    assert skipped.after.awaiting == "confirm"
    assert "· 籍贯：不清楚" in skipped.text
    assert conv.state.draft is not None and conv.state.draft.extra_answers == {}


async def test_an_unreadable_answer_is_kept_as_written_the_second_time(conv: Conversation) -> None:
    await conv.say(STORY)
    await conv.press("同意")
    await conv.press("青川市恒跃建筑工程有限公司")
    first = await conv.say("大山里头")
    assert "没看出是哪里" in first.text and first.after.awaiting == "hometown"
    second = await conv.say("大山里头")
    assert "籍贯就按您写的“大山里头”记下" in second.text
    assert second.after.awaiting == "confirm"


async def test_a_stored_state_asking_the_slot_loads_while_it_is_declared(
    conv: Conversation,
) -> None:
    await conv.say(STORY)
    await conv.press("同意")
    await conv.press("青川市恒跃建筑工程有限公司")
    stored = dl.dump_state(conv.state)
    assert stored["awaiting"] == "hometown"
    assert dl.load_state(stored) == conv.state
    with (
        pytest.raises(ValueError, match="declared already"),
        dl.SLOTS.extended(HOMETOWN, after="period"),
    ):
        pass


def test_a_state_asking_an_undeclared_slot_is_refused() -> None:
    state = dl.dump_state(dl.new_state("test:1"))
    state["awaiting"] = "hometown"
    with pytest.raises(ValidationError):
        dl.load_state(state)


def test_the_store_needs_the_complaint_column(hometown: dl.SlotSpec) -> None:
    """Forgetting the model column fails when the complaint store builds its insert."""
    with pytest.raises(ValueError, match="no column 'hometown'"):
        complaints._insert_complaint(dl.SLOTS.complaint_columns)
