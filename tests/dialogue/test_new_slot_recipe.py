"""The README's recipe for a new dialogue slot, proven with a slot that exists only here: the
worker's hometown (籍贯).

The test copies the code, adds the slot by editing exactly the files the recipe lists (each
edit is written out below: its declaration, its three texts, its reader, its complaint
column), checks that no other file changed, and runs the slot's checks
(tests/dialogue/slot_recipe_checks.py) against the copy in a process of its own: asked in its
place, read when said in passing, corrected, edited, skipped, kept as written, shown in the
summary, kept across a stored state, and stored in its complaint column. The engine, the
prompts, the summary and the complaint store are not touched."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from intake import dialogue as dl

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("models", "intake", "routing", "bot")

READER = '''"""The worker's hometown (籍贯): a province and, if said, a city."""

from __future__ import annotations

import re

_PROVINCES = "河南|河北|山东|山西|四川|安徽|湖北|湖南|江西|陕西|甘肃|贵州"
_PLACE = rf"({_PROVINCES})省?([\\u4e00-\\u9fff]{{2}}(?<![的人]))?"
_ANSWER = re.compile(_PLACE)
_SAID = re.compile(rf"{_PLACE}人")


def _place(m: re.Match[str] | None) -> str | None:
    return m.group(1) + (m.group(2) or "") if m else None


def hometown_answer(text: str) -> str | None:
    """"老家是河南周口的" -> 河南周口; "河北" -> 河北."""
    return _place(_ANSWER.search(text))


def hometown_in_text(text: str) -> str | None:
    """"我是四川达州人，…" -> 四川达州."""
    return _place(_SAID.search(text))
'''

# The recipe: file -> (the line the addition follows, the addition); None: a new file.
RECIPE: dict[str, list[tuple[str, str]] | None] = {
    "intake/dialogue/slots.py": [
        (
            "from intake.dialogue.extract.work_type import work_type_answer\n",
            "from intake.dialogue.extract.hometown import hometown_answer, hometown_in_text\n",
        ),
        (
            '        correction_words=("工种",),\n        read_answer=work_type_answer,\n    ),\n',
            "    SlotSpec(\n"
            '        "hometown",\n'
            '        complaint={"hometown": as_text},\n'
            "        skippable=True,\n"
            "        kept_as_written=20,\n"
            "        left_open_after_tries=True,\n"
            '        correction_words=("籍贯", "老家"),\n'
            "        read_answer=hometown_answer,\n"
            "        find_in_text=hometown_in_text,\n"
            "    ),\n",
        ),
    ],
    "intake/dialogue/messages.zh-Hans.yaml": [
        (
            "  work_type: 您做的是什么活（工种）？比如：钢筋工、木工、小工、保洁、保安。\n",
            "  hometown: 您的老家（籍贯）是哪里？比如：河南周口。说不清就点“不清楚/没有”。\n",
        ),
        (
            "  work_type: 请用几个字说说您做的活，比如：钢筋工、小工、保洁。\n",
            "  hometown: 没看出是哪里。请说省和市，比如：河南周口。\n",
        ),
        ("  work_type: 工种\n", "  hometown: 籍贯\n"),
    ],
    "intake/dialogue/extract/hometown.py": None,
    "models/cases.py": [
        (
            '    work_type: str = Field(default="", max_length=64)\n',
            '    hometown: str = Field(default="", max_length=40)\n',
        ),
    ],
}


def _copy(dest: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in (*PACKAGES, "tests"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", dest / "pyproject.toml")


def _apply(dest: Path) -> None:
    for path, edits in RECIPE.items():
        target = dest / path
        if edits is None:
            assert not target.exists(), f"{path} exists already"
            target.write_text(READER, encoding="utf-8")
            continue
        text = target.read_text(encoding="utf-8")
        for anchor, addition in edits:
            assert text.count(anchor) == 1, f"{path}: the recipe's anchor moved: {anchor!r}"
            text = text.replace(anchor, anchor + addition)
        target.write_text(text, encoding="utf-8")


def _changed_files(dest: Path) -> set[str]:
    changed: set[str] = set()

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        changed.update(f"{prefix}{n}" for n in cmp.diff_files + cmp.left_only + cmp.right_only)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    for name in PACKAGES:
        walk(filecmp.dircmp(ROOT / name, dest / name, ignore=["__pycache__"]), f"{name}/")
    return changed


def test_a_new_slot_takes_only_the_recipes_files(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    _copy(copy)
    _apply(copy)
    assert _changed_files(copy) == set(RECIPE)

    checks = copy / "tests/dialogue/slot_recipe_checks.py"
    checks.rename(copy / "tests/dialogue/test_hometown_slot.py")
    env = {**os.environ, "PYTHONPATH": str(copy), "ANXIN_TEST_POSTGRES_URL": ""}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-n",
            "0",
            "tests/dialogue/test_hometown_slot.py",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "6 passed" in done.stdout, done.stdout[-2000:]


def test_a_state_asking_an_undeclared_slot_is_refused() -> None:
    state = dl.dump_state(dl.new_state("test:1"))
    state["awaiting"] = "hometown"
    with pytest.raises(ValidationError):
        dl.load_state(state)
