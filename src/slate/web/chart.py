"""The release-date slip chart: x = when an article said it, y = the release date it announced.

Readable on its own: axis titles, a legend (filled dot: announced as the release date; hollow dot: given
as a former date; a bar: a year or month only, drawn over the span it allows), tick labels spaced so
they never overlap, the view's date ("today", or the as-of date) marked, and a ``<title>``/``<desc>``
that says in words what the chart shows. One announcement is one point in a short, labelled window.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 300
PAD_L, PAD_R, PAD_T, PAD_B = 78, 16, 34, 58
CHAR_W = 6.6  # width of one tick-label character at 11px, generously
MIN_GAP_Y = 16


def _span(value: str) -> tuple[date, date, date] | None:
    """(start, middle, end) of an ISO value of any precision: "2023" spans the year, "2023-07" the month."""
    try:
        if len(value) == 4:
            y = int(value)
            return date(y, 1, 1), date(y, 7, 1), date(y, 12, 31)
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            start = date(y, m, 1)
            end = (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)
            return start, date(y, m, 15), end
        d = date.fromisoformat(value)
        return d, d, d
    except ValueError:
        return None


def _ticks(lo: int, hi: int, room: float, label_px: float) -> list[tuple[int, str]]:
    """Tick positions (ordinal days) and labels between lo and hi, at whole years, quarters or months,
    as many as fit ``room`` pixels with ``label_px`` pixels per label."""
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    most = max(int(room // label_px), 1)
    for step_months in (1, 2, 3, 6, 12, 24, 60, 120):
        months = []
        y, m = first.year, first.month
        while date(y, m, 1) <= last:
            if (
                date(y, m, 1) >= first
                and (m - 1) % min(step_months, 12) == 0
                and (step_months <= 12 or y % (step_months // 12) == 0)
            ):
                months.append(date(y, m, 1))
            m += 1
            if m > 12:
                y, m = y + 1, 1
        if len(months) <= most:
            fmt = (lambda d: str(d.year)) if step_months >= 12 else (lambda d: d.strftime("%Y-%m"))
            return [(d.toordinal(), fmt(d)) for d in months]
    return []


def _precision(value: str) -> str:
    return {4: "year only", 7: "month only"}.get(len(value), "")


def slip_chart(claims: list[dict[str, Any]], today: date | None = None, name: str = "") -> Markup:
    """Inline SVG: one point per (article, announced release date), a step line through the current
    announcements, each point linked to its article. Empty when there is nothing to draw."""
    points: list[tuple[date, tuple[date, date, date], dict[str, Any]]] = []
    for c in claims:
        announced = _span(c["value"])
        said = _span(c["asserted_on"])
        if said is None or announced is None:
            continue
        points.append((said[1], announced, c))
    if not points:
        return Markup("")
    xs = [p[0].toordinal() for p in points]
    ys = [v for p in points for v in (p[1][0].toordinal(), p[1][2].toordinal())]
    x_lo, x_hi = min(xs), max(xs)
    if today is not None and 0 <= today.toordinal() - x_hi <= max((x_hi - x_lo) // 4, 90):
        x_hi = today.toordinal()  # reach the view's date when it is near (else it is named at the edge)
    x_pad = max((x_hi - x_lo) // 20, 20)
    y_pad = max((max(ys) - min(ys)) // 10, 45)
    x0, x1 = x_lo - x_pad, x_hi + x_pad
    y0, y1 = min(ys) - y_pad, max(ys) + y_pad
    plot_w, plot_h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B

    def sx(v: int) -> float:
        return PAD_L + (v - x0) / max(x1 - x0, 1) * plot_w

    def sy(v: int) -> float:
        return HEIGHT - PAD_B - (v - y0) / max(y1 - y0, 1) * plot_h

    # the step line through the schedule as each article stated it (one value per article date:
    # the first date still ahead of the article, as the dossier picks it)
    by_day: dict[date, list[tuple[date, tuple[date, date, date], dict[str, Any]]]] = {}
    for p in points:
        if p[2]["rel"] == "release_date":
            by_day.setdefault(p[0], []).append(p)
    steps = []
    for day in sorted(by_day):
        group = by_day[day]
        ahead = [p for p in group if p[1][1] >= day] or group
        steps.append(ahead[0])
    schedule = "; ".join(f"{s[2]['value']} (said {s[2]['asserted_on']})" for s in steps[:12])
    desc = (
        f"Release date{' of ' + name if name else ''} as each article announced it: {schedule or 'no current date'}"
        f"{' and more' if len(steps) > 12 else ''}. {len(points)} announcement{'s' if len(points) != 1 else ''}"
        f" from {date.fromordinal(min(xs)).isoformat()} to {date.fromordinal(max(xs)).isoformat()}."
    )
    bottom, right = HEIGHT - PAD_B, WIDTH - PAD_R
    parts = [
        f'<svg class="slip-chart" role="img" aria-labelledby="slip-title slip-desc" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="slip-title">Release date announced over time</title><desc id="slip-desc">{escape(desc)}</desc>',
    ]
    # y ticks and grid: announced release dates
    y_ticks = _ticks(y0, y1, plot_h, MIN_GAP_Y)
    for v, label in y_ticks:
        parts.append(
            f'<line x1="{PAD_L}" y1="{sy(v):.1f}" x2="{right}" y2="{sy(v):.1f}" class="grid"/>'
            f'<text x="{PAD_L - 6}" y="{sy(v) + 4:.1f}" text-anchor="end" class="tick">{label}</text>'
        )
    # x ticks: when the articles said it (labels at least their own width plus a gap apart)
    x_ticks = _ticks(x0, x1, plot_w, 7 * CHAR_W + 14)
    if not x_ticks:
        x_ticks = [(xs[0], date.fromordinal(xs[0]).isoformat())]
    for v, label in x_ticks:
        parts.append(
            f'<line x1="{sx(v):.1f}" y1="{bottom}" x2="{sx(v):.1f}" y2="{bottom + 4}" class="axis"/>'
            f'<text x="{sx(v):.1f}" y="{bottom + 16}" text-anchor="middle" class="tick">{label}</text>'
        )
    parts += [
        f'<line x1="{PAD_L}" y1="{bottom}" x2="{right}" y2="{bottom}" class="axis"/>',
        f'<line x1="{PAD_L}" y1="{PAD_T}" x2="{PAD_L}" y2="{bottom}" class="axis"/>',
        f'<text x="{PAD_L + plot_w / 2:.1f}" y="{HEIGHT - 22}" text-anchor="middle" class="axis-title">'
        "When an article said it</text>",
        f'<text transform="translate(14 {PAD_T + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" '
        'class="axis-title">Announced release date</text>',
    ]
    if today is not None and x0 <= today.toordinal() <= x1:
        tx = sx(today.toordinal())
        parts.append(
            f'<line x1="{tx:.1f}" y1="{PAD_T}" x2="{tx:.1f}" y2="{bottom}" class="today"/>'
            f'<text x="{tx - 3:.1f}" y="{PAD_T + 10}" text-anchor="end" class="today-label">{today.isoformat()}</text>'
        )
    elif today is not None:  # the view's date is off the chart: say where it is
        after = today.toordinal() > x1
        at, anchor, label = (right - 2, "end", f"today {today.isoformat()} →") if after else (
            PAD_L + 2, "start", f"← {today.isoformat()}")  # fmt: skip
        parts.append(f'<text x="{at}" y="{PAD_T + 10}" text-anchor="{anchor}" class="today-label">{label}</text>')
    if steps:
        first_x, first_y, _ = steps[0]
        path = [f"M{sx(first_x.toordinal()):.1f} {sy(first_y[1].toordinal()):.1f}"]
        for x, y, _ in steps[1:]:
            path.append(f"H{sx(x.toordinal()):.1f} V{sy(y[1].toordinal()):.1f}")
        if today is not None and x0 <= today.toordinal() <= x1 and today > steps[-1][0]:
            path.append(f"H{sx(today.toordinal()):.1f}")
        parts.append(f'<path class="step" d="{" ".join(path)}"/>')
    for x, (start, mid, end), c in sorted(points, key=lambda p: (p[0], p[1][1])):
        previous = c["rel"] == "previous_release_date"
        cls = "point previous" if previous else "point"
        cx, cy = sx(x.toordinal()), sy(mid.toordinal())
        precision = _precision(c["value"])
        how = "given as a former date" if previous else "announced"
        tip = f"{c['value']}{' (' + precision + ')' if precision else ''} {how} on {c['asserted_on']} by {c['ref']}"
        bar = ""
        if start != end:
            bar = (
                f'<line class="span" x1="{cx:.1f}" x2="{cx:.1f}" y1="{sy(start.toordinal()):.1f}" '
                f'y2="{sy(end.toordinal()):.1f}"/>'
            )
        parts.append(
            f'<a href="/articles/{escape(quote(str(c["ref"]), safe=""))}" class="point-link">{bar}'
            f'<circle class="{cls}" '
            f'cx="{cx:.1f}" cy="{cy:.1f}" r="5" data-value="{escape(c["value"])}">'
            f"<title>{escape(tip)}</title></circle></a>"
        )
    # legend, above the plot
    lx = PAD_L
    parts.append(
        f'<g class="legend"><circle class="point" cx="{lx + 5}" cy="14" r="5"/>'
        f'<text x="{lx + 14}" y="18" class="tick">announced date</text>'
        f'<circle class="point previous" cx="{lx + 120}" cy="14" r="5"/>'
        f'<text x="{lx + 129}" y="18" class="tick">given as a former date</text>'
        f'<line class="span" x1="{lx + 280}" x2="{lx + 280}" y1="7" y2="21"/>'
        f'<text x="{lx + 288}" y="18" class="tick">year or month only</text>'
        f'<path class="step" d="M{lx + 400} 18 H{lx + 414} V10 H{lx + 428}"/>'
        f'<text x="{lx + 434}" y="18" class="tick">current schedule</text></g>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
