"""Splitting texts longer than one Telegram message."""

from __future__ import annotations

import random
import unicodedata

import pytest
import regex

from bot.text_split import TELEGRAM_TEXT_LIMIT, split_text, utf16_len


def _squash(text: str) -> str:
    """The text without whitespace: what must survive splitting unchanged."""
    return "".join(text.split())


def _graphemes(text: str) -> list[str]:
    return regex.findall(r"\X", text)


def test_short_text_is_one_part_unchanged() -> None:
    text = "您好！请问您叫什么名字？\n\n  (可以只写姓)"
    assert split_text(text) == [text]


def test_blank_text_gives_no_parts() -> None:
    assert split_text("") == []
    assert split_text(" \n\t\u3000") == []


def test_paragraph_break_is_preferred_over_line_and_sentence() -> None:
    first = "第一段。" * 500  # 2,000 characters
    second = "第二段第一行。\n" + "第二段。" * 700
    parts = split_text(first + "\n\n" + second)
    assert parts[0] == first
    assert parts[1].startswith("第二段第一行。")
    assert all(utf16_len(p) <= TELEGRAM_TEXT_LIMIT for p in parts)


def test_line_break_when_no_paragraph_fits() -> None:
    lines = [f"第{i}行：欠薪{i * 100}元，工地在开发区。" for i in range(400)]
    parts = split_text("\n".join(lines))
    assert len(parts) > 1
    for part in parts:
        assert utf16_len(part) <= TELEGRAM_TEXT_LIMIT
        # Every part is made of whole lines.
        assert all(line in lines for line in part.split("\n"))
    assert "\n".join(parts).split("\n") == lines


def test_sentence_end_when_no_line_break() -> None:
    sentences = [f"老板欠了我们{i}个月的工资！还说再等等？我们等不起了。" for i in range(200)]
    text = "".join(sentences)
    parts = split_text(text)
    assert len(parts) > 1
    for part in parts[:-1]:
        assert part[-1] in "。！？"
    assert "".join(parts) == text


def test_closing_quote_stays_with_its_sentence() -> None:
    sentence = "他说“下个月一定给！”"
    text = sentence * 600
    parts = split_text(text)
    assert all(p.endswith("”") for p in parts)
    assert "".join(parts) == text


def test_hard_cut_when_no_boundary_at_all() -> None:
    text = "欠" * 10_000
    parts = split_text(text)
    assert [len(p) for p in parts] == [4096, 4096, 1808]
    assert "".join(parts) == text


@pytest.mark.parametrize(
    "cluster",
    [
        "👨‍👩‍👧‍👦",  # ZWJ family: 7 code points, 11 UTF-16 units
        "🇨🇳",  # flag: two regional indicators
        "👍🏽",  # emoji with skin tone modifier
        "1️⃣",  # keycap
        "é",  # e + combining acute
        "𠀀",  # CJK extension B: one surrogate pair
    ],
)
def test_hard_cut_never_breaks_a_grapheme(cluster: str) -> None:
    # An odd offset so the limit falls inside a cluster for every kind above.
    text = "工" * 7 + cluster * 3000
    parts = split_text(text, limit=1001)
    assert len(parts) > 1
    for part in parts:
        assert utf16_len(part) <= 1001
        assert set(_graphemes(part[7:] if part.startswith("工") else part)) <= {cluster}
    assert "".join(parts) == text


def test_utf16_length_counts_astral_characters_twice() -> None:
    assert utf16_len("工资") == 2
    assert utf16_len("😀") == 2
    assert utf16_len("👨‍👩‍👧") == len("👨‍👩‍👧".encode("utf-16-le")) // 2


def test_emoji_heavy_text_respects_the_utf16_limit() -> None:
    text = "😀" * 3000  # 3,000 code points but 6,000 UTF-16 units
    parts = split_text(text)
    assert len(parts) == 2
    assert all(utf16_len(p) <= TELEGRAM_TEXT_LIMIT for p in parts)
    assert "".join(parts) == text


def test_early_boundary_is_not_used_when_a_late_one_exists() -> None:
    text = "开头。\n\n" + "甲乙丙丁。" * 1000
    parts = split_text(text)
    # The paragraph break after 5 characters would make a useless tiny part.
    assert utf16_len(parts[0]) > TELEGRAM_TEXT_LIMIT // 2


def test_random_texts_lose_nothing_and_fit() -> None:
    rng = random.Random(7)
    alphabet = [*"工资欠薪老板项目工地。！？，\n ", "\n\n", "😀", "🇨🇳", "é", "a", "1"]
    for _ in range(30):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12_000)))
        limit = rng.choice([50, 500, 4096])
        parts = split_text(text, limit=limit)
        assert all(utf16_len(p) <= limit for p in parts)
        assert _squash("".join(parts)) == _squash(text)
        for part in parts:
            assert part.strip()
            # No part starts with a lone combining mark (a broken grapheme).
            assert unicodedata.combining(part[0]) == 0
