"""A held-out false-alarm set: ordinary wage complaints that share words with the red flags.

A sixth set of generated phrasings, mostly of messages that must raise NO red flag. Each one is
an everyday wage complaint of a migrant worker whose words brush against ``extreme_risk`` or
``absconded`` without being either: the tools of the trade (扛着铁锨, 抡大锤砸墙, 杀鱼刀, 刀术
棍术), 死/拼/闹/跑 said loosely (累死了, 死活不给, 跑断了腿, 孩子闹着要), the proper channels
(一起去劳动局投诉, 申请仲裁, 找媒体曝光, 去法院起诉), phones (手机没电关机了, 拉黑推销电话,
换了新号已告诉老板), daily life (喝中药, 办后事, 堵车, 工地大门礼拜天锁着, 和老婆吵架), and a
slow but reachable boss (出差天天回消息, 住院了他媳妇接电话). The families:

* ``f_tools``        work tools and heavy work, each with the jobs it belongs to
* ``f_intensifier``  死/拼/闹/跑 used loosely
* ``f_channels``     labour bureau, 12345, arbitration, lawyers, media, court; clear denials
* ``f_phone``        phones off or out of signal for a while, spam blocked, numbers changed,
                     late but real replies
* ``f_life``         illness, medicine, funerals, family quarrels, accidents, traffic, gates
* ``f_mixed``        long chatty messages mixing the above; one in eight in traditional
                     characters, one in five without punctuation
* ``f_positive``     genuine red flags in plain words, about half ``extreme_risk`` and half
                     ``absconded``, so that both precision and recall are defined

Every family but ``f_positive`` expects no risk flag (only ``group`` when the headcount is ten
or more); the labels hold by construction: a clause is written for the jobs it fits, clauses
that would contradict each other (two statements of where the boss is) are never put together,
and a genuine absconding is never paired with a clause that has the boss answer.

Independence: this file was written without reading routing/ (its lexicons above all), tests/
or the fourth set (bench/risk_phrasings_d.py), and without running the router on its cases.
Only the format and helpers of bench/risk_phrasings.py were looked at. Its first
measurement (both halves) found 44 and 37 false alarms in 720 ordinary complaints (seeds 21 and
2026), so every clause list was then cut in two. A cut by position put every clause that
raised a false alarm on one side (0 against 62 false alarms), leaving nothing to learn from;
the cut is by a hash of each clause's text. The ``f_`` families are composed from one half
and may be tuned on; the ``g_`` families, from the other half, are held out (``HELD_OUT_F``):
measured, never read for misses.

    .venv/bin/python bench/risk_phrasings_f.py [--per-family N] [--seed S] > cases.jsonl
"""

from __future__ import annotations

import hashlib
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.risk_phrasings import (  # noqa: E402
    AMOUNTS,
    ESTATES,
    INTROS,
    OUTROS,
    PARKS,
    SCENARIOS,
    SITE_WORDS,
    SQUARES,
    SURNAMES,
    TOWNS,
    Scenario,
    _to_traditional,
    case_record,
    write_cases,
)

# Every clause list is cut in two (by a hash of each clause): the f_ families are composed from
# one half and may be tuned on; the g_ families, from the other half only, stay held out.
_KINDS = ("tools", "intensifier", "channels", "phone", "life", "mixed", "positive")
FAMILIES_F = tuple(f"f_{k}" for k in _KINDS) + tuple(f"g_{k}" for k in _KINDS)
HELD_OUT_F = frozenset(f"g_{k}" for k in _KINDS)

X = "extreme_risk"
A = "absconded"

# --- the kinds of job, read off a scenario's words ---------------------------------------

BLDG = "bldg"  # building sites: 扎钢筋, 贴瓷砖, 架子工, 盖厂房
RENO = "reno"  # 装修
ROAD = "road"  # 修路 (a government project)
SOE = "soe"  # 城投的项目
KITCHEN = "kitchen"
FACTORY = "factory"
WAREHOUSE = "warehouse"
MARKET = "market"
CLEAN = "clean"  # 物业保洁, 环卫, 看门
COAL = "coal"
WUSHU = "wushu"
TUTOR = "tutor"
DELIVERY = "delivery"
NANNY = "nanny"
OTHER = "other"  # a scenario added later that none of the words below name

SITE = (BLDG, RENO)
BUILD = (BLDG, RENO, ROAD, SOE)
HEAVY = (*BUILD, FACTORY, WAREHOUSE, MARKET, COAL, KITCHEN)
WITH_WORKMATES = (*HEAVY, CLEAN, WUSHU, TUTOR)
COMPANY = (*WITH_WORKMATES, DELIVERY)  # an employer with premises and a gate

_KIND_WORDS = (
    ("装修", RENO),
    ("修路", ROAD),
    ("城投", SOE),
    ("工地", BLDG),
    ("架子工", BLDG),
    ("盖厂房", BLDG),
    ("流水线", FACTORY),
    ("后厨", KITCHEN),
    ("仓库", WAREHOUSE),
    ("超市", MARKET),
    ("煤矿", COAL),
    ("武校", WUSHU),
    ("培训", TUTOR),
    ("外卖", DELIVERY),
    ("保姆", NANNY),
    ("保洁", CLEAN),
    ("环卫", CLEAN),
    ("物业", CLEAN),
)


def _kind(scenario: Scenario) -> str:
    for word, kind in _KIND_WORDS:
        if word in scenario.text:
            return kind
    return OTHER


# who the worker calls the boss, by kind of job (no site word outside construction)
_BOSSES: dict[str, tuple[str, ...]] = {
    BLDG: ("包工头", "工头", "{sur}老板", "老板", "项目经理", "老{sur}"),
    RENO: ("包工头", "{sur}老板", "老板", "工头老{sur}"),
    ROAD: ("老板", "{sur}老板", "{sur}经理", "带班的老{sur}"),
    SOE: ("老板", "{sur}老板", "{sur}经理", "带班的老{sur}"),
    KITCHEN: ("老板", "{sur}老板", "饭店老板"),
    FACTORY: ("老板", "{sur}总", "厂长"),
    WAREHOUSE: ("老板", "{sur}经理", "主管老{sur}"),
    MARKET: ("老板", "超市老板", "{sur}经理"),
    CLEAN: ("老板", "{sur}经理", "队长老{sur}"),
    COAL: ("老板", "{sur}老板", "矿上老板"),
    WUSHU: ("校长", "{sur}校长", "老板"),
    TUTOR: ("校长", "{sur}总", "老板"),
    DELIVERY: ("站长", "{sur}站长", "老板"),
    NANNY: ("雇主", "东家", "那家的男主人"),
    OTHER: ("老板", "{sur}老板"),
}
# when the scenario names its 包工头 (跟着包工头{sur}老板), the boss is he
_SCENARIO_BOSSES = ("包工头", "{sur}老板", "老{sur}", "{sur}工头")
_HEADCOUNTS: dict[str, tuple[int, ...]] = {
    NANNY: (1,),
    DELIVERY: (1, 1, 2, 3),
    WUSHU: (1, 2, 3, 4, 5),
    TUTOR: (1, 2, 3, 4, 5),
}
HEADCOUNTS = (1, 2, 3, 4, 5, 6, 7, 8, 12, 15, 20)
MONTHS = ("两", "三", "四", "五", "六", "七", "八")
# what a crew of ten or more is owed
BIG_AMOUNTS = ("二十多万", "十五万", "36万", "四十来万", "十来万", "28万")
CN_NUM = {2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八"}


@dataclass(frozen=True)
class Clause:
    """A clause template and where it may go.

    ``kinds``: the jobs it fits (None: any). ``topic``: clauses of one topic are never put
    together ("boss": where the boss is or what he answered; "calm": disruption denied;
    "myphone": the worker's own phone; "gate": a gate shut or guarded). ``plural``: only
    when several workers complain.
    """

    text: str
    kinds: frozenset[str] | None = None
    topic: str | None = None
    plural: bool = False


def c(text: str, *kinds: str, topic: str | None = None, plural: bool = False) -> Clause:
    return Clause(text, frozenset(kinds) if kinds else None, topic, plural)


# --- negative families ---------------------------------------------------------------------

TOOLS: tuple[Clause, ...] = (
    c("{we}天天扛着铁锨在工地上挖沟，一干就是一整天", BLDG),
    c("拆墙都是{we}抡着大锤一锤一锤砸下来的", RENO),
    c("{we}拿扳手拧螺丝、用钢管搭架子，哪样活都没少干", BLDG),
    c("脚手架的钢管、扣件都是{we}一根根扛上去的", BLDG),
    c("冲击钻、切割机整天攥在手里，耳朵都快震聋了", RENO, BLDG),
    c("上个月拿切割机切瓷砖，手上还划了道口子", RENO, BLDG),
    c("砸地面、抹水泥、扛沙子，都是{we}干的重活", RENO),
    c("钢筋是{we}一捆一捆扛上楼的，肩膀都磨破了", BLDG),
    c("扎钢筋的钩子天天攥着，手上全是老茧", BLDG),
    c("工地上的电锯、电焊{we}都会使，哪儿缺人就往哪儿顶", BLDG),
    c("{we}推着小推车运砂浆，一天来回跑几百趟", BLDG, RENO),
    c("{we}在楼顶干防水，太阳一晒，热得人直冒油", BLDG),
    c("{i}是开塔吊的，一天在上头一待就是十来个钟头", BLDG),
    c("高空作业都系着安全绳，一点都不敢马虎", BLDG, SOE),
    c("坐着吊篮刷外墙，往下一看腿都发软", BLDG),
    c("{we}扛着铁锨跟在压路机后头摊沥青", ROAD),
    c("挖路基挖坏了好几把镐头", ROAD, SOE),
    c("天天拿铁锹铲石子，腰都快直不起来了", ROAD, SOE),
    c("水泥管都是{we}拿撬棍一点点撬到位的", ROAD, SOE),
    c("钻头、锤子、扳手这些家伙什都是{we}自己带的", *BUILD),
    c("{we}拿电焊焊钢管，眼睛让弧光打得通红", SOE, BLDG, FACTORY),
    c("后厨的刀具都是{we}自己磨的，一天切菜切得手发软", KITCHEN),
    c("{we}一天要剁几十只鸡，菜刀都剁卷刃了", KITCHEN),
    c("杀鱼刀、剔骨刀天天不离手，手上全是小口子", KITCHEN, MARKET),
    c("大铁勺一抡就是一晚上，胳膊都抬不起来", KITCHEN),
    c("饭店开业那天{we}还帮着挂横幅、摆花篮", KITCHEN),
    c("流水线上拿气动扳手拧螺丝，一天好几千个", FACTORY),
    c("车间里的冲床、台钻{we}都得会用", FACTORY),
    c("搬模具、扛铁件，一天下来浑身是汗", FACTORY),
    c("{we}拿美工刀拆箱子、扛包，一天干十几个钟头", WAREHOUSE),
    c("叉车、地牛天天开，大件都是{we}硬扛上车的", WAREHOUSE),
    c("超市水产区缺人，{we}还得拿刀帮着杀鱼刮鳞", MARKET),
    c("搬货、拆箱、上架，一把裁纸刀天天揣兜里", MARKET, WAREHOUSE),
    c("超市搞促销，{we}爬梯子挂横幅、贴海报", MARKET),
    c("下大雪的时候{we}扛着铁锨、推着推板去铲雪", CLEAN),
    c("拿着大扫把、铁簸箕，一扫就是一大片", CLEAN),
    c("修剪绿化带还得拿大剪刀、油锯", CLEAN),
    c("下水道堵了都是{we}拿钩子去通", CLEAN),
    c("井下打眼用风镐，一个班下来浑身都是煤灰", COAL),
    c("{we}扛着钢梁、木头支柱往巷道里送", COAL),
    c("矿灯、自救器天天背着，一下井就是八个钟头", COAL),
    c("天天教学生练刀术、棍术，嗓子都喊哑了", WUSHU),
    c("学生练的刀枪棍棒坏了，都是{i}拿回去修的", WUSHU),
    c("{i}带着学生扛沙袋、打木桩，天天一身汗", WUSHU),
    c("拿着粉笔一站就是一整天，嗓子都哑了", TUTOR),
    c("投影仪、音箱都是{i}自己搬来搬去的", TUTOR),
    c("骑着电动车一天跑几十单，风里雨里的", DELIVERY),
    c("电动车电瓶坏了还是{i}自己掏钱换的", DELIVERY),
    c("{i}拎着几大袋东西一口气送到顶层，腿都打颤", DELIVERY),
    c("每天拿菜刀剁馅、擀面杖擀面，给孩子包饺子", NANNY),
    c("天天推着婴儿车、扛着大米上下跑", NANNY),
)

INTENSIFIER: tuple[Clause, ...] = (
    c("夏天热死了{we}也没歇过一天"),
    c("累死累活干了{m}个月，一分钱没见着"),
    c("气死{i}了，说好的钱到现在也不给"),
    c("{boss}死活不给，就说手头没钱", topic="boss"),
    c("{we}拼死拼活干了一年，图个啥"),
    c("说出来都笑死人，干了大半年连个工资条都没见过"),
    c("这事闹心得很，{i}晚上都睡不着觉"),
    c("家里孩子闹着要买新衣裳，{i}兜里一分钱都掏不出来"),
    c("为了这点钱{we}跑断了腿"),
    c("{we}跑了好几趟去找{boss}，他都说再等等", topic="boss"),
    c("冻死了也得干，天不亮就得起"),
    c("饿得要死也顾不上吃饭，活赶得紧"),
    c("这工钱要得{i}头都大了，烦死了"),
    c("{we}拼命加班，一个月就歇两天"),
    c("丢死人了，回家过年连压岁钱都拿不出来"),
    c("{i}这腰都快累断了"),
    c("冷得要命，手上冻得全是裂口"),
    c("媳妇天天跟{i}闹，问钱呢钱呢"),
    c("干得死去活来的，最后钱没拿到手"),
    c("笑死，{boss}上回还说要请{we}吃饭呢"),
    c("快愁死了，房租都交不上"),
    c("干这活拼的就是力气，{we}一点没偷过懒", *HEAVY),
    c("{boss}前阵子跑去外地拉材料，上礼拜回来了", *BUILD, FACTORY, topic="boss"),
    c("{boss}天天在外头跑业务，说回了款就给", topic="boss"),
    c("孩子晚上闹觉，{i}抱着一哄就是半宿", NANNY),
    c("一天跑几十单，跑得腿都不是自己的了", DELIVERY),
    c("{i}天天两头跑，白天干活，晚上还得去要账"),
    c("跑一趟就得半天，光车费都搭进去不少"),
    c("{we}也不是来闹事的，就想把辛苦钱拿到手", topic="calm"),
    c("{i}可不会想不开，家里还有老小指望{i}呢", topic="calm"),
)

CHANNELS: tuple[Clause, ...] = (
    c("{we}一起去劳动局投诉过了，让回家等通知", plural=True),
    c("{we}去人社局登记了，人家说会去调查"),
    c("也打了12345，接线员给记下来了"),
    c("前几天到劳动监察大队反映了情况"),
    c("{we}去镇政府咨询过，说这事归劳动监察管"),
    c("准备申请劳动仲裁，材料都在准备"),
    c("{we}想找个律师，听说有法律援助不要钱"),
    c("实在不行{we}就去法院起诉他"),
    c("{i}要告他，合同、考勤表{i}都留着呢"),
    c("再拖下去{i}就找电视台曝光他"),
    c("想找媒体报道一下，让大家评评理"),
    c("{we}就想到劳动局讨个说法，该咋办咋办"),
    c("{we}不堵路也不闹，就按正规程序来", topic="calm"),
    c("{we}不会去上访，相信政府能处理好", topic="calm"),
    c("听人说可以在网上投诉，{we}也填了"),
    c("{we}拿着欠条去司法所问了问"),
    c("劳动监察的同志给{boss}打了电话，{boss}答应月底结", topic="boss"),
    c("在手机上也提交了欠薪线索，还没回音"),
    c("律师说有考勤记录和转账记录就好办"),
    c("{we}去街道办反映，街道的人帮着联系上了{boss}", topic="boss"),
    c("工会的人也来了解过情况"),
    c("投诉材料写好了，{we}都签了字", plural=True),
    c("打了12333咨询，说可以先申请调解"),
    c("{we}想讨个公道，昨天去劳动局排队取了号"),
    c("要是还不给，{we}只能走法律途径了"),
    c("明天{we}一块儿去劳动监察大队递材料", plural=True),
    c("调解员说下礼拜把{boss}叫过来当面对账", topic="boss"),
)

PHONE: tuple[Clause, ...] = (
    c("那天{i}手机没电关机了，没接着{boss}的电话，后来回过去了", topic="boss"),
    c("这边信号不好，给{boss}打了几次没打通，晚上才联系上", topic="boss"),
    c("{i}把那些推销电话都拉黑了，{boss}的号一直留着", topic="boss"),
    c("{i}换了新号码，已经告诉{boss}了", topic="boss"),
    c("{boss}在外地出差，天天回消息，就是说钱还没到", topic="boss"),
    c("{boss}微信倒是回，每回都说过两天", topic="boss"),
    c("{boss}电话能打通，就是一提钱就岔开话题", topic="boss"),
    c("{boss}开会的时候不方便接，过后都会回过来", topic="boss"),
    c("{i}手机屏摔碎了，修了两天，这两天的消息都没看着", topic="myphone"),
    c("群里{boss}还天天发消息催{we}干活", *WITH_WORKMATES, topic="boss"),
    c("{i}不小心把{boss}的微信删了，又加回来了", topic="boss"),
    c("{boss}的号是外地的，接了说在开车，晚上再说", topic="boss"),
    c("打了好几个电话{boss}都没接，后来发微信说在忙，回头结", topic="boss"),
    c("电话费都打了好几十，{boss}每回接了都说快了", topic="boss"),
    c("{i}手机欠费停机了一天，充上话费就好了", topic="myphone"),
    c("{i}那个旧号码不用了，现在用的是这个号", topic="myphone"),
    c("{boss}把{we}拉进了一个群，说有事群里说", topic="boss"),
    c("有个骗子冒充劳动局打电话，{i}直接挂了拉黑了", topic="myphone"),
    c("{boss}说手机丢了，用他媳妇的号给{i}打的电话", topic="boss"),
    c("晚上打电话{boss}关机了，第二天一早就回过来了", topic="boss"),
    c("{boss}不用微信，只能打电话，打了都接", topic="boss"),
    c("{i}回老家山里没信号，回来才收着{boss}的短信", topic="boss"),
    c("{boss}刚给{i}回了语音，说下礼拜一定给", topic="boss"),
    c("{i}不会用智能手机，消息都是闺女帮着发的", topic="myphone"),
    c("{boss}没跑，电话一打就通，就是推", topic="boss"),
    c("{i}手机老是自动关机，该换了，可哪有钱换", topic="myphone"),
)

LIFE: tuple[Clause, ...] = (
    c("{i}这几天在喝中药调胃病，花了不少钱"),
    c("腰疼得厉害，晚上擦点药酒接着干"),
    c("{i}爹前阵子走了，回老家办后事花了好几万"),
    c("清明回去上坟，连路费都是借的"),
    c("{i}媳妇住院开刀，等着钱交费"),
    c("{boss}住院了，他媳妇接的电话，说等他出院就结", topic="boss"),
    c("前两天和老婆吵了一架，就为这欠的工钱"),
    c("下了工就跟工友打打牌，别的啥也不敢花", *WITH_WORKMATES),
    c("晚上没事在宿舍打会儿游戏，一分钱不敢乱花", *WITH_WORKMATES),
    c("回家过年跟老乡拼车，车费都是赊的"),
    c("上个月干活不小心砸了手指头，包一包接着干", *HEAVY),
    c("有个工友从架子上摔下来崴了脚，在家养着", BLDG),
    c("家里老娘有高血压，天天得吃药"),
    c("{i}胃出血住过一回院，到现在还欠着药费"),
    c("娃发烧打吊针，{i}一晚上没合眼"),
    c("老家房子漏雨，想寄点钱回去修修"),
    c("两口子因为这事天天吵，差点离了"),
    c("岳父去世，{i}请了几天假回去送葬"),
    c("{i}这手让电锯划了一道，缝了八针", BLDG, RENO, FACTORY),
    c("工友前天中暑晕倒了，送去打了两天针", *WITH_WORKMATES),
    c("年纪大了，干一天活回去浑身疼，得贴膏药"),
    c("跟小舅子借的钱还没还，见了面都抬不起头"),
    c("{i}妈做手术，亲戚们都帮着凑钱了"),
    c("骑车回家的时候撞了护栏，修车又花了一笔"),
    c("{i}爷爷九十大寿，想回去连礼都买不起"),
    c("前阵子发烧烧到四十度，还是硬撑着上班"),
    c("从梯子上摔下来过一回，没啥大事，养了几天", *HEAVY, CLEAN),
    c("早上堵车堵了一个多钟头，迟到了还让扣钱", *COMPANY),
    c("前几天下大雪封了路，{we}在家歇了三天"),
    c("礼拜天去找{boss}，工地大门锁着，门卫说没人上班", *SITE, topic="boss"),
    c("门卫不让进，说得有出入证才行", *COMPANY, topic="gate"),
    c("前面出了车祸封了路，绕了好远才到"),
    c("{i}儿子在北京打工，也是一年到头见不着面"),
)

# chatty clauses that only the mixed family uses
CHAT: tuple[Clause, ...] = (
    c("说实话{i}也不想麻烦你们"),
    c("唉，说多了都是泪"),
    c("{i}不识几个字，让闺女帮着打的"),
    c("你们给看看这事该咋弄"),
    c("{we}是老实人，就想把钱要回来"),
    c("这钱是一家老小的饭钱"),
    c("跟你们说说情况，别嫌{i}啰嗦"),
    c("先说一下，{boss}人不坏，就是拖", topic="boss"),
    c("{i}在外头打工十几年了，头一回碰上这事"),
    c("之前的钱都结得挺痛快，就这回拖了"),
    c("也不知道发到这儿对不对"),
    c("{i}嘴笨，说不清楚，你们多担待"),
)

# the complaint itself, said plainly: a filler any family may draw on
COMMON: tuple[Clause, ...] = (
    c("{boss}一直拖着不给", topic="boss"),
    c("说好干完活就结账，到现在也没结"),
    c("家里老人孩子都等着这钱"),
    c("{we}也不知道该找谁"),
    c("过年回家的路费都没有"),
    c("欠条{boss}也打了"),
    c("干了{m}个月，就给过几百块生活费"),
    c("{boss}说上头没给他钱", topic="boss"),
    c("合同也没签，就是口头说的"),
    c("{we}手里有考勤表和聊天记录"),
)

# --- the positive family -------------------------------------------------------------------

EXTREME: tuple[Clause, ...] = (
    c("再不给钱{i}就从楼上跳下去", *SITE),
    c("再拖下去{i}就从大桥上跳下去"),
    c("{we}明天去堵他公司大门", *COMPANY),
    c("{i}要拿刀找他算账"),
    c("要是年前还拿不到钱，{i}就喝农药死在他家门口"),
    c("{we}商量好了，下礼拜去市政府门口拉横幅", plural=True),
    c("实在没活路了，{i}想一了百了"),
    c("{we}准备去北京上访，车票都看好了"),
    c("把{we}逼急了就去把国道堵了"),
    c("{i}真想拿锤子把他的车砸了"),
    c("{we}打算都坐到县政府门口去，不给钱就不走了", plural=True),
    c("再拖下去{i}就去他家放把火"),
    c("这日子没法过了，{i}都不想活了"),
    c("{i}今晚就爬到塔吊上去，不给钱不下来", BLDG),
    c("{we}要去高速路口拦车，让大家都看看", plural=True),
    c("{i}跟{boss}拼了，大不了一起死"),
    c("{i}见着{boss}非打断他的腿不可"),
    c("{we}要去项目部把大门堵上", *SITE),
    c("{i}安眠药都买好了，不给钱就吃了"),
    c("{we}准备举着牌子去市政府大院静坐", plural=True),
    c("{i}带着汽油去他家，他不给钱谁也别想好过"),
)

ABSCOND: tuple[Clause, ...] = (
    c("{boss}卷钱跑了，谁也找不着他"),
    c("{boss}电话关机一个月了，找不到人"),
    c("{boss}把{we}微信全删了，电话也打不通"),
    c("{boss}连夜搬家走了，房子都空了"),
    c("{boss}过年前就没影了，到现在联系不上"),
    c("打{boss}电话提示是空号，家里也没人"),
    c("{boss}带着工程款跑了，听说去了外省", *BUILD),
    c("公司大门锁了，{boss}人也不见了，打电话没人接", *COMPANY, topic="gate"),
    c("{boss}把{we}拉黑了，人也找不着"),
    c("{boss}玩起了失踪，他家里人也说不知道他去哪了"),
    c("{boss}一个多月没露面，电话一直打不通"),
    c("{boss}跑到外地躲起来了，谁也联系不上"),
    c("问了好多人，都不知道{boss}跑哪儿去了"),
    c("{boss}手机停机了，微信也注销了"),
    c("店门关了，{boss}跑得无影无踪", KITCHEN, MARKET),
    c("{boss}把设备一卖就跑了", FACTORY, WAREHOUSE, COAL),
    c("{boss}人跑了，项目部也撤了", *SITE),
    c("{boss}早就溜了，留下一堆烂账"),
)

NEGATIVE_POOLS: dict[str, tuple[Clause, ...]] = {
    "f_tools": TOOLS,
    "f_intensifier": INTENSIFIER,
    "f_channels": CHANNELS,
    "f_phone": PHONE,
    "f_life": LIFE,
}
MIXED_SOURCES = tuple(NEGATIVE_POOLS)

# words of one sector: a clause fit for any job must carry none of them, or it would pull the
# message towards another task force than its scenario's
SECTOR_WORDS = (
    "学校",
    "培训",
    "教练",
    "学生",
    "煤",
    "矿",
    "城投",
    "政府投资",
    "外卖",
    "保姆",
    "物业",
    "环卫",
    "后厨",
    "饭店",
    "流水线",
    "仓库",
    "快递",
    "超市",
    "工厂",
    "车间",
)


def _check_pools() -> None:
    for pool in (*NEGATIVE_POOLS.values(), CHAT, COMMON, EXTREME, ABSCOND):
        for cl in pool:
            if cl.kinds is None and any(w in cl.text for w in (*SITE_WORDS, *SECTOR_WORDS)):
                raise ValueError(f"a clause for any job names a job: {cl.text}")


_check_pools()

# --- composing a message -------------------------------------------------------------------


@dataclass(frozen=True)
class Ctx:
    scenario: Scenario
    job: str  # the scenario's words, filled in
    kind: str
    headcount: int
    i: str
    we: str
    boss: str


def _ctx(scenario: Scenario, rng: random.Random) -> Ctx:
    kind = _kind(scenario)
    sur = rng.choice(SURNAMES)  # one surname: the 包工头 of the scenario is the boss
    job = scenario.text.format(
        town=rng.choice(TOWNS),
        estate=rng.choice(ESTATES),
        park=rng.choice(PARKS),
        square=rng.choice(SQUARES),
        sur=sur,
    )
    headcount = rng.choice(_HEADCOUNTS.get(kind, HEADCOUNTS))
    i = rng.choice(("俺", "我"))
    we = i if headcount == 1 else i + "们"
    bosses = _SCENARIO_BOSSES if "包工头" in scenario.text else _BOSSES[kind]
    boss = rng.choice(bosses).format(sur=sur)
    return Ctx(scenario, job, kind, headcount, i, we, boss)


def _fits(cl: Clause, ctx: Ctx) -> bool:
    if cl.kinds is not None and ctx.kind not in cl.kinds:
        return False
    if cl.plural and ctx.headcount == 1:
        return False
    return ctx.scenario.task_force == "TF1_CONSTRUCTION" or not any(
        w in cl.text for w in SITE_WORDS
    )


def _pick(
    pool: tuple[Clause, ...],
    ctx: Ctx,
    chosen: list[Clause],
    rng: random.Random,
    *,
    banned_topics: tuple[str, ...] = (),
    no_boss: bool = False,
) -> Clause | None:
    topics = {cl.topic for cl in chosen if cl.topic} | set(banned_topics)
    fitting = [
        cl
        for cl in pool
        if _fits(cl, ctx)
        and cl not in chosen
        and cl.topic not in topics
        and not (no_boss and "{boss}" in cl.text)
    ]
    return rng.choice(fitting) if fitting else None


def _say(cl: Clause, ctx: Ctx, rng: random.Random) -> str:
    return cl.text.format(i=ctx.i, we=ctx.we, boss=ctx.boss, m=rng.choice(MONTHS))


def _amount(ctx: Ctx, rng: random.Random) -> str:
    n = ctx.headcount
    amount = rng.choice(BIG_AMOUNTS if n >= 10 else AMOUNTS)
    if n == 1:
        form = rng.choice(("就{i}一个人，{a}没结", "{boss}欠{i}{a}", "{i}的{a}工钱到现在没给"))
        return form.format(i=ctx.i, a=amount, boss=ctx.boss)
    count = CN_NUM[n] if n in CN_NUM and rng.random() < 0.4 else str(n)
    form = rng.choice(
        ("{we}{n}个人一共{a}没结", "{we}{n}个人的工钱加起来有{a}", "{n}个人一共被欠了{a}")
    )
    return form.format(we=ctx.we, n=count, a=amount)


def _scenario_for(pool: tuple[Clause, ...], rng: random.Random) -> Scenario:
    while True:
        scenario = rng.choice(SCENARIOS)
        if any(cl.kinds is None or _kind(scenario) in cl.kinds for cl in pool):
            return scenario


@dataclass(frozen=True)
class Half:
    """One half of every clause list (even or odd positions)."""

    negative: dict[str, tuple[Clause, ...]]
    tools: tuple[Clause, ...]
    extreme: tuple[Clause, ...]
    abscond: tuple[Clause, ...]


def _side(cl: Clause) -> int:
    """Which half a clause is in: by a hash of its text, so that neighbours in a list (often
    variants of one idea) fall on both sides."""
    return hashlib.md5(cl.text.encode("utf-8")).digest()[0] % 2


def _half(k: int) -> Half:
    def cut(pool: tuple[Clause, ...]) -> tuple[Clause, ...]:
        return tuple(cl for cl in pool if _side(cl) == k)

    return Half(
        negative={f: cut(pool) for f, pool in NEGATIVE_POOLS.items()},
        tools=cut(TOOLS),
        extreme=cut(EXTREME),
        abscond=cut(ABSCOND),
    )


HALVES = (_half(0), _half(1))


def _compose(
    family: str, rng: random.Random, index: int
) -> tuple[list[str], Ctx, set[str], bool, bool]:
    """The clauses of one message, its context, its risk flags, traditional?, unpunctuated?"""
    half = HALVES[family.startswith("g_")]
    family = "f_" + family[2:]  # the kind of message; the half says which clauses
    flags: set[str] = set()
    traditional = unpunctuated = False
    chosen: list[Clause] = []
    if family in NEGATIVE_POOLS:
        pool = half.negative[family]
        ctx = _ctx(_scenario_for(pool, rng), rng)
        for _ in range(rng.choice((1, 2, 2, 3))):
            cl = _pick(pool, ctx, chosen, rng)
            if cl:
                chosen.append(cl)
        if len(chosen) < 2 or rng.random() < 0.4:
            extra = _pick(COMMON, ctx, chosen, rng)
            if extra:
                chosen.append(extra)
        rng.shuffle(chosen)
    elif family == "f_mixed":
        ctx = _ctx(rng.choice(SCENARIOS), rng)
        sources = rng.sample(MIXED_SOURCES, rng.choice((3, 3, 4)))
        for source in sources:
            cl = _pick(half.negative[source], ctx, chosen, rng)
            if cl:
                chosen.append(cl)
        rng.shuffle(chosen)
        if rng.random() < 0.6:
            chat = _pick(CHAT, ctx, chosen, rng)
            if chat:
                chosen.insert(0 if rng.random() < 0.5 else len(chosen), chat)
        traditional = index % 8 == 3
        unpunctuated = index % 5 == 1
    elif family == "f_positive":
        extreme = index % 2 == 0
        pool = half.extreme if extreme else half.abscond
        ctx = _ctx(_scenario_for(pool, rng), rng)
        core = _pick(pool, ctx, chosen, rng)
        if core is None:
            raise ValueError(f"no {family} clause fits {ctx.scenario.text}")
        chosen.append(core)
        flags.add(X if extreme else A)
        # context: hard negatives that agree with the flag: no denial of disruption next to a
        # threat, and of the boss no more than that he stalls; nothing the boss said or did
        # next to his absconding
        for _ in range(rng.choice((1, 1, 2))):
            context_pool = rng.choice((*half.negative.values(), half.tools, COMMON))
            banned = ("calm", "boss") if context_pool is not COMMON else ("calm",)
            cl = _pick(
                context_pool,
                ctx,
                chosen,
                rng,
                banned_topics=banned if extreme else ("boss",),
                no_boss=not extreme,
            )
            if cl:
                chosen.append(cl)
        chosen.remove(core)
        chosen.insert(rng.randrange(len(chosen) + 1), core)
    else:
        raise ValueError(family)
    return [_say(cl, ctx, rng) for cl in chosen], ctx, flags, traditional, unpunctuated


MY_OUTROS = ("麻烦给看看", "谢谢了", "这种情况咋办", "该找哪个部门？", "能管不能管")


def _text(parts: list[str], ctx: Ctx, rng: random.Random, *, long: bool) -> str:
    intro = rng.choice(INTROS) + ctx.job
    body = [intro, _amount(ctx, rng)]
    if rng.random() < 0.35:  # the sum said after the story
        body = [intro]
        parts = [*parts, _amount(ctx, rng)]
    outros = [o for o in (*OUTROS, *MY_OUTROS) if ctx.headcount > 1 or "们" not in o]
    text = "，".join(body)
    for part in parts:
        text += ("。" if long and rng.random() < 0.4 else "，") + part
    outro = rng.choice(outros)
    if outro:
        text += "，" + outro
    if not text.endswith(("？", "。", "吧")):
        text += rng.choice(("", "。", "！"))
    return text


def _strip_punctuation(text: str, rng: random.Random) -> str:
    gap = rng.choice((" ", ""))
    for mark in "，。、！？":
        text = text.replace(mark, gap)
    return text.strip()


def _case(family: str, rng: random.Random, index: int) -> dict[str, Any]:
    parts, ctx, flags, traditional, unpunctuated = _compose(family, rng, index)
    text = _text(parts, ctx, rng, long=family.endswith("_mixed"))
    if unpunctuated:
        text = _strip_punctuation(text, rng)
    if traditional:
        text = _to_traditional(text)
    note = f"family: {family}"
    if flags:
        note += f" ({', '.join(sorted(flags))})"
    return case_record(text, ctx.scenario, ctx.headcount, flags, family, note=note)


def generate_f(*, per_family: int = 120, seed: int = 21) -> list[dict[str, Any]]:
    """Cases of every family, deterministic for a seed."""
    rng = random.Random(seed * 104729 + 6)
    cases: list[dict[str, Any]] = []
    seen: set[str] = set()
    for family in FAMILIES_F:
        for index in range(per_family):
            for _ in range(20):  # a message already made is drawn again
                case = _case(family, rng, index)
                if case["text"] not in seen:
                    break
            seen.add(case["text"])
            cases.append(case)
    return cases


def main(argv: list[str] | None = None) -> int:
    return write_cases(generate_f, argv)


if __name__ == "__main__":
    raise SystemExit(main())
