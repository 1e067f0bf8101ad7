"""The complainant's own name: "我叫张三", "姓名：李四", or a bare "王五" when asked.

Only names are taken that look like Chinese personal names (a known surname, 2-4 Han
characters, or a name with the middle dot of minority names) — "我是木工" is not a name.
"""

from __future__ import annotations

import re

# Common single-character surnames (百家姓 and modern frequency lists) and compound ones.
_SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧"
    "耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙"
    "鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫"
    "米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
    "官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅"
    "屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜"
    "羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶"
    "斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
_SURNAMES_2 = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "夏侯", "轩辕", "令狐", "钟离", "端木", "独孤", "南宫", "西门", "百里", "呼延",
}  # fmt: skip
# Words that follow a surname character but make a title, not a name (老板, 师傅, 工头 ...).
_NOT_GIVEN_NAME = re.compile(
    r"^(?:老板|总|经理|师傅|工头|包工头|老师|大哥|哥|姐|叔|姨|工|队|班长|主任|局|会计|家|的|先生|女士|"
    r"某|氏|村|镇|乡|县|市|区|省|公司|厂|工地|师|领导|书记|医生|大夫|同志)"
)
_FILLERS = re.compile(
    r"^(?:您好|你好|领导好|好的|好|嗯+|哦|额|呃|那个)?[,，。.!！ …]*"
    r"(?:我的?(?:名字|姓名)(?:是|叫)?|(?:我|俺)(?:叫|是|名叫)?|名字(?:是|叫)?|姓名(?:是|叫)?|本人|叫)?[:：\s]*"
)
_EXPLICIT_RE = re.compile(
    r"(?:我|俺)(?:的)?(?:名字|姓名)?(?:叫|是)\s*|(?:姓名|名字)\s*[:：是叫]?\s*|本人\s*"
)
_NAME_CHARS = r"[\u4e00-\u9fff]"
# Characters that make a short answer a phrase rather than a name, when the surname is
# not one we know ("木工", "不告诉你", "没有").
_PHRASE_CHARS = set("我你他她们的了吗呢吧啊呀不没是在有这那个工钱活干说要想知道啥么什怎")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+(?:[·•．.][\u4e00-\u9fff]+)*")


def _surname_len(name: str) -> int:
    if name[:2] in _SURNAMES_2:
        return 2
    return 1 if name[:1] in _SURNAMES_1 else 0


def looks_like_name(candidate: str, *, strict: bool) -> bool:
    """A plausible personal name. strict: require a known surname (used inside free text)."""
    if "·" in candidate or "•" in candidate:
        parts = re.split(r"[·•．.]", candidate)
        return all(1 <= len(p) <= 8 for p in parts) and 3 <= len(candidate) <= 16
    if not 2 <= len(candidate) <= 4:
        return False
    if not re.fullmatch(_NAME_CHARS + "+", candidate):
        return False
    s = _surname_len(candidate)
    if s and _NOT_GIVEN_NAME.match(candidate[s:]):
        return False
    if candidate.startswith(("老", "小", "阿")) and len(candidate) == 2:
        return False  # 老王, 小李: how a boss is called, not a full name
    if s:
        return True
    return not strict and not (set(candidate) & _PHRASE_CHARS)


def name_in_text(text: str) -> str | None:
    """A name the worker gives for themself inside a longer message ("我叫张三，...")."""
    if re.search(r"(?:我|俺|本人|免贵)姓", text):
        spelled = spelled_name(text)
        if spelled:
            return spelled
    for m in _EXPLICIT_RE.finditer(text):
        run = _HAN_RUN.match(text, m.end())
        if not run:
            continue
        word = run.group()
        # the name is the longest prefix (2-4 chars) that still looks like one
        for n in (3, 2, 4):
            cand = word[:n]
            if len(cand) == n and looks_like_name(cand, strict=True):
                # prefer 3 chars only if the 3rd is not obviously a following word
                if n == 3 and word[2:3] in "在给是的干和跟从去到想要说吧啊呀呢哈嘛哦":
                    continue
                return cand
    return None


# "姓王，叫王大力", "免贵姓李，叫李四", "我姓王名大力", "姓王叫大力", "我姓欧阳，欧阳明"
_SURNAME_SPELLED = re.compile(
    r"(?:免贵)?姓\s*(?P<surname>[\u4e00-\u9fff]{1,2}?)\s*[,，。、\s]*"
    r"(?:(?:我|俺)?(?:叫|名叫|名字叫|名字是|名|单名一个|单名)\s*)?(?P<given>[\u4e00-\u9fff]{1,3})?"
)


_PARTICLES = re.compile(r"[吧啊呀呢哈嘛哦啦][\s,，。.!！~]*$")


def spelled_name(text: str) -> str | None:
    """A name given with its surname spelled out: 姓王，叫王大力 / 姓王叫大力 -> 王大力."""
    m = _SURNAME_SPELLED.search(text)
    if not m:
        return None
    surname, given = m.group("surname"), m.group("given") or ""
    after = text[m.start("surname") :]
    compound = next((c for c in _SURNAMES_2 if after.startswith(c)), None)
    if compound is not None:  # 欧阳, 司马: the regex took one character of two
        rest = re.sub(r"^[,，。、\s]*(?:(?:我|俺)?(?:叫|名叫|名字叫|名字是|名)\s*)?", "", after[2:])
        surname, given = compound, (re.match(r"[\u4e00-\u9fff]{0,4}", rest) or [""])[0]
    if surname[:1] not in _SURNAMES_1 and surname not in _SURNAMES_2:
        return None
    for cut in range(len(given), 0, -1):
        part = given[:cut]
        full = part if part.startswith(surname) else surname + part
        if looks_like_name(full, strict=True) and len(full) <= 4:
            return full
    return None


def name_answer(text: str) -> str | None:
    """The name in an answer to "请问您怎么称呼": bare, with 我叫/姓名, or 姓…叫…."""
    text = _PARTICLES.sub("", text.strip())
    spelled = spelled_name(text)
    if spelled:
        return spelled
    body = _FILLERS.sub("", text.strip(), count=1)
    run = _HAN_RUN.match(body)
    if not run:
        return None
    cand = run.group()
    rest = body[run.end() :].strip(" ,，。.!！")
    if len(cand) > 4 and "·" not in cand:
        found = name_in_text(text)
        return found
    if rest and not re.match(r"^[\d\s+\-,，。]*$", rest) and not re.match(r"^\d", rest):
        # "张三 13912345678" is fine; "张三在工地干活" is a sentence, look inside it
        return name_in_text(text) or (cand if looks_like_name(cand, strict=True) else None)
    return cand if looks_like_name(cand, strict=False) else None
