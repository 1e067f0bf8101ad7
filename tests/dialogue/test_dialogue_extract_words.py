"""Names, work types, employers, projects, corrections, commands and short answers."""

from __future__ import annotations

import pytest

from intake.dialogue.extract.answers import is_no, is_unknown, is_yes
from intake.dialogue.extract.commands import parse_command
from intake.dialogue.extract.corrections import find_corrections
from intake.dialogue.extract.employer_mention import (
    employer_answer,
    find_employer_mentions,
    looks_like_sentence,
)
from intake.dialogue.extract.input_checks import text_problem
from intake.dialogue.extract.normalize import normalize
from intake.dialogue.extract.person_name import name_answer, name_in_text
from intake.dialogue.extract.project import find_project, project_answer
from intake.dialogue.extract.work_type import common_work_types, find_work_type
from intake.dialogue.script import detect_script, to_script

# -- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("张三", "张三"),
        ("我叫李四", "李四"),
        ("姓名：王五", "王五"),
        ("俺是赵铁柱", "赵铁柱"),
        ("欧阳娜娜", "欧阳娜娜"),
        ("买买提·艾力", "买买提·艾力"),
        ("张三 13812345678", "张三"),
        ("您好，我叫刘德华，在工地干活", "刘德华"),
        ("仡佬明", "仡佬明"),  # unknown surname, but a name-like answer when asked
    ],
)
def test_name_answers(text: str, name: str) -> None:
    assert name_answer(normalize(text)) == name


@pytest.mark.parametrize(
    "text", ["老王", "张老板", "木工", "我是木工", "不告诉你", "没有", "王", "13812345678", "好的"]
)
def test_not_a_name(text: str) -> None:
    assert name_answer(normalize(text)) is None


def test_name_inside_a_story_needs_an_explicit_cue() -> None:
    assert name_in_text("领导好，我叫刘满仓，手机13937112345") == "刘满仓"
    assert name_in_text("我叫张伟在工地干活") == "张伟"
    assert name_in_text("张老板欠我钱") is None
    assert name_in_text("我是木工") is None


# -- work types --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("在工地扎钢筋", "钢筋工"),
        ("支模板的", "木工"),
        ("砌墙", "瓦工"),
        ("在工地上搬砖", "小工"),
        ("贴瓷砖", "瓷砖工"),
        ("扫大街的", "保洁"),
        ("在小区当保安", "保安"),
        ("食堂炒菜", "厨师"),
        ("流水线上干", "流水线普工"),
        ("下井挖煤", "矿工"),
        ("开挖机", "机械操作手"),
        ("在仓库装车", "装卸搬运工"),
        ("在輔導班帶課", None),  # not normalised here: traditional words are not matched
    ],
)
def test_work_types(text: str, label: str | None) -> None:
    assert find_work_type(text) == label


def test_work_types_from_traditional_after_normalising() -> None:
    assert find_work_type(normalize("在輔導班帶課")) == "教师"
    assert find_work_type(normalize("紮鋼筋")) == "钢筋工"


def test_work_type_buttons_are_known_labels() -> None:
    buttons = common_work_types()
    assert 5 <= len(buttons) <= 10
    assert all(find_work_type(b) == b for b in buttons)


# -- employer mentions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "kind"),
    [
        ("跟着恒跃建筑在柳河镇锦绣花园工地扎钢筋", "恒跃建筑", "weak"),
        ("在宏达建筑工程有限公司干了三个月", "宏达建筑工程有限公司", "org"),
        ("是康诚公司招的俺们", "康诚公司", "org"),
        ("俺们是给锦越公司干的", "锦越公司", "org"),
        ("再广诚公司的工地上干活", "广诚公司", "org"),  # 再 for 在
        ("在聚佳小区工地干活，包工头老曹不给钱", "包工头老曹", "person"),
        ("跟着姓冯的包工头干", "姓冯的包工头", "person"),
        ("工头韩老板一直拖着", "工头韩老板", "person"),
        ("瑞兴那边一直拖着工资", "瑞兴", "weak"),
        ("明业欠俺们钱", "明业", "weak"),
        ("跟着隆宇修菜园路", "隆宇", "weak"),
        ("在东关街道给卓越装饰刷漆", "卓越装饰", "weak"),
        ("给北山煤业下井挖煤", "北山煤业", "weak"),
        ("在弘众厂里干活", "弘众厂", "org"),
        ("俺們跟著登封市眾榮建築工程幹中學蓋綜合樓的活", "登封市众荣建筑工程", "weak"),
        ("叫弘錦培訓，幹了四十來天", "弘锦培训", "weak"),
    ],
)
def test_employer_mentions(text: str, first: str, kind: str) -> None:
    mentions = find_employer_mentions(normalize(text))
    assert mentions, text
    assert (mentions[0].text, mentions[0].kind) == (first, kind)


@pytest.mark.parametrize(
    "text",
    [
        "活早干完了，干了三个多月，就我一个",
        "也不知道他是干啥的公司",
        "相信政府能解决",
        "准备去市政府门口拉横幅",
        "在大金店镇干活",  # a township ending in 店 is not a shop
        "包工头电话打不通",  # a bare title names nobody
    ],
)
def test_no_employer_mention(text: str) -> None:
    assert find_employer_mentions(normalize(text)) == []


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("宏运物流", "宏运物流"),
        ("公司是宏运物流", "宏运物流"),
        ("公司名字叫：宏运物流", "宏运物流"),
        ("在宏运物流干活", "宏运物流"),
        ("包工头老王", "包工头老王"),
    ],
)
def test_employer_answer(text: str, typed: str) -> None:
    assert employer_answer(text) == typed


def test_employer_answer_that_is_a_sentence() -> None:
    assert looks_like_sentence("就是不给钱")
    assert not looks_like_sentence("青川市不锈钢制品有限公司")  # 不 inside a registered name
    assert not looks_like_sentence("包工头老王")


# -- projects -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "project"),
    [
        ("去年10月到今年1月跟着恒跃建筑在柳河镇锦绣花园二期工地扎钢筋", "锦绣花园二期"),
        ("在瑞美花园三期工地上贴瓷砖", "瑞美花园三期"),
        ("跟着隆宇修菜园路", "菜园路"),
        ("在聚佳小区工地干活", "聚佳小区"),
        ("承包了颍阳镇污水管网工程", "污水管网工程"),
        ("在飞程商业广场工地干活", "飞程商业广场"),
        ("在登封市第四中学综合楼干活", "第四中学综合楼"),
    ],
)
def test_projects_in_stories(text: str, project: str) -> None:
    assert find_project(normalize(text)) == project


def test_project_is_not_a_company_industry_word() -> None:
    assert find_project("在青川市恒跃建筑工程有限公司上班") is None


@pytest.mark.parametrize(
    ("text", "project"),
    [
        ("锦绣花园二期", "锦绣花园二期"),
        ("在锦绣花园工地", "锦绣花园"),
        ("青川大道改造工程", "青川大道改造工程"),
        ("没有", None),
        ("不知道", None),
        ("就是厂里", None),
    ],
)
def test_project_answers(text: str, project: str | None) -> None:
    assert project_answer(text) == project


# -- corrections -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("金额说错了，是4万", "amount", "4万"),
        ("钱写错了 应该是35000", "amount", "35000"),
        ("电话改成13812345678", "phone", "13812345678"),
        ("把手机号改为13812345678", "phone", "13812345678"),
        ("名字打错了，是张小三", "name", "张小三"),
        ("工种写错了，应该是木工", "work_type", "木工"),
        ("人数不对，是8个人", "headcount", "8个人"),
        ("时间说错了，是去年10月到今年1月", "period", "去年10月到今年1月"),
        ("公司改成宏运物流", "employer", "宏运物流"),
        ("電話改成13812345678", "phone", "13812345678"),
    ],
)
def test_corrections_with_a_keyword(text: str, slot: str, value: str) -> None:
    corrections = find_corrections(normalize(text))
    assert [(c.slot, c.value_text) for c in corrections] == [(slot, value)]


def test_correction_without_a_keyword_leaves_the_slot_open() -> None:
    [c] = find_corrections("不是柳河镇，是南湖镇")
    assert c.slot == "township" and c.value_text == "南湖镇"
    [c] = find_corrections("不是3万，是4万")
    assert c.slot is None and c.value_text == "4万"


def test_two_corrections_in_one_message() -> None:
    corrections = find_corrections("电话改成13812345678，金额改成4万")
    assert [(c.slot, c.value_text) for c in corrections] == [
        ("phone", "13812345678"),
        ("amount", "4万"),
    ]


def test_correction_without_a_value() -> None:
    [c] = find_corrections("电话错了")
    assert c.slot == "phone" and c.value_text == ""


def test_id_number_correction_targets_the_id() -> None:
    [c] = find_corrections("身份证号写错了")
    assert c.target == "id_number"


@pytest.mark.parametrize(
    "text",
    [
        "老板跑路了，电话打不通",
        "去年10月到今年1月",
        "领导好，俺们十二个人的工钱二十三万四千块到现在没给，老板说钱不对账",
    ],
)
def test_not_a_correction(text: str) -> None:
    assert find_corrections(text) == []


def test_a_far_keyword_does_not_make_a_correction_of_that_slot() -> None:
    # "老板 ... 算错了": the boss is not being corrected; without a slot the absorber
    # only acts if the value itself is a recognisable fact
    assert all(c.slot is None for c in find_corrections("老板说我们算错了，只给一半"))


# -- commands and short answers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("/back", "back"),
        ("/back@anxin_bot", "back"),
        ("/RESTART", "restart"),
        ("/cancel", "cancel"),
        ("/help", "help"),
        ("/status", "status"),
        ("/start", "start"),
        ("/new", "restart"),
        ("返回", "back"),
        ("上一步。", "back"),
        ("重新开始", "restart"),
        ("取消", "cancel"),
        ("帮助", "help"),
        ("查询进度", "status"),
        ("重新開始", "restart"),
    ],
)
def test_commands(text: str, command: str) -> None:
    assert parse_command(text) == command


@pytest.mark.parametrize("text", ["/unknown", "我想重新开始找工作", "取消了合同", "张三"])
def test_not_commands(text: str) -> None:
    assert parse_command(text) is None


def test_yes_no_unknown() -> None:
    for text in ("同意", "好的", "中", "嗯嗯", "OK", "对！", "確定"):
        assert is_yes(text), text
    for text in ("不同意", "不对", "算了", "不中"):
        assert is_no(text), text
    for text in ("不知道", "不清楚", "记不清了", "没有", "俺也不知道", "忘了"):
        assert is_unknown(text), text
    assert not is_unknown("没给钱")
    assert not is_yes("好的谢谢你们")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("😭😭😭🙏", "no_text"),
        ("👍🏻", "no_text"),
        ("？！。。。", "no_text"),
        ("   ", "empty"),
        ("欠" * 2001, "too_long"),
        ("好", None),
        ("3", None),
        ("😭老板不给钱", None),
    ],
)
def test_text_problems(text: str, problem: str | None) -> None:
    assert text_problem(text) == problem


# -- scripts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("老闆不給錢，幹了三個月", "traditional"),
        ("老板不给钱，干了三个月", "simplified"),
        ("13812345678", None),
        ("好", None),
        ("著名的公司", None),
    ],
)
def test_detect_script(text: str, script: str | None) -> None:
    assert detect_script(text) == script


def test_to_traditional() -> None:
    assert to_script("请核对您的投诉信息", "traditional") == "請核對您的投訴信息"
    assert to_script("里面", "traditional") == "裡面"
    assert to_script("请核对", "simplified") == "请核对"
