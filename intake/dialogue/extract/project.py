"""The project or site (项目/工地) the work was on: "在瑞美花园三期工地", "修崇高路"."""

from __future__ import annotations

import re

from intake.dialogue.extract.answers import trim

_PLACE = (
    r"(?:小区|花园|广场|大厦|新城|家园|公寓|安置房|教学楼|综合楼|宿舍楼|门诊楼|办公楼|住院楼|"
    r"厂房|车间|大街|大道|学校|中学|小学|医院|卫生院|市场|商城|中心)"
)
_PROJECT_RES = (
    # 瑞美花园三期工地, 聚佳小区工地, 登封市第四中学综合楼
    re.compile(
        r"([\u4e00-\u9fffA-Za-z0-9]{2,16}?" + _PLACE + r"(?:[一二三四五六七八九十\d]{1,2}期)?"
        r"(?:[\d一二三四五六七八九十]{1,3}号楼)?)(?:工地|项目|工程|那边|里|上|干|做|施工|[,，。]|$)"
    ),
    # 修崇高路, 修菜园路, 盖宿舍楼
    re.compile(r"(?:修|建|盖|铺)([\u4e00-\u9fff]{2,8}?(?:路|街|大道|桥|楼))"),
    # XX项目 / XX工程 (not a company's industry word: 建筑工程有限公司)
    # (项目部 is the site office, 项目经理 a person: "去找过项目部" names no project)
    re.compile(
        r"([\u4e00-\u9fffA-Za-z0-9]{2,16}?(?:项目|工程))"
        r"(?!有限|公司|集团|股份|分公司|部|经理|款|方|队|负责人|上的人)"
    ),
)
_LEAD = (
    "俺们在", "我们在", "俺在", "我在", "在", "再", "给", "跟着", "去", "到", "是", "那个",
    "这个", "一个", "的", "干", "修", "盖",
)  # fmt: skip
_JUNK = re.compile(
    r"了|就是|不|没|说|都|也|他|她|你|我|俺|们|啥|么|政府|一个|工钱|工资|的|找过|去找|找|要钱|讨|问过|过"
)
_TRADE_WORD = re.compile(
    r"(?:建设|建筑|装饰|市政|路桥|园林|绿化|安装|钢结构|劳务|防水|消防|水利|电力|幕墙|装修)(?:工程)$"
)
# What is left of a sentence, not a name: a verb with its object ("去找过项目").
_VERB_PHRASE = re.compile(r"^(?:去|找|要|问|催|讨|跑|等|干|做|搞|说|管)")
_ANSWER_SKIP = re.compile(
    r"^(?:没有|没|不知道|不清楚|不记得|记不清|不是工地|无|说不清|没项目)"
    r"|^(?:就是|就在)?(?:厂里|店里|家里|公司里|车间里?|饭店里|学校里)$"
)


# Words that end the sentence part before a project name ("跟着X在Y工地", "给X修Y路").
_CUT = re.compile(r".*(?:跟着|在|再|给|到|干|的|是|了|着|修|建|盖|铺)")
# A township or county in front of the name ("柳河镇锦绣花园"): where, not what.
_PLACE_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道|县|区|市)(?=[\u4e00-\u9fff]{3})")


def _clean(cand: str) -> str:
    cut = _CUT.match(cand)
    if cut and len(cand) - cut.end() >= 3:
        cand = cand[cut.end() :]
    changed = True
    while changed:
        changed = False
        for lead in _LEAD:
            if cand.startswith(lead) and len(cand) - len(lead) >= 2:
                cand = cand[len(lead) :]
                changed = True
    return _PLACE_PREFIX.sub("", cand)


def find_project(text: str) -> str | None:
    """A project/site named inside free text (normalised), else None."""
    for rx in _PROJECT_RES:
        for m in rx.finditer(text):
            cand = _clean(m.group(1))
            # a sentence fragment is not a name; the part after the last particle may be
            if _JUNK.search(cand):
                parts = _JUNK.split(cand)
                cand = parts[-1] if parts else ""
            if _TRADE_WORD.search(text[: m.end(1)]):
                continue  # 德恒建设工程: a company's trade, not a site
            if (
                len(cand) >= 3
                and not re.fullmatch(r"(?:项目|工程|工地)", cand)
                and not _VERB_PHRASE.match(cand)
                and not cand.startswith("有")
            ):
                return cand
    return None


def project_answer(text: str) -> str | None:
    """The project as typed in answer to the project question; None = "不清楚/没有" or a
    sentence that names no project ("我们去找过项目部没人管")."""
    t = trim(text)
    if _ANSWER_SKIP.match(t):
        return None
    found = find_project(t)
    if found:
        return found
    t = re.sub(r"^(?:项目|工地|工程)?(?:名字|名称)?(?:是|叫|在)?[:：\s]*", "", t)
    t = trim(re.sub(r"(?:干活|干的|上班|那里|那边)$", "", t))
    if not t or _JUNK.search(t) or _VERB_PHRASE.match(t):
        return None
    return t
