"""The `anxin` command as a user runs it: real processes, real databases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ANXIN = str(Path(sys.executable).with_name("anxin"))


def run(args: list[str], url: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "ANXIN_DATABASE_URL": url, **env}
    return subprocess.run(
        [ANXIN, *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=120
    )


def test_help_lists_every_command(tmp_path: Path) -> None:
    out = run(["--help"], "sqlite+aiosqlite:///x.db", tmp_path)
    assert out.returncode == 0
    for command in ("db", "demo", "serve", "users"):
        assert command in out.stdout


@pytest.mark.parametrize(
    ("url", "command"),
    [
        ("mysql://root@localhost/x", ["db", "upgrade"]),
        ("not a url at all", ["demo", "seed"]),
        ("postgresql+asyncpg://nobody@127.0.0.1:1/nothing", ["db", "upgrade"]),
        ("postgresql+asyncpg://nobody@127.0.0.1:1/nothing", ["demo", "seed"]),
        ("postgresql+asyncpg://nobody@127.0.0.1:1/nothing", ["serve"]),
        ("sqlite+aiosqlite:////nonexistent-dir/sub/anxin.db", ["serve"]),
    ],
)
def test_bad_database_gives_one_line_and_nonzero_exit(
    url: str, command: list[str], tmp_path: Path
) -> None:
    out = run(command, url, tmp_path)
    assert out.returncode != 0
    errors = [line for line in out.stderr.splitlines() if line.startswith("anxin: error:")]
    assert len(errors) == 1, out.stderr
    assert "Traceback" not in out.stderr


def test_upgrade_seed_users_roundtrip(db_url: str, tmp_path: Path) -> None:
    assert run(["db", "upgrade"], db_url, tmp_path).returncode == 0
    seeded = run(["demo", "seed"], db_url, tmp_path)
    assert seeded.returncode == 0, seeded.stderr
    assert "seeded 18 townships, 8 task forces" in seeded.stdout
    assert "passwords are shown only this once" in seeded.stdout
    again = run(["demo", "seed"], db_url, tmp_path)
    assert "nothing seeded" in again.stdout

    added = run(
        ["users", "add", "li", "--role", "inspector", "--task-force", "TF7_SME"], db_url, tmp_path
    )
    assert added.returncode == 0, added.stderr
    assert "password:" in added.stdout
    dup = run(["users", "add", "li", "--role", "inspector"], db_url, tmp_path)
    assert dup.returncode != 0 and "exists already" in dup.stderr
    bad = run(["users", "add", "x", "--role", "boss"], db_url, tmp_path)
    assert bad.returncode != 0 and "unknown role" in bad.stderr
    reset = run(["users", "reset-password", "li"], db_url, tmp_path)
    assert reset.returncode == 0 and "new password for li:" in reset.stdout, reset.stderr
    assert "shown only this once" in reset.stdout
    nobody = run(["users", "reset-password", "nobody"], db_url, tmp_path)
    assert nobody.returncode != 0 and "no user named" in nobody.stderr
    assert run(["users", "disable", "li"], db_url, tmp_path).returncode == 0
    listing = run(["users", "list"], db_url, tmp_path).stdout
    assert any(line.startswith("li ") and "disabled" in line for line in listing.splitlines())
