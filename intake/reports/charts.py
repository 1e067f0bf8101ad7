"""Server-rendered SVG charts (pygal): no JavaScript library and no CDN, so the pages and
the weekly report work on a machine without internet.

pygal's optional tooltip script would be fetched from a CDN; `js=[]` leaves it out, and
with it the `<desc>` nodes pygal writes at every point for that script (much of the drawing
of a chart with dots, and they show nothing without the script).

A chart is a function of its inputs alone, so drawn charts are kept by those inputs (the
figures themselves): the same figures are not drawn twice, and changed figures (a ticket
changed) are a different key, drawn afresh; nothing kept can be stale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import pygal
from pygal.style import Style

_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1d2733",
    foreground_strong="#1d2733",
    foreground_subtle="#9aa5b1",
    font_family='system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif',
    title_font_size=15,
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=11,
    colors=(
        "#b3261e",
        "#1f6fb2",
        "#2e8b57",
        "#e08a00",
        "#7b4fa0",
        "#00838f",
        "#8d6e63",
        "#c2185b",
        "#546e7a",
        "#9e9d24",
    ),
)


def _config(title: str, labels: Sequence[str], *, percent: bool, money: bool) -> dict[str, Any]:
    def fmt(value: float | None) -> str:
        if value is None:
            return "—"
        if percent:
            return f"{value:.0f}%"
        if money:
            return f"{value:,.0f} 元"
        return f"{value:,.0f}"

    return {
        "title": title,
        "x_labels": list(labels),
        "js": [],
        "disable_xml_declaration": True,
        "style": _STYLE,
        "width": 820,
        "height": 330,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 4,
        "truncate_legend": -1,
        "truncate_label": -1,
        "x_label_rotation": 0 if len(labels) <= 14 else 30,
        "show_minor_x_labels": True,
        "value_formatter": fmt,
        "range": (0, 100) if percent else None,
        "include_x_axis": not percent,
        "no_data_text": "暂无数据",
        "print_values": False,
        "dots_size": 2.5,
    }


def _nice_integer_labels(series: Mapping[str, Sequence[float | None]]) -> list[float]:
    """Whole-number gridlines (0, 1, 2 ... or 0, 50, 100 ...) for counts and amounts:
    pygal's own scale would label a small count axis 0, 0.5, 1 ... rounded to 0, 0, 1."""
    top = max((v for values in series.values() for v in values if v is not None), default=0)
    if top <= 0:
        return [0, 1]
    raw_step = top / 5
    magnitude = 10 ** max(len(str(int(raw_step))) - 1, 0)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw_step)
    count = int(-(-top // step))
    return [float(step * i) for i in range(count + 1)]


class _NoTooltips:
    def _tooltip_data(self, *args: Any, **kwargs: Any) -> None:
        """Nothing: the `<desc>` nodes are read only by pygal's tooltip script."""


class _Line(_NoTooltips, pygal.Line):  # type: ignore[misc]
    pass


class _Bar(_NoTooltips, pygal.Bar):  # type: ignore[misc]
    pass


class _HorizontalBar(_NoTooltips, pygal.HorizontalBar):  # type: ignore[misc]
    pass


Series = tuple[tuple[str, tuple[float | None, ...]], ...]
KEPT_CHARTS = 256  # some fifty dashboard views (scope, filters, weeks) of five charts each


def _frozen(series: Mapping[str, Sequence[float | None]]) -> Series:
    return tuple((name, tuple(values)) for name, values in series.items())


def forget_drawn() -> None:
    """Drop every kept chart (the benchmark measures drawing afresh with it)."""
    _draw_line.cache_clear()
    _draw_bar.cache_clear()


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    percent: bool = False,
    money: bool = False,
) -> str:
    return _draw_line(title, tuple(labels), _frozen(series), percent, money)


@lru_cache(maxsize=KEPT_CHARTS)
def _draw_line(
    title: str, labels: tuple[str, ...], series: Series, percent: bool, money: bool
) -> str:
    config = _config(title, labels, percent=percent, money=money)
    if not percent:
        config["y_labels"] = _nice_integer_labels(dict(series))
        # counts have a value every week, so the lines are continuous; dots (half the
        # rendering time) are kept for rates, whose weeks without data leave gaps
        config["show_dots"] = False
    chart = _Line(**config)
    for name, values in series:
        chart.add(name, list(values), allow_interruptions=True)
    return str(chart.render(is_unicode=True))


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    percent: bool = False,
    money: bool = False,
    horizontal: bool = False,
    upper: float | None = None,
) -> str:
    """`upper`: a fixed top of the value axis (100 for scores)."""
    return _draw_bar(title, tuple(labels), _frozen(series), percent, money, horizontal, upper)


@lru_cache(maxsize=KEPT_CHARTS)
def _draw_bar(
    title: str,
    labels: tuple[str, ...],
    frozen: Series,
    percent: bool,
    money: bool,
    horizontal: bool,
    upper: float | None,
) -> str:
    series: Mapping[str, Sequence[float | None]] = dict(frozen)
    kind = _HorizontalBar if horizontal else _Bar
    config = _config(title, labels, percent=percent, money=money)
    if upper is not None:
        config["range"] = (0, upper)
        config["y_labels"] = [upper * i / 5 for i in range(6)]
    elif not percent:
        config["y_labels"] = _nice_integer_labels(series)
    if horizontal:
        # pygal draws the first label at the bottom: reverse, so the list reads top-down;
        # and it sizes the label margin for Latin letters, about half a CJK character
        config["x_labels"] = list(reversed(labels))
        series = {name: list(reversed(values)) for name, values in series.items()}
        widest = max((len(label) for label in labels), default=0)
        config["margin_left"] = 8 + 6 * widest
        config["height"] = max(240, 60 + 26 * len(labels) * max(len(series), 1))
    chart = kind(**config)
    for name, values in series.items():
        chart.add(name, list(values))
    return str(chart.render(is_unicode=True))
