"""Registry CSV validation (routing.employers.importer) and the `anxin match` protocol."""

from __future__ import annotations

import io
import json
from pathlib import Path

from employer_registry_sample import make_uscc, records
from typer.testing import CliRunner

from intake.cli.main import app
from routing.employers.importer import parse_registry_csv
from routing.employers.index import EmployerIndex
from routing.employers.match_stream import run_match

HEADER = "id,name,uscc,sector,ownership,township"


def row(rid: str, name: str, code: str, sector: str = "construction", own: str = "private") -> str:
    return f"{rid},{name},{code},{sector},{own},城关镇"


def test_good_rows_become_records(tmp_path: Path) -> None:
    text = "\n".join(
        [
            HEADER,
            row("1", "恒岳建筑工程有限公司", make_uscc(1, "91")),
            row("2", "金锦耐火材料有限公司", make_uscc(2, "91"), "manufacturing"),
        ]
    )
    path = tmp_path / "reg.csv"
    path.write_text("\ufeff" + text + "\n", encoding="utf-8")  # with a BOM, as Excel writes it
    recs, errors = parse_registry_csv(path)
    assert errors == []
    assert [(r.id, r.name, r.sector) for r in recs] == [
        ("1", "恒岳建筑工程有限公司", "construction"),
        ("2", "金锦耐火材料有限公司", "manufacturing"),
    ]


def test_bad_rows_are_reported_with_line_and_reason() -> None:
    good = make_uscc(1, "91")
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    text = "\n".join(
        [
            HEADER,
            row("1", "恒岳建筑工程有限公司", good),  # line 2: fine
            row("2", "鸿泰物流有限公司", bad_check),  # line 3: check character
            row("1", "另一家公司", make_uscc(3, "91")),  # line 4: duplicate id
            row("4", "恒岳建筑工程有限公司", make_uscc(4, "91")),  # line 5: duplicate name
            row("5", "第五家公司", good),  # line 6: duplicate USCC
            row("6", "第六家公司", make_uscc(6, "91"), sector="farming"),  # line 7: sector
            row("7", "第七家公司", make_uscc(7, "91"), own="state"),  # line 8: ownership
            "8,只有三列,x",  # line 9: field count
            row("", "没有id的公司", make_uscc(9, "91")),  # line 10: empty id
            row("10", "", make_uscc(10, "91")),  # line 11: empty name
            row("11", "没有代码的公司", ""),  # line 12: empty USCC
        ]
    )
    recs, errors = parse_registry_csv(text)
    assert [r.id for r in recs] == ["1"]
    by_line = {e.line: e.reason for e in errors}
    assert sorted(by_line) == list(range(3, 13))
    assert "校验码" in by_line[3] and "check character" in by_line[3]
    assert "duplicate id" in by_line[4] and "line 2" in by_line[4]
    assert "duplicate name" in by_line[5]
    assert "duplicate USCC" in by_line[6]
    assert "unknown sector" in by_line[7]
    assert "unknown ownership" in by_line[8]
    assert "expected 6 fields" in by_line[9]
    assert "id is empty" in by_line[10]
    assert "name is empty" in by_line[11]
    assert "USCC is empty" in by_line[12]
    assert str(errors[0]).startswith("第3行 / line 3")


def test_quoted_multiline_field_keeps_line_numbers() -> None:
    text = (
        HEADER
        + '\n1,"恒岳建筑\n工程有限公司",'
        + make_uscc(1, "91")
        + ",construction,private,城关镇\n"
    )
    text += row("2", "鸿泰物流有限公司", "BAD") + "\n"
    recs, errors = parse_registry_csv(text)
    assert [r.id for r in recs] == ["1"]
    assert [e.line for e in errors] == [4]


def test_whole_file_problems(tmp_path: Path) -> None:
    assert parse_registry_csv("id,name,uscc\n1,a,b")[1][0].reason.startswith("缺少列")
    assert "not found" in parse_registry_csv(tmp_path / "missing.csv")[1][0].reason
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(HEADER.encode() + b"\n1,\xe9,x,construction,private,\n")
    assert "UTF-8" in parse_registry_csv(latin1)[1][0].reason
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert parse_registry_csv(empty)[1][0].line == 0


def test_run_match_answers_every_line() -> None:
    index = EmployerIndex.from_records(records())
    out = io.StringIO()
    n = run_match(index, ["德信建筑\n", "\n", "天马物流有限公司\r\n", "😀"], out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert n == 4 and len(lines) == 4
    assert lines[0]["query"] == "德信建筑"
    assert lines[0]["match"] == {
        "id": "16",
        "name": "柳河县德信建筑工程有限公司",
        "score": lines[0]["match"]["score"],
    }
    assert 0 < lines[0]["match"]["score"] <= 1
    assert all(set(c) == {"id", "name", "score"} for c in lines[0]["candidates"])
    assert [x["match"] for x in lines[1:]] == [None, None, None]
    assert lines[2]["query"] == "天马物流有限公司"


def test_anxin_match_explains_on_request(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    lines = [HEADER] + [
        f"{r.id},{r.name},{r.uscc},{r.sector},{r.ownership},{r.township or ''}" for r in records()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    query = "就是那个德信建筑的老板\n"
    runner = CliRunner()
    plain = runner.invoke(app, ["match", "--registry", str(path)], input=query)
    assert plain.exit_code == 0, plain.output
    answer = json.loads(plain.stdout)
    assert answer["match"]["id"] == "16" and "explain" not in answer

    done = runner.invoke(app, ["match", "--registry", str(path), "--explain"], input=query)
    assert done.exit_code == 0, done.output
    why = json.loads(done.stdout)["explain"]
    assert why["match"] == "16" and why["content"] == "德信建筑"
    assert why["parts"] is None  # said in passing: no full name to read
    full = runner.invoke(
        app,
        ["match", "--registry", str(path), "--explain"],
        input="柳河县德信建筑工程有限公司\n",
    )
    parts = json.loads(full.stdout)["explain"]["parts"]
    assert (parts["region"], parts["brand"], parts["legal_form"]) == ("柳河县", "德信", "有限公司")
    first = why["candidates"][0]
    assert first["id"] == "16" and first["how"] and first["parsed"]["brand"] == "德信"
    assert first["score"] == answer["match"]["score"]
