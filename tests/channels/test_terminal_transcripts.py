"""Transcripts through the real `anxin chat --id X` process, and leaving and coming back.

Buttons are pressed by typing their number (or, for a button of an earlier turn that is no
longer numbered, by typing its label). `awaiting` is not printed by the terminal, so it is
checked on the stored conversation. Some transcripts cannot be replayed here at all:
05 (`wait`: days pass) and 13 (a failing submission) need the service's clock or a fault
injected inside the process, and 08 sends stickers, voice and files, which a terminal cannot
(nor `attach` in 06, which is skipped); the web replay covers them.

Two expected reply texts cannot appear in a terminal (the turns' other expectations are still
checked): the remark that a *first* message's story was kept (`story_kept`) — the terminal
greets with /start before the worker types, so the first message is answered as a second one
(记下了：…), and the first turn's texts are looked for in the greeting and that answer — and
the answer to pressing a button of an earlier turn (`submit.already_done`): a terminal
numbers only the last buttons, so the label is typed and 06 turn 7 hears the reminder that the
complaint was filed (with its ticket number, which is checked).

The process runs on the wall clock, so an expectation naming a date the worker gave relative
to "now" (去年十月 -> 2024年10月 in the transcript) is skipped; dates typed with a year (11)
and the acceptance date (read from the ticket) are checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from channel_replay import Checker, DbView, Seen, check_filed, observe, turn_label
from channel_world import TRANSCRIPTS, add_open_complaints, seed_transcript_world
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select
from terminal_driver import Terminal
from transcript import Transcript, load_transcripts

from intake.dialogue.catalog import default_catalog
from intake.dialogue.script import to_script
from models import Complaint

# Each replay starts an `anxin chat` process (about 5 s on this machine, mostly imports and the
# first router build), so the terminal replays a cross-section; the web replay runs them all.
TERMINAL = {
    "01_one_long_message",  # everything in one message, employer buttons, receipt
    "03_corrections",  # corrections in words, the summary's edit buttons
    "04_back_restart_cancel",  # commands typed, confirmations by number
    "06_double_confirm",  # filed once, /status, the old button typed
    "07_traditional",  # traditional characters, a traditional button label typed
    "12_duplicate_complaint",  # an open complaint in the database, added to
}
REPLAYED = [t for t in load_transcripts(TRANSCRIPTS) if Path(t.path).stem in TERMINAL]


def in_catalog_text(key: str, part: str) -> bool:
    template = default_catalog().text(key)
    return any(part in to_script(template, script) for script in ("simplified", "traditional"))


def first_message_only(part: str) -> str | None:
    if in_catalog_text("story_kept", part):
        return "said to a first message only; the terminal greeted first (/start)"
    return None


def earlier_button(part: str) -> str | None:
    if in_catalog_text("submit.already_done", part):
        return "the answer to an earlier turn's button: a terminal types its label instead"
    return None


WHY = ("relative date", "only text", "greeted first", "earlier turn")


@pytest.fixture
async def world(session_factory: async_sessionmaker[AsyncSession]) -> None:
    async with session_factory() as session:
        await seed_transcript_world(session)


@pytest.fixture
def terminals(tmp_path: Path) -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.close()


def test_the_cross_section_is_there() -> None:
    assert {Path(t.path).stem for t in REPLAYED} == TERMINAL


@pytest.mark.parametrize("transcript", REPLAYED, ids=[Path(t.path).stem for t in REPLAYED])
async def test_terminal_transcript(
    transcript: Transcript,
    world: None,
    db_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    terminals: list[Terminal],
) -> None:
    async with session_factory() as session:
        await add_open_complaints(session, transcript)
    checker = Checker(transcript, wall_clock=True)
    conversation = f"replay-{Path(transcript.path).stem}"
    terminal = Terminal(db_url, conversation, tmp_path)
    terminals.append(terminal)
    greeting = terminal.start()
    assert "安薪" in greeting.text and "严格保密" in greeting.text
    assert greeting.last_reply_buttons[:2] == ["同意", "不同意"], greeting.raw

    async def view() -> DbView:
        return await observe(session_factory, channel="terminal", external_id=conversation)

    after = await view()
    day = transcript.now
    for number, turn in enumerate(transcript.turns, start=1):
        where = turn_label(transcript, number, turn)
        assert turn.wait is None, f"{where}: waiting is not replayed in the terminal"
        if turn.attach is not None or turn.send is not None:
            checker.skip(where, "the whole turn", "a terminal sends only text")
            continue
        day += timedelta(minutes=1)
        before = after
        unreachable = first_message_only if number == 1 else None
        if turn.say is not None:
            screen = terminal.type(turn.text())
        else:
            assert turn.press is not None
            if not terminal.can_press(turn.press):
                unreachable = earlier_button
            screen = terminal.press(turn.press)
        after = await view()
        if turn.expect is not None:
            seen = Seen(
                shown_before=greeting.text if number == 1 else "",
                text=screen.text,
                last_buttons=screen.last_reply_buttons,
                any_buttons=screen.any_buttons,
                awaiting=None,
            )
            checker.check(
                turn.expect,
                seen,
                before,
                after,
                turn_day=day.date(),
                where=where,
                unreachable=unreachable,
            )
    assert "再见" in terminal.quit()
    check_filed(after, checker.fixture_keys, checker.name)
    print(*checker.skipped, sep="\n")  # pytest -s shows what this channel could not check
    for line in checker.skipped:
        assert any(why in line for why in WHY), line


async def test_leaving_and_coming_back_resumes_the_draft(
    world: None,
    db_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    terminals: list[Terminal],
) -> None:
    first = Terminal(db_url, "worker-7", tmp_path)
    terminals.append(first)
    first.start()
    first.type("你好")
    first.press("同意")
    first.type("我叫赵秀兰")
    screen = first.type("138 3800 1234")
    assert "电话 13838001234" in screen.text
    goodbye = first.quit()
    assert "已保存" in goodbye and "--id" in goodbye

    stored = await observe(session_factory, channel="terminal", external_id="worker-7")
    assert stored.awaiting == "employer"
    assert stored.state is not None and stored.state["draft"]["name"] == "赵秀兰"

    # someone else at the same machine starts afresh
    other = Terminal(db_url, "worker-8", tmp_path)
    terminals.append(other)
    assert "同意" in other.start().buttons
    assert "再见" in other.quit("退出")

    again = Terminal(db_url, "worker-7", tmp_path)
    terminals.append(again)
    back = again.start()
    assert "同意" not in back.buttons, back.raw  # consent is not asked for again
    screen = again.type("锦程物业")
    assert "青川市锦程物业服务有限公司" in screen.buttons, screen.raw
    again.press("青川市锦程物业服务有限公司")
    again.press("不清楚/没有")
    again.press("东关街道")
    again.press("保洁")
    again.type("从去年八月干到年底")
    again.type("一万二千")
    again.press("就我一个")
    screen = again.type("物业公司说业主没交物业费。")
    assert "赵秀兰" in screen.text and "13838001234" in screen.text, screen.raw
    assert "确认提交" in screen.buttons
    screen = again.press("确认提交")
    assert "投诉已经提交成功" in screen.text
    again.quit()  # stdin closed right after: the process still leaves cleanly

    done = await observe(session_factory, channel="terminal", external_id="worker-7")
    assert done.awaiting == "done"
    assert len(done.complaints) == 1
    check_filed(done, set(), "resumed")
    async with session_factory() as session:
        complaint = await session.scalar(select(Complaint))
        assert complaint is not None
        assert (complaint.complainant_name, complaint.phone) == ("赵秀兰", "13838001234")
        assert complaint.channel == "terminal" and complaint.external_id == "worker-7"


async def test_end_of_input_leaves_cleanly(
    world: None, db_url: str, tmp_path: Path, terminals: list[Terminal]
) -> None:
    """Ctrl-D (stdin closed) is a goodbye, not a traceback."""
    terminal = Terminal(db_url, "worker-eof", tmp_path)
    terminals.append(terminal)
    terminal.start()
    assert terminal.proc is not None
    out, _ = terminal.proc.communicate(timeout=60)  # closes stdin, like Ctrl-D
    assert terminal.proc.returncode == 0
    assert "再见" in out.decode("utf-8")


async def test_a_typed_number_answers_a_question_about_a_number(
    world: None,
    db_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    terminals: list[Terminal],
) -> None:
    """Correcting the headcount shows [1] 保持不变 [2] 就我一个; a worker who types "2" means
    two people, but the terminal took it for button 2 and recorded one person."""
    terminal = Terminal(db_url, "digits", tmp_path)
    terminals.append(terminal)
    terminal.start()
    terminal.type(
        "我叫孙大勇，电话13700002222。在柳河镇给宏运物流装卸货，从去年十一月干到今年二月，"
        "俺们三个人一共欠了三万"
    )
    terminal.press("同意")
    terminal.press("青川市宏运物流有限公司")
    terminal.press("不清楚/没有")
    assert terminal.press("改人数").buttons == ["保持不变", "就我一个"]
    terminal.type("2")
    stored = await observe(session_factory, channel="terminal", external_id="digits")
    assert stored.state is not None
    assert stored.state["draft"]["headcount"] == 2, "typed 2 people, stored 1"
