"""One slot editor: whichever way a slot changes, what depends on it changes with it."""

from __future__ import annotations

from datetime import date

from dialogue_harness import NOW, Conversation

from intake import dialogue as dl
from intake.dialogue.slot_editor import SlotEditor

OLD_STORY = (
    "我叫刘满仓，手机13937112345，2021年10月到2022年1月跟着恒跃建筑在柳河镇锦绣花园二期工地"
    "扎钢筋，俺们五个人一共被欠了三万五，老板一直拖着不给"
)


def editor() -> SlotEditor:
    return SlotEditor(dl.Draft(draft_id="1-test", started_at=NOW), NOW.date())


def test_a_period_sets_and_a_skip_clears_the_two_year_mark() -> None:
    ed = editor()
    d = ed.draft
    ed.set("period", dl.PeriodValue(start=date(2021, 10, 1), end=date(2022, 1, 31), text="x"))
    assert d.over_two_years
    assert ed.skip("period")
    assert d.period is None and d.skipped == ["period"] and not d.over_two_years
    ed.set("period", dl.PeriodValue(start=date(2024, 10, 1), end=date(2025, 1, 31), text="y"))
    assert d.skipped == [] and not d.over_two_years


def test_kept_as_written_until_a_readable_answer() -> None:
    ed = editor()
    d = ed.draft
    ed.set("township", "马庄村", as_written=True)
    assert d.unverified == ["township"]
    ed.set("township", "柳河镇")
    assert d.township == "柳河镇" and d.unverified == []


def test_an_approximate_number_keeps_the_words_until_replaced() -> None:
    ed = editor()
    d = ed.draft
    ed.set("amount", 400_000, words="四十来万")
    assert (d.amount_yuan, d.amount_words) == (400_000, "四十来万")
    ed.set("amount", 410_000)
    assert (d.amount_yuan, d.amount_words) == (410_000, None)


def test_only_optional_slots_are_skipped() -> None:
    ed = editor()
    ed.set("amount", 35_000)
    assert not ed.skip("amount")
    assert ed.draft.amount_yuan == 35_000 and ed.draft.skipped == []


async def test_saying_the_period_is_not_known_clears_the_two_year_mark(
    conv: Conversation,
) -> None:
    """Typed "记不清了" goes through the same editor as the skip button."""
    await conv.say(OLD_STORY)
    await conv.press("同意")
    summary = await conv.press("青川市恒跃建筑工程有限公司")
    assert summary.after.draft is not None and summary.after.draft.over_two_years
    assert "超过两年" in summary.text
    await conv.press("改干活时间")
    skipped = await conv.say("不清楚")
    assert skipped.after.awaiting == "confirm"
    assert skipped.after.draft is not None
    assert skipped.after.draft.period is None and not skipped.after.draft.over_two_years
    assert "超过两年" not in skipped.text
