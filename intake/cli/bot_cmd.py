"""`anxin bot`: the Telegram bot by long polling (webhook mode runs inside `anxin serve`)."""

from __future__ import annotations

from intake.cli.common import fail, load_settings, run_db


def bot() -> None:
    """Run the Telegram bot with long polling against ANXIN_TELEGRAM_API_URL."""
    from bot.client import BotConfigError, make_bot  # aiogram takes seconds to import
    from bot.runner import run_polling

    settings = load_settings()
    try:
        telegram = make_bot(settings)
    except BotConfigError as exc:
        fail(str(exc))

    async def work() -> None:
        await run_polling(settings, bot=telegram)

    run_db(settings, work)
