"""Inline keyboards, their numbered-text fallback, and reading a typed choice."""

from __future__ import annotations

import pytest

from bot.keyboard_fallback import (
    FALLBACK_HEADER,
    Button,
    can_render_inline,
    coerce_buttons,
    inline_keyboard,
    numbered_text,
    parse_choice,
)

TOWNSHIPS = [
    Button(label="城关镇", value="tw:1"),
    Button(label="开发区街道", value="tw:2"),
    Button(label="其他/不清楚", value="tw:other"),
]


def test_coerce_accepts_pairs_mappings_and_buttons_and_skips_junk() -> None:
    raw = [
        ("同意", "consent:yes"),
        {"label": "不同意", "value": "consent:no"},
        Button(label="稍后", value="later"),
        {"label": "  "},  # empty label
        "not a button",
        42,
        ("a", "b", "c"),
    ]
    assert coerce_buttons(raw) == [
        Button(label="同意", value="consent:yes"),
        Button(label="不同意", value="consent:no"),
        Button(label="稍后", value="later"),
    ]
    assert coerce_buttons(None) == []


def test_inline_keyboard_carries_values_as_callback_data() -> None:
    markup = inline_keyboard(TOWNSHIPS)
    flat = [button for row in markup.inline_keyboard for button in row]
    assert [(b.text, b.callback_data) for b in flat] == [
        ("城关镇", "tw:1"),
        ("开发区街道", "tw:2"),
        ("其他/不清楚", "tw:other"),
    ]


def test_short_labels_share_rows_and_long_ones_get_their_own() -> None:
    short = inline_keyboard([Button(label="是", value="y"), Button(label="否", value="n")])
    assert [len(row) for row in short.inline_keyboard] == [2]
    long_labels = [
        Button(label="建筑工地（房建、市政、交通水利）", value=f"s{i}") for i in range(3)
    ]
    assert [len(row) for row in inline_keyboard(long_labels).inline_keyboard] == [1, 1, 1]


def test_what_telegram_would_refuse_is_detected_before_sending() -> None:
    assert can_render_inline(TOWNSHIPS)
    assert not can_render_inline([])
    assert not can_render_inline([Button(label="太长", value="x" * 65)])
    assert not can_render_inline([Button(label="中文值", value="项目" * 11)])  # 66 bytes in UTF-8
    assert not can_render_inline([Button(label="空值", value="")])
    assert not can_render_inline([Button(label=str(i), value=str(i)) for i in range(101)])


def test_numbered_text_lists_every_option() -> None:
    text = numbered_text("请选择您工作的乡镇/街道：", TOWNSHIPS)
    assert text == (
        f"请选择您工作的乡镇/街道：\n\n{FALLBACK_HEADER}\n1. 城关镇\n2. 开发区街道\n3. 其他/不清楚"
    )
    assert numbered_text("没有选项", []) == "没有选项"
    assert numbered_text("", TOWNSHIPS).startswith(FALLBACK_HEADER)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1", "tw:1"),
        (" 2 ", "tw:2"),
        ("２", "tw:2"),  # full-width digit
        ("3.", "tw:other"),
        ("3。", "tw:other"),
        ("二", "tw:2"),
        ("两", "tw:2"),
        ("第三个", "tw:other"),
        ("选1", "tw:1"),
        ("选第2个", "tw:2"),
        ("2号", "tw:2"),
        ("开发区街道", "tw:2"),  # the label itself
        ("其他/不清楚", "tw:other"),
    ],
)
def test_typed_choice_is_read_back(typed: str, expected: str) -> None:
    assert parse_choice(typed, TOWNSHIPS) == expected


@pytest.mark.parametrize(
    "typed", ["0", "4", "十", "100", "", "   ", None, "城关", "我选城关镇吧", "1 2"]
)
def test_anything_else_is_no_choice(typed: str | None) -> None:
    assert parse_choice(typed, TOWNSHIPS) is None


def test_no_options_means_no_choice() -> None:
    assert parse_choice("1", []) is None


def test_label_match_ignores_width_and_case() -> None:
    options = [Button(label="OK", value="ok"), Button(label="Ａ栋", value="a")]
    assert parse_choice("ok", options) == "ok"
    assert parse_choice("A栋", options) == "a"
