"""A copy of the code with a recipe's edits applied, and its tests run in a process of their
own: how the contributor recipes (a new slot, a new action) are proven without a test-only
way into the product."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("models", "intake", "routing", "bot")

# file -> (the line an addition follows, the addition); a str: a new file's whole text
Recipe = Mapping[str, Sequence[tuple[str, str]] | str]


def copy_with(dest: Path, recipe: Recipe) -> set[str]:
    """Copy the packages, the tests and pyproject.toml to `dest`, apply `recipe`, and return
    the package files that differ from this checkout afterwards."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in (*PACKAGES, "tests"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", dest / "pyproject.toml")
    for path, edits in recipe.items():
        target = dest / path
        if isinstance(edits, str):
            assert not target.exists(), f"{path} exists already"
            target.write_text(edits, encoding="utf-8")
            continue
        text = target.read_text(encoding="utf-8")
        for anchor, addition in edits:
            assert text.count(anchor) == 1, f"{path}: the recipe's anchor moved: {anchor!r}"
            text = text.replace(anchor, anchor + addition)
        target.write_text(text, encoding="utf-8")
    return _changed_files(dest)


def _changed_files(dest: Path) -> set[str]:
    changed: set[str] = set()

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        changed.update(f"{prefix}{n}" for n in cmp.diff_files + cmp.left_only + cmp.right_only)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    for name in PACKAGES:
        walk(filecmp.dircmp(ROOT / name, dest / name, ignore=["__pycache__"]), f"{name}/")
    return changed


def run_tests(copy: Path, test_file: str) -> subprocess.CompletedProcess[str]:
    """pytest on one file of the copy, on SQLite, in a process that imports the copy."""
    env = {**os.environ, "PYTHONPATH": str(copy), "ANXIN_TEST_POSTGRES_URL": ""}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0"]
    return subprocess.run(
        [*command, test_file],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
