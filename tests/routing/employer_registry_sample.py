"""An invented registry for the employer-matching tests (no dev-data names).

Not a test module: imported by test_employer_*.py. Enough companies share each trade for the
index to learn the trade words, and neighbours are confusable on purpose.
"""

from __future__ import annotations

from routing.employers import uscc
from routing.employers.registry import EmployerRecord

ROWS = [
    # id, name, sector, ownership, township, USCC entity type
    ("1", "柳河县恒岳建筑工程有限公司", "construction", "private", "城关镇", "91"),
    ("2", "柳河县恒岳劳务分包有限公司", "construction", "private", "城关镇", "91"),
    ("3", "河南恒岳建筑工程有限公司", "construction", "private", "石门街道", "91"),
    ("4", "宏泰物流有限公司", "services", "private", "城关镇", "91"),
    ("5", "鸿泰物流有限公司", "services", "private", "石门街道", "91"),
    ("6", "金锦耐火材料有限公司", "manufacturing", "private", "北山乡", "91"),
    ("7", "瑞丰煤业集团有限公司", "coal", "private", "北山乡", "91"),
    ("8", "瑞丰煤业集团有限公司柳河分公司", "coal", "private", "北山乡", "91"),
    ("9", "安顺建设工程有限公司北山分公司", "construction", "private", "北山乡", "91"),
    ("10", "柳河县第二中学", "public_institution", "public_institution", "城关镇", "12"),
    ("11", "柳河县第一中学", "public_institution", "public_institution", "城关镇", "12"),
    ("12", "柳河县住房和城乡建设局", "other", "government", "城关镇", "11"),
    ("13", "城关镇人民政府", "other", "government", "城关镇", "11"),
    ("14", "柳河县城市建设投资集团有限公司", "construction", "soe", "城关镇", "91"),
    ("15", "嘉和物业服务有限公司", "services", "private", "石门街道", "91"),
    ("16", "柳河县德信建筑工程有限公司", "construction", "private", "城关镇", "91"),
    ("17", "华盛建筑工程有限责任公司", "construction", "private", "石门街道", "91"),
    ("18", "安平建筑工程股份有限公司", "construction", "private", "北山乡", "91"),
    ("19", "通达物流有限公司", "services", "private", "城关镇", "91"),
    ("20", "永固耐火材料有限公司", "manufacturing", "private", "北山乡", "91"),
    ("21", "北星耐火材料有限公司", "manufacturing", "private", "北山乡", "91"),
    ("22", "兴旺煤业有限公司", "coal", "private", "北山乡", "91"),
    ("23", "龙泉煤业有限公司", "coal", "private", "北山乡", "91"),
    ("24", "众诚机械制造有限公司", "manufacturing", "private", "城关镇", "91"),
    ("25", "长江机械制造有限公司", "manufacturing", "private", "城关镇", "91"),
    ("26", "方圆机械制造有限公司", "manufacturing", "private", "石门街道", "91"),
    ("27", "福满楼餐饮管理有限公司", "services", "private", "城关镇", "91"),
    ("28", "香满园餐饮管理有限公司", "services", "private", "城关镇", "91"),
    ("29", "金石餐饮管理有限公司", "services", "private", "石门街道", "91"),
    ("30", "立信劳务分包有限公司", "construction", "private", "城关镇", "91"),
    ("31", "汇通劳务分包有限公司", "construction", "private", "石门街道", "91"),
    ("32", "绿洲物业服务有限公司", "services", "private", "城关镇", "91"),
    ("33", "安居物业服务有限公司", "services", "private", "石门街道", "91"),
    ("34", "宏远建设工程有限公司", "construction", "private", "城关镇", "91"),
    ("35", "中联建设工程有限公司", "construction", "private", "石门街道", "91"),
    ("36", "柳河县第三中学", "public_institution", "public_institution", "北山乡", "12"),
]


def make_uscc(n: int, prefix: str) -> str:
    body = f"{n:08d}"
    org = body + uscc._org_check(body)
    head = prefix + "220524" + org
    return head + uscc.check_char(head)


def records() -> list[EmployerRecord]:
    return [
        EmployerRecord(rid, name, make_uscc(int(rid), pre), sector, own, town)
        for rid, name, sector, own, town, pre in ROWS
    ]
