"""Shared helpers of the bot tests (conftest.py cannot be imported reliably by name)."""

from __future__ import annotations

from intake.settings import Settings

TEST_TOKEN = "123456789:AAHfakeTokenForAnxinTestsOnly-0123456"


def settings_for(api_url: str, token: str = TEST_TOKEN) -> Settings:
    """Settings for a bot at `api_url`, ignoring any .env file of the developer."""
    return Settings(
        telegram_token=token,  # type: ignore[arg-type]
        telegram_api_url=api_url,
        _env_file=None,  # type: ignore[call-arg]
    )
