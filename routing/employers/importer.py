"""Validate a registry CSV (`id,name,uscc,sector,ownership,township`) before it is stored.

`parse_registry_csv` never raises on bad content: every row that cannot be used becomes a
`RowError` with its CSV line number and a reason in Chinese and English; the other rows come
back as records. The first row with a given id, name or USCC wins; later ones are errors.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from sys import intern

from routing.employers import uscc
from routing.employers.normalize import normalize_text
from routing.employers.registry import OWNERSHIPS, REGISTRY_COLUMNS, SECTORS, EmployerRecord

MAX_NAME_CHARS = 256  # the database column


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # 1-based line of the CSV file (the header is line 1); 0 for the whole file
    reason: str
    row_id: str = ""

    def __str__(self) -> str:
        where = f"第{self.line}行 / line {self.line}" if self.line else "文件 / file"
        ident = f" (id {self.row_id})" if self.row_id else ""
        return f"{where}{ident}: {self.reason}"


def _read_text(source: str | Path) -> tuple[str | None, RowError | None]:
    if isinstance(source, str) and ("\n" in source or "," in source):
        return source.removeprefix("\ufeff"), None  # the CSV text itself, not a path
    try:
        return Path(source).read_text(encoding="utf-8-sig"), None
    except FileNotFoundError:
        return None, RowError(0, f"文件不存在 / file not found: {source}")
    except UnicodeDecodeError as exc:
        return None, RowError(0, f"文件不是UTF-8编码 / file is not UTF-8 ({exc.reason})")
    except OSError as exc:
        return None, RowError(0, f"无法读取文件 / cannot read the file: {exc.strerror}")


def parse_registry_csv(source: str | Path) -> tuple[list[EmployerRecord], list[RowError]]:
    """(good records, errors) of a registry CSV given as a path or as the CSV text itself."""
    text, problem = _read_text(source)
    if text is None:
        return [], [problem] if problem else []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], [RowError(0, "文件为空 / the file is empty")]
    except csv.Error as exc:
        return [], [RowError(1, f"表头无法解析 / header is not valid CSV: {exc}")]
    missing = [c for c in REGISTRY_COLUMNS if c not in header]
    if missing:
        return [], [RowError(1, f"缺少列 / missing column(s): {', '.join(missing)}")]
    where = {c: header.index(c) for c in REGISTRY_COLUMNS}

    records: list[EmployerRecord] = []
    errors: list[RowError] = []
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    seen_usccs: dict[str, int] = {}
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(start, f"CSV格式错误 / malformed CSV: {exc}"))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank line
        if len(row) != len(header):
            errors.append(
                RowError(
                    start,
                    f"字段数不对，应为{len(header)}个 / "
                    f"expected {len(header)} fields, got {len(row)}",
                )
            )
            continue
        v = {c: row[i].strip() for c, i in where.items()}
        reason = _row_problem(v, seen_ids, seen_names, seen_usccs)
        if reason:
            errors.append(RowError(start, reason, v["id"]))
            continue
        seen_ids[v["id"]] = start
        seen_names[normalize_text(v["name"])] = start
        seen_usccs[uscc.clean(v["uscc"])] = start
        records.append(
            EmployerRecord(
                id=v["id"],
                name=v["name"],
                uscc=uscc.clean(v["uscc"]),
                sector=intern(v["sector"]),
                ownership=intern(v["ownership"]),
                township=intern(v["township"]),
            )
        )
    return records, errors


def _row_problem(
    v: dict[str, str],
    seen_ids: dict[str, int],
    seen_names: dict[str, int],
    seen_usccs: dict[str, int],
) -> str | None:
    if not v["id"]:
        return "缺少id / id is empty"
    if len(v["id"]) > 64:
        return "id过长 / id is longer than 64 characters"
    if v["id"] in seen_ids:
        first = seen_ids[v["id"]]
        return f"id重复（第{first}行已有）/ duplicate id, first on line {first}"
    name = normalize_text(v["name"])
    if not name:
        return "缺少单位名称 / name is empty"
    if len(v["name"]) > MAX_NAME_CHARS:
        return f"单位名称过长 / name is longer than {MAX_NAME_CHARS} characters"
    if name in seen_names:
        first = seen_names[name]
        return f"单位名称重复（第{first}行已有）/ duplicate name, first on line {first}"
    if not v["uscc"]:
        return "缺少统一社会信用代码 / USCC is empty"
    bad = uscc.problem(v["uscc"])
    if bad:
        return bad
    code = uscc.clean(v["uscc"])
    if code in seen_usccs:
        first = seen_usccs[code]
        return f"统一社会信用代码重复（第{first}行已有）/ duplicate USCC, first on line {first}"
    if v["sector"] not in SECTORS:
        return (
            f"未知行业类别 / unknown sector {v['sector']!r} (one of: {', '.join(sorted(SECTORS))})"
        )
    if v["ownership"] not in OWNERSHIPS:
        return (
            f"未知所有制 / unknown ownership {v['ownership']!r} "
            f"(one of: {', '.join(sorted(OWNERSHIPS))})"
        )
    return None
