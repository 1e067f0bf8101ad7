"""No usable default signing key: the demo makes its own, anything else needs ANXIN_SECRET_KEY."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from intake.settings import Settings
from intake.staff.secret_key import SecretKeyError, ensure_demo_key, key_file_for, resolve

ANXIN = str(Path(sys.executable).with_name("anxin"))


def _env_without_key(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ANXIN_SECRET_KEY"}
    env["ANXIN_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'anxin.db'}"
    return env


def _anxin(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ANXIN, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_no_key_and_no_demo_file_is_refused_with_how_to_set_it(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'prod.db'}"
    with pytest.raises(SecretKeyError, match="ANXIN_SECRET_KEY"):
        resolve(None, url)
    with pytest.raises(SecretKeyError, match="ANXIN_SECRET_KEY"):
        resolve(None, "postgresql+asyncpg://u@h/db")
    with pytest.raises(SecretKeyError, match="old published default"):
        resolve("dev-insecure-change-me", url)
    with pytest.raises(SecretKeyError, match="shorter"):
        resolve("short", url)
    assert resolve("a-long-enough-operator-key", url) == "a-long-enough-operator-key"


def test_demo_key_file_is_private_stable_and_used(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'anxin.db'}"
    path = ensure_demo_key(url)
    assert path == key_file_for(url) == tmp_path / "anxin.db.secret-key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = resolve(None, url)
    assert ensure_demo_key(url) == path and resolve(None, url) == first  # made once
    assert len(first) >= 32
    assert Settings(database_url=url, secret_key=None).signing_key() == first


def test_serve_refuses_without_a_key_and_make_run_steps_work_without_one(tmp_path: Path) -> None:
    env = _env_without_key(tmp_path)
    assert _anxin(env, tmp_path, "db", "upgrade").returncode == 0
    refused = _anxin(env, tmp_path, "serve", "--port", "1")
    assert refused.returncode != 0
    assert "ANXIN_SECRET_KEY" in refused.stderr and "secrets.token_urlsafe" in refused.stderr
    assert "Traceback" not in refused.stderr

    # `make run`: db upgrade, demo seed, serve, with no configuration at all
    seeded = _anxin(env, tmp_path, "demo", "seed")
    assert seeded.returncode == 0, seeded.stderr
    key_file = tmp_path / "anxin.db.secret-key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert _anxin(env, tmp_path, "demo", "seed").returncode == 0  # again: the same key
    assert key_file.read_text().strip() == key
    check = (
        "from intake.settings import Settings; from intake.web.app import create_app; "
        "create_app(Settings(run_sweeper=False)); print('ok')"
    )
    built = subprocess.run(
        [sys.executable, "-c", check], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert built.stdout.strip() == "ok", built.stderr


def test_a_demo_database_seeded_before_the_key_file_existed_gets_one(tmp_path: Path) -> None:
    env = _env_without_key(tmp_path)
    env["ANXIN_SECRET_KEY"] = "an-operator-key-for-the-first-seed"
    assert _anxin(env, tmp_path, "db", "upgrade").returncode == 0
    assert _anxin(env, tmp_path, "demo", "seed").returncode == 0
    assert not (tmp_path / "anxin.db.secret-key").exists()  # the operator's key was set
    del env["ANXIN_SECRET_KEY"]
    again = _anxin(env, tmp_path, "demo", "seed")
    assert "nothing seeded" in again.stdout
    assert (tmp_path / "anxin.db.secret-key").is_file()
