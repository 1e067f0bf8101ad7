"""Generated workers for the persona simulator: their facts, and how each one talks.

Written apart from the extraction code and from what it is known to handle: the phrasings
are how workers write on a phone (see the issue), not the patterns the extractors look for.
A persona answers whatever the bot asks, one message at a time, in the style of its family:

- ``tap``: presses whatever button fits, types the rest in a few words;
- ``terse``: never presses, types the bare answer;
- ``chatty``: fillers and particles, several facts in one answer, picks by position;
- ``story``: tells the whole story in the first message, then answers what is left;
- ``traditional``: terse or chatty, in traditional characters;
- ``dialect``: Henan dialect (俺, 恁, 中), homophone slips, 姓…叫…, durations, vague counts;
- ``voice`` (held out): run-on speech-to-text messages without punctuation. It was written
  with the others but never run while the dialogue was tuned; its figure is reported apart.

Every persona is deterministic given its seed.
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import opencc

REPO = Path(__file__).resolve().parents[3]
REGISTRY = REPO / "intake" / "demo" / "registry_sample.csv"

TUNED_FAMILIES = ("tap", "terse", "chatty", "story", "traditional", "dialect")
HELD_OUT_FAMILY = "voice"
FAMILIES = (*TUNED_FAMILIES, HELD_OUT_FAMILY)

_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
    "肖田董袁潘蒋蔡杜程苏魏吕丁任沈姚卢姜崔谭陆范金石贾夏付方白邹孟秦江段雷侯史郝"
)
_GIVEN = [
    "大力",
    "建国",
    "秀兰",
    "桂英",
    "春生",
    "小军",
    "志强",
    "国庆",
    "红梅",
    "玉兰",
    "德胜",
    "保国",
    "金山",
    "来福",
    "铁柱",
    "俊杰",
    "海涛",
    "丽娟",
    "振华",
    "永刚",
    "明",
    "强",
    "伟",
    "芳",
    "军",
    "磊",
    "勇",
    "杰",
    "涛",
    "超",
    "二虎",
    "满仓",
    "石头",
    "云峰",
    "新民",
    "爱华",
    "桂花",
    "建军",
    "卫东",
]
# Townships as people name them: (what they type, the township that is stored)
_KNOWN_PLACES = [
    ("嵩阳街道", "嵩阳街道"), ("少林街道", "少林街道"), ("中岳街道", "中岳街道"),
    ("卢店", "卢店镇"), ("卢店街道", "卢店镇"), ("大金店镇", "大金店镇"), ("大金店", "大金店镇"),
    ("颍阳镇", "颍阳镇"),
    ("告成镇", "告成镇"), ("唐庄镇", "唐庄镇"), ("唐庄", "唐庄镇"), ("东华镇", "东华镇"),
    ("徐庄", "徐庄镇"), ("大冶镇", "大冶镇"), ("大冶", "大冶镇"), ("宣化镇", "宣化镇"),
    ("石道乡", "石道乡"), ("白坪乡", "白坪乡"), ("君召乡", "君召乡"), ("君召", "君召乡"),
    ("阳城工业区", "阳城工业区"), ("阳城区", "阳城工业区"),
    ("嵩山景区", "嵩山景区管委会"),
    ("送表矿区", "送表矿区"), ("送表", "送表矿区"), ("中岳办事处", "中岳街道"),
]  # fmt: skip
# Places the gazetteer cannot know (villages, other counties): stored as typed
_UNKNOWN_PLACES = [
    "马庄村",
    "王村",
    "米河镇",
    "巩义市",
    "新密市",
    "李家沟",
    "郭店",
    "后河村",
    "大营村",
]
_WORK_TYPES = [
    # (label stored, ways to say it)
    ("木工", ["木工", "干木工的", "支模板"]),
    ("钢筋工", ["钢筋工", "扎钢筋", "绑钢筋的"]),
    ("瓦工", ["瓦工", "砌墙", "泥瓦工"]),
    ("小工", ["小工", "搬砖", "打杂"]),
    ("电工", ["电工", "拉电线的"]),
    ("焊工", ["电焊", "焊工"]),
    ("油漆工", ["刷漆", "油漆工"]),
    ("保洁", ["保洁", "打扫卫生"]),
    ("保安", ["保安", "看大门"]),
    ("厨师", ["厨师", "炒菜的"]),
    ("司机", ["司机", "开货车"]),
    ("架子工", ["架子工", "搭架子"]),
]
_PROJECT_KINDS = ["花园", "小区", "家园", "广场", "新城"]
_PROJECT_WORDS = [
    "锦绣",
    "阳光",
    "幸福",
    "嵩景",
    "中岳",
    "清华",
    "御景",
    "颍河",
    "龙湾",
    "凤凰",
    "银河",
    "翠湖",
    "书香",
    "金桂",
    "福苑",
]
_UNKNOWN_FIRMS = [
    "金穗",
    "润丰",
    "祥瑞",
    "恒昌",
    "立信",
    "鼎盛",
    "华通",
    "信诚",
    "广厦",
    "兴隆",
    "宝泰",
    "永顺",
    "安泰",
    "聚鑫",
]
_UNKNOWN_TRADES = ["建筑", "劳务", "装饰", "建设"]
_DESCRIPTIONS = [
    "活干完了老板一直拖着不给钱，电话也不接",
    "老板说甲方没给他钱，一直让等着",
    "过年前说好结账，到现在一分没给",
    "包工头跑了，电话关机，找不到人",
    "去找过项目部没人管，老板说再等等",
    "写了欠条，说下个月给，到现在也没给",
]
_OFF_TOPIC = ["你们这个管用吗？", "能帮我把钱要回来吗", "这个要多久能办好？", "你们是政府的吗？"]
_CN_DIGITS = "零一二三四五六七八九"


def _cn_small(n: int) -> str:
    """1..99 in Chinese numerals (十二, 二十三)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _CN_DIGITS[tens] + "十"
    return head + (_CN_DIGITS[ones] if ones else "")


def _cn_month(m: int) -> str:
    return _cn_small(m) + "月"


@dataclass(frozen=True)
class RegistryEmployer:
    id: str
    name: str


def load_registry() -> list[RegistryEmployer]:
    with REGISTRY.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [RegistryEmployer(r["id"], r["name"]) for r in rows if r["sector"] in _SECTORS]


_SECTORS = {"construction", "services", "manufacturing", "public_service"}
_REGION = re.compile(r"^(?:河南省|河南|郑州市|郑州|登封市|登封)")
_LEGAL = re.compile(r"(?:集团有限公司|股份有限公司|有限责任公司|有限公司)$")


def short_name(full: str) -> str:
    """登封市大星建筑劳务有限公司 -> 大星建筑劳务 (how a worker names a company)."""
    return _LEGAL.sub("", _REGION.sub("", full))


@dataclass
class Facts:
    """What happened to the worker: what the stored complaint must say."""

    name: str
    phone: str
    employer_id: str | None  # registry id, or None for an employer not in the registry
    employer_words: str  # how the worker names the employer
    employer_full: str  # the registered name (to recognise it among buttons), or the words
    project: str | None
    township_said: str | None  # None: does not know
    township: str | None  # what must be stored
    work_label: str
    work_said: str
    start: date
    end: date
    period_said: str
    amount: int  # what must be stored
    amount_said: str
    headcount: int  # the exact count
    headcount_said: str
    headcount_stored: int  # what must be stored when the bot does not ask for the exact count
    description: str


@dataclass
class Persona:
    seed: int
    family: str
    facts: Facts
    off_topic_at: str | None  # the slot where the worker first asks a question of their own
    rng: random.Random = field(repr=False, default_factory=random.Random)


def _month_add(d: date, months: int) -> date:
    k = d.year * 12 + d.month - 1 + months
    return date(k // 12, k % 12 + 1, 1)


def _period(rng: random.Random, today: date, family: str) -> tuple[date, date, str]:
    """(first month, last month, words). Months relative to today, as workers say them."""
    length = rng.randint(1, 8)
    end = _month_add(today.replace(day=1), -rng.randint(0, 14))
    start = _month_add(end, -(length - 1))

    def rel(d: date, cn: bool) -> str:
        month = _cn_month(d.month) if cn else f"{d.month}月"
        if d.year == today.year:
            return ("今年" if rng.random() < 0.6 else "") + month if d != start else "今年" + month
        if d.year == today.year - 1:
            return "去年" + month
        return f"{d.year}年{month}"

    cn = family in ("dialect", "voice", "chatty") and rng.random() < 0.6
    style = rng.random()
    if end.year == today.year and end.month == today.month and style < 0.5:
        return start, end, f"{rel(start, cn)}到现在"
    if family == "dialect" and end.year == today.year and end.month == today.month:
        months = length
        return start, end, f"干了{_cn_small(months)}个月了"
    if style < 0.3:
        return start, end, f"{start.year}年{start.month}月到{end.year}年{end.month}月"
    if style < 0.6:
        return start, end, f"从{rel(start, cn)}干到{rel(end, cn)}"
    return start, end, f"{rel(start, cn)}到{rel(end, cn)}份"


def _amount(rng: random.Random, family: str) -> tuple[int, str]:
    wan, qian = rng.randint(0, 9), rng.randint(1, 9)
    amount = wan * 10_000 + qian * 1000
    if amount < 3000:
        amount += 5000
    w, q = divmod(amount, 10_000)
    q //= 1000
    style = rng.random()
    if family in ("dialect", "chatty", "voice") and style < 0.25 and w >= 2:
        return w * 10_000, f"{_cn_small(w)}万多"  # the round number is what is stored
    if style < 0.35:
        return amount, f"{amount}元"
    if style < 0.55:
        return amount, f"{amount}块"
    if style < 0.75 and w:
        return amount, (f"{w}.{q}万" if q else f"{w}万")
    if w:
        return amount, f"{_cn_small(w)}万{_CN_DIGITS[q]}" if q else f"{_cn_small(w)}万"
    return amount, f"{_CN_DIGITS[q]}千块"


def _headcount(rng: random.Random, family: str) -> tuple[int, str, int]:
    """(exact count, words, the count stored when no exact count is asked for)."""
    r = rng.random()
    if r < 0.35:
        return 1, rng.choice(["就我一个", "就我自己", "我一个人"]), 1
    n = rng.randint(2, 30)
    if family in ("dialect", "chatty", "voice") and rng.random() < 0.4 and n >= 11:
        if n < 20:
            return n, "十几个人", 10
        return n, f"{_cn_small(n // 10)}十多个人", (n // 10) * 10
    if rng.random() < 0.5:
        return n, f"{n}个人", n
    return n, f"我们{_cn_small(n)}个", n


def make_persona(seed: int, family: str, registry: list[RegistryEmployer], today: date) -> Persona:
    rng = random.Random(f"{family}:{seed}")
    surname = rng.choice(_SURNAMES)
    name = surname + rng.choice(_GIVEN)
    phone = rng.choice(["13", "15", "18", "17", "19"]) + "".join(
        str(rng.randint(0, 9)) for _ in range(9)
    )
    r = rng.random()
    if r < 0.7:
        emp = rng.choice(registry)
        words = short_name(emp.name) if rng.random() < 0.8 else emp.name
        employer_id, employer_full = emp.id, emp.name
    elif r < 0.85:
        words = rng.choice(_UNKNOWN_FIRMS) + rng.choice(_UNKNOWN_TRADES)
        employer_id, employer_full = None, words
    else:
        words = rng.choice(["包工头老", "工头老", "老板老"]) + rng.choice(_SURNAMES)
        employer_id, employer_full = None, words
    project = (
        rng.choice(_PROJECT_WORDS) + rng.choice(_PROJECT_KINDS) + rng.choice(["", "二期", "三期"])
        if rng.random() < 0.6
        else None
    )
    r = rng.random()
    if r < 0.8:
        township_said, township = rng.choice(_KNOWN_PLACES)
    elif r < 0.92:
        township_said = township = rng.choice(_UNKNOWN_PLACES)
    else:
        township_said, township = None, None
    work_label, ways = rng.choice(_WORK_TYPES)
    start, end, period_said = _period(rng, today, family)
    amount, amount_said = _amount(rng, family)
    headcount, headcount_said, headcount_stored = _headcount(rng, family)
    facts = Facts(
        name=name,
        phone=phone,
        employer_id=employer_id,
        employer_words=words,
        employer_full=employer_full,
        project=project,
        township_said=township_said,
        township=township,
        work_label=work_label,
        work_said=rng.choice(ways),
        start=start,
        end=end,
        period_said=period_said,
        amount=amount,
        amount_said=amount_said,
        headcount=headcount,
        headcount_said=headcount_said,
        headcount_stored=headcount_stored,
        description=rng.choice(_DESCRIPTIONS),
    )
    off_topic = (
        rng.choice(["name", "employer", "project", "township", "period", "amount"])
        if rng.random() < 0.2
        else None
    )
    return Persona(seed=seed, family=family, facts=facts, off_topic_at=off_topic, rng=rng)


def personas(
    count_per_family: int, families: tuple[str, ...], today: date, *, first_seed: int = 0
) -> list[Persona]:
    registry = load_registry()
    return [
        make_persona(seed, family, registry, today)
        for family in families
        for seed in range(first_seed, first_seed + count_per_family)
    ]


# == talking ===============================================================================
_S2T = opencc.OpenCC("s2t")
_T2S = opencc.OpenCC("t2s")
_FILLERS_BEFORE = ["嗯，", "那个，", "额，", "嗯…", "就是", ""]
_PARTICLES_AFTER = ["吧", "啊", "呀", "。", "", "哈"]
_DIALECT_BEFORE = ["俺", "恁听我说，", "中，", ""]


@dataclass
class Prompt:
    """What the persona sees: the question and its buttons (label, value)."""

    awaiting: str
    text: str
    buttons: list[tuple[str, str]]
    repeat: int  # how many times this question was already answered without success


@dataclass
class Action:
    kind: str  # "text" | "press"
    value: str  # the text, or a button value


class Talker:
    """One persona in conversation."""

    def __init__(self, persona: Persona) -> None:
        self.p = persona
        self.f = persona.facts
        self.rng = persona.rng
        self.off_topic_done = False
        self.told_story = False

    # -- helpers ----------------------------------------------------------------------------
    def wrap(self, text: str) -> str:
        fam = self.p.family
        if fam in ("chatty", "traditional") and self.rng.random() < 0.6:
            text = self.rng.choice(_FILLERS_BEFORE) + text + self.rng.choice(_PARTICLES_AFTER)
        elif fam == "dialect" and self.rng.random() < 0.5:
            text = self.rng.choice(_DIALECT_BEFORE) + text + self.rng.choice(["", "嘞", "哩"])
        elif fam == "voice":
            text = re.sub(r"[，。、,.!！？?]", " ", text).strip()
        return self.script(text)

    def script(self, text: str) -> str:
        if self.p.family == "traditional":
            return str(_S2T.convert(text))
        return text

    def press_if(
        self, prompt: Prompt, *, label: str | None = None, value: str | None = None
    ) -> Action | None:
        for lab, val in prompt.buttons:
            if (label is not None and lab == label) or (value is not None and val == value):
                return Action("press", val)
        return None

    def story(self) -> str:
        f = self.f
        parts = [
            f"我叫{f.name}",
            f"电话{f.phone}",
            f"在{f.township_said or ''}{f.employer_words}的工地干{f.work_said}"
            if self.rng.random() < 0.5
            else f"给{f.employer_words}干{f.work_said}",
            f.period_said,
            f"欠我{f.amount_said}" if f.headcount == 1 else f"欠我们{f.amount_said}",
            f.headcount_said if f.headcount > 1 else "",
            f.description,
        ]
        sep = " " if self.p.family == "voice" else "，"
        return self.script(sep.join(x for x in parts if x))

    # -- one answer -------------------------------------------------------------------------
    def first_message(self) -> Action:
        if self.p.family in ("story", "voice") or (
            self.p.family == "chatty" and self.rng.random() < 0.3
        ):
            self.told_story = True
            return Action("text", self.story())
        return Action(
            "text",
            self.script(self.rng.choice(["你好", "您好", "在吗", "我要投诉", "老板欠钱不给"])),
        )

    def answer(self, prompt: Prompt) -> Action:
        fam = self.p.family
        slot = prompt.awaiting
        if slot == self.p.off_topic_at and not self.off_topic_done and prompt.repeat == 0:
            self.off_topic_done = True
            return Action("text", self.script(self.rng.choice(_OFF_TOPIC)))
        plain = prompt.repeat > 0  # asked again: say it as plainly as possible
        taps = fam == "tap" or (fam == "chatty" and self.rng.random() < 0.3)
        f = self.f
        both = self.both(prompt, slot, plain=plain, taps=taps)
        if both is not None:
            return both
        if slot == "consent":
            if taps:
                return self.press_if(prompt, value="consent:yes") or Action("text", "同意")
            return Action(
                "text", self.wrap(self.rng.choice(["同意", "可以", "行", "好的", "中", "同意了"]))
            )
        if slot == "confirm":
            if taps or fam == "tap":
                return self.press_if(prompt, value="submit") or Action("text", "确认提交")
            return Action(
                "text",
                self.wrap(self.rng.choice(["确认", "对", "没错", "是的", "提交", "确认提交"])),
            )
        if slot == "name":
            if fam == "dialect" and not plain:
                return Action("text", f"俺姓{f.name[0]}，叫{f.name}")
            if fam == "chatty" and not plain and self.rng.random() < 0.5:
                return Action("text", self.wrap(f"我叫{f.name}，电话{f.phone}"))
            return Action("text", self.wrap(f.name) if not plain else self.script(f.name))
        if slot == "phone":
            phone = f.phone
            if fam == "voice":
                phone = f"{phone[:3]} {phone[3:7]} {phone[7:]}"
            return Action("text", self.wrap(("电话" if fam == "chatty" else "") + phone))
        if slot == "employer":
            return self.employer(prompt, taps=taps, plain=plain)
        if slot == "project":
            if f.project is None:
                if taps:
                    return self.press_if(prompt, value="skip") or Action("text", "没有")
                return Action(
                    "text",
                    self.wrap(
                        self.rng.choice(
                            [
                                "没有",
                                "没项目",
                                "没有项目名",
                                "不知道叫啥",
                                "不清楚",
                                "记不得了",
                                "跳过",
                            ]
                        )
                    ),
                )
            if plain or fam in ("tap", "terse"):
                return Action("text", self.script(f.project))
            return Action(
                "text",
                self.wrap(self.rng.choice([f"在{f.project}", f"{f.project}那个工地", f.project])),
            )
        if slot == "township":
            if f.township_said is None:
                if taps:
                    return self.press_if(prompt, value="township:?") or Action("text", "不清楚")
                return Action("text", self.wrap(self.rng.choice(["不清楚", "不知道", "记不清了"])))
            if taps and f.township is not None:
                pressed = self.press_if(prompt, label=self.script(f.township))
                if pressed and f.township_said == f.township:
                    return pressed
            if plain or fam in ("tap", "terse", "traditional"):
                return Action("text", self.script(f.township_said))
            return Action(
                "text",
                self.wrap(
                    self.rng.choice(
                        [f"在{f.township_said}", f"{f.township_said}那边", f.township_said]
                    )
                ),
            )
        if slot == "work_type":
            if taps:
                pressed = self.press_if(prompt, label=self.script(f.work_label))
                if pressed:
                    return pressed
            if plain:
                return Action("text", self.script(f.work_label))
            return Action("text", self.wrap(f.work_said))
        if slot == "period":
            return Action("text", self.wrap(f.period_said))
        if slot == "amount":
            return Action("text", self.wrap(f.amount_said if not plain else f"{f.amount}元"))
        if slot == "headcount":
            if (
                "准数" in prompt.text or "準數" in prompt.text
            ):  # the one question for the exact count
                return Action("text", self.wrap(f"{f.headcount}个"))
            if f.headcount == 1 and taps:
                return self.press_if(prompt, value="headcount:1") or Action("text", "就我一个")
            return Action(
                "text", self.wrap(f.headcount_said if not plain else f"{f.headcount}个人")
            )
        if slot == "description":
            return Action("text", self.script(f.description))
        return Action("text", "好的")

    def both(self, prompt: Prompt, slot: str, *, plain: bool, taps: bool) -> Action | None:
        """A question that asks for two facts ("…，从什么时候干到什么时候？") gets both, as
        most people answer what they are asked; a few answer only the first part."""
        f = self.f
        text = prompt.text
        if plain or self.rng.random() < 0.15:
            return None
        sep = " " if self.p.family == "voice" else "，"
        if slot == "name" and ("手机号" in text or "手機號" in text):
            return Action(
                "text",
                self.wrap(self.rng.choice([f"{f.name} {f.phone}", f"{f.name}{sep}{f.phone}"])),
            )
        if slot == "project" and ("乡镇" in text or "鄉鎮" in text):
            if taps and f.project is None:
                return None  # presses 不清楚/没有, then answers the township question
            project = f.project or self.rng.choice(["没有", "不知道", "没项目"])
            place = f.township_said or self.rng.choice(["不清楚", "乡镇不知道"])
            if self.p.family in ("chatty", "dialect") and f.township_said:
                place = f"在{place}"
            return Action("text", self.wrap(f"{project}{sep}{place}"))
        plain_text = self.script_back(text)
        if (
            slot == "employer"
            and "什么活" in plain_text
            and not any(v.startswith("employer:") for _, v in prompt.buttons)
        ):
            name = self.employer_words(plain=False)
            return Action("text", self.wrap(f"{name}{sep}{f.work_said}"))
        if slot == "period" and "多少钱" in plain_text:
            return Action("text", self.wrap(f"{f.period_said}{sep}{f.amount_said}"))
        if slot == "headcount" and "怎么说" in plain_text and not (taps and f.headcount == 1):
            return Action("text", self.wrap(f"{f.headcount_said}{sep}{f.description}"))
        return None

    def employer_words(self, *, plain: bool) -> str:
        words = self.f.employer_words
        fam = self.p.family
        person = words.startswith(("包工头", "工头", "老板"))
        if plain or fam in ("tap", "terse") or person:
            return words
        if fam == "dialect":
            return self.rng.choice([f"就是{words}那家", words, f"还是{words}那个老板"])
        return self.rng.choice([f"就是那个{words}", words, f"{words}那边"])

    def script_back(self, text: str) -> str:
        return str(_T2S.convert(text)) if self.p.family == "traditional" else text

    def employer(self, prompt: Prompt, *, taps: bool, plain: bool) -> Action:
        f = self.f
        fam = self.p.family
        values = [v for _, v in prompt.buttons]
        if any(v.startswith("employer:") for v in values):  # the bot offers names
            own = None
            if f.employer_id is not None:
                own = next(
                    (i for i, v in enumerate(values) if v == f"employer:{f.employer_id}"), None
                )
            if "employer:typed" in values:  # "欠您工钱的是“X”，对吗？"
                shown = re.search(r"“(.+?)”", prompt.text)
                said = shown.group(1) if shown else ""
                typed_ok = (
                    f.employer_id is None
                    and bool(said)
                    and (said in f.employer_words or f.employer_words in said)
                )
                if taps:
                    return Action("press", "employer:typed" if typed_ok else "employer:retype")
                return Action("text", self.wrap("对" if typed_ok else "不对"))
            if own is not None:
                if taps:
                    return Action("press", values[own])
                if fam in ("chatty", "dialect") and own < 3:
                    return Action("text", self.wrap(["第一个", "第二个", "第三个"][own]))
                if len(values) == 2 and own == 0:
                    return Action("text", self.wrap(self.rng.choice(["对", "是的", "就是这个"])))
                return Action("text", self.script(f.employer_full))
            if taps:
                return self.press_if(prompt, value="employer:none") or Action("text", "都不是")
            return Action("text", self.wrap("都不是"))
        words = f.employer_words
        if plain or fam in ("tap", "terse"):
            return Action("text", self.script(words))
        person = words.startswith(("包工头", "工头", "老板"))
        if fam == "dialect" and not person:
            return Action(
                "text",
                self.wrap(
                    self.rng.choice([f"就是{words}那家", f"{words}", f"还是{words}那个老板"])
                ),
            )
        if person:
            return Action("text", self.wrap(words))
        return Action(
            "text", self.wrap(self.rng.choice([f"就是那个{words}", words, f"{words}那边"]))
        )
