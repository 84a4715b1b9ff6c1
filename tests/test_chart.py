"""The slip chart on its own: one date, dates of mixed precision, labels apart, the view's date marked."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from slate.web.chart import CHAR_W, slip_chart


def claim(value: str, said: str, rel: str = "release_date") -> dict[str, Any]:
    return {"value": value, "asserted_on": said, "rel": rel, "ref": f"r-{said}"}


def ticks(svg: str, anchor: str = "middle") -> list[tuple[float, float, str]]:
    return [
        (float(x), float(y), label)
        for x, y, label in re.findall(
            rf'<text x="([\d.]+)" y="([\d.]+)" text-anchor="{anchor}" class="tick">([^<]*)<', svg
        )
    ]


def test_one_date_is_one_point_with_labels_apart() -> None:
    svg = str(slip_chart([claim("2019-01-15", "2018-06-01")], today=date(2018, 6, 20), name="Mill Pond"))
    assert svg.count('<circle class="point" cx') == 2  # the point and the legend's
    assert "2019-01-152019-01-15" not in svg
    xs = ticks(svg)
    assert xs and len({label for _, _, label in xs}) == len(xs)
    for (a, _, la), (b, _, _) in zip(xs, xs[1:], strict=False):
        assert b - a >= len(la) * CHAR_W, xs  # never overlapping
    ys = sorted(y for _, y, _ in ticks(svg, "end"))
    assert all(b - a >= 14 for a, b in zip(ys, ys[1:], strict=False)), ys
    assert '<desc id="slip-desc">Release date of Mill Pond as each article announced it: 2019-01-15' in svg
    assert 'class="today"' in svg and "2018-06-20" in svg  # the view's date, inside the chart


def test_mixed_precision_draws_the_span_a_date_allows() -> None:
    claims = [claim("2025", "2023-01-10"), claim("2025-03", "2023-06-01"), claim("2025-03-07", "2023-09-01"),
              claim("2024-12-20", "2023-09-01", "previous_release_date")]  # fmt: skip
    svg = str(slip_chart(claims, today=date(2031, 1, 1)))
    assert svg.count('<line class="span"') == 3  # the year, the month, and the legend's sample
    assert "2025 (year only) announced on 2023-01-10" in svg and "2025-03 (month only)" in svg
    assert svg.count('class="point previous"') == 2  # the hollow point and the legend's
    assert "today 2031-01-01 →" in svg  # far after the last article: named at the edge
    assert "axis-title" in svg and "When an article said it" in svg and "Announced release date" in svg


def test_nothing_to_draw() -> None:
    assert str(slip_chart([claim("soon", "2023-01-01")])) == ""
