"""Reference data of the demo deployment: 登封市, its townships and the eight task forces."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_TOWNSHIP_FILE = Path(__file__).with_name("dengfeng_townships.yaml")


@dataclass(frozen=True)
class TownshipSpec:
    name: str
    kind: str  # 街道 / 镇 / 乡 / 管理区
    code: str | None = None  # the statistical division code (管理区 have none)
    aliases: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def township_specs() -> tuple[TownshipSpec, ...]:
    """Every township, street and management area of 登封市 (`dengfeng_townships.yaml`)."""
    data = yaml.safe_load(_TOWNSHIP_FILE.read_text(encoding="utf-8"))
    return tuple(
        TownshipSpec(
            name=str(row["name"]),
            kind=str(row["kind"]),
            code=str(row["code"]) if row.get("code") else None,
            aliases=tuple(str(a) for a in row.get("aliases", ())),
        )
        for row in data["townships"]
    )


# name -> the aliases people use for it
TOWNSHIPS: dict[str, tuple[str, ...]] = {t.name: t.aliases for t in township_specs()}


@dataclass(frozen=True)
class TaskForceSpec:
    code: str
    name: str
    lead_bureaus: str
    is_office: bool = False


TASK_FORCES: tuple[TaskForceSpec, ...] = (
    TaskForceSpec(
        "TF1_CONSTRUCTION", "工程建设领域工作专班", "住房和城乡建设局、交通运输局、水利局"
    ),
    TaskForceSpec("TF2_GOV_PROJECT", "政府投资项目工作专班", "发展和改革委员会、财政局"),
    TaskForceSpec("TF3_PUBLIC_SVC", "公共服务领域工作专班", "城市管理局"),
    TaskForceSpec("TF4_EDU", "教育培训领域工作专班", "教育局"),
    TaskForceSpec("TF5_COAL", "煤炭企业工作专班", "发展和改革委员会（煤炭）、应急管理局"),
    TaskForceSpec("TF6_SOE", "国有企业工作专班", "国有资产监督管理部门、财政局"),
    TaskForceSpec("TF7_SME", "中小企业工作专班", "工业和信息化局、商务局"),
    TaskForceSpec("OFFICE", "根治欠薪工作联席会议办公室", "人力资源和社会保障局", is_office=True),
)
