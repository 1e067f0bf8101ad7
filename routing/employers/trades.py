"""A trade said as what a company does: 那个做防水的大星, 大星，就是搞装修的那家, 做防水那个大星.

Workers name a company by a clause, a light verb and what is worked on (做 / 干 / 搞 / 弄 / 开 /
办 / 包 / 接 / 跑 / 整 + 防水, 装修, 饭店, 物流 ...), closed by 的 or by the noun it describes
(那家, 那个, 公司, 老板), or by a verb-object word of its own (盖房子, 送货, 扫大街). Such a
clause is not part of the name: it is taken out and read as the stated trade.

* A trade the registry's own names use (防水, 装修, 物流, learned by `lexicon`) is put back
  where a registry name has it, after the 字号 and before a legal form, so the name is
  compared part by part as if written 大星防水.
* An everyday word that no registry name uses (钢筋, 木工, 粉刷, 水电, 送货) stands for a
  sector: companies registered in another sector are ruled out, as another trade rules them out
  when it is written in the name.
* Either names a line of business (`TRADE_KINDS`: 拉货 and 物流, 下井 and 煤业): a namesake
  registered in that line goes first, one registered in another is offered, never chosen.

A clause starts at a boundary: the start, a punctuation mark, a word of speech (就是, 那个, 给,
a region), or right after a registered 字号 (大星搞装修的). A verb inside a registered 字号 (开元,
大开) is never read as one. Words of a line said outside any clause (俺在宏美下井, 给他们上釉)
are read by `said_in_passing`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from routing.employers.normalize import fold
from routing.employers.parse import strip_legal

if TYPE_CHECKING:  # the store reads SHORT_FORMS from here
    from routing.employers.store import RegistryStore

# Characters of a trade said that tell nothing about which registered trade is meant
UNTELLING_CHARS = frozenset(
    "做干搞弄开办包接跑整卖当种挖拉修盖烧送扫铺砌刷贴打工程业务服有限公司的活"
)

# Light verbs that take a trade as their object: 做防水, 干装修, 搞钢筋, 开饭店, 办培训, 包工程,
# 当保安.
TRADE_VERBS = frozenset("做干搞弄开办包接跑整卖当种")

# Everyday words for a trade, by the registry's sectors. Verb-object words (盖房子, 送货) stand
# alone; the others follow a light verb. Written from how workers say what a company does,
# not from any registry's names.
EVERYDAY_TRADES: dict[str, str] = {
    "construction": (
        "防水 装修 装潢 装饰 钢筋 钢筋工 木工 瓦工 泥瓦 泥水 粉刷 刷墙 粉墙 刷漆 油漆 水电 电工 "
        "焊工 电焊 抹灰 砌墙 砌砖 贴砖 瓷砖 吊顶 保温 外墙 门窗 幕墙 脚手架 架子 架子工 混凝土 "
        "打桩 地基 打地基 土方 拆迁 拆除 盖房 盖房子 盖楼 建房 修路 铺路 路桥 管道 市政 工程 建筑 "
        "基建 施工 安装 钢结构 钢构 劳务 劳务分包 建筑劳务 挖土方 拉土方 土石方 房地产 开发楼盘 "
        "包劳务 包工程 修马路 招工派人"
    ),
    "coal": "煤矿 挖煤 采煤 煤炭 矿上 矿井 井下",
    "services": (
        "物流 运输 货运 拉货 送货 快递 配送 搬家 餐饮 饭店 饭馆 餐馆 做饭 厨师 后厨 酒店 宾馆 "
        "超市 商场 保安 物业 保洁 家政 打扫 打扫卫生 洗车 商贸 批发 广告 做买卖"
    ),
    "manufacturing": (
        "服装 制衣 衣服 缝纫 做衣服 机械 加工 铸造 食品 造纸 纸厂 耐材 耐火材料 砖厂 烧砖 工厂 "
        "耐火砖 耐火 铝材 铝 建材 水泥制品"
    ),
    "education_training": "培训 教育 辅导 辅导班 补习 补课 幼儿园 托管 驾校 武校 教开车 教武术",
    "public_service": "绿化 园林 环卫 扫大街 扫马路 种树 养护",
}
# Verb-object words whose verb is not among the light verbs (装幕墙的, 翻砂的, 养猪的): a clause
# by themselves, while 装修 and 养护 after a 字号 stay part of the name.
_OWN_CLAUSE_WORDS = (
    "装幕墙 装门窗 装空调 翻砂 养殖 养猪 养鸡 养牛 养羊 养鱼 种地 种菜 种植 种果树 烧瓷 烧陶瓷 "
    "烧窑 看窑 上釉 下井 码砖 支模板 绑钢筋 铺沥青 挖沟 埋管子 装卸 装卸货 派人上班 介绍工作 "
    "带小娃娃 带孩子 教学车 教人学车 学车 卖车 卖汽车 卖房 卖房子 管小区 开挖掘机 平场地 切纸 "
    "踩缝纫机 焊钢梁 搭钢架 栽树 修剪花草 拉垃圾 炒菜 卖饭 包食堂 开矿 挖矿 搞矿 干矿"
)
_OWN_CLAUSES = frozenset(_OWN_CLAUSE_WORDS.split())
# Lines of business by sector, each in words workers say (拉货, 下井, 上釉, 做辣条) and words
# registered names use (物流, 煤业, 陶瓷, 食品). A trade said in one makes a namesake registered
# under another word of the same line the likelier company: 拉货的盛禾 is 盛禾物流 rather than
# 盛禾保洁, though both are services; 俺在宏美下井 names 宏美煤业.
TRADE_KINDS: tuple[tuple[str, str], ...] = (
    (
        "services",
        "物流 运输 货运 拉货 送货 快递 配送 搬家 搬运 车队 装卸 装卸货 开货车 开大车 跑车 叉车 "
        "开叉车 跑长途 货车",
    ),
    (
        "services",
        "餐饮 饭店 饭馆 餐馆 做饭 厨师 后厨 面馆 烩面 羊肉汤 火锅 烧烤 小吃 食堂 包食堂 餐厅 "
        "快餐 大排档 炒菜 卖饭 配餐 送餐 农家乐",
    ),
    ("services", "酒店 宾馆 旅馆 住宿 开宾馆"),
    ("services", "保洁 清洁 打扫 打扫卫生 家政 保姆 月嫂 物业 环卫 扫大街 扫马路 环境服务"),
    ("services", "物业 管小区 小区 物业服务 物业管理"),
    ("services", "保安 安保 门卫 看门 看大门 巡逻 保安员"),
    ("services", "超市 商场 便利店 大超市 卖东西"),
    ("services", "商贸 贸易 批发 批发部 门市 门市部 进货 倒卖"),
    ("services", "理发 理发店 剪头 剪头发 美发 理发师 洗头"),
    ("manufacturing", "能源 新能源 光伏 太阳能 充电桩 发电"),
    ("services", "广告 传媒 喷绘 广告牌 招牌 文化传媒"),
    ("services", "人力资源 劳务派遣 派遣 派遣工 派人上班 介绍工作 职业介绍 中介"),
    ("services", "汽车销售 卖车 卖汽车 4s店 汽车 汽修 修车 洗车"),
    ("services", "旅游 景点 景区 开发景区 旅游开发"),
    ("construction", "装修 室内装修 家装 装潢 装饰 吊顶 刷墙 粉刷 刷漆 油漆 装房子"),
    (
        "construction",
        "修路 铺路 修马路 铺马路 路桥 市政 公路 道路 道路养护 养路 桥梁 沥青 铺沥青 挖沟 "
        "埋管子 管网 下水道",
    ),
    ("construction", "幕墙 门窗 铝合金 装幕墙 装门窗 做门窗"),
    ("construction", "钢结构 钢构 钢梁 焊钢梁 钢架 搭钢架 彩钢 钢架厂房 厂房 彩钢房"),
    ("construction", "防水 保温 外墙"),
    (
        "construction",
        "土方 土石方 挖土方 拉土方 打地基 地基 打桩 挖掘 挖掘机 开挖掘机 挖方 挖土 平场地 渣土 "
        "开铲车 拉渣土",
    ),
    ("construction", "房地产 开发楼盘 置业 地产 楼盘 卖房 卖房子 售楼 售楼部"),
    ("public_service", "绿化 园林 种树 栽树 苗木 花卉 花草 修剪花草 草坪 养护 绿化树"),
    ("public_service", "环卫 扫大街 扫马路 拉垃圾 垃圾清运 清运 城市环境服务"),
    (
        "coal",
        "煤矿 煤业 煤炭 矿业 挖煤 采煤 矿上 矿井 井下 下井 煤窑 开煤窑 开矿 挖矿 搞矿 干矿 矿山 "
        "洗煤 选煤 洗选 煤炭洗选",
    ),
    ("manufacturing", "服装 制衣 衣服 做衣服 衣裳 缝纫 缝纫机 踩缝纫机 针织 纺织 服饰"),
    ("manufacturing", "陶瓷 瓷器 烧瓷 烧陶瓷 钧瓷 汝瓷 瓷业 瓷碗 上釉 烧窑 看窑"),
    ("manufacturing", "机械 铸造 翻砂 机加工 机械配件 配件 零件 车床 机械制造 五金"),
    ("manufacturing", "家具 沙发 做沙发 打家具 柜子 木器"),
    (
        "manufacturing",
        "食品 辣条 挂面 面条 馒头 方便面 饼干 糕点 零食 调料 饮料 豆制品 腐竹 粉条 速冻 面粉 "
        "粮油 食用油 磨面",
    ),
    ("manufacturing", "建材 水泥制品 预制构件 砖厂 砖瓦 石材 瓷砖 商砼 新型建材"),
    ("manufacturing", "水泥制品 水泥管 水泥构件 预制构件 水泥预制 预制 预制板 打预制板 预制件"),
    (
        "manufacturing",
        "砖厂 烧砖 砖瓦 红砖 空心砖 做砖 码砖 新型建材 水泥砖 免烧砖 透水砖 加气块 砌块 机砖 出砖",
    ),
    ("manufacturing", "商砼 混凝土 搅拌站"),
    ("manufacturing", "耐火 耐材 耐火材料 耐火砖"),
    ("manufacturing", "铝业 铝材 铝水 电解铝 氧化铝 铝锭 铝型材"),
    ("manufacturing", "纸业 造纸 纸厂 切纸 卫生纸 纸巾 纸品"),
    ("manufacturing", "包装 包装箱 纸箱 纸盒 包装盒"),
    ("manufacturing", "印刷 印刷厂 印书 印传单 印名片"),
    ("manufacturing", "塑料 塑业 塑胶 注塑 编织袋"),
    ("manufacturing", "玻璃 玻璃厂"),
    ("manufacturing", "化工 化肥 涂料"),
    ("manufacturing", "制药 药厂 药业"),
    ("manufacturing", "钢铁 炼钢 钢材 轧钢 铁厂"),
    ("manufacturing", "电子 电子厂 线路板"),
    ("manufacturing", "石料 采石 砂石 碎石 石子 石料厂 石材"),
    ("manufacturing", "木业 木材 板材 木板 锯木"),
    ("manufacturing", "磨料 磨具 砂轮"),
    ("other", "茶叶 茶园 种茶 采茶 制茶"),
    ("services", "加油站 加油 加油员"),
    ("services", "养老院 敬老院 养老 护工"),
    ("services", "电力 拉电线 架电线 电线杆 供电"),
    ("services", "通信 拉网线 宽带 基站"),
    (
        "other",
        "农业 种地 种菜 种植 种果树 养殖 养猪 养鸡 养牛 养羊 养鱼 农牧 果蔬 合作社 果园 大棚 "
        "中药材 种药材 生态园 生态农业 苗圃 蔬菜 菜地 养殖场 养猪场 喂鸡 喂猪 喂牛 鸡蛋 捡鸡蛋 "
        "鸡场 猪场 摘葡萄 摘苹果 摘果子 摘菜 葡萄 果树 农庄 大棚菜 除草 打药 收麦 种麦 金银花 采摘",
    ),
    ("education_training", "培训 技校 技能培训 职业培训 学电焊 学厨师 职业技能 考证 培训班"),
    ("education_training", "艺术 钢琴 舞蹈 跳舞 画画 美术 音乐 书法 声乐 艺术培训"),
    (
        "education_training",
        "驾校 学车 教学车 教开车 教人学车 驾驶员培训 科目二 科目三 考驾照 带学员 教练车",
    ),
    (
        "education_training",
        "教育 补习 补课 辅导 辅导班 家教 教育科技 教育咨询 教学生 教孩子 教娃娃 课外班",
    ),
    ("education_training", "武校 教武术 练功夫 武术 散打 功夫 练武 少林 跆拳道"),
    ("education_training", "幼儿园 托管 早教 带小娃娃 带孩子 保育员"),
)
# Lines too broad to say a company is not in them (盖楼的 may be said of a 装饰 company too);
# building work and the labour for it are next of kin (a 劳务分包 company builds).
BROAD_KINDS: tuple[tuple[str, str], ...] = (
    (
        "construction",
        "建筑 建设 建筑工程 建设工程 建筑安装 施工 土建 房建 基建 总承包 盖楼 盖房 盖房子 建房 "
        "包工地 支模板 绑钢筋 钢筋工 木工 瓦工 架子工 电焊 焊工 电焊工 水电工 油漆工 抹灰 砌墙 "
        "贴砖 小工 搬砖 扎钢筋 住宅楼 楼房 盖楼房 盖住宅楼 盖厂房 盖学校 砌砖 和灰 筛沙 打混凝土 "
        "浇筑",
    ),
    ("construction", "劳务 建筑劳务 劳务分包 包劳务 招工派人 人力资源 用工"),
)
# Trade words a worker may use for the one a registry name has (耐火材料 for 耐材, 建设 for
# 工程): the query is also tried with each swapped, both ways.
TRADE_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("耐火材料", "耐材"),
    ("建设", "工程"),
    ("建工", "建筑工程"),
    ("建筑工程", "建设工程"),
    ("建筑工程", "建设集团"),
    ("公路", "路桥"),
    ("道路桥梁", "路桥"),
    ("建筑劳务", "劳务分包"),
    ("人力资源", "劳务派遣"),
    ("人力", "劳务"),
    ("人力", "建筑劳务"),
    ("用工", "建筑劳务"),
    ("用工", "劳务"),
    ("劳务派遣", "劳务分包"),
    ("人力资源", "建筑劳务"),
    ("贸易", "商贸"),
    ("技术", "科技"),
    ("环卫", "城市环境服务"),
    ("环卫", "环境服务"),
    ("运输", "物流"),
    ("货运", "物流"),
    ("快递", "物流"),
    ("物流运输", "物流"),
    ("装修", "装饰"),
    ("饮食", "餐饮"),
    ("饭店", "餐饮管理"),
    ("大酒店", "餐饮管理"),
    ("宾馆", "酒店管理"),
    ("酒店", "酒店管理"),
    ("房地产", "置业"),
    ("开发商", "置业"),
    ("地产", "置业"),
    ("商场", "超市"),
    ("物业服务", "物业管理"),
    ("衣服厂", "服装"),
    ("制衣", "服装"),
    ("培训", "教育咨询"),
    ("水泥构件", "预制构件"),
    ("广告", "文化传媒"),
    ("保姆", "家政服务"),
    ("矿上", "矿业"),
    ("医院", "卫生院"),
)
# Everyday short forms of official names (政府 for 人民政府, 暖气公司 for 热力公司, 防疫站 for
# 疾病预防控制中心): the full form is usually the whole name but for the region, so a name that
# holds it reads as that unit even without a 字号 to compare character for character.
SHORT_FORMS: tuple[tuple[str, str], ...] = (
    ("政府", "人民政府"),
    ("城投", "城市建设投资"),
    ("交投", "交通投资"),
    ("国资", "国有资产"),
    ("文旅", "文化旅游"),
    ("暖气", "热力"),
    ("供暖", "热力"),
    ("自来水", "水务"),
    ("供水", "水务"),
    ("燃气", "天然气"),
    ("粮库", "粮食储备"),
    ("粮站", "粮食储备"),
    ("公交", "公共交通"),
    ("公交", "客运"),
    ("汽车站", "客运"),
    ("防疫站", "疾病预防控制中心"),
    ("疾控", "疾病预防控制"),
    ("社区医院", "社区卫生服务中心"),
    ("市医院", "人民医院"),
    ("县医院", "人民医院"),
    ("妇幼", "妇幼保健院"),
    ("农技站", "农业技术推广中心"),
    ("农技", "农业技术"),
    ("公路段", "公路事业发展中心"),
    ("公路局", "公路事业发展中心"),
    ("园林所", "园林绿化管理中心"),
    ("园林局", "园林绿化管理中心"),
    ("环卫所", "环境卫生管理所"),
    ("实小", "实验小学"),
    ("实验中学", "实验学校"),
    ("职高", "职业高级中学"),
    ("人社局", "人力资源和社会保障局"),
    ("工信局", "工业和信息化局"),
    ("发改委", "发展和改革委员会"),
    ("市场监管局", "市场监督管理局"),
    ("交通局", "交通运输局"),
    ("农业局", "农业农村局"),
    ("应急局", "应急管理局"),
    ("文旅局", "文化广电和旅游局"),
    ("住建局", "住房和城乡建设局"),
    ("城管局", "城市管理局"),
    ("卫健委", "卫生健康委员会"),
    ("敬老院", "养老院"),
    ("福利院", "社会福利院"),
    ("火葬场", "殡仪馆"),
    ("广电", "广播电视"),
)
# 一初中 / 五小 / 二中 as said for 第一初级中学 / 第五小学 / 第二中学
_ORDINAL_SCHOOLS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<!第)([一二三四五六七八九十])初中"), r"第\1初级中学"),
    (re.compile(r"(?<!第)([一二三四五六七八九十])高中"), r"第\1高级中学"),
    (re.compile(r"(?<!第)([一二三四五六七八九十])中(?![心学国间午])"), r"第\1中学"),
    (re.compile(r"(?<!第)([一二三四五六七八九十])小(?![时学组区])"), r"第\1小学"),
)


def short_form_variants(content: str, *, limit: int = 4) -> list[tuple[str, str]]:
    """`content` with an everyday short form of an official name written out (一初中 ->
    第一初级中学, 暖气 -> 热力), and the full form (a candidate found through it must have the
    full form in its name)."""
    out: list[tuple[str, str]] = []
    for pattern, full in _ORDINAL_SCHOOLS:
        m = pattern.search(content)
        if m is not None:
            out.append((pattern.sub(full, content, count=1), m.expand(full)))
    for short, official in SHORT_FORMS:
        if short in content and official not in content:
            out.append((content.replace(short, official, 1), official))
    return out[:limit]


_SYNONYM_PAIRS = frozenset(TRADE_SYNONYMS) | frozenset((b, a) for a, b in TRADE_SYNONYMS)


def stands_for(word: str, industry: str) -> bool:
    """Whether the trade word is declared a synonym of the registered industry (建工 of 建筑工程,
    not of 建设工程, though both hold its characters)."""
    return (word, industry) in _SYNONYM_PAIRS


_SYNONYMS_BY_HEAD: dict[str, list[tuple[str, str]]] = defaultdict(list)
for _x, _y in sorted(_SYNONYM_PAIRS):
    _SYNONYMS_BY_HEAD[_x[0]].append((_x, _y))


def synonym_heading(zone: str, industry: str) -> str:
    """The declared synonym `zone` starts with of a word `industry` starts with (装修 in 装修公司
    for 装饰工程), or ""."""
    for x, y in _SYNONYMS_BY_HEAD.get(zone[:1], ()):
        if zone.startswith(x) and industry.startswith(y) and not industry.startswith(x):
            return x
    return ""


def synonym_variants(content: str, *, limit: int = 6) -> list[tuple[str, str]]:
    """`content` with one trade word swapped for a synonym, each way it occurs, and the word
    swapped in (a candidate found through the swap must have that word in its name)."""
    out: list[tuple[str, str]] = []
    for a, b in TRADE_SYNONYMS:
        for x, y in ((a, b), (b, a)):
            if x in content and y not in content:
                out.append((content.replace(x, y, 1), y))
    return out[:limit]


# every everyday word's sector: the list above, then the lines of business' words it lacks
_EVERYDAY: dict[str, str] = {w: s for s, words in EVERYDAY_TRADES.items() for w in words.split()}
for _sector, _words in TRADE_KINDS + BROAD_KINDS:
    for _word in _words.split():
        _EVERYDAY.setdefault(_word, _sector)
_EVERYDAY_MAX = max(len(w) for w in _EVERYDAY)
# Verb-object words that are a clause by themselves (送货的, 盖房子那家, 做饭的).
_COMPOUNDS = (
    frozenset(w for w in _EVERYDAY if w[0] in "做盖修铺送拉扫挖采砌刷贴打种烧造拆搬") | _OWN_CLAUSES
)
_COMPOUND_FIRST = frozenset(w[0] for w in _COMPOUNDS)
# characters a clause can start with, in simplified and traditional forms (開 辦 賣 幹 …)
_TRIGGERS = TRADE_VERBS | _COMPOUND_FIRST | frozenset("開辦賣幹乾蓋鋪掃採貼種燒裝飜")

# What may follow the trade inside the clause: 做防水生意的, 搞装修这块的, 干钢筋活的.
_TRADE_TAIL = ("这一块", "这块", "那块", "这行", "生意", "方面", "活儿", "活", "工作", "工程")
# What closes the clause: the relative marker, or the noun it describes.
HEADS = (
    "的",
    "那家",
    "这家",
    "那个",
    "这个",
    "那边",
    "这边",
    "公司",
    "老板",
    "老总",
    "单位",
    "厂",
    # the worker's role in that trade (当技能培训老师, 当驾校教练)
    "老师",
    "师傅",
    "教练",
)
# Words of speech a clause can start after (就是搞装修的, 俺给做防水的…, 那个做防水的).
OPENERS = (
    "就是",
    "是",
    "那个",
    "这个",
    "那家",
    "这家",
    "一家",
    "一个",
    "那边",
    "这边",
    "给",
    "帮",
    "替",
    "跟",
    "在",
    "专门",
    "专",
    "也",
    "还",
    "都",
    "就",
    "的",
    "俺",
    "我",
    "他",
    "她",
    "人家",
    "主要",
    "以前",
    "原来",
)
SEPARATOR = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\u3007a-z0-9]")


@dataclass(frozen=True, slots=True)
class SpokenTrade:
    rest: str  # the query without the clause
    trade: str  # the trade word as said (防水, 钢筋)
    in_registry: bool  # a word of the registry's own names
    sectors: frozenset[str]  # the registry sectors it names (empty: unknown)
    kin: frozenset[str] = frozenset()  # words of its line of business (TRADE_KINDS)
    narrow: bool = False  # a line of business that rules others out (not BROAD_KINDS)


KIND_WORDS: dict[str, frozenset[str]] = {}
for _sector, _kind in TRADE_KINDS + BROAD_KINDS:
    for _word in _kind.split():
        KIND_WORDS[_word] = KIND_WORDS.get(_word, frozenset()) | frozenset(_kind.split())
_KIND_MAX = max(len(w) for w in KIND_WORDS)
BROAD_WORDS = frozenset(w for _, kind in BROAD_KINDS for w in kind.split())
BUILDING_WORDS = frozenset(BROAD_KINDS[0][1].split())


def kin_words(said: str) -> tuple[frozenset[str], bool]:
    """(the words of every line of business `said` names, whether one is narrow), read
    longest word first: 道路养护 is roads, not the 养护 of green spaces."""
    kin: frozenset[str] = frozenset()
    narrow = False
    i = 0
    while i < len(said):
        for n in range(min(_KIND_MAX, len(said) - i), 1, -1):
            word = said[i : i + n]
            got = KIND_WORDS.get(word)
            if got is not None:
                kin |= got
                narrow = narrow or word not in BROAD_WORDS
                i += n
                break
        else:
            i += 1
    return kin, narrow


def read(store: RegistryStore, query: str, *, again: bool = True) -> SpokenTrade | None:
    """The first trade clause in `query` (with a second one's words, if any), or None."""
    if not isinstance(query, str) or _TRIGGERS.isdisjoint(query):
        return None  # most queries: no verb, so no clause (and no second OpenCC pass)
    text = fold(query)
    lex = store.lexicon
    for i, ch in enumerate(text):
        if ch not in TRADE_VERBS and ch not in _COMPOUND_FIRST:
            continue
        got = _clause_at(store, text, i)
        if got is None:
            continue
        end, trade = got
        if not _opens(store, text, i):
            continue
        in_registry = lex.starts_with_word(trade) == trade
        sectors = lex.sectors_of(trade) if in_registry else frozenset()
        everyday = _EVERYDAY.get(trade)
        if not sectors and everyday in store.sectors:
            sectors = frozenset({everyday})
        kin, narrow = kin_words(text[i:end])
        if sectors and not in_registry:
            # 扫马路的 is said of a 保洁 company (services) as of 环卫 (public service)
            for word in kin:
                sectors |= lex.sectors_of(word)
                if (kind_sector := _EVERYDAY.get(word)) in store.sectors:
                    sectors |= {kind_sector}
        rest = text[:i] + " " + text[end:]
        spoken = SpokenTrade(rest, trade, in_registry, frozenset(sectors), kin, narrow)
        more = read(store, rest, again=False) if again else None
        if more is not None:
            spoken = with_more(spoken, more)  # 俺们给和益装卸货，就那个搞物流的: two clauses
        if again and (passing := said_in_passing(store, spoken.rest)) is not None:
            spoken = with_more(spoken, passing)  # 他们是做铝的 … 出铝水
        return spoken
    return None


# Verbs of the work itself, said right before what is worked on (拣耐火砖, 钉纸箱, 铺沥青)
ACTIONS = TRADE_VERBS | frozenset(
    "拣出打压钉印装栽铺修烧看上挖拉送扫种砌刷贴教带管绑焊搭切码踩扯炒洗缝喂摘卸搬抬扛推挑浇"
)


def in_line(industry: str, kin: frozenset[str]) -> bool:
    """Whether a registered trade is in the line of business `kin` names; building said in
    general (干木工的, 扎钢筋的) is the line of every company that builds or supplies labour."""
    words = BROAD_WORDS if kin and kin <= BUILDING_WORDS else kin
    return any(w in industry for w in words)


def said_in_passing(store: RegistryStore, query: str) -> SpokenTrade | None:
    """Lines of business named anywhere outside a clause (俺在宏美下井, 找宇腾，俺给他们上釉) in
    words no registered name uses: taken out of the name and read as the trade, which then ranks
    namesakes but rules out no sector (在学校食堂做饭 is said of a school). The first word is
    the trade; every one found adds its line (钉纸箱…印包装盒)."""
    text = fold(query)
    lex = store.lexicon
    found: SpokenTrade | None = None
    i = 0
    while i < len(text) - 1:
        for n in range(min(_KIND_MAX, len(text) - i), 1, -1):
            word = text[i : i + n]
            if word not in KIND_WORDS:
                continue
            if lex.starts_with_word(word) == word or _inside_brand(store, text, i, i + n):
                break
            # the verb before it goes too (拣耐火砖, 打水泥管), unless a 字号 ends with it
            verb = i > 0 and text[i - 1] in ACTIONS and not _inside_brand(store, text, i - 1, i)
            start = i - 1 if verb else i
            end = i + n + text.startswith("的", i + n)
            kin, narrow = kin_words(word)
            text = text[:start] + " " + text[end:]
            here = SpokenTrade(text, word, False, frozenset(), kin, narrow)
            found = here if found is None else with_more(found, here)
            i = start
            break
        i += 1
    return found


def with_more(spoken: SpokenTrade, more: SpokenTrade) -> SpokenTrade:
    """`spoken` with the lines `more`, read from its rest, names too, and `more`'s rest."""
    return SpokenTrade(
        more.rest,
        spoken.trade,
        spoken.in_registry,
        spoken.sectors,
        spoken.kin | more.kin,
        spoken.narrow or more.narrow,
    )


def _inside_brand(store: RegistryStore, text: str, start: int, end: int) -> bool:
    """Whether text[start:end] overlaps a registered 字号 written there."""
    brands = store.brands
    return any(
        text[k:m] in brands
        for k in range(max(0, start - 3), end)
        for m in range(max(k + 2, start + 1), min(len(text), k + 4) + 1)
    )


def everyday_sector_at(text: str) -> str:
    """The sector of the everyday trade word `text` starts with (装修 -> construction), or ""."""
    for n in range(min(_EVERYDAY_MAX, len(text)), 1, -1):
        sector = _EVERYDAY.get(text[:n])
        if sector is not None:
            return sector
    return ""


def _trade_word(store: RegistryStore, text: str, pos: int) -> str:
    """The longest trade word at `pos`: the registry's own or an everyday one ("" if none)."""
    best = store.lexicon.starts_with_word(text[pos : pos + 8])
    for n in range(min(_EVERYDAY_MAX, len(text) - pos), len(best), -1):
        if text[pos : pos + n] in _EVERYDAY:
            return text[pos : pos + n]
    return best


def _clause_at(store: RegistryStore, text: str, i: int) -> tuple[int, str] | None:
    """(end of the clause, trade word) for a clause starting at `i`, or None."""
    trade = ""
    if text[i] in TRADE_VERBS:
        trade = _trade_word(store, text, i + 1)
        pos = i + 1 + len(trade)
    if not trade:
        trade = next(
            (text[i : i + n] for n in range(_EVERYDAY_MAX, 1, -1) if text[i : i + n] in _COMPOUNDS),
            "",
        )
        pos = i + len(trade)
    if not trade:
        return None
    while pos < len(text):
        more = _trade_word(store, text, pos)
        if not more and text[pos] in TRADE_VERBS:
            # 种地搞农业的: a second verb and its trade in the same clause
            more = _trade_word(store, text, pos + 1)
            pos += 1 if more else 0
        if not more:
            break
        pos += len(more)  # 做建筑劳务的: 建筑 + 劳务
    for tail in _TRADE_TAIL:
        if text.startswith(tail, pos):
            pos += len(tail)
            break
    if pos >= len(text) or SEPARATOR.match(text[pos]):
        return pos, trade
    if text.startswith("的", pos):
        return pos + 1, trade
    if any(text.startswith(h, pos) for h in HEADS):
        return pos, trade  # the head noun stays: it is a filler word or a legal form
    return None


def _opens(store: RegistryStore, text: str, i: int) -> bool:
    """Whether a clause may start at `i`: at a boundary, and not inside a registered 字号."""
    brands = store.brands
    for k in range(max(0, i - 3), i):
        for m in range(i + 1, min(len(text), k + 4) + 1):
            if m - k >= 2 and text[k:m] in brands:
                return False  # 大开 or 开元 registered: the verb is a 字号's character
    if i == 0 or SEPARATOR.match(text[i - 1]):
        return True
    if any(text.endswith(w, 0, i) for w in OPENERS):
        return True
    if store.regions.match_ending_at(text, i) is not None:
        return True  # 登封开饭店的那个弘成
    return any(text[k:i] in brands for k in range(max(0, i - 4), i - 1))


def with_trade(store: RegistryStore, spoken: SpokenTrade, content: str) -> tuple[str, bool]:
    """(the name part with a registry trade word put where a name has it, whether it was):
    大星 -> 大星防水, 登封大星公司 -> 登封大星防水公司. Not when the trade is an everyday word
    or the name part names a trade of its own (大星建筑那边搞防水的)."""
    lex = store.lexicon
    own = any(lex.starts_with_word(content[k:]) for k in range(len(content)))
    if not spoken.in_registry or own:
        return content, False
    head, legal = strip_legal(content)
    return head + spoken.trade + legal, True
