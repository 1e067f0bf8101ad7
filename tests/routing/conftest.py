"""A small invented registry for routing tests (no dev-data names)."""

from __future__ import annotations

import pytest

from routing.employers.registry import EmployerRecord
from routing.router import Router

ROWS = [
    ("1", "河南恒岳建筑工程有限公司", "construction", "private", "城关镇"),
    ("2", "北山盛泉煤业有限公司", "coal", "private", "北山矿区"),
    ("3", "石门城市建设投资有限公司", "construction", "soe", "石门街道"),
    ("4", "柳河县热力有限公司", "public_service", "soe", "柳河乡"),
    ("5", "柳河县第二中学", "public_institution", "public_institution", "柳河乡"),
    ("6", "金桥武术学校", "education_training", "private", "城关镇"),
    ("7", "佳和物业服务有限公司", "services", "private", "石门街道"),
    ("8", "城关镇环境卫生管理所", "public_institution", "public_institution", "城关镇"),
    ("9", "安达劳务派遣有限公司", "services", "private", "石门街道"),
    ("10", "鑫和餐饮管理有限公司", "services", "private", "城关镇"),
    ("11", "远大实业有限公司", "coal", "private", "北山矿区"),
    ("12", "宏源农业开发有限公司", "other", "private", "柳河乡"),
    ("13", "国泰路桥工程有限公司", "construction", "soe", "城关镇"),
    ("14", "洁城环卫服务有限公司", "public_service", "private", "石门街道"),
    ("15", "恒通机械制造有限公司", "manufacturing", "private", "城关镇"),
]
TOWNSHIPS = ["城关镇", "石门街道", "柳河乡", "北山矿区", "大营镇"]


@pytest.fixture(scope="session")
def records() -> list[EmployerRecord]:
    return [EmployerRecord(i, name, f"USCC{i}", s, o, t) for i, name, s, o, t in ROWS]


@pytest.fixture(scope="session")
def router(records: list[EmployerRecord]) -> Router:
    return Router.from_records(records, township_names=TOWNSHIPS)
