"""The SVG charts: no nodes for pygal's tooltip script (the pages do not load it), and a
chart kept only for exactly the figures it draws."""

from __future__ import annotations

from intake.reports import charts

LABELS = ["03-02", "03-09", "03-16"]


def test_no_tooltip_nodes_and_no_script() -> None:
    svg = charts.line_chart("满意率 %", LABELS, {"建筑": [50.0, None, 75.0]}, percent=True)
    assert svg.lstrip().startswith("<svg") and "<circle" in svg  # the rate's dots are drawn
    assert "<desc" not in svg and "src=" not in svg
    bar = charts.bar_chart("金额", LABELS, {"追回": [1.0, 2.0, 3.0]}, money=True)
    assert "<desc" not in bar and "<rect" in bar


def test_a_kept_chart_is_served_only_for_the_same_figures() -> None:
    charts.forget_drawn()
    first = charts.line_chart("每周收到投诉", LABELS, {"建筑": [3, 4, 5]})
    again = charts.line_chart("每周收到投诉", LABELS, {"建筑": [3, 4, 5]})
    assert again is first  # kept, not drawn again
    changed = charts.line_chart("每周收到投诉", LABELS, {"建筑": [3, 4, 6]})  # one more case
    assert changed != first
    renamed = charts.line_chart("每周收到投诉", LABELS, {"民营": [3, 4, 5]})
    assert renamed != first and "民营" in renamed
    other_weeks = charts.line_chart(
        "每周收到投诉", ["03-09", "03-16", "03-23"], {"建筑": [3, 4, 5]}
    )
    assert other_weeks != first
