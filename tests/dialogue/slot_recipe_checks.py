"""The hometown slot's checks: copied by test_new_slot_recipe.py into a copy of the code where
the slot was added by the README's recipe, and run there (not collected in this tree, where
the slot does not exist)."""

from __future__ import annotations

import pytest
from dialogue_harness import NOW, Conversation, FakeService

from intake import dialogue as dl
from intake.chats import complaints
from routing.employers.index import EmployerIndex

STORY = (
    "我叫刘满仓，手机13937112345，去年10月到今年1月跟着恒跃建筑在柳河镇锦绣花园二期工地"
    "扎钢筋，俺们五个人一共被欠了三万五，老板一直拖着不给"
)


@pytest.fixture
def conv(index: EmployerIndex, gazetteer: dl.TownshipGazetteer) -> Conversation:
    return Conversation(now=NOW, index=index, gazetteer=gazetteer, service=FakeService())


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


def test_the_store_builds_its_insert_with_the_column() -> None:
    sql = str(complaints._insert_complaint(dl.SLOTS.complaint_columns))
    assert "hometown" in sql
