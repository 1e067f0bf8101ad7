"""Held-out risk phrasings, set H: fresh wordings of the red flags, as routing cases.

A new, independent evaluation set in the format of the other phrasing sets (each case built
by ``case_record`` of bench/risk_phrasings.py): a worker's first message made of a work
scenario from ``SCENARIOS``, a few sentences about the wage debt (amounts, months, dates,
family needs, IOUs) and one or more risk clauses of a family. The families:

* ``h_collective``   collective action threatened: 堵门, 拉条幅, 去政府门口坐着, 上北京,
                     找记者闹大, 把工地围了, 拦车, 静坐, 打地铺 … (``extreme_risk``)
* ``h_selfharm``     self-harm or despair voiced: 活不下去, 喝农药, 烧炭, 跳河, 写好遗书 …
                     (``extreme_risk``)
* ``h_violence``     violence or revenge: 捅了他, 弄死他, 砸他的车, 放火, 找人收拾他,
                     大不了进去蹲几年 … (``extreme_risk``)
* ``h_absconded``    the boss gone or unreachable: 空号, 删了微信, 人间蒸发, 卷钱跑了,
                     人去楼空, 换号, 出国, 无人接听, 走佬 … (``absconded``)
* ``h_conditional``  the threats above as conditions and ultimatums (再不给钱就…,
                     月底前不结清就…, 逼急了…) (``extreme_risk``)
* ``h_reported``     another person's threat, or the boss's disappearance, told second hand
                     (工友说要…, 听说老板跑了); labelled as the event it reports
* ``h_negated``      the acts really denied (不会去闹, 没想过寻死, 老板没跑电话能打通);
                     no flag
* ``h_ordinary``     harmless look-alikes (累死了, 跑了好几趟劳动局, 手机没电关机, 闹肚子,
                     喝药打针, 堵车); no flag
* ``h_mixed``        long chatty messages of 3 to 6 clauses mixing debt details with exactly
                     the flags their clauses imply; about one in six in traditional
                     characters, one in five a voice-input run-on without punctuation
* ``h_both``         the boss absconded and the workers threaten (both flags)

Labels hold by construction. Every clause template carries its own flags; debt sentences,
intros, outros and typos carry none (typos are only put into debt sentences). A clause
saying the boss answers or is around (``~`` in the pools) is never put into a message whose
boss is gone; a denial clause is never put next to the act it denies; an ordinary clause
names nothing that is a flag. Sentences with construction-only words (``SITE_WORDS``, or
``@`` in the pools) go only into construction scenarios, other clauses take the boss and
place words of their scenario's kind of work. Headcounts run from 1 to 60, so ``group`` is
expected in part of every family.

Independence: this file was written from knowledge of how migrant workers talk and type
(Mandarin, 河南话, 东北话, 四川话, 粤语口语), without opening routing/, tests/, the other
phrasing sets or the risk evaluation; only the format helpers of bench/risk_phrasings.py are
reused. Its author never ran these cases through the router. Every family is held out.

    .venv/bin/python bench/risk_phrasings_h.py [--per-family N] [--seed S] > cases.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.risk_phrasings import (  # noqa: E402
    AMOUNTS,
    SCENARIOS,
    SITE_WORDS,
    SURNAMES,
    TOWNS,
    Scenario,
    _to_traditional,
    case_record,
)

FAMILIES_H: list[str] = [
    "h_collective",
    "h_selfharm",
    "h_violence",
    "h_absconded",
    "h_conditional",
    "h_reported",
    "h_negated",
    "h_ordinary",
    "h_mixed",
    "h_both",
]
HELD_OUT_H: set[str] = set(FAMILIES_H)

X = "extreme_risk"
A = "absconded"

# ---------------------------------------------------------------------------------------------
# Clause templates. Markers in front of a template: "@" construction only, "~" the clause
# says the boss answers or is around, "[k1,k2]" only for those kinds of work. A template
# whose own words hold a SITE_WORD is construction only as well.


@dataclass(frozen=True)
class _T:
    text: str
    kinds: frozenset[str] | None = None  # None: any kind of work
    reach: bool = False  # says the boss answers, is seen or is around


def _parse(raw: str) -> _T:
    kinds: set[str] | None = None
    reach = False
    while raw and raw[0] in "@~[":
        if raw[0] == "@":
            kinds = {"site"}
            raw = raw[1:]
        elif raw[0] == "~":
            reach = True
            raw = raw[1:]
        else:
            end = raw.index("]")
            kinds = set(raw[1:end].split(","))
            raw = raw[end + 1 :]
    if any(w in raw for w in SITE_WORDS):
        kinds = {"site"}
    return _T(raw, frozenset(kinds) if kinds is not None else None, reach)


def _pool(*raw: str) -> tuple[_T, ...]:
    return tuple(_parse(r) for r in raw)


COLLECTIVE = _pool(
    "{we}明天一早就去把{gate}堵了，谁也别想进出",
    "条幅都做好了，写着还我血汗钱，{we}要拉到{boss}家小区门口",
    "实在没办法{we}就扯个横幅去市政府门口坐着，坐到有人管为止",
    "{we}商量好了，一起去县政府大门口跪着",
    "火车票都看好了，{we}直接上北京告他去",
    "{we}要找电视台的记者来，把这事闹大，看他还要不要脸",
    "@{we}准备叫上全班组的人把工地围了，一车料也别想进来",
    "@明天{we}就把工地大门堵死，混凝土车一辆也不让进",
    "@{we}要去开发商售楼部坐着，来一个看房的说一个",
    "{we}打算去高速路口拉横幅，让过路的都看看",
    "大伙说好了，明天集体罢工，上街把路堵了",
    "{we}准备去信访局门口静坐，不给个说法不走",
    "县里不管就去市里，市里不管就去省里，{we}一级一级告上去",
    "实在不行{we}就上国道把路给堵了",
    "{we}打算把老家的亲戚都叫上，一块去{boss}老家闹",
    "{we}准备开直播，一帮人去{gate}闹，让全网都看见",
    "{we}要举着牌子去市中心广场站着",
    "{we}准备天天去{boss}家门口堵着，他出门{we}就跟着",
    "{we}准备卷着铺盖去人社局门口打地铺，不给钱就不走了",
    "老乡们都约好了，下礼拜一起去把大桥堵了",
    "{we}准备开着三轮车去镇政府，把大门堵上",
    "{we}全都挤到{boss}办公室里去，不给钱谁也别想走",
    "等大领导下来视察，{we}就去拦车喊冤",
    "{we}打算披麻戴孝去{gate}哭，让他做不成生意",
    "血书都写好了，{we}准备送到市政府去",
    "{we}打算去火车站广场举牌子讨薪",
    "{we}打算集体去市委门口讨个说法",
    "@{we}准备爬到塔吊上拉横幅",
    "@{we}要把路口的渣土车全拦下来，看开发商急不急",
    "{we}准备把事闹到区里去，让上面都知道他干的好事",
    "{we}准备去电视台门口拉横幅",
    "我哋成班人聽日去佢度拉横额，唔俾钱唔走",
    "我们一伙人就去把他门口堵到，看他出不出来",
    "整一帮人上他家门口堵他去，看他还嘚瑟不",
    "俺们准备去县里上访，一直上到北京",
    "@{we}明天就去把项目部的门给封了",
    "横幅都印好了，就等人齐了去{gate}",
    "{we}要去省政府门口喊冤",
)

SELFHARM = _pool(
    "我真是活不下去了，这几天一直在想怎么死",
    "好几次站在{high}，想跳下去",
    "我买了瓶农药揣在兜里，他再不给我就喝了",
    "死了一了百了，省得天天受这个罪",
    "大不了我死在{boss}家门口，让他看看",
    "没脸回家见孩子，还不如死了算了",
    "昨晚想找根绳子把自己吊了",
    "这条命我不要了，跟他耗到底",
    "活着还有啥意思，钱要不回来家也要散了",
    "真想一头扎进河里算了",
    "昨晚在江边站了半宿，差点就跳下去了",
    "我攒了一瓶安眠药，实在不行就全吃了",
    "前两天我差点割了手腕，被老乡拦下来了",
    "我要当着{boss}的面喝敌敌畏",
    "想在出租屋里烧炭，一睡不醒算了",
    "@我想爬上塔吊往下一跳，看他给不给",
    "真想往大货车底下一钻",
    "活着就是拖累家里，不如走了干净",
    "遗书我都写好了，就压在枕头底下",
    "这几天总想寻短见，脑子里全是这个",
    "实在要不回来，我就拿命跟他换",
    "我要是死了，就是{boss}逼死的",
    "干脆去卧轨，一了百了",
    "我准备去{boss}那，当着他的面喝药",
    "我是真不想再睁眼了",
    "我真系唔想活落去，死咗算数",
    "老子活起都没得意思了，干脆死了算了",
    "我都想去跳江了，整不下去了",
    "俺真不想活了，寻思着死了算球",
    "把自己关屋里三天了，想过好几回死",
    "我想浇上汽油把自己点了，让大伙都看看",
    "想着从{high}跳下去，兴许就有人管了",
    "再这么下去我就去喝百草枯",
)

VIOLENCE = _pool(
    "我真想一刀捅了他",
    "我跟他拼了这条命",
    "见着{boss}我非弄死他不可",
    "{we}准备去把他那辆{car}砸了",
    "我想一把火把他家烧了",
    "{we}找几个人去收拾他，打服为止",
    "大不了进去蹲几年，我也要让他好看",
    "我要卸他一条腿",
    "见着他就抄起板砖拍他脑袋",
    "我想开车去撞死他",
    "{we}打算把他绑了，不给钱不放人",
    "我要打断他两条腿",
    "我准备往他家门上泼汽油",
    "以后见他一次打他一次",
    "我已经拎着{weapon}在他家门口等着了",
    "不给钱就让他见血",
    "剁他两根手指头，看他还赖不赖",
    "一锤子敲死他",
    "我要揍得他妈都认不出他来",
    "{we}去把他家砸个稀巴烂",
    "{we}就在他家门口守着，他一出来就干他",
    "找几个兄弟把他腿打折",
    "我要劈死佢",
    "老子砍死他个龟儿子",
    "我非整死他不可",
    "弄死那个孬孙，大不了一命抵一命",
    "我要把他扔河里喂鱼",
    "我身上揣着刀呢，见着他就给他几刀",
    "我想拿钢管抡他",
    "{we}要把他家玻璃全砸了",
    "找到他先废了他再说",
    "削他一顿让他长长记性",
    "大不了跟他同归于尽",
)

ABSCOND = _pool(
    "{boss}的电话一打就是空号",
    "{boss}把我微信删了，发消息全是红色感叹号",
    "{boss}跟人间蒸发了一样",
    "{boss}卷着钱跑了",
    "{boss}搬家了，谁也找不着他",
    "[factory]厂门锁了，里头一个人都没有了",
    "{boss}换了号码，谁也联系不上",
    "{boss}已经跑到国外去了",
    "{boss}电话一直没人接，打了几十遍了",
    "给{boss}打电话，提示已停机",
    "{boss}手机关机好几天了",
    "{boss}玩失踪，一点音信都没有",
    "{boss}连夜把东西拉走，人跑了",
    "去{boss}家敲门，邻居说早就搬走了",
    "{boss}老婆也说找不着他人",
    "@项目部人去楼空，板房都拆了",
    "{boss}发微信不回，打电话不接，去家里也没人",
    "{boss}躲起来了，谁也不知道他在哪",
    "{boss}跑回老家了，去老家问也说没见着人",
    "{boss}把群解散了，从那以后再也联系不上",
    "{boss}的号码都注销了",
    "打{boss}电话是别人接的，说这号是刚办的",
    "{boss}早就溜了",
    "{boss}跑得没影了",
    "老细走佬咗，搵唔到佢",
    "佢电话成日冇人听，人都唔见咗",
    "{boss}跑求了，电话也打不通",
    "{boss}颠儿了，哪都找不着",
    "那货跑没影儿了，咋也找不着",
    "[restaurant,supermarket]店门上贴着转让，老板人没了",
    "{boss}再也没在{gate}露过面，电话也打不通",
    "公司注销了，{boss}也找不着了",
    "{boss}把我拉黑了，换谁的手机打都不接",
    "{boss}微信头像灰了，电话打过去是空号",
    "[factory]厂里设备一夜之间搬空了，{boss}不知去向",
)

CONDITIONS = (
    "再不给钱",
    "月底前不结清",
    "逼急了",
    "过年前拿不到钱",
    "要是这礼拜还不给",
    "他敢再拖",
    "{date}之前见不着钱",
    "劳动局要是也不管",
    "要是一直这么耗着",
    "再拿下个月糊弄{we}",
    "他要是不认账",
    "明天中午十二点前钱不到账",
    "{date}还不结",
    "要是还像上回那样推",
    "他要真不给",
    "等到{date}还没动静",
    "这回要再黄了",
    "俺把话撂这儿，不给钱的话",
    "这次再没个说法",
    "真把我逼到绝路上",
    "下周一还没钱的话",
    "他要是还说没钱",
    "谁要再踢皮球",
    "钱要是真要不回来",
    "给他三天时间，三天后不打钱",
)
LEADS = ("就", "我就", "{we}就", "那就别怪{we}", "{we}立马", "我肯定", "{we}二话不说就")
EXTREME_VPS = _pool(
    "去把{gate}堵了",
    "拉横幅上街",
    "去市政府门口坐着",
    "上北京告他",
    "找记者来曝光，把事闹大",
    "去高速路口拦车",
    "叫上老乡们把{boss}家围了",
    "去信访局静坐",
    "集体上访",
    "把路堵了",
    "@把工地大门封了",
    "@去售楼部拉条幅",
    "去{gate}拉条幅",
    "从{high}跳下去",
    "喝农药死给他看",
    "死在他家门口",
    "一根绳子吊死在{gate}",
    "吃安眠药一了百了",
    "去跳河",
    "浇汽油把自己点了",
    "拿刀捅了他",
    "跟他拼了",
    "弄死他",
    "砸了他的{car}",
    "一把火烧了他家",
    "找人收拾他",
    "让他见血",
    "打断他的腿",
    "跟他同归于尽",
    "拎着{weapon}去找他",
)
CONDITIONAL_WHOLE = _pool(
    "他要是再不给，我{date}就去{gate}喝药",
    "月底不结清，谁也别想好过，我豁出去跟他拼了",
    "逼急了兔子还咬人呢，我真会动刀子的",
    "话放这儿了，不给钱{we}就去北京",
    "{date}前见不着钱，我就从{high}跳下去",
    "要是这礼拜还不打钱，{we}就找人把他车砸了",
    "再糊弄{we}，{we}就把{gate}围了",
    "唔俾钱嘅话，我哋就去政府度坐",
    "再不给钱老子就跟他拼命",
    "再拖下去俺就去县里上访",
    "再不给钱，我就整死他",
    "过了{date}还不给，{we}全家老小都去他家门口堵着",
    "钱不到手，我就在他门口把农药喝了",
    "不给个准话，明天{we}就去市政府门口跪着",
)

REPORTERS_X = (
    "工友老{sur2}说",
    "听老乡讲，他们",
    "群里有人说",
    "我表哥跟我讲，他们班上的人",
    "一起干活的几个人说",
    "小{sur2}跟我说他",
    "昨晚喝酒的时候几个老乡说",
    "有个大姐在群里发语音说",
    "好几个工友都在讲",
    "听别人说有人",
    "同村的几个人说",
    "隔壁班组的人说",
)
REPORTED_X_EVENTS = _pool(
    "要去把{gate}堵了",
    "准备拉横幅上街",
    "想不开要喝药",
    "要拿刀去找{boss}算账",
    "要去市里上访",
    "要跟{boss}同归于尽",
    "准备去跳河",
    "要叫人把{boss}的{car}砸了",
    "要去北京告状",
    "准备去政府门口静坐",
    "要一把火烧了{boss}家",
    "活不下去了，要寻短见",
    "要去高速上拦车",
    "要找人把{boss}打一顿",
    "准备喊上全村的人去{boss}老家闹",
)
REPORTED_X_WHOLE = _pool(
    "老{sur2}已经爬到{high}去了，说不给钱就跳",
    "有个工友昨晚喝了药，现在还在医院抢救",
    "我老乡天天在{boss}家门口转悠，兜里揣着刀",
    "听说有人把遗书都写好了",
    "工友们背着我约好了，后天去把{gate}围了",
    "老{sur2}他媳妇打电话说，老{sur2}拿了把刀出门找{boss}去了",
)
REPORTERS_A = (
    "听说",
    "工友说",
    "门卫大爷说",
    "他邻居跟我讲",
    "听{boss}的司机说",
    "群里都在传",
    "老乡打电话告诉我",
    "跟他合伙的人说",
    "去问了他家里人，说",
    "以前一起干过活的人说",
)
REPORTED_A_EVENTS = _pool(
    "{boss}已经跑了",
    "{boss}卷钱去外地了，人找不着",
    "{boss}的手机早就停机了",
    "{boss}跑到国外去了",
    "{boss}把设备卖了，人也溜了",
    "{boss}连夜搬走了，不知道去哪了",
    "{boss}躲起来了，谁也找不着",
    "{boss}换号了，谁都联系不上",
    "{boss}欠了一屁股债跑路了",
    "{boss}好几天不见人影了，电话也不通",
)
REPORTED_A_WHOLE = _pool(
    "有人看见{boss}带着一家子上了去机场的车，之后就再没消息",
    "{boss}的合伙人都在找他，说他卷了钱失联了",
    "连{boss}亲哥都说联系不上他",
)

NEGATED_X = _pool(
    "{we}不会去闹，就想按规矩把钱要回来",
    "我从来没想过寻死，家里还有老的小的",
    "{we}不打算堵门，只想要自己的血汗钱",
    "@没有人要跳楼，大家都挺冷静的",
    "放心，我不会想不开的",
    "{we}都是本分人，不会动手打人",
    "没人说要拉横幅，也不想给政府添麻烦",
    "{we}不上访，就想走法律程序",
    "我不会干傻事，就是心里憋屈",
    "也没想过找人收拾他，犯法的事咱不干",
    "大伙都说好了不去堵路，等劳动监察的消息",
    "我没那么傻，不会去跟他拼命",
    "{we}没打算去政府门口坐着，先来这问问",
    "{we}不会去砸他东西，砸了还得赔",
    "不想把事闹大，也不打算找记者",
    "{we}想好了，不罢工也不堵门，活照干",
    "寻死觅活那一套我不干",
    "我没喝药也没那种想法，就是想要钱",
    "我脾气是急，但不会动刀子",
    "俺们不去北京，就在本地解决",
    "我哋唔会去闹，只系想攞返啲钱",
    "我们又不得去闹，只是想把钱要到",
    "咱也不整那些事儿，不闹",
    "俺不会寻短见，恁放心",
    "没有人想跟他动手，都想和和气气把账结了",
    "我不会去他家闹，更不会伤害自己",
)
NEGATED_A = _pool(
    "~{boss}没跑，电话能打通，就是不给钱",
    "~{boss}人还在，微信也回我，就是一直拖",
    "~电话打得通，{boss}也接，就是光说没钱",
    "~{boss}没失联，昨天还在{gate}见着他了",
    "~不是找不着人，是找着了他也不给",
    "~{boss}没拉黑{we}，消息都回，就是拖着",
    "~{boss}哪也没去，天天在家待着",
    "~{boss}人没跑，就住在{town}那边",
    "~{boss}手机没关机，一打就接",
    "~{boss}没换号，还是那个号，接了就说再等等",
    "~老细冇走佬，电话打得通，就系唔俾钱",
    "~{boss}又没跑，天天开着车在{town}转悠",
    "~{boss}不是联系不上，是联系上了也白搭",
    "~{boss}人好好的在那，没躲也没藏，就是耍赖",
)

ORDINARY = _pool(
    "天天干十二个钟头，累死了",
    "为这事跑了好几趟劳动局",
    "我手机没电关机了一天，开机一看群里都在问钱的事",
    "在政府网站上留了言，还没人回",
    "~{boss}死活不给，就说没钱",
    "~在{gate}等了一上午，{boss}出来说下午再说",
    "这两天闹肚子，也没去上工",
    "~[delivery]天天跑外卖跑到半夜，站里说工资下个月才发",
    "昨晚跟老乡喝了点酒，越想越憋屈",
    "~{boss}去外地收账了，每天都接电话，说回来就结",
    "天热得要死，活还得干",
    "气死我了，干了三个月就给了五百块",
    "孩子发烧在诊所喝药打针，急等着用钱",
    "为了这点钱我都快跑断腿了",
    "上工路上堵车堵了俩钟头",
    "心里堵得慌，晚上睡不着",
    "{we}拉了个微信群，专门记大家的工时",
    "干活的时候拼了命地干，到头来一分没有",
    "每天起早贪黑的，图个啥",
    "[restaurant]切菜的时候刀划了手都没歇",
    "孩子在家闹着要交学费",
    "~我打他电话他接了，说在开会，回头再说",
    "去年也是这样，最后拖到腊月才给",
    "饿得前胸贴后背，饭都舍不得吃",
    "我跑遍了{town}也没找到新活",
    "我的工具包丢了，找了半天不见了",
    "我自己手机摔坏了，换了个新号",
    "拿着欠条去法院问了问，说可以起诉",
    "中午就蹲在{gate}吃了俩馒头",
    "一喝酒就想家里的娃",
    "~笑死人了，说没钱还换了辆新车",
    "做到死都冇钱收，真系激气",
    "累惨了，腰杆都要断了",
    "这活儿干得我贼憋屈",
    "跑了恁些趟也没个结果",
    "@在楼上刷了一天墙，腿都站麻了",
    "~{boss}跑过来看了一眼就走了，说钱的事过两天再说",
    "这个月房租是跟老乡借的，下个月还不知道咋办",
    "打了12345，说给转到劳动监察了",
    "这下饭碗算是砸了，活没了钱也没拿到",
)

BOTH_THREAT = _pool(
    "人找不着，{we}只能去政府门口拉横幅了",
    "{we}准备去他老家，把他家门堵了",
    "{we}就去{gate}堵着，让管事的出来说话",
    "让我逮着他，非捅死他不可",
    "找到他我就跟他拼命",
    "我已经不想活了，钱没了人也找不着",
    "我打算从{high}跳下去，让大伙都知道他干的事",
    "{we}商量好了，明天集体去市里上访",
    "{we}准备找记者曝光，再找不着人就去北京",
    "哪天碰上了我弄死他",
    "他家房子还在，{we}准备一把火给他烧了",
    "@{we}要把工地围了，开发商不出面就别想复工",
    "@{we}去开发商售楼部坐着，找不着包工头就找开发商",
    "跑得了和尚跑不了庙，{we}去把他老家的房子砸了",
    "{we}准备去高速路口拦车，让大家都看看",
    "我真想喝药死了算了",
    "搵唔到佢我哋就去政府度坐",
    "老子逮到他就砍死他",
    "俺们准备去县政府门口静坐，不给个说法不走",
    "我不活了，死也要死在{gate}",
    "{we}就拉横幅去{gate}，他不露面就一直堵着",
    "找人把他翻出来，找到了就收拾他",
    "我这条命搭上了，找到他跟他同归于尽",
    "在出租屋里想了一晚上，真想一了百了",
    "{we}准备去市委门口跪着，求领导做主",
)
BOTH_CONNECTORS = (
    "",
    "",
    "没办法了，",
    "逼得没路走了，",
    "现在",
    "要是再找不着，",
    "所以",
    "这下好了，",
)
BOTH_WHOLE = _pool(
    "{boss}关机三天了，再联系不上{we}就去政府门口拉横幅",
    "微信被拉黑了，电话也是空号，{we}只能集体上访了",
    "他卷钱跑了，我只能去跳河了",
    "找不着{boss}，{we}明天就去把{gate}堵死",
    "人间蒸发是吧，等我找到他先剁了他",
    "佢走佬咗，搵到佢我就劈死佢",
    "他跑求了，老子不活了",
    "他颠儿了，咱整一帮人去他老家闹去",
)

# Sentences about the debt: no flag. "~" ones say the boss answers (never with a gone boss).
DEBT_NEUTRAL = _pool(
    "{who}一共{amt}工钱没拿到",
    "从{m1}干到{m2}，{amt}一分没给",
    "欠{us}{amt}",
    "{amt}的血汗钱到现在都没见着",
    "工钱拖了快{k}个月了",
    "说好{date}结账，到现在也没结",
    "手里有欠条，白纸黑字写着{amt}",
    "家里{kin}等着这钱看病",
    "{kid}下学期的学费还没着落",
    "房租已经欠了俩月了",
    "过年都没钱回家",
    "每天从早上六点干到晚上八点",
    "吃饭都是跟老乡借的钱",
    "{who}的工钱加起来有{amt}",
    "算下来还差{amt}没结",
    "活早就干完了，钱一直没结",
    "{m1}到现在就给过几百块生活费",
    "工钱是按天算的，一天两百",
    "合同也没签，就是口头说的",
    "考勤记录和聊天记录我都留着",
)
DEBT_REACH = _pool(
    "~{boss}天天说过两天就给",
    "~一问{boss}就说手头紧",
    "~{boss}嘴上答应得好好的，就是不掏钱",
    "~找{boss}要，他就让再等等",
    "~{boss}回消息就一句没钱",
    "~前天又去找{boss}，他说下个月一定给",
)
DEBT_PAST = _pool(
    "年前{boss}还拍胸脯说过完年结清",
    "当时{boss}说干完这批活就给",
    "{m1}的时候{boss}还打了个欠条",
    "之前{boss}一直说等等等",
    "一开始{boss}还按月给点生活费",
)

PREFIXES = ("", "", "", "", "没办法了，", "说实话，", "我跟你说，", "不怕你笑话，", "真的，")
INTROS = (
    "",
    "",
    "",
    "你好，",
    "您好！",
    "在吗，",
    "打扰一下，",
    "同志你好，",
    "领导好，",
    "求助，",
    "想问个事，",
    "我想反映个情况，",
    "麻烦帮个忙，",
    "恁好，",
)
OUTROS = (
    "",
    "",
    "",
    "该怎么办啊",
    "能不能帮帮我们",
    "求求你们了",
    "这事到底谁管",
    "咋整啊",
    "点算好啊",
    "咋个办嘛",
    "可咋弄啊",
    "谢谢了",
    "🙏🙏",
    "急！",
    "麻烦尽快回复",
)
AMOUNTS_H = (
    *AMOUNTS,
    "八千四",
    "2万6",
    "一万零五百",
    "七万多",
    "十二万",
    "4800",
    "九千块",
    "一万六七",
    "二十多万",
)
DATES = ("月底", "这个月十五号", "腊月二十三", "小年", "端午", "下礼拜一", "中秋", "五一", "这周五")
MONTHS_FROM = ("去年九月", "去年腊月", "今年正月", "三月份", "开春", "去年国庆")
MONTHS_TO = ("现在", "上个月", "六月底", "年底", "八月")
ESTATES_H = ("鑫苑", "和园", "景华", "书香", "银河", "桂花")
PARKS_H = ("东湖公园", "颍河公园", "森林公园", "人民体育场")
SQUARES_H = ("世纪广场", "人民广场", "中心广场", "市民中心")
TYPOS = (("在", "再"), ("已经", "以经"), ("现在", "现再"), ("结账", "结帐"), ("一分", "一份"))

# Boss and place words by kind of work; construction words only for "site".
BOSSES: dict[str, tuple[str, ...]] = {
    "site": ("包工头", "工头", "{sur}老板", "老{sur}", "项目经理", "{sur}工头"),
    "factory": ("老板", "厂长", "{sur}老板", "{sur}总"),
    "restaurant": ("老板", "老板娘", "{sur}老板"),
    "supermarket": ("老板", "店长", "{sur}老板"),
    "warehouse": ("老板", "主管", "{sur}经理", "{sur}总"),
    "property": ("经理", "{sur}经理", "老板"),
    "public": ("公司老板", "{sur}经理", "老板"),
    "school": ("校长", "{sur}校长", "老板"),
    "mine": ("矿长", "老板", "{sur}矿长"),
    "road": ("老板", "负责人", "{sur}老板"),
    "soe": ("负责人", "{sur}经理", "老板"),
    "delivery": ("站长", "{sur}站长", "老板"),
    "household": ("雇主", "东家", "那家男主人", "那家女主人"),
    "generic": ("老板", "{sur}老板"),
}
GATES: dict[str, tuple[str, ...]] = {
    "site": ("工地大门", "项目部门口", "工地门口"),
    "factory": ("厂门口", "厂大门", "厂区门口"),
    "restaurant": ("饭店门口", "店门口"),
    "supermarket": ("超市门口", "店门口"),
    "warehouse": ("仓库门口", "公司门口"),
    "property": ("公司门口", "物业办公室门口"),
    "public": ("公司门口", "他们公司门口"),
    "school": ("学校门口", "校门口"),
    "mine": ("矿上大门口", "矿门口"),
    "road": ("他公司门口", "他办公室门口"),
    "soe": ("公司门口", "他们单位门口"),
    "delivery": ("站点门口", "配送站门口"),
    "household": ("他家门口", "那家门口"),
    "generic": ("公司门口",),
}
HIGHS_SITE = ("楼顶上", "塔吊上", "脚手架顶上", "大桥上")
HIGHS = ("大桥上", "天桥上", "河堤上", "江边的桥上")
WEAPONS = ("菜刀", "水果刀", "扳手", "铁锹", "钢管", "砍刀", "锤子")
CARS = ("车", "宝马", "奥迪", "新买的越野车", "小轿车")
KIN = ("老娘", "我爹", "孩子他奶奶", "老婆", "俺娘")
KIDS = ("孩子", "闺女", "儿子", "娃")
DIGITS = "零一二三四五六七八九"


def _kind(s: Scenario) -> str:
    """The kind of work of a scenario, from its task force and words."""
    t = s.text
    if s.task_force == "TF1_CONSTRUCTION":
        return "site"
    for word, kind in (
        ("厂", "factory"),
        ("饭店", "restaurant"),
        ("超市", "supermarket"),
        ("快递", "warehouse"),
        ("仓库", "warehouse"),
        ("外卖", "delivery"),
        ("保姆", "household"),
        ("学校", "school"),
        ("武校", "school"),
        ("煤矿", "mine"),
    ):
        if word in t:
            return kind
    if s.task_force == "TF2_GOV_PROJECT":
        return "road"
    if s.task_force == "TF6_SOE":
        return "soe"
    if s.task_force == "TF3_PUBLIC_SVC":
        return "public"
    if "小区" in t or "物业" in t:
        return "property"
    return "generic"


def _cn_number(n: int) -> str:
    if n < 10:
        return "两" if n == 2 else DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else DIGITS[tens]
    return head + "十" + (DIGITS[ones] if ones else "")


class _Slots(dict[str, str]):
    """The slot values of one message, drawn once and kept for all its clauses."""

    def __init__(self, rng: random.Random, kind: str, headcount: int) -> None:
        super().__init__()
        self.rng = rng
        self.kind = kind
        self.headcount = headcount
        sur, sur2 = rng.sample(SURNAMES, 2)
        self["sur"] = sur
        self["sur2"] = sur2
        if headcount == 1:
            self["subj"] = rng.choice(("我", "俺"))
            self["we"] = self["subj"]
            self["us"] = self["subj"]
        else:
            self["subj"] = rng.choice(("我们", "俺们", "咱们", "我们"))
            self["we"] = rng.choice((self["subj"],) * 3 + ("大伙", "兄弟们", "我们这帮人"))
            self["us"] = rng.choice((self["subj"], "大伙"))

    def __missing__(self, key: str) -> str:
        rng = self.rng
        n = self.headcount
        value: str
        if key == "boss":
            value = rng.choice(BOSSES[self.kind]).format(sur=self["sur"])
        elif key == "gate":
            value = rng.choice(GATES[self.kind])
        elif key == "who":
            if n == 1:
                value = rng.choice(("就我一个人", "我自己", "我一个人"))
            else:
                num = str(n) if rng.random() < 0.5 else _cn_number(n)
                value = rng.choice(
                    (
                        f"{self['subj']}{num}个人",
                        f"{self['subj']}{num}个",
                        f"{self['subj']}{num}号人",
                        f"{num}个老乡",
                    )
                )
        elif key == "amt":
            value = rng.choice(AMOUNTS_H)
        elif key == "date":
            value = rng.choice(DATES)
        elif key == "m1":
            value = rng.choice(MONTHS_FROM)
        elif key == "m2":
            value = rng.choice(MONTHS_TO)
        elif key == "k":
            value = rng.choice(("两", "三", "四", "五", "七"))
        elif key == "town":
            value = rng.choice(TOWNS)
        elif key == "high":
            value = rng.choice(HIGHS_SITE if self.kind == "site" else HIGHS)
        elif key == "weapon":
            value = rng.choice(WEAPONS)
        elif key == "car":
            value = rng.choice(CARS)
        elif key == "kin":
            value = rng.choice(KIN)
        elif key == "kid":
            value = rng.choice(KIDS)
        else:
            raise KeyError(key)
        self[key] = value
        return value


def _fits(t: _T, kind: str) -> bool:
    return t.kinds is None or kind in t.kinds


def _headcount(rng: random.Random, kind: str) -> int:
    if kind == "household":
        return rng.choice((1, 1, 1, 2))
    r = rng.random()
    if r < 0.35:
        return rng.randint(1, 3)
    if r < 0.65:
        return rng.randint(4, 9)
    return rng.randint(10, 60)


def _opener(rng: random.Random, scenario: Scenario, slots: _Slots) -> str:
    scn = scenario.text.format(
        town=rng.choice(TOWNS),
        sur=slots["sur"],
        estate=rng.choice(ESTATES_H),
        park=rng.choice(PARKS_H),
        square=rng.choice(SQUARES_H),
    )
    subj = slots["subj"]
    forms = [f"{subj}{scn}", f"{subj}一直{scn}", f"{subj}{scn}"]
    if "，" not in scn:
        forms.append(f"{subj}是{scn}的")
        forms.append(f"{subj}之前{scn}")
    return rng.choice(INTROS) + rng.choice(forms)


def _join(rng: random.Random, clauses: list[str], style: str) -> str:
    if style == "none":
        out = clauses[0]
        for c in clauses[1:]:
            filler = rng.choice(("", "", "", "然后", "就是", "那个")) if rng.random() < 0.3 else ""
            out += filler + c
        return out
    if style == "space":
        return " ".join(clauses) + rng.choice(("", "", "。"))
    if style == "ascii":
        return ",".join(clauses) + rng.choice(("", ".", "!"))
    if style == "period":
        out = clauses[0]
        for c in clauses[1:]:
            out += rng.choice(("，", "，", "。", "！")) + c
        return out + rng.choice(("。", "！", ""))
    if style == "dots":
        return "……".join(clauses) + rng.choice(("", "……"))
    return "，".join(clauses) + rng.choice(("", "", "。", "！", "！！"))


def _style(rng: random.Random) -> str:
    return rng.choices(
        ("comma", "period", "ascii", "space", "none", "dots"), weights=(55, 12, 8, 10, 8, 7)
    )[0]


def _compose(
    rng: random.Random,
    family: str,
    pieces: list[_T],
    flags: set[str],
    detail: str,
    *,
    n_debts: int,
    traditional: bool = False,
    style: str | None = None,
) -> dict[str, Any] | None:
    """One message: the scenario, ``n_debts`` debt sentences and the risk ``pieces`` (kept in
    order, put among the debt sentences), in a scenario every piece fits."""
    kinds: set[str] | None = None
    for p in pieces:
        if p.kinds is not None:
            kinds = set(p.kinds) if kinds is None else kinds & p.kinds
    candidates = [s for s in SCENARIOS if kinds is None or _kind(s) in kinds]
    if not candidates:
        return None
    scenario = rng.choice(candidates)
    kind = _kind(scenario)
    headcount = _headcount(rng, kind)
    slots = _Slots(rng, kind, headcount)
    gone = A in flags
    debt_pool = [t for t in DEBT_NEUTRAL + DEBT_PAST + DEBT_REACH if _fits(t, kind)]
    if gone:  # a boss who is gone says nothing now
        debt_pool = [t for t in debt_pool if not t.reach]
    assert not (gone and any(p.reach for p in pieces)), detail
    debts: list[str] = []
    said_sum = False  # one sentence with the sum is enough
    for t in rng.sample(debt_pool, len(debt_pool)):
        if len(debts) == n_debts:
            break
        sums = "{amt}" in t.text or "{who}" in t.text
        if sums and said_sum:
            continue
        said_sum = said_sum or sums
        text = t.text.format_map(slots)
        if rng.random() < 0.15:
            wrong, typo = rng.choice(TYPOS)
            text = text.replace(wrong, typo, 1)
        debts.append(text)
    risk = [p.text.format_map(slots) for p in pieces]
    body = list(debts)
    # the risk pieces, in order, at random places among the debt sentences
    slots_at = sorted(rng.randint(0, len(debts)) for _ in risk)
    for offset, (at, text) in enumerate(zip(slots_at, risk, strict=True)):
        body.insert(at + offset, text)
    opener = _opener(rng, scenario, slots)
    clauses = [opener, *body]
    if risk and rng.random() < 0.12:  # a cry before the introduction now and then
        first = clauses.index(risk[0])
        clauses.insert(0, clauses.pop(first))
    outro = rng.choice(OUTROS)
    if outro:
        clauses.append(outro)
    text = _join(rng, clauses, style or _style(rng))
    if kind != "site" and any(w in text for w in SITE_WORDS):
        return None  # a construction word in another kind of work: draw again
    if traditional:
        text = _to_traditional(text)
    note = f"family: {family}; {detail}"
    return case_record(text, scenario, headcount, flags, family, note=note)


def _pick(rng: random.Random, pool: tuple[_T, ...], name: str) -> tuple[_T, str]:
    i = rng.randrange(len(pool))
    return pool[i], f"{name}#{i}"


def _prefixed(prefix: str, t: _T) -> _T:
    return _T(prefix + t.text, t.kinds, t.reach)


def _joined(first: str, second: _T, *more: _T) -> _T:
    """A template made of parts, fitting the kinds all parts fit."""
    kinds: frozenset[str] | None = None
    text = first + second.text
    for t in (second, *more):
        if t.kinds is not None:
            kinds = t.kinds if kinds is None else kinds & t.kinds
    for t in more:
        text += t.text
    return _T(text, kinds, any(t.reach for t in (second, *more)))


def _conditional_piece(rng: random.Random) -> tuple[_T, str]:
    if rng.random() < 0.4:
        return _pick(rng, CONDITIONAL_WHOLE, "cond_whole")
    ci = rng.randrange(len(CONDITIONS))
    li = rng.randrange(len(LEADS))
    vp, vname = _pick(rng, EXTREME_VPS, "vp")
    sep = rng.choice(("，", "，", " ", ""))
    piece = _joined(CONDITIONS[ci] + sep + LEADS[li], vp)
    return piece, f"cond#{ci}+lead#{li}+{vname}"


def _extreme_piece(rng: random.Random) -> tuple[_T, str]:
    r = rng.random()
    if r < 0.3:
        return _pick(rng, COLLECTIVE, "collective")
    if r < 0.55:
        return _pick(rng, SELFHARM, "selfharm")
    if r < 0.8:
        return _pick(rng, VIOLENCE, "violence")
    return _conditional_piece(rng)


def _reported_x(rng: random.Random) -> tuple[_T, str]:
    if rng.random() < 0.25:
        return _pick(rng, REPORTED_X_WHOLE, "rep_x_whole")
    ri = rng.randrange(len(REPORTERS_X))
    ev, name = _pick(rng, REPORTED_X_EVENTS, "rep_x")
    return _joined(REPORTERS_X[ri], ev), f"reporter#{ri}+{name}"


def _reported_a(rng: random.Random) -> tuple[_T, str]:
    if rng.random() < 0.2:
        return _pick(rng, REPORTED_A_WHOLE, "rep_a_whole")
    ri = rng.randrange(len(REPORTERS_A))
    ev, name = _pick(rng, REPORTED_A_EVENTS, "rep_a")
    return _joined(REPORTERS_A[ri], ev), f"reporter#{ri}+{name}"


def _both_pieces(rng: random.Random) -> tuple[list[_T], str]:
    if rng.random() < 0.2:
        t, name = _pick(rng, BOTH_WHOLE, "both_whole")
        return [t], name
    gone, gname = _pick(rng, ABSCOND, "abscond")
    threat, tname = _pick(rng, BOTH_THREAT, "both_threat")
    threat = _prefixed(rng.choice(BOTH_CONNECTORS), threat)
    if rng.random() < 0.8:
        return [gone, threat], f"{gname}+{tname}"
    return [threat, gone], f"{tname}+{gname}"


# --- the families ------------------------------------------------------------------------

Maker = Callable[[random.Random], dict[str, Any] | None]


def _single(family: str, pool: tuple[_T, ...], name: str, flags: set[str]) -> Maker:
    def make(rng: random.Random) -> dict[str, Any] | None:
        t, detail = _pick(rng, pool, name)
        t = _prefixed(rng.choice(PREFIXES), t)
        return _compose(rng, family, [t], flags, detail, n_debts=rng.randint(1, 2))

    return make


def _make_absconded(rng: random.Random) -> dict[str, Any] | None:
    t, detail = _pick(rng, ABSCOND, "abscond")
    pieces = [t]
    if rng.random() < 0.25:
        t2, d2 = _pick(rng, ABSCOND, "abscond")
        if t2 != t:
            pieces.append(t2)
            detail += "+" + d2
    return _compose(rng, "h_absconded", pieces, {A}, detail, n_debts=rng.randint(1, 2))


def _make_conditional(rng: random.Random) -> dict[str, Any] | None:
    t, detail = _conditional_piece(rng)
    return _compose(rng, "h_conditional", [t], {X}, detail, n_debts=rng.randint(1, 2))


def _make_reported(rng: random.Random) -> dict[str, Any] | None:
    if rng.random() < 0.55:
        t, detail = _reported_x(rng)
        flags = {X}
    else:
        t, detail = _reported_a(rng)
        flags = {A}
    return _compose(rng, "h_reported", [t], flags, detail, n_debts=rng.randint(1, 2))


def _make_negated(rng: random.Random) -> dict[str, Any] | None:
    r = rng.random()
    if r < 0.5:
        t, detail = _pick(rng, NEGATED_X, "neg_x")
        pieces = [t]
    elif r < 0.85:
        t, detail = _pick(rng, NEGATED_A, "neg_a")
        pieces = [t]
    else:
        t1, d1 = _pick(rng, NEGATED_X, "neg_x")
        t2, d2 = _pick(rng, NEGATED_A, "neg_a")
        pieces = [t2, t1] if rng.random() < 0.5 else [t1, t2]
        detail = f"{d1}+{d2}"
    return _compose(rng, "h_negated", pieces, set(), detail, n_debts=rng.randint(1, 2))


def _make_ordinary(rng: random.Random) -> dict[str, Any] | None:
    t, detail = _pick(rng, ORDINARY, "ordinary")
    pieces = [t]
    if rng.random() < 0.3:
        t2, d2 = _pick(rng, ORDINARY, "ordinary")
        if t2 != t:
            pieces.append(t2)
            detail += "+" + d2
    return _compose(rng, "h_ordinary", pieces, set(), detail, n_debts=rng.randint(1, 2))


def _make_both(rng: random.Random) -> dict[str, Any] | None:
    pieces, detail = _both_pieces(rng)
    return _compose(rng, "h_both", pieces, {X, A}, detail, n_debts=rng.randint(1, 2))


def _make_mixed(rng: random.Random) -> dict[str, Any] | None:
    """3 to 6 clauses: the opener, debt sentences and the pieces of a profile, whose flags
    are exactly the flags of its pieces."""
    profile = rng.choice(("none", "extreme", "absconded", "both"))
    pieces: list[_T] = []
    names: list[str] = []

    def add(piece: tuple[_T, str]) -> None:
        pieces.append(piece[0])
        names.append(piece[1])

    harmless_gone = tuple(t for t in ORDINARY if not t.reach)
    if profile == "none":
        flags: set[str] = set()
        add(_pick(rng, rng.choice((NEGATED_X, NEGATED_A, ORDINARY)), "harmless"))
        if rng.random() < 0.6:
            extra = _pick(rng, rng.choice((NEGATED_X, NEGATED_A, ORDINARY)), "harmless")
            if extra[0] not in pieces:
                add(extra)
    elif profile == "extreme":
        flags = {X}
        add(_extreme_piece(rng) if rng.random() < 0.8 else _reported_x(rng))
        if rng.random() < 0.5:
            add(_pick(rng, rng.choice((NEGATED_A, ORDINARY)), "harmless"))
    elif profile == "absconded":
        flags = {A}
        add(_pick(rng, ABSCOND, "abscond") if rng.random() < 0.75 else _reported_a(rng))
        if rng.random() < 0.5:
            add(_pick(rng, rng.choice((NEGATED_X, harmless_gone)), "harmless"))
    else:
        flags = {X, A}
        both, detail = _both_pieces(rng)
        pieces.extend(both)
        names.append(detail)
        if rng.random() < 0.35:
            add(_pick(rng, harmless_gone, "harmless"))
    if profile == "none":
        rng.shuffle(pieces)
    total = rng.randint(3, 6)
    n_debts = max(1, min(total - 1 - len(pieces), 4))
    traditional = rng.random() < 1 / 6
    style = "none" if rng.random() < 1 / 5 else None
    detail = f"profile {profile}: " + "+".join(names)
    if traditional:
        detail += "; traditional"
    if style == "none":
        detail += "; no punctuation"
    return _compose(
        rng,
        "h_mixed",
        pieces,
        flags,
        detail,
        n_debts=n_debts,
        traditional=traditional,
        style=style,
    )


_MAKERS: dict[str, Maker] = {
    "h_collective": _single("h_collective", COLLECTIVE, "collective", {X}),
    "h_selfharm": _single("h_selfharm", SELFHARM, "selfharm", {X}),
    "h_violence": _single("h_violence", VIOLENCE, "violence", {X}),
    "h_absconded": _make_absconded,
    "h_conditional": _make_conditional,
    "h_reported": _make_reported,
    "h_negated": _make_negated,
    "h_ordinary": _make_ordinary,
    "h_mixed": _make_mixed,
    "h_both": _make_both,
}


def generate_h(*, per_family: int = 120, seed: int = 21) -> list[dict[str, Any]]:
    """Cases of every family, deterministic for a seed; texts are distinct across the set."""
    rng = random.Random(seed)
    cases: list[dict[str, Any]] = []
    seen: set[str] = set()
    for family in FAMILIES_H:
        make = _MAKERS[family]
        made = attempts = 0
        while made < per_family and attempts < per_family * 50:
            attempts += 1
            case = make(rng)
            if case is None or case["text"] in seen:
                continue
            seen.add(case["text"])
            cases.append(case)
            made += 1
    return cases


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="held-out risk phrasings (set H) as JSON lines")
    ap.add_argument("--per-family", type=int, default=120)
    ap.add_argument("--seed", type=int, default=21)
    args = ap.parse_args(argv)
    try:
        for case in generate_h(per_family=args.per_family, seed=args.seed):
            sys.stdout.write(json.dumps(case, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (| head): no traceback
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
