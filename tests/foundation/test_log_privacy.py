"""Logs never carry personal data: SQL parameters are not in them, and phone and ID numbers
are masked in every line and traceback, whoever logs them."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from intake.cli import logs
from models.db import create_engine

PHONE = "13812345678"
ID_NUMBER = "41018519900101123X"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Log lines as `anxin` writes them (its record factory), into a buffer."""
    before = logging.getLogRecordFactory()
    logs.configure("INFO")
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter(logs.FORMAT))
    logging.getLogger().addHandler(handler)
    try:
        yield out
    finally:
        logging.getLogger().removeHandler(handler)
        logging.setLogRecordFactory(before)


def test_phone_and_id_numbers_are_masked_in_lines_and_tracebacks(captured: io.StringIO) -> None:
    log = logging.getLogger("anxin.test")
    log.warning("worker %s called from %s", ID_NUMBER, PHONE)
    try:
        raise ValueError(f"cannot store phone {PHONE}")
    except ValueError:
        log.exception("storing complaint failed")
    logging.getLogger("uvicorn.error").error("电话：%s", PHONE)
    written = captured.getvalue()
    assert PHONE not in written and ID_NUMBER not in written
    assert "138****5678" in written and "4101************3X" in written
    assert "ValueError: cannot store phone 138****5678" in written


async def test_sql_parameters_are_in_no_error_message_or_log(
    db_url: str, captured: io.StringIO
) -> None:
    engine = create_engine(db_url)
    try:
        async with engine.connect() as conn:
            with pytest.raises(DBAPIError) as failed:
                await conn.execute(
                    text("INSERT INTO no_such_table (name, phone) VALUES (:name, :phone)"),
                    {"name": "王小明", "phone": PHONE},
                )
    finally:
        await engine.dispose()
    assert "王小明" not in str(failed.value) and PHONE not in str(failed.value)
    assert "hidden" in str(failed.value)
    assert "王小明" not in captured.getvalue()
