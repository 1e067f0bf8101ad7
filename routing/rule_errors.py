"""What is wrong with a routing table file, in Chinese, each problem on its own line.

The office edits the table by hand: every problem is reported at once, on the line where it
is, with a reason a person can act on (a misspelt key gets its likely spelling).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic_core import ErrorDetails

__all__ = ["cross_check", "explain_validation", "explain_yaml"]

# PyYAML's problems, by their start, in words for people who never read a YAML spec
_YAML_PROBLEMS = (
    ("expected ',' or '}'", "花括号 { } 里的内容没有正确结束：缺少逗号“,”或右花括号“}”"),
    ("expected ',' or ']'", "方括号 [ ] 里的内容没有正确结束：缺少逗号“,”或右方括号“]”"),
    (
        "mapping values are not allowed here",
        "这里不能出现冒号“:”（冒号后要有空格，值里的冒号请加引号）",
    ),
    ("could not find expected ':'", "缺少冒号“:”"),
    ("found character '\\t'", "不能用制表符（Tab）缩进，请用空格"),
    ("expected <block end>", "缩进不对齐：这一行的缩进和上下文不一致"),
    ("found unexpected end of stream", "引号没有闭合"),
    ("found undefined alias", "引用了未定义的锚点（*）"),
    ("did not find expected key", "缩进不对齐或缺少“键:”"),
    ("did not find expected '-' indicator", "列表项缩进不对齐，或缺少“- ”"),
    ("found unexpected ':'", "多了一个冒号“:”"),
)


def explain_yaml(exc: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """The line to look at and the reason, for a file that is not valid YAML."""
    problem = exc.problem or ""
    reason = next((zh for en, zh in _YAML_PROBLEMS if problem.startswith(en)), None)
    mark = exc.problem_mark or exc.context_mark
    # an unclosed bracket is noticed a line later; the bracket was opened on context_mark
    if exc.context and exc.context.startswith("while parsing a flow") and exc.context_mark:
        mark = exc.context_mark
    line = mark.line + 1 if mark is not None else None
    text = reason or f"无法解析（{problem}）"
    return line, f"YAML 格式错误：{text}"


def _known_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _model_at(root: type[BaseModel], loc: Sequence[Any]) -> type[BaseModel] | None:
    """The pydantic model that holds the last key of `loc` (for a misspelt key)."""
    model: Any = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        fields = {f.alias or n: f for n, f in model.model_fields.items()}
        field = fields.get(str(part))
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """The model inside Optional[...] / list[...] / dict[..., ...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _literal_choices(err: ErrorDetails) -> str:
    expected = str((err.get("ctx") or {}).get("expected", ""))
    return expected.replace(" or ", ", ")


def explain_validation(err: ErrorDetails, loc: Sequence[Any], root: type[BaseModel]) -> str:
    """One pydantic error in Chinese."""
    kind, key = err["type"], str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        model = _model_at(root, loc)
        known = _known_keys(model) if model is not None else []
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"是不是想写“{close[0]}”？" if close else ""
        allowed = f"这里可用的字段：{'、'.join(known)}" if known else ""
        return f"不认识的字段“{key}”。{hint}{allowed}".rstrip("。")
    if kind == "missing":
        return f"缺少必填字段“{key}”"
    if kind == "string_pattern_mismatch":
        if key == "task_force" or "task_forces" in [str(p) for p in loc]:
            return "专班代码只能用大写英文字母、数字和下划线，并以字母开头（如 TF1_CONSTRUCTION）"
        return "规则编号只能用小写英文字母、数字和下划线，并以字母开头（如 coal_mine）"
    if kind == "literal_error":
        return f"取值不在允许范围内，只能是：{_literal_choices(err)}"
    if kind in ("list_type", "tuple_type"):
        return "应为列表，例如 [a, b]"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "应为“键: 值”的映射"
    if kind in ("string_type",):
        return "应为文字"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "应为整数"
    if kind in ("bool_type", "bool_parsing"):
        return "应为 true 或 false"
    if kind == "greater_than_equal":
        return f"不能小于 {(err.get('ctx') or {}).get('ge')}"
    if kind in ("too_short", "string_too_short"):
        return "不能为空"
    if kind == "value_error":
        return str((err.get("ctx") or {}).get("error", err["msg"]))
    return f"不符合要求（{err['msg']}）"


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def cross_check(data: Mapping[str, Any]) -> Iterable[tuple[tuple[Any, ...], str]]:
    """Problems between parts of the file, each at the path of the part that is wrong.

    Works on the raw data, so these are found even when other parts fail validation."""
    codes = data.get("task_forces")
    known = set(codes) if isinstance(codes, dict) else None
    rules = _list(data.get("rules"))
    fallback = data.get("fallback")
    prules = _list(data.get("priority_rules"))
    routed: list[tuple[tuple[Any, ...], Any]] = [(("rules", i), r) for i, r in enumerate(rules)]
    if isinstance(fallback, dict):
        routed.append((("fallback",), fallback))
        if "when" in fallback:
            yield ("fallback", "when"), "兜底规则（fallback）不能有 when 条件：它接住其余所有投诉"
    seen: dict[str, tuple[Any, ...]] = {}
    everything = [*routed, *((("priority_rules", i), r) for i, r in enumerate(prules))]
    for path, rule in everything:
        if not isinstance(rule, dict):
            continue
        rule_id = rule.get("id")
        if isinstance(rule_id, str):
            if rule_id in seen:
                yield (*path, "id"), f"规则编号“{rule_id}”重复（前面已经用过）"
            seen.setdefault(rule_id, path)
    if known is None:
        return
    for path, rule in routed:
        then = rule.get("then") if isinstance(rule, dict) else None
        code = then.get("task_force") if isinstance(then, dict) else None
        if isinstance(code, str) and code not in known:
            yield (
                (*path, "then", "task_force"),
                f"专班代码“{code}”不在本文件的 task_forces 里（已有：{'、'.join(sorted(known))}）",
            )
