"""Telegram adapter (aiogram 3): the Bot API client, the outbox sender, keyboards.

Modules: `client` (make_bot, optional_call), `errors` (BotConfigError), `outbox` (the sender:
deliver_due, run_outbox_worker), `text_split`, `keyboard_fallback`. Nothing is imported here,
so importing one module does not pull in the others.
"""
