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

from pathlib import Path

import pytest
from code_copy import Recipe, copy_with, run_tests
from pydantic import ValidationError

from intake import dialogue as dl

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

# The recipe: file -> (the line the addition follows, the addition), or a new file's text.
RECIPE: Recipe = {
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
    "intake/dialogue/extract/hometown.py": READER,
    "models/cases.py": [
        (
            '    work_type: str = Field(default="", max_length=64)\n',
            '    hometown: str = Field(default="", max_length=40)\n',
        ),
    ],
}


def test_a_new_slot_takes_only_the_recipes_files(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    assert copy_with(copy, RECIPE) == set(RECIPE)

    checks = copy / "tests/dialogue/slot_recipe_checks.py"
    checks.rename(copy / "tests/dialogue/test_hometown_slot.py")
    done = run_tests(copy, "tests/dialogue/test_hometown_slot.py")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "6 passed" in done.stdout, done.stdout[-2000:]


def test_a_state_asking_an_undeclared_slot_is_refused() -> None:
    state = dl.dump_state(dl.new_state("test:1"))
    state["awaiting"] = "hometown"
    with pytest.raises(ValidationError):
        dl.load_state(state)
