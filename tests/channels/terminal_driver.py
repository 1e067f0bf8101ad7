"""Drive a real `anxin chat --id X` process through its stdin and stdout, like a person would.

The command prints each reply, then its buttons numbered `  [n] label`, then a blank line,
then the prompt `> `; typing a key presses that button of the last buttons shown (keys are
letters `[a]` while the question asks for a number, so that a typed digit is an answer).
"""

from __future__ import annotations

import os
import re
import selectors
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ANXIN_BIN = str(Path(sys.executable).with_name("anxin"))
PROMPT = "> "
BUTTON_RE = re.compile(r"^  \[(\d+|[a-z])\] (.*)$")


@dataclass
class Screen:
    """The output of one turn, parsed."""

    raw: str
    text: str  # everything but the button lines
    buttons: list[str]  # the buttons a typed key presses now
    keys: list[str]  # their keys, in the same order
    last_reply_buttons: list[str]  # buttons of the turn's last reply (empty if it has none)
    any_buttons: bool


def parse(raw: str) -> Screen:
    lines = raw.split("\n")
    blocks: list[list[str]] = []
    keys: list[list[str]] = []
    text_lines: list[str] = []
    previous_was_button = False
    for line in lines:
        m = BUTTON_RE.match(line)
        if m:
            if not previous_was_button:
                blocks.append([])
                keys.append([])
            blocks[-1].append(m.group(2))
            keys[-1].append(m.group(1))
            previous_was_button = True
        else:
            text_lines.append(line)
            previous_was_button = previous_was_button and not line.strip()
    # the last reply has buttons when nothing but blank lines follows the last button block
    tail = raw.rstrip()
    last_line = tail.rsplit("\n", 1)[-1] if tail else ""
    ends_with_buttons = bool(BUTTON_RE.match(last_line))
    return Screen(
        raw=raw,
        text="\n".join(text_lines).strip(),
        buttons=blocks[-1] if blocks else [],
        keys=keys[-1] if keys else [],
        last_reply_buttons=blocks[-1] if blocks and ends_with_buttons else [],
        any_buttons=bool(blocks),
    )


@dataclass
class Terminal:
    """One `anxin chat` process; `start()` returns the greeting screen."""

    db_url: str
    conversation: str
    cwd: Path
    timeout_s: float = 60.0
    proc: subprocess.Popen[bytes] | None = None
    buttons: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    _buffer: bytes = b""

    def start(self) -> Screen:
        env = {**os.environ, "ANXIN_DATABASE_URL": self.db_url, "PYTHONUNBUFFERED": "1"}
        log = open(self.cwd / f"chat-{self.conversation}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [ANXIN_BIN, "chat", "--id", self.conversation],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            env=env,
            cwd=self.cwd,
        )
        return self._screen()

    def type(self, line: str) -> Screen:
        """Type a line and press Enter; the screen up to the next prompt."""
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write(line.encode("utf-8") + b"\n")
        self.proc.stdin.flush()
        return self._screen()

    def press(self, label: str) -> Screen:
        """A button by its label: its number when it is among the numbered buttons now,
        otherwise the label typed out (see `can_press`)."""
        if self.can_press(label):
            at = len(self.buttons) - 1 - self.buttons[::-1].index(label)
            return self.type(self.keys[at])
        return self.type(label)

    def can_press(self, label: str) -> bool:
        """Only the last buttons shown are numbered: an older button cannot be pressed again
        in a terminal, only its label typed as text."""
        return label in self.buttons

    def quit(self, word: str = "/quit") -> str:
        """Leave; returns the goodbye text once the process has exited."""
        assert self.proc is not None and self.proc.stdin is not None and self.proc.stdout
        self.proc.stdin.write(word.encode("utf-8") + b"\n")
        self.proc.stdin.flush()
        out, _ = self.proc.communicate(timeout=self.timeout_s)  # closes stdin: end of input
        assert self.proc.returncode == 0, f"anxin chat exited with {self.proc.returncode}"
        return (self._buffer + out).decode("utf-8")

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)

    def _screen(self) -> Screen:
        raw = self._read_to_prompt()
        screen = parse(raw)
        self.buttons = screen.buttons
        self.keys = screen.keys
        return screen

    def _read_to_prompt(self) -> str:
        """Output up to the prompt the process prints when it waits for the next line."""
        assert self.proc is not None and self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + self.timeout_s
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while True:
                text = self._buffer.decode("utf-8", errors="replace")
                if text == PROMPT or text.endswith("\n" + PROMPT):
                    self._buffer = b""
                    return text.removesuffix(PROMPT)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no prompt from anxin chat in {self.timeout_s}s: {text!r}")
                if sel.select(timeout=left):
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        code = self.proc.wait(timeout=self.timeout_s)
                        raise EOFError(f"anxin chat exited ({code}) before the prompt: {text!r}")
                    self._buffer += chunk
