"""The release-date slip chart: x = when an article said it, y = the release date it announced."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 260
PAD_L, PAD_R, PAD_T, PAD_B = 70, 20, 20, 40


def _as_date(value: str) -> date | None:
    """A point for an ISO value of any precision ("2023" -> mid-year, "2023-07" -> mid-month)."""
    try:
        if len(value) == 4:
            return date(int(value), 7, 1)
        if len(value) == 7:
            return date(int(value[:4]), int(value[5:7]), 15)
        return date.fromisoformat(value)
    except ValueError:
        return None


def slip_chart(claims: list[dict[str, Any]]) -> Markup:
    """Inline SVG: one point per (article, announced release date), a step line through the current
    announcements, each point linked to its article. Empty when there is nothing to draw."""
    points = []
    for c in claims:
        y = _as_date(c["value"])
        x = _as_date(c["asserted_on"])
        if x is None or y is None:
            continue
        points.append((x, y, c))
    if not points:
        return Markup("")
    xs = [p[0].toordinal() for p in points]
    ys = [p[1].toordinal() for p in points]
    x0, x1 = min(xs) - 15, max(xs) + 15
    y0, y1 = min(ys) - 30, max(ys) + 30

    def sx(v: int) -> float:
        return PAD_L + (v - x0) / max(x1 - x0, 1) * (WIDTH - PAD_L - PAD_R)

    def sy(v: int) -> float:
        return HEIGHT - PAD_B - (v - y0) / max(y1 - y0, 1) * (HEIGHT - PAD_T - PAD_B)

    parts = [
        f'<svg class="slip-chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        'xmlns="http://www.w3.org/2000/svg"><title>Release date announced over time</title>',
        f'<line x1="{PAD_L}" y1="{HEIGHT - PAD_B}" x2="{WIDTH - PAD_R}" y2="{HEIGHT - PAD_B}" class="axis"/>',
        f'<line x1="{PAD_L}" y1="{PAD_T}" x2="{PAD_L}" y2="{HEIGHT - PAD_B}" class="axis"/>',
    ]
    for v, anchor in ((min(xs), "start"), (max(xs), "end")):
        label = date.fromordinal(v).isoformat()
        parts.append(f'<text x="{sx(v):.1f}" y="{HEIGHT - 12}" text-anchor="{anchor}" class="tick">{label}</text>')
    for year in range(date.fromordinal(y0).year + 1, date.fromordinal(y1).year + 1):
        v = date(year, 1, 1).toordinal()
        parts.append(
            f'<line x1="{PAD_L}" y1="{sy(v):.1f}" x2="{WIDTH - PAD_R}" y2="{sy(v):.1f}" class="grid"/>'
            f'<text x="{PAD_L - 6}" y="{sy(v) + 4:.1f}" text-anchor="end" class="tick">{year}</text>'
        )
    for v in ():
        parts.append(
            f'<text x="{PAD_L - 6}" y="{sy(v) + 4:.1f}" text-anchor="end" class="tick">'
            f"{escape(date.fromordinal(v).isoformat())}</text>"
        )
    # the step line through the schedule as each article stated it (one value per article date:
    # the first date still ahead of the article, as the dossier picks it)
    by_day: dict[date, list[tuple[date, date, dict[str, Any]]]] = {}
    for p in points:
        if p[2]["rel"] == "release_date":
            by_day.setdefault(p[0], []).append(p)
    steps = []
    for day in sorted(by_day):
        group = by_day[day]
        ahead = [p for p in group if p[1] >= day] or group
        steps.append(ahead[0])
    if steps:
        first_x, first_y, _ = steps[0]
        path = [f"M{sx(first_x.toordinal()):.1f} {sy(first_y.toordinal()):.1f}"]
        for x, y, _ in steps[1:]:
            path.append(f"H{sx(x.toordinal()):.1f} V{sy(y.toordinal()):.1f}")
        parts.append(f'<path class="step" d="{" ".join(path)}"/>')
    for x, y, c in sorted(points, key=lambda p: (p[0], p[1])):
        cls = "point previous" if c["rel"] == "previous_release_date" else "point"
        tip = f"{c['value']} — said {c['asserted_on']} by {c['ref']}"
        parts.append(
            f'<a href="/articles/{escape(quote(str(c["ref"]), safe=""))}" class="point-link"><circle class="{cls}" '
            f'cx="{sx(x.toordinal()):.1f}" cy="{sy(y.toordinal()):.1f}" r="5" data-value="{escape(c["value"])}">'
            f"<title>{escape(tip)}</title></circle></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
