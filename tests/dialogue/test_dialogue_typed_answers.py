"""A worker who types instead of tapping is never trapped (issue 20).

Typed equivalents of every button, answers in the forms people use, no question asked a
third time, the real place list, and free text read as people write it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from dialogue_harness import NOW, Conversation, FakeService, load_index

from intake import dialogue as dl
from intake.demo.reference import TOWNSHIPS, township_specs
from intake.dialogue.extract.answers import button_position, core, is_no, is_unknown, is_yes
from intake.dialogue.extract.employer_mention import employer_answer, find_employer_mentions
from intake.dialogue.extract.normalize import normalize
from intake.dialogue.extract.period import parse_period, spring_festival
from intake.dialogue.extract.person_name import name_answer
from intake.dialogue.extract.project import find_project, project_answer
from intake.dialogue.extract.vague import vague_words
from routing.townships import TownshipGazetteer

TODAY = NOW.date()


async def to_question(conv: Conversation, slot: str) -> dl.DialogueState:
    """Answer the questions before `slot` in the plainest way."""
    answers = {
        "name": "张三",
        "phone": "13812345678",
        "employer": "包工头老王",
        "project": "没有",
        "township": "东关街道",
        "work_type": "木工",
        "period": "去年10月到今年1月",
        "amount": "35000元",
        "headcount": "就我一个",
        "description": "老板一直拖着不给钱",
    }
    await conv.say("你好")
    await conv.press("同意")
    for _ in range(12):
        awaiting = conv.state.awaiting
        if awaiting == slot:
            return conv.state
        await conv.say(answers[awaiting])
    raise AssertionError(f"never asked {slot}: {conv.state.awaiting}")


# -- every button has typed equivalents ------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["同意", "嗯，同意吧！", "可以", "行啊", "中", "是的", "對", "没错", "好的呀"]
)
def test_yes_in_the_words_people_use(text: str) -> None:
    assert is_yes(text)


@pytest.mark.parametrize("text", ["不对", "改一下", "不是", "算了", "不同意"])
def test_no_in_the_words_people_use(text: str) -> None:
    assert is_no(text)


@pytest.mark.parametrize(
    "text",
    [
        "没有",
        "没项目",
        "没有项目名",
        "不知道叫啥",
        "不知道",
        "不清楚",
        "記不得了",
        "算了",
        "跳过",
        "嗯…不清楚啊",
        "不清楚吧",
    ],
)
def test_dont_know_in_the_words_people_use(text: str) -> None:
    assert is_unknown(text)


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("第一个", 0),
        ("第二家", 1),
        ("第2个", 1),
        ("上面那个", 0),
        ("就第一个吧", 0),
        ("最后一个", 2),
    ],
)
def test_a_button_named_by_its_position(text: str, index: int) -> None:
    assert button_position(text, 3) == index


@pytest.mark.parametrize("text", ["第一个月没给钱", "宏达建筑", "第五个"])
def test_not_a_position(text: str) -> None:
    assert button_position(text, 3) is None


def test_particles_around_an_answer() -> None:
    assert core("嗯…就我一个啊") == "就我一个"
    assert core("那个，东关街道吧") == "东关街道"


async def test_consent_typed_with_particles(conv: Conversation) -> None:
    await conv.say("你好")
    turn = await conv.say("嗯，同意吧")
    assert turn.after.awaiting == "name"


async def test_no_project_typed_is_never_a_loop(conv: Conversation) -> None:
    await to_question(conv, "project")
    for words in ("没有项目名", "不知道叫啥", "没有"):
        c = Conversation(now=NOW, index=conv.index, gazetteer=conv.gazetteer)
        await to_question(c, "project")
        turn = await c.say(words)
        assert turn.after.awaiting != "project", (words, turn.text)
        assert "project" in turn.after.draft.skipped  # type: ignore[union-attr]


async def test_a_candidate_picked_by_position_is_stored_as_the_employer(
    conv: Conversation,
) -> None:
    await to_question(conv, "employer")
    offered = await conv.say("新源纺织")
    assert len(offered.labels) >= 2
    turn = await conv.say("第一个")
    employer = turn.after.draft.employer  # type: ignore[union-attr]
    assert employer is not None and employer.status == "matched"
    assert employer.record is not None and employer.record.name == offered.labels[0]
    assert employer.typed == "新源纺织"  # never "第一个"


async def test_a_typed_label_with_fillers_presses_the_button(conv: Conversation) -> None:
    await to_question(conv, "headcount")
    turn = await conv.say("嗯，就我一个吧")
    assert turn.after.draft.headcount == 1  # type: ignore[union-attr]


async def test_button_labels_typed_in_traditional(conv: Conversation) -> None:
    await to_question(conv, "township")
    turn = await conv.say("東關街道啊")
    assert turn.after.draft.township == "东关街道"  # type: ignore[union-attr]


# -- answers in the forms people use ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("姓王，叫王大力", "王大力"),
        ("姓王叫大力", "王大力"),
        ("免贵姓李，叫李四", "李四"),
        ("姓欧阳，叫欧阳明", "欧阳明"),
        ("嗯，我叫张三吧", "张三"),
        ("俺曾二虎", "曾二虎"),
    ],
)
def test_names_as_people_give_them(text: str, name: str) -> None:
    assert name_answer(normalize(text)) == name


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("干了三个月", date(2025, 1, 1), TODAY), ("干了大半年", date(2024, 8, 1), TODAY)],
)
def test_a_duration_answers_the_period_question(text: str, start: date, end: date) -> None:
    period = parse_period(text, TODAY, answer=True)
    assert period is not None and (period.start, period.end) == (start, end)
    assert parse_period(text, TODAY) is None  # in a story it may have ended long ago


@pytest.mark.parametrize(
    ("text", "words", "people"),
    [
        ("十几个人", "十几个人", True),
        ("二十多个", "二十多个", True),
        ("12个人", None, True),
        ("四十来万", "四十来万", False),
        ("两万左右", "两万左右", False),
        ("3.5万", None, False),
    ],
)
def test_vague_numbers_keep_their_words(text: str, words: str | None, people: bool) -> None:
    assert vague_words(text, people=people) == words


async def test_a_vague_count_near_the_threshold_gets_one_question(conv: Conversation) -> None:
    await to_question(conv, "headcount")
    asked = await conv.say("十来个人")
    assert asked.after.awaiting == "headcount" and "准数" in asked.text
    assert asked.labels == ["说不准"]
    turn = await conv.say("11个")
    d = turn.after.draft
    assert d is not None and d.headcount == 11 and turn.after.awaiting != "headcount"


async def test_not_sure_keeps_the_vague_count_as_said(conv: Conversation) -> None:
    await to_question(conv, "headcount")
    await conv.say("差不多十个人")
    turn = await conv.press("说不准")
    d = turn.after.draft
    assert d is not None and d.headcount == 10 and d.headcount_words == "差不多十个人"
    assert turn.after.awaiting != "headcount"


async def test_a_clearly_large_vague_count_is_not_questioned(conv: Conversation) -> None:
    await to_question(conv, "headcount")
    turn = await conv.say("二十多个人")
    assert turn.after.awaiting != "headcount"
    assert turn.after.draft.headcount == 20  # type: ignore[union-attr]


# -- no question asked more than twice -------------------------------------------------------


async def test_an_unreadable_employer_is_kept_as_written_the_second_time(
    conv: Conversation,
) -> None:
    await to_question(conv, "employer")
    first = await conv.say("就是不给钱")
    assert first.after.awaiting == "employer"
    second = await conv.say("他们一直说没钱")
    assert second.after.awaiting != "employer", second.text
    employer = second.after.draft.employer  # type: ignore[union-attr]
    assert employer is not None and employer.status == "unmatched"
    assert "按您写的" in second.text


async def test_an_unreadable_optional_answer_is_left_open_the_second_time(
    conv: Conversation,
) -> None:
    await to_question(conv, "period")
    await conv.say("挺久了")
    turn = await conv.say("反正挺长时间")
    assert turn.after.awaiting != "period"
    assert "period" in turn.after.draft.skipped  # type: ignore[union-attr]
    assert "先空着" in turn.text


async def test_a_missing_phone_is_explained_with_the_hotline(conv: Conversation) -> None:
    await to_question(conv, "phone")
    first = await conv.say("没有手机")
    assert "13812345678" in first.text and "12333" not in first.text
    second = await conv.say("真没有")
    assert second.after.awaiting == "phone"
    assert "13812345678" in second.text and "12333" in second.text and "家人" in second.text


async def test_a_question_of_the_workers_own_is_not_an_answer(conv: Conversation) -> None:
    await to_question(conv, "employer")
    turn = await conv.say("这个要多久能办好？")
    assert turn.after.draft.employer is None  # type: ignore[union-attr]
    assert "办案人员" in turn.text and turn.after.awaiting == "employer"


# -- the place list is the real one ----------------------------------------------------------


def test_the_demo_county_has_every_township_street_and_management_area() -> None:
    names = {t.name for t in township_specs()}
    assert {"君召乡", "阳城工业区", "嵩山景区管委会", "送表矿区", "卢店镇"} <= names
    coded = [t for t in township_specs() if t.code]
    assert len(coded) == 15 and all(t.code.startswith("410185") for t in coded)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("said", "township"),
    [
        ("君召乡", "君召乡"),
        ("君召", "君召乡"),
        ("阳城区", "阳城工业区"),
        ("在阳城干活", "阳城工业区"),
        ("嵩山景区", "嵩山景区管委会"),
        ("卢店街道", "卢店镇"),
        ("送表", "送表矿区"),
    ],
)
def test_names_people_use_for_the_demo_townships(said: str, township: str) -> None:
    aliases = {a: n for n, names in TOWNSHIPS.items() for a in names}
    assert TownshipGazetteer(TOWNSHIPS, aliases).find_answer(said) == township


async def test_an_unknown_place_is_kept_as_typed_for_the_office(conv: Conversation) -> None:
    await to_question(conv, "township")
    turn = await conv.say("就在马庄村那边")
    d = turn.after.draft
    assert d is not None and d.township == "马庄村" and "township" in d.unverified
    assert turn.after.awaiting != "township"
    assert "马庄村" in d.unverified_note()


# -- free text as people write it ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("去年八月份干到过年", date(2024, 8, 1), spring_festival(2025)),
        ("从去年八月干到年底", date(2024, 8, 1), date(2024, 12, 31)),
        ("从麦收到秋后", date(2024, 6, 1), date(2024, 10, 31)),
        ("去年腊月", date(2024, 12, 1), date(2024, 12, 31)),
        ("今年2月干到现在", date(2025, 2, 1), TODAY),
        (
            "从去年11月干到今年1月，过年前说好结账，到现在一分没给",
            date(2024, 11, 1),
            date(2025, 1, 31),
        ),
    ],
)
def test_periods_with_festivals_and_relative_ends(text: str, start: date, end: date) -> None:
    period = parse_period(text, TODAY, answer=True)
    assert period is not None and (period.start, period.end) == (start, end)


def test_a_name_with_a_festival_in_it_is_no_period() -> None:
    assert parse_period("高国庆", TODAY) is None


@pytest.mark.parametrize(
    ("text", "employer"),
    [
        ("还是大星建筑那个刘老板", "大星建筑"),
        ("就是宏达那家", "宏达"),
        ("嗯，大星建筑吧", "大星建筑"),
        ("宏达建筑那边的老板", "宏达建筑"),
    ],
)
def test_fillers_around_an_employer_name(text: str, employer: str) -> None:
    assert employer_answer(text) == employer


def test_the_builder_named_on_its_site() -> None:
    mentions = find_employer_mentions("在大冶镇宏达建筑工地干木工")
    assert [m.text for m in mentions] == ["宏达建筑"]


@pytest.mark.parametrize("text", ["我们去找过项目部没人管", "我们找过项目经理", "没有项目名"])
def test_a_project_is_not_a_verb_phrase(text: str) -> None:
    assert find_project(text) is None and project_answer(text) is None


def test_a_trade_is_no_project() -> None:
    assert find_project("给德恒建设工程干炒菜的") is None


async def test_the_readme_example_fills_the_employer_too(conv: Conversation) -> None:
    await conv.say("你好")
    await conv.press("同意")
    turn = await conv.say(
        "我叫王大力，电话13812345678，在柳河镇宏达建筑工地干木工，去年10月到今年1月，"
        "欠我三万五，我们12个人"
    )
    d = turn.after.draft
    assert d is not None and d.employer is not None and d.employer.typed == "宏达建筑"
    assert (d.name, d.phone, d.township, d.work_type, d.amount_yuan, d.headcount) == (
        "王大力", "13812345678", "柳河镇", "木工", 35000, 12,
    )  # fmt: skip


async def test_an_approximate_amount_stays_visible_on_the_summary(conv: Conversation) -> None:
    await to_question(conv, "period")
    await conv.say("去年10月到今年1月，四十来万")
    d = conv.state.draft
    assert d is not None and d.amount_yuan == 400_000 and d.amount_words == "四十来万"
    for _ in range(4):
        if conv.state.awaiting == "confirm":
            break
        await conv.say(
            {"headcount": "就我一个", "description": "老板一直拖着不给钱"}.get(
                conv.state.awaiting, "不清楚"
            )
        )
    summary = conv.history[-1].text
    assert "四十来万" in summary and "约400000元" in summary


async def test_the_office_sees_what_was_kept_as_typed() -> None:
    service = FakeService()
    gazetteer = TownshipGazetteer(["东关街道"])
    conv = Conversation(now=NOW, index=load_index(), gazetteer=gazetteer, service=service)
    await to_question(conv, "township")
    await conv.say("马庄村")
    d = conv.state.draft
    assert d is not None and d.unverified_note() == "【待核实，按工人原话记录】乡镇/街道“马庄村”"


DEMO_REGISTRY = Path(__file__).resolve().parents[2] / "intake" / "demo" / "registry_sample.csv"


async def test_the_readme_example_in_the_demo_county() -> None:
    from routing.employers.index import EmployerIndex
    from routing.employers.registry import iter_registry_csv

    registry = DEMO_REGISTRY
    aliases = {a: n for n, names in TOWNSHIPS.items() for a in names}
    conv = Conversation(
        now=NOW,
        index=EmployerIndex(iter_registry_csv(registry)),
        gazetteer=TownshipGazetteer(TOWNSHIPS, aliases),
    )
    await conv.say("你好")
    await conv.press("同意")
    turn = await conv.say(
        "我叫王大力，电话13812345678，在大冶镇宏达建筑工地干木工，去年10月到今年1月，"
        "欠我三万五，我们12个人"
    )
    d = turn.after.draft
    assert d is not None and d.employer is not None and d.employer.typed == "宏达建筑"
    assert d.township == "大冶镇" and d.period is not None
    assert "哪家公司" not in turn.text  # the bot confirms the employer instead of asking


@pytest.fixture
def namesakes(conv: Conversation) -> Conversation:
    """A registry where three companies share the 字号 金锦, each in another line of business."""
    from routing.employers.index import EmployerIndex
    from routing.employers.registry import EmployerRecord
    from tests.routing.employer_registry_sample import make_uscc, records

    extra = [
        EmployerRecord(rid, name, make_uscc(int(rid), "91"), sector, "private", "城关镇")
        for rid, name, sector in (
            ("101", "金锦物流有限公司", "services"),
            ("102", "金锦餐饮管理有限公司", "services"),
            ("103", "金锦物业服务有限公司", "services"),
        )
    ]
    index = EmployerIndex([*records(), *extra])
    return Conversation(now=NOW, index=index, gazetteer=conv.gazetteer)


async def test_a_sentence_answer_names_the_employer_by_what_was_done(
    namesakes: Conversation,
) -> None:
    await to_question(namesakes, "employer")
    turn = await namesakes.say("俺在金锦掌勺炒菜，欠着俺半年工资了")
    employer = turn.after.draft.employer  # type: ignore[union-attr]
    assert employer is not None and employer.candidates
    assert employer.candidates[0].employer.name == "金锦餐饮管理有限公司"
    assert "金锦餐饮" in turn.labels[0]  # offered first, for the worker to confirm


async def test_a_sentence_that_does_not_tell_offers_the_namesakes(namesakes: Conversation) -> None:
    await to_question(namesakes, "employer")
    turn = await namesakes.say("俺在金锦干活，老板不接电话")
    employer = turn.after.draft.employer  # type: ignore[union-attr]
    assert employer is not None  # kept, not refused and asked again
    assert {c.employer.name for c in employer.candidates} >= {
        "金锦物流有限公司",
        "金锦餐饮管理有限公司",
    }
