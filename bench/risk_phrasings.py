"""Generated risk phrasings by family, as routing cases (the format of routing_cases.jsonl).

An evaluation set of our own, independent of ../shared/data: each case is a worker's first
message built from a work scenario (which decides the task force from the words alone), a
sum and a headcount, and one risk sentence of a family. The families:

* ``threat``        collective disorder threatened (堵路, 拉横幅, 上访, 围堵, 去政府闹 …)
* ``self_harm``     self-harm threatened or voiced (跳楼, 喝药, 不想活了 …)
* ``violence``      violence threatened or done (动手, 拿刀, 打人 …)
* ``absconded``     the boss ran away or cannot be reached, in many wordings
* ``negated``       the same acts explicitly denied (没说要去闹, 老板没跑, 不会去跳楼 …)
* ``benign``        look-alikes that are no red flag (老板跑工地去了, 关机维修, 打欠条 …)
* ``worry``         an absconding feared, not happened (就怕老板跑路)
* ``traditional``   cases of the families above written in traditional characters
* ``dialect``       Henan-colloquial wordings of all of the above (寻不着人, 跑球了, 上北京告去)
* ``retold``        what others said or did, told at length (工友们都说要去县里讨个说法)
* ``formal``        the written, official register (扬言集体上访, 携款潜逃, 失去联系)

``HELD_OUT`` families are never looked at while the lexicons are tuned; the benchmark and
the test report them apart. ``worry`` and ``traditional`` have never been tuned on.
``violence``, ``dialect``, ``retold`` and ``formal`` were each held out until their first
measurement and tuned after it (the README gives those first figures: how the lexicons
scored on phrasings they had never seen). The phrase lists here are written independently
of routing/lexicons: a phrase is added here because workers say it, not because the
lexicons know it.

    .venv/bin/python bench/risk_phrasings.py [--per-family N] [--seed S] > cases.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import opencc

FAMILIES = (
    "threat",
    "self_harm",
    "violence",
    "absconded",
    "negated",
    "benign",
    "worry",
    "traditional",
    "dialect",
    "retold",
    "formal",
)
HELD_OUT = frozenset({"worry", "traditional"})
TUNED = tuple(f for f in FAMILIES if f not in HELD_OUT)


@dataclass(frozen=True)
class Scenario:
    text: str
    task_force: str
    funding: str | None = None


# Work scenarios whose words alone decide the task force (no employer name is given).
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("在{town}一个工地上扎钢筋", "TF1_CONSTRUCTION"),
    Scenario("跟着包工头{sur}老板干装修", "TF1_CONSTRUCTION"),
    Scenario("在{estate}小区工地上贴瓷砖", "TF1_CONSTRUCTION"),
    Scenario("在工地上干架子工", "TF1_CONSTRUCTION"),
    Scenario("给人家盖厂房，是包工头{sur}老板带的俺们", "TF1_CONSTRUCTION"),
    Scenario("在厂里流水线上干活", "TF7_SME"),
    Scenario("在一家饭店后厨帮工", "TF7_SME"),
    Scenario("在物流公司仓库分拣快递", "TF7_SME"),
    Scenario("在{estate}小区干物业保洁", "TF7_SME"),
    Scenario("在超市当理货员", "TF7_SME"),
    Scenario("在{park}干保洁，是物业公司招的", "TF3_PUBLIC_SVC"),
    Scenario("在市民服务中心干物业保洁", "TF3_PUBLIC_SVC"),
    Scenario("给{square}干物业，管保洁和看门", "TF3_PUBLIC_SVC"),
    Scenario("在{town}扫大街，干环卫", "TF3_PUBLIC_SVC"),
    Scenario("在武校当教练", "TF4_EDU"),
    Scenario("在一个培训学校带课", "TF4_EDU"),
    Scenario("在煤矿井下干", "TF5_COAL"),
    Scenario("给镇上修路，是政府投资的项目", "TF2_GOV_PROJECT", "government"),
    Scenario("在城投的项目上干活", "TF6_SOE"),
    Scenario("送外卖", "OFFICE"),
    Scenario("给人家当保姆看孩子", "OFFICE"),
)
TOWNS = ("嵩阳街道", "少林街道", "大金店镇", "颍阳镇", "卢店镇", "告成镇", "徐庄镇", "宣化镇")
ESTATES = ("锦绣", "幸福", "金水湾", "阳光", "翠园", "东方名")
PARKS = ("嵩阳公园", "人民公园", "滨河公园", "市体育中心")
SQUARES = ("中岳广场", "市民广场", "文化广场", "市政务服务中心")
SURNAMES = "王李张刘陈杨赵黄周吴郭马朱胡高林何罗"
INTROS: tuple[str, ...] = ("", "您好，", "领导好，", "俺想反映个事，", "求助！", "那个，")
INTROS += ("打扰了，", "有人管没有，")
OUTROS: tuple[str, ...] = ("", "咋办？", "帮帮俺们吧", "这事谁管啊", "求求恁帮帮忙", "中不中？")
OUTROS += ("能帮忙要回来不？",)
AMOUNTS = ("两万三", "3.5万", "18000块", "一万二", "四万多", "六千五")
WHO = ("俺们", "我们", "大家", "工友们", "俺们几个", "我")
BOSS = ("老板", "包工头", "工头", "负责人", "那个姓{sur}的", "{sur}老板", "老{sur}", "项目经理")

# --- families: each returns (sentence, flags) --------------------------------------------

THREAT_CONDITIONS = (
    "再不给钱",
    "要是年前还不给",
    "实在不行",
    "逼急了",
    "这个月再不结",
    "过了十五还不给",
    "",
)
THREAT_LEADS = ("就", "只能", "只好", "准备", "打算", "商量好了", "明天就", "下礼拜")
THREAT_ACTS = (
    "去堵路",
    "去把工地大门堵了",
    "去市政府门口拉横幅",
    "去上访",
    "到北京上访",
    "集体上访",
    "去镇政府门口静坐",
    "把路给堵上",
    "去围堵项目部",
    "去他家闹",
    "举着牌子去政府",
    "一起去市政府讨说法",
    "去闹事",
    "打横幅去开发商那",
    "去堵高速路口",
    "去堵他公司的门",
    "到省里去上访",
    "全都去政府门口坐着",
)
SELF_HARM_ACTS = (
    "从楼上跳下去",
    "去跳楼",
    "喝农药",
    "喝药死了算了",
    "去上吊",
    "去跳河",
    "爬到塔吊上去",
    "死给他看",
    "一死了之",
    "死在他家门口",
    "去楼顶跳下来",
)
SELF_HARM_STATES = (
    "真不想活了",
    "活不下去了",
    "俺都有轻生的念头了",
    "真想一了百了",
    "这日子没法活了",
    "都想寻短见了",
    "我媳妇说不想活了",
    "工友想不开要喝药",
    "活着没意思了",
)
VIOLENCE_ACTS = (
    "拿刀去找他",
    "跟他拼了",
    "动手打他",
    "去揍他一顿",
    "弄死他",
    "跟他同归于尽",
    "拿砖头砸他的车",
    "去把他家砸了",
    "一把火烧了他的工地",
    "捅他几刀",
)
VIOLENCE_DONE = (
    "去要钱老板还叫人动手打俺",
    "去要钱被他们打了一顿",
    "工头拿刀吓唬俺们",
    "工友气不过跟老板动手了",
    "老板找人来打人",
)
ABSCOND = (
    "跑路了",
    "卷钱跑了",
    "联系不上了",
    "电话打不通",
    "手机关机",
    "人找不到了",
    "把俺拉黑了",
    "失联半个月了",
    "玩失踪",
    "人间蒸发了",
    "把俺微信删了，电话也不接",
    "电话停机了",
    "换号了，找不着人",
    "躲起来不见人",
    "电话一直没人接",
    "不接电话也不回微信",
    "人跑了",
    "带着钱跑了",
    "连夜跑了",
    "人影都见不着",
    "电话一打就挂，后来直接关机",
    "早就溜了",
    "消失了",
    "微信不回，电话拉黑",
)
NEGATED: tuple[tuple[str, set[str]], ...] = (
    ("俺们不会去堵路拉横幅", set()),
    ("俺们没说要去闹", set()),
    ("也不想闹事，就想要回血汗钱", set()),
    ("俺不会去跳楼的，就想要钱", set()),
    ("大家都说了不去上访，相信政府", set()),
    ("跳楼那种事俺不会干", set()),
    ("俺们从没想过去堵路", set()),
    ("不打算拉横幅，只想走正规渠道", set()),
    ("绝对不会干傻事", set()),
    ("俺们不会动手，也不会闹", set()),
    ("老板没跑，就是不给", set()),
    ("老板也没失联，电话能打通，就是拖着", set()),
    ("包工头人还在，天天能见到，就是不给钱", set()),
    ("不是联系不上，是他不给", set()),
    ("老板没有跑路，人就在公司", set()),
    ("电话能打通，老板一直说没钱", set()),
    ("他没拉黑俺，就是不回话说没钱", set()),
    ("老板也没关机，接了电话就说下个月", set()),
    ("不想去政府门口闹，怕影响不好", set()),
    ("没打算寻死，就是心里急", set()),
)
BENIGN = (
    "老板跑工地去了，说回来再说",
    "俺手机关机维修了两天",
    "打了12345也打不通",
    "俺跑了好几趟了",
    "俺们拼命干了一年",
    "给老板打电话他就说没钱",
    "打了欠条",
    "去镇政府反映过也没用",
    "现在找不到活干",
    "工友动手术急等钱用",
    "老板说去外地跑业务了，月底回来结",
    "俺手机没电关机了，没接到他电话",
    "老板天天往工地跑",
    "干活累得要死",
    "工头说这个月一定结",
    "跑了好几个部门",
    "楼都盖到顶了",
    "俺们在楼顶干防水",
    "气得俺一晚上没睡",
    "老板人在，就是不给",
)
WORRY = (
    "就怕老板跑路",
    "担心包工头跑了",
    "万一他跑了咋办",
    "怕工头卷钱跑了",
    "听说老板要跑，怕找不着他",
    "生怕他拉黑俺",
    "就怕过年他关机找不着人",
)

DIALECT: tuple[tuple[str, set[str]], ...] = (
    ("俺们几十口子明儿个就去县政府门口坐那儿不走了", {"extreme_risk"}),
    ("再不给钱俺就去市里上访，中不中", {"extreme_risk"}),
    ("俺们要去把他那工地门给堵喽", {"extreme_risk"}),
    ("实在没法儿了，俺就从那楼上跳下去拉倒", {"extreme_risk"}),
    ("俺真是不想活咧", {"extreme_risk"}),
    ("把俺逼急了俺就寻短见", {"extreme_risk"}),
    ("俺要弄他，拿刀去寻他", {"extreme_risk"}),
    ("恁要是不管，俺们就上北京告去", {"extreme_risk"}),
    ("俺们准备去政府门口打横幅", {"extreme_risk"}),
    ("大伙儿商量着去堵国道", {"extreme_risk"}),
    ("俺去他家门口喝药", {"extreme_risk"}),
    ("俺要跟他拼命", {"extreme_risk"}),
    ("老板撂下摊子跑球了", {"absconded"}),
    ("包工头寻不着人了", {"absconded"}),
    ("那货早跑没影儿了", {"absconded"}),
    ("电话打了八百遍都是关机", {"absconded"}),
    ("他把俺微信给拉黑喽", {"absconded"}),
    ("工头跑了，屋里也没人", {"absconded"}),
    ("老板电话一直是空号", {"absconded"}),
    ("人都寻不见了", {"absconded"}),
    ("老板溜号了", {"absconded"}),
    ("工头躲起来咧，谁也找不着他", {"absconded"}),
    ("俺们不会去闹，就想把钱要回来", set()),
    ("老板没跑，天天在工地晃悠，就是不给", set()),
    ("俺可不想寻短见，家里还有娃", set()),
    ("电话能打通，他就是不接茬", set()),
    ("俺去寻他好几回了，他说没钱", set()),
    ("俺们不闹事，相信政府", set()),
    ("老板去郑州跑业务了，说下礼拜回来", set()),
    ("俺手机摔坏了关机好几天", set()),
)

RETOLD: tuple[tuple[str, set[str]], ...] = (
    ("工友们都说要去县里讨个说法，拦都拦不住", {"extreme_risk"}),
    ("有几个年轻的说再不给就去把他的车砸了", {"extreme_risk"}),
    ("俺媳妇天天哭，说活着还有啥意思", {"extreme_risk"}),
    ("老乡们商量好了，过完年一块儿去省里上访", {"extreme_risk"}),
    ("听说有工友准备爬到楼顶上去，让老板给个说法", {"extreme_risk"}),
    ("俺爹气得说要拿刀去跟他算账", {"extreme_risk"}),
    ("大家伙说实在不行就去高速路口躺着", {"extreme_risk"}),
    ("有个工友前两天说不想活了，俺们都怕他出事", {"extreme_risk"}),
    ("听工友说老板已经把厂子卖了，人去外地了，电话也换了", {"absconded"}),
    ("他老婆说他出去躲债了，俺们也不知道他在哪", {"absconded"}),
    ("包工头过年前就没了消息，谁也联系不上", {"absconded"}),
    ("公司门口贴了封条，老板一家都搬走了，打电话提示是空号", {"absconded"}),
    ("项目经理说他也找不着老板，老板跑了", {"absconded"}),
    ("老板的微信头像都变灰了，发消息也不回，电话一直打不通", {"absconded"}),
    ("大家都说了不闹，就等政府处理", set()),
    ("工头说他不会跑，让俺们再等等", set()),
    ("老板说他不是不给，是甲方没给他钱，人一直在工地", set()),
    ("俺们商量过了，不去堵路也不去上访，就找你们", set()),
    ("老板昨天还在朋友圈发消息，电话也接，就是说没钱", set()),
    ("老板出国旅游了，前几天回来了，还是不给钱", set()),
)

FORMAL: tuple[tuple[str, set[str]], ...] = (
    ("工人情绪激动，扬言要集体上访", {"extreme_risk"}),
    ("部分工人表示将采取过激行为", {"extreme_risk"}),
    ("有工人声称要以跳楼方式讨薪", {"extreme_risk"}),
    ("现场工人欲聚集堵塞交通", {"extreme_risk"}),
    ("本人已无法维持生活，有轻生念头", {"extreme_risk"}),
    ("工友扬言要对项目负责人实施报复", {"extreme_risk"}),
    ("该老板已携款潜逃", {"absconded"}),
    ("项目负责人目前下落不明", {"absconded"}),
    ("用人单位负责人已失去联系", {"absconded"}),
    ("法定代表人拒接电话，去向不明", {"absconded"}),
    ("劳务分包负责人已离开本地，无法取得联系", {"absconded"}),
    ("公司已人去楼空", {"absconded"}),
    ("本人及工友不会采取任何过激行为", set()),
    ("项目负责人能够取得联系，但以资金困难为由拒绝支付", set()),
    ("希望有关部门依法处理，我们不会上访", set()),
    ("用人单位负责人已承诺月底前支付", set()),
)


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        town=rng.choice(TOWNS),
        estate=rng.choice(ESTATES),
        park=rng.choice(PARKS),
        square=rng.choice(SQUARES),
        sur=rng.choice(SURNAMES),
    )


def _threat(rng: random.Random) -> tuple[str, set[str]]:
    cond = rng.choice(THREAT_CONDITIONS)
    who = rng.choice(WHO)
    lead = rng.choice(THREAT_LEADS)
    sep = "，" if cond else ""
    return f"{cond}{sep}{who}{lead}{rng.choice(THREAT_ACTS)}", {"extreme_risk"}


def _self_harm(rng: random.Random) -> tuple[str, set[str]]:
    if rng.random() < 0.5:
        return rng.choice(SELF_HARM_STATES), {"extreme_risk"}
    cond = rng.choice(THREAT_CONDITIONS)
    sep = "，" if cond else ""
    who = rng.choice(("俺", "我", "俺就", "我只能"))
    return f"{cond}{sep}{who}{rng.choice(SELF_HARM_ACTS)}", {"extreme_risk"}


def _violence(rng: random.Random) -> tuple[str, set[str]]:
    if rng.random() < 0.4:
        return rng.choice(VIOLENCE_DONE), {"extreme_risk"}
    cond = rng.choice(THREAT_CONDITIONS)
    sep = "，" if cond else ""
    return f"{cond}{sep}俺就{rng.choice(VIOLENCE_ACTS)}", {"extreme_risk"}


def _absconded(rng: random.Random) -> tuple[str, set[str]]:
    boss = _fill(rng.choice(BOSS), rng)
    glue = rng.choice(("", "现在", "已经", "早就", "也", "这几天"))
    return f"{boss}{glue}{rng.choice(ABSCOND)}", {"absconded"}


def _negated(rng: random.Random) -> tuple[str, set[str]]:
    text, flags = rng.choice(NEGATED)
    return text, set(flags)


def _benign(rng: random.Random) -> tuple[str, set[str]]:
    return rng.choice(BENIGN), set()


def _worry(rng: random.Random) -> tuple[str, set[str]]:
    return rng.choice(WORRY), set()


def _dialect(rng: random.Random) -> tuple[str, set[str]]:
    text, flags = rng.choice(DIALECT)
    return text, set(flags)


def _retold(rng: random.Random) -> tuple[str, set[str]]:
    text, flags = rng.choice(RETOLD)
    return text, set(flags)


def _formal(rng: random.Random) -> tuple[str, set[str]]:
    text, flags = rng.choice(FORMAL)
    return text, set(flags)


_MAKERS: dict[str, Callable[[random.Random], tuple[str, set[str]]]] = {
    "threat": _threat,
    "self_harm": _self_harm,
    "violence": _violence,
    "absconded": _absconded,
    "negated": _negated,
    "benign": _benign,
    "worry": _worry,
}
# drawn from by the traditional family; the families written later are kept apart so that
# the traditional family's cases stay what they were when it was first measured
_LATER_MAKERS = {"dialect": _dialect, "retold": _retold, "formal": _formal}


# Words that only a construction worker would use: a sentence with one of them is put only
# into a construction scenario (nobody in a supermarket speaks of their 包工头).
SITE_WORDS = ("包工头", "工头", "工地", "楼", "防水", "项目经理", "项目部", "开发商", "劳务分包")


def _scenario_for(sentence: str, rng: random.Random) -> Scenario:
    if any(w in sentence for w in SITE_WORDS):
        return rng.choice([s for s in SCENARIOS if s.task_force == "TF1_CONSTRUCTION"])
    return rng.choice(SCENARIOS)


def _case(
    family: str, sentence: str, flags: set[str], rng: random.Random, *, traditional: bool
) -> dict[str, Any]:
    scenario = _scenario_for(sentence, rng)
    headcount = rng.choice((1, 2, 3, 4, 5, 6, 7, 8, 12, 15, 20))
    who = "就俺一个" if headcount == 1 else f"俺们{headcount}个人"
    parts = [
        rng.choice(INTROS) + _fill(scenario.text, rng),
        f"{who}一共{rng.choice(AMOUNTS)}没结",
        sentence,
    ]
    if rng.random() < 0.5:  # the risk sentence is not always last
        parts[1], parts[2] = parts[2], parts[1]
    text = "，".join(parts) + "，" + rng.choice(OUTROS)
    text = text.rstrip("，")
    if traditional:
        text = _to_traditional(text)
    return case_record(text, scenario, headcount, flags, family)


def case_record(
    text: str,
    scenario: Scenario,
    headcount: int,
    flags: set[str],
    family: str,
    *,
    note: str | None = None,
) -> dict[str, Any]:
    """One case in the format of the development routing cases, shared by every set: the
    fields a worker left blank but the headcount, the scenario's task force, and the flags
    expected (``group`` from ten workers on)."""
    fields: dict[str, Any] = {
        "employer_name": "",
        "project_name": "",
        "township": "",
        "headcount": headcount,
        "amount_yuan": 0,
    }
    if scenario.funding:
        fields["project_funding"] = scenario.funding
    expected = set(flags)
    if headcount >= 10:
        expected.add("group")
    return {
        "text": text,
        "fields": fields,
        "expected_task_force": scenario.task_force,
        "expected_flags": sorted(expected),
        "note": note if note is not None else f"family: {family}",
        "family": family,
    }


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")  # loading its dictionaries takes a while: once


def _to_traditional(text: str) -> str:
    return str(_s2t().convert(text))


def generate(*, per_family: int = 120, seed: int = 21) -> list[dict[str, Any]]:
    """Cases of every family, deterministic for a seed."""
    rng = random.Random(seed)
    cases: list[dict[str, Any]] = []
    for family in FAMILIES:
        for _ in range(per_family):
            if family == "traditional":
                source = rng.choice(tuple(_MAKERS))
                sentence, flags = _MAKERS[source](rng)
                cases.append(_case(family, sentence, flags, rng, traditional=True))
            else:
                make = _LATER_MAKERS.get(family) or _MAKERS[family]
                sentence, flags = make(rng)
                cases.append(_case(family, sentence, flags, rng, traditional=False))
    return cases


def write_cases(
    generate_cases: Callable[..., list[dict[str, Any]]], argv: list[str] | None = None
) -> int:
    """The command line every phrasing set shares: its cases as JSON lines on stdout."""
    ap = argparse.ArgumentParser(description="generated phrasings as JSON lines")
    ap.add_argument("--per-family", type=int, default=120)
    ap.add_argument("--seed", type=int, default=21)
    args = ap.parse_args(argv)
    for case in generate_cases(per_family=args.per_family, seed=args.seed):
        sys.stdout.write(json.dumps(case, ensure_ascii=False) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    return write_cases(generate, argv)


if __name__ == "__main__":
    raise SystemExit(main())
