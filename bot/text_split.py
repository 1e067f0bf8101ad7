"""Split a text that is too long for one Telegram message into parts that read well.

Telegram refuses a message over 4,096 characters. Each part is cut at the last paragraph
break that fits, else the last line break, else the last sentence end (。！？), else the last
space, else at a grapheme boundary, so a part never ends inside an emoji, a flag, a
surrogate pair or a letter with combining marks.

Length is counted in UTF-16 code units, which is what Telegram measures entities in and
never less than the number of code points: a part that fits by this count fits either way.
"""

from __future__ import annotations

import regex

TELEGRAM_TEXT_LIMIT = 4096

_GRAPHEME = regex.compile(r"\X")
_PARAGRAPH_BREAK = regex.compile(r"\n[ \t\u3000]*\n\s*")
_LINE_BREAK = regex.compile(r"\n\s*")
# A sentence end keeps its closing quotes and brackets: 他说“不给了！”|下一句
_SENTENCE_END = regex.compile(r"(?:[。！？!?]+|…+|\.{3,})[”’」』）)\]】\"']*\s*")
_SPACE = regex.compile(r"[ \t\u3000]+")

# Boundary kinds in the order they are preferred.
_BOUNDARIES = (_PARAGRAPH_BREAK, _LINE_BREAK, _SENTENCE_END, _SPACE)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (characters outside the BMP count twice)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Parts of `text`, each at most `limit` UTF-16 units, none empty or only whitespace.

    A text that fits is returned as it is (one part); whitespace-only text gives no parts.
    """
    limit = max(int(limit), 2)  # room for one surrogate pair, whatever the caller passed
    if not text or not text.strip():
        return []
    if utf16_len(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while rest:
        if utf16_len(rest) <= limit:
            parts.append(rest)
            break
        cut, resume = _cut_point(rest, limit)
        head = rest[:cut].rstrip()
        if head:
            parts.append(head)
        rest = rest[resume:].lstrip()
    return [part for part in parts if part.strip()]


def _cut_point(text: str, limit: int) -> tuple[int, int]:
    """(end of this part, start of the next) in code points, for a text longer than `limit`."""
    graphemes = _window_grapheme_ends(text, limit)
    window_end = graphemes[-1]
    window = text[:window_end]
    boundaries = set(graphemes)
    for pattern in _BOUNDARIES:
        found = _last_boundary(pattern, window, boundaries)
        # A break very early in the window would leave a tiny part: try the next kind.
        if found is not None and found[1] >= window_end // 4:
            start, end = found
            return (start if start > 0 else end), end
    return window_end, window_end


def _window_grapheme_ends(text: str, limit: int) -> list[int]:
    """End offsets of the whole graphemes at the start of `text` that fit in `limit` units."""
    ends: list[int] = []
    used = 0
    for match in _GRAPHEME.finditer(text):
        size = utf16_len(match.group())
        if used + size > limit:
            break
        used += size
        ends.append(match.end())
    if not ends:
        # One grapheme longer than the limit (e.g. hundreds of combining marks): cut it at
        # code points, keeping surrogate pairs whole since Python strings hold code points.
        used = 0
        for index, ch in enumerate(text):
            used += 2 if ord(ch) > 0xFFFF else 1
            if used > limit:
                break
            ends.append(index + 1)
    return ends


def _last_boundary(
    pattern: regex.Pattern[str], window: str, boundaries: set[int]
) -> tuple[int, int] | None:
    """(start, end) of the last separator match in `window` that ends on a grapheme boundary."""
    last: tuple[int, int] | None = None
    for match in pattern.finditer(window):
        # The separator itself is dropped at a paragraph, line or space break; a sentence
        # end stays with its sentence.
        keep_separator = pattern is _SENTENCE_END
        start = match.end() if keep_separator else match.start()
        end = match.end()
        if end in boundaries and end > 0:
            last = (start, end)
    return last
