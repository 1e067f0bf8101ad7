"""The Telegram configuration error, apart from the client: aiogram takes seconds to import
(it builds hundreds of pydantic models), and a process without a bot token never needs it."""


class BotConfigError(ValueError):
    """The Telegram settings cannot be used; the message is one line meant for a person."""
