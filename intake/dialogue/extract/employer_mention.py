"""Where a worker names the employer inside free speech.

"跟着宏达劳务干", "在XX建筑工地搬砖", "包工头老王", "姓冯的包工头", "明业欠俺们钱".
We only cut out the words that name the employer; deciding *which* registry employer
that is belongs to the matcher (`DialogueContext.match_employer`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from intake.dialogue.extract.answers import trim
from intake.dialogue.extract.person_name import _SURNAMES_1

MentionKind = Literal["org", "person", "weak"]


@dataclass(frozen=True, slots=True)
class EmployerMention:
    text: str
    kind: MentionKind  # org: has an organisation word; person: a boss by name; weak: a guess
    # the words around it say the worker worked for it ("是X的工人", "给X干", "X欠俺们")
    cued: bool = False


_CLAUSE_SPLIT = re.compile(r"[，,。.!！?？；;\n、~～…]+|\s{2,}")
# Organisation words a name ends with; single characters only when no place word follows
# (大金店镇 is a township, not a shop).
_ORG_SUFFIX_RE = re.compile(
    r"(?:集团有限公司|股份有限公司|有限责任公司|有限公司|有线公司|分公司|公司|集团|"
    r"中学|小学|学校|幼儿园|医院|卫生院|合作社|工厂|办事处|人民政府|管委会|委员会|"
    r"物业|酒店|饭店|餐厅|超市|驾校|培训班|辅导班|培训中心|中心|武校|工作室|商行|门市部|"
    r"(?:厂|局|店|馆|所)(?![镇乡村路街区]))"
)
# Words in front of a name that are not part of it; longest first.
_LEAD = (
    "就是那个", "就是那家", "一个叫", "一家叫", "那个叫", "那个", "这个", "那家", "这家", "一个",
    "一家", "俺们", "我们", "咱们", "跟着", "就是", "给了", "给", "在", "跟", "替", "帮", "被",
    "是", "叫", "进", "去", "到", "由", "找", "俺", "我", "咱", "的", "了", "于", "干", "修",
    "当", "做", "再",  # 再 is the commonest typo for 在
)  # fmt: skip
# A name containing one of these is a piece of a sentence ("相信政府", "条子打了就是").
_SENTENCE_WORDS = re.compile(
    r"了|就是|不|没|说|都|也|还|他|她|你|我|俺|们|啥|么|相信|准备|知道|觉得|出来|下面|上面|老乡|工友|工资|工钱|"
    r"一共|人家"
)
_TITLE = r"(?:包工头|小包工头|工头|老板|老总|班长|带班的|领班|经理|总)"
_TITLE_WORDS = r"(?:包工头|工头|老板|老总|经理|总)"
_BARE_TITLES = {"包工头", "小包工头", "工头", "老板", "老总", "班长", "领班", "经理"}
_SURNAME = "[" + "".join(sorted(_SURNAMES_1)) + "]"
PERSON_PATTERNS = (
    re.compile(r"姓[\u4e00-\u9fff]的" + _TITLE),  # 姓冯的包工头
    re.compile(_TITLE + r"(?:是|叫)?(?:老|小)" + _SURNAME),  # 包工头老王
    re.compile(r"(?:包工头|工头)" + _SURNAME + r"(?:老板|总|师傅)"),  # 工头董老板
    re.compile(r"(?:老|小)?" + _SURNAME + _TITLE),  # 张老板, 老王工头
)
# A building or site right after an organisation word: the workplace, not the employer.
_SITE_AFTER = re.compile(
    r"综合楼|门诊楼|教学楼|宿舍楼|住院楼|办公楼|实验楼|图书馆|体育馆|食堂|工地|项目|工程|门口|里面|改造"
)
# Words around an organisation that say the worker worked for it.
_CUE_BEFORE = re.compile(r"(?:是|给|跟着|跟|替|帮|被|在|再)$")
_CUE_AFTER = re.compile(r"的(?:工人|员工|人|临时工)|招的|欠|拖|一直|不给|结账|干|上班|打工|当")
# What a worker does for an employer ("给X刷漆", "在X上班"). Lookaheads keep industry words
# of the name itself (装饰, 建筑, 开发, 教育, 养护, 种植) out of the verbs.
_WORK_VERB = (
    r"(?:干活|干|打工|上班|做|当|在|修|盖|建(?![筑设材安])|下井|开(?!发)|送|搬|装(?![饰修潢])|扫|"
    r"看|带|教(?![育])|打|挖|拉|卸|烧|种(?![植业])|养(?![护殖])|刷|贴|扎|砌|铺|焊)"
)
# A bare 字号 as workers say it: "X那边", "是X招的", "X欠俺们钱", "跟着X修路", "是X的".
# X never spans a particle (给/在/跟/是/的 ...), so "在东关给卓越装饰刷漆" yields 卓越装饰.
_X = r"((?:(?![给在跟着再的了是])[\u4e00-\u9fff]){2,12}?)"
_WEAK_RES = (
    # "在大冶镇宏达建筑工地干木工": the builder's name on the site it runs
    re.compile(r"(?:跟着|给|在|再|是)" + _X + r"的?(?:工地|项目部|项目上|工程上|厂里|车间)"),
    # "还是大星建筑那个刘老板", "就是宏达那家", "宏达建筑那边的老板"
    re.compile(
        _X
        + r"(?:那个|那家|这个|这家|的)(?:姓[\u4e00-\u9fff])?(?:老|小)?"
        + "[\u4e00-\u9fff]?"
        + _TITLE_WORDS
    ),
    re.compile(
        r"(?:就是|还是|应该是|好像是)" + _X + r"(?:那家|这家|那个|那边|公司)(?:的|吧|啊|呀)?$"
    ),
    re.compile(_X + r"(?:那边|那儿|那里|那个公司|那家公司|这边)"),
    re.compile(r"是" + _X + r"招的"),
    re.compile(r"跟着" + _X + r"(?:在|干|修|盖|做|去|到|搞|$)"),
    re.compile(r"^" + _X + r"(?:也|都|还|就|又)?(?:欠|拖欠|结账|一直拖|一直不给|不给钱|的老板)"),
    re.compile(r"(?:跟着|给|在|再)" + _X + _WORK_VERB),
    re.compile(r"(?:跟着|给|在|再)" + _X + r"的(?:工地|厂|项目|车间|店)"),
    re.compile(r"^叫" + _X + r"$"),
    re.compile(r"是((?:(?![给在跟再的了])[\u4e00-\u9fff]){2,20}?)派(?:去|到|过去|来)"),
    re.compile(r"^" + _X + r"(?:是国企|是国有|是私企|是私人|是民营|承包了|承包的)"),
    re.compile(r"是" + _X + r"的(?:工人|人|员工|临时工)?$"),
)
_NOT_AN_EMPLOYER = re.compile(
    r"^(?:工地|厂里|这里|那里|家里|村里|镇上|城里|县城|市里|政府|工程|项目|小区|外地|本地|甲方|"
    r"老板|包工头|工头|私人|个人|仓库|食堂|车间|厂房|门口|宿舍|家|楼上|楼下|地里|山上|井下)$|"
    r"[上里]$|(?:镇|乡|街道|村|县|市|区|路)$|"
    r"(?:综合楼|门诊楼|教学楼|宿舍楼|住院楼|办公楼|食堂|工地|项目|小区|花园|广场|家园|新城|公寓|安置房)"
    r"(?:[一二三四五六七八九十\d]{1,2}期)?(?:[一二三四五六七八九十\d]{1,3}号楼)?$|"
    # "...工程" is a site unless it is a trade word of a company name (建筑工程, 市政工程)
    r"(?<!建筑|装饰|安装|市政|路桥|园林|绿化|防水|水利|电力|劳务|装修|钢构|幕墙|消防)工程$"
)


def _cut_after_marker(prefix: str) -> str:
    """The part of `prefix` after the last word that is not part of a name (在/给/跟着 ...)."""
    cut = 0
    for lead in _LEAD:
        idx = prefix.rfind(lead)
        if idx >= 0:
            cut = max(cut, idx + len(lead))
    return prefix[cut:][-30:]


_GENERIC_WORD = re.compile(r"公司|工司|单位|老板|工厂|厂子|企业|集团")


# A township in front of a name is where, not who ("大冶镇宏达建筑" -> 宏达建筑).
_PLACE_PREFIX = re.compile(
    r"^[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道|办事处|县|区)(?=[\u4e00-\u9fff]{2})"
)
# Fillers in front of a name: "还是大星建筑", "应该是宏达".
_FILLER_LEAD = re.compile(r"^(?:还是|就是|应该是|好像是|可能是|估计是|也是|都是)")


def _clean_weak(name: str) -> str:
    name = _PLACE_PREFIX.sub("", _FILLER_LEAD.sub("", name))
    # "东关那个卓越装饰" -> 卓越装饰; "福星那个公司" -> 福星
    parts = [p for p in re.split(r"那个|那家|这个|这家", name) if len(p) >= 2]
    parts = [p for p in parts if not _GENERIC_WORD.fullmatch(p)] or parts
    name = parts[-1] if parts else name
    name = re.sub(r"(?:那边|这边|那儿|那里|的)$", "", name)
    stripped = True
    while stripped:
        stripped = False
        for lead in _LEAD:
            if name.startswith(lead) and len(name) - len(lead) >= 2:
                name = name[len(lead) :]
                stripped = True
                break
    return name


def find_employer_mentions(text: str) -> list[EmployerMention]:
    """Mentions in order of confidence (org, then person, then weak), without duplicates."""
    orgs: list[str] = []
    persons: list[str] = []
    weak: list[str] = []
    cued: set[str] = set()
    for clause in _CLAUSE_SPLIT.split(text):
        clause = clause.strip()
        if not clause:
            continue
        for m in _ORG_SUFFIX_RE.finditer(clause):
            if _SITE_AFTER.match(clause, m.end()):
                continue  # 第四中学综合楼, 卫生院门诊楼: where the work was, not for whom
            body = _cut_after_marker(clause[: m.start()])
            body = re.sub(r"^[^\u4e00-\u9fffA-Za-z0-9]+", "", body)
            if len(body) >= 2 and not _SENTENCE_WORDS.search(body):
                name = body + m.group()
                orgs.append(name)
                if _CUE_BEFORE.search(clause[: m.start() - len(body)]) or _CUE_AFTER.match(
                    clause, m.end()
                ):
                    cued.add(name)
        for rx in PERSON_PATTERNS:
            for m in rx.finditer(clause):
                if m.group() not in _BARE_TITLES:
                    persons.append(m.group())
        for rx in _WEAK_RES:
            for m in rx.finditer(clause):
                cand = _clean_weak(m.group(1))
                if (
                    len(cand) >= 2
                    and not _NOT_AN_EMPLOYER.search(cand)
                    and not _ORG_SUFFIX_RE.fullmatch(cand)
                    and not _SENTENCE_WORDS.search(cand)
                ):
                    weak.append(cand)
    out: list[EmployerMention] = []
    for kind, names in (("org", orgs), ("person", persons), ("weak", weak)):
        for name in names:
            # a mention inside a longer one already kept says nothing new; a weak one that
            # only adds words around a kept one is a worse cut of the same name
            if any(name in m.text for m in out) or (
                kind == "weak" and any(m.text in name for m in out)
            ):
                continue
            out = [m for m in out if not (m.kind == kind and m.text in name)]
            out.append(EmployerMention(name, kind, cued=kind != "org" or name in cued))  # type: ignore[arg-type]
    return out


def looks_like_sentence(typed: str) -> bool:
    """An answer to "which employer" that is a sentence, not a name ("就是不给钱")."""
    if _ORG_SUFFIX_RE.search(typed) or any(rx.search(typed) for rx in PERSON_PATTERNS):
        return False
    return bool(_SENTENCE_WORDS.search(typed))


_ANSWER_LEADS = (
    re.compile(
        r"^(?:公司|单位|老板|用人单位)(?:的)?(?:名字|名称|全称)?(?:是|叫|就是|应该是)?[:：\s]*"
    ),
    re.compile(r"^(?:名字|名称|全称)(?:是|叫)?[:：\s]*"),
    re.compile(r"^(?:是|叫|就是|在|再|给|跟着)\s*"),
)
_ANSWER_TAIL = re.compile(r"(?:干活|干的活|的活|打工|上班|招的|吧|啊|呀|嘛|呢|哈|的)$")
# An organisation named with its boss after it: "大星建筑那个刘老板", "宏达那家公司的老板".
_BOSS_TAIL = re.compile(
    r"(?:那个|这个|那家|这家|的)(?:公司的?)?(?:姓[\u4e00-\u9fff])?(?:老|小)?[\u4e00-\u9fff]?"
    + _TITLE_WORDS
    + r"$|(?:那家|这家|那边|这边)(?:公司)?$"
)
_ANSWER_FILLERS = re.compile(r"^(?:嗯+|呃|额|哦|那个|这个)[\s,，。…~]*")


def employer_answer(text: str) -> str:
    """The employer as typed in answer to "哪家公司/哪个老板欠您工资", fillers removed."""
    name = trim(text) or text.strip(" ,，。.!！?？…~")
    for _ in range(2):
        name = _ANSWER_FILLERS.sub("", name).strip()
        name = _FILLER_LEAD.sub("", name).strip()
        for lead in _ANSWER_LEADS:
            name = lead.sub("", name, count=1).strip()
        name = _ANSWER_TAIL.sub("", name).strip(" ,，。.!！…~")
        org = _BOSS_TAIL.sub("", name)
        if org != name and len(org) >= 2:
            name = org.strip()
    return name or text.strip()
