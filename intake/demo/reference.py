"""Reference data of the demo deployment: 登封市, its townships and the eight task forces."""

from __future__ import annotations

from dataclasses import dataclass

# The 15 townships/streets of the demo county with the aliases people use for them.
TOWNSHIPS: dict[str, tuple[str, ...]] = {
    "嵩阳街道": ("嵩阳办事处",),
    "少林街道": ("少林办事处",),
    "中岳街道": ("中岳办事处",),
    "大金店镇": (),
    "颍阳镇": (),
    "卢店镇": (),
    "告成镇": (),
    "唐庄镇": (),
    "东华镇": (),
    "徐庄镇": (),
    "大冶镇": (),
    "宣化镇": (),
    "石道乡": (),
    "白坪乡": (),
    "送表矿区": ("送表",),
}


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
