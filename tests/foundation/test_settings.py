from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from intake.settings import DEFAULT_DATABASE_URL, Settings


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    for key in ("ANXIN_DATABASE_URL", "ANXIN_PORT", "ANXIN_HOST"):
        monkeypatch.delenv(key, raising=False)
    s = Settings()
    assert s.database_url == DEFAULT_DATABASE_URL
    assert (s.host, s.port) == ("127.0.0.1", 8000)
    assert s.timezone == "Asia/Shanghai"
    assert s.telegram_api_url == "https://api.telegram.org"


def test_environment_overrides_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "ANXIN_PORT=9001\nANXIN_TELEGRAM_TOKEN=123:abc\nANXIN_HOST=0.0.0.0\n", encoding="utf-8"
    )
    monkeypatch.setenv("ANXIN_HOST", "127.0.0.2")
    s = Settings()
    assert s.port == 9001
    assert s.host == "127.0.0.2"
    assert s.telegram_token is not None and s.telegram_token.get_secret_value() == "123:abc"
    assert "123:abc" not in repr(s)  # secrets never printed


def test_bad_port_is_rejected(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANXIN_PORT", "99999")
    with pytest.raises(ValidationError):
        Settings()


async def test_pool_settings_reach_the_postgresql_engine(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANXIN_DATABASE_URL", "postgresql+asyncpg://anxin@127.0.0.1:5432/anxin")
    monkeypatch.setenv("ANXIN_DB_POOL_SIZE", "7")
    monkeypatch.setenv("ANXIN_DB_MAX_OVERFLOW", "0")
    engine = Settings().engine()  # connects lazily: no server needed
    try:
        assert engine.pool.size() == 7  # type: ignore[attr-defined]
        assert engine.pool._max_overflow == 0  # type: ignore[attr-defined]
    finally:
        await engine.dispose()
    monkeypatch.setenv("ANXIN_DB_POOL_SIZE", "0")
    with pytest.raises(ValidationError):
        Settings()
