"""Normalising date expressions against the article date, to the most precise ISO form the text supports."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
SEASONS = {"spring", "summer", "fall", "autumn", "winter", "holiday", "holidays"}
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

# a month name is a whole word: "13 markets" holds no "13 Mar", "Decades" no "Dec"
_M = r"(?<![A-Za-z])(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![A-Za-z])\.?"
_D = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_Y = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?:(?:" + "|".join(WEEKDAYS) + r"),?\s+)?"

PATTERNS = [
    re.compile(_WD + _M + r"\s+" + _D + r"(?:,?\s+" + _Y + r")?(?![\d])", re.I),  # May 27, 2022 / May 27
    re.compile(_WD + _D + r"(?:\s+of)?\s+" + _M + r"(?:,?\s+" + _Y + r")?(?![\d])", re.I),  # 27 May 2022
    re.compile(r"(?P<season>spring|summer|fall|autumn|winter|holiday season|holidays)\s+(?:of\s+)?" + _Y, re.I),
    re.compile(r"(?:early|mid|late|end of)?-?\s*" + _M + r",?\s+(?:of\s+)?" + _Y, re.I),  # July 2023
    re.compile(
        r"(?P<rel>next|this|last)\s+(?P<unit>year|month|summer|spring|fall|autumn|winter|week|"
        r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
        re.I,
    ),
    re.compile(r"(?P<rel2>later this|early next|later next|early this)\s+(?P<unit2>year|month)", re.I),
    re.compile(r"(?<![\d/-])" + _Y + r"(?![\d/-])"),
]
DATE_RE = re.compile("|".join(f"(?:{p.pattern})" for p in PATTERNS[:1]), re.I)


def _infer_year(month: int, day: int | None, ref: date) -> int:
    """A date without a year is the next such date on or after the article (a little past allowed)."""
    year = ref.year
    try:
        cand = date(year, month, day or 1)
    except ValueError:
        return year
    if cand < ref - timedelta(days=92):
        return year + 1
    return year


def find_dates(text: str, ref: date) -> list[tuple[int, int, str]]:
    """Every date expression in ``text``: (start, end, ISO value), non-overlapping, in order."""
    out: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < b and a < e for a, b in taken)

    for k, rx in enumerate(PATTERNS):
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if not free(s, e) or not m.group(0).strip():
                continue
            g = m.groupdict()
            value: str | None = None
            if k in (0, 1):
                month = MONTHS[g["month"].lower().rstrip(".")]
                day = int(g["day"])
                if not 1 <= day <= 31:
                    continue
                # "May 27" needs a guard: "may" the verb
                if g["month"].lower() == "may" and not g["month"][0].isupper():
                    continue
                year = int(g["year"]) if g.get("year") else _infer_year(month, day, ref)
                try:
                    value = date(year, month, day).isoformat()
                except ValueError:
                    continue
            elif k == 2:
                value = g["year"]
            elif k == 3:
                if g["month"].lower() == "may" and not g["month"][0].isupper():
                    continue
                value = f"{int(g['year']):04d}-{MONTHS[g['month'].lower().rstrip('.')]:02d}"
            elif k == 4:
                rel, unit = g["rel"].lower(), g["unit"].lower()
                shift = {"next": 1, "this": 0, "last": -1}[rel]
                if unit == "year":
                    value = str(ref.year + shift)
                elif unit == "month":
                    m0 = ref.month - 1 + shift
                    value = f"{ref.year + m0 // 12:04d}-{m0 % 12 + 1:02d}"
                elif unit in SEASONS:
                    value = str(ref.year + shift if rel != "next" or unit != "winter" else ref.year + 1)
                    if rel == "next" and unit != "winter":
                        season_month = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9}[unit]
                        value = str(ref.year + (1 if ref.month >= season_month else 0))
                elif unit in WEEKDAYS:
                    delta = (WEEKDAYS[unit] - ref.weekday()) % 7
                    if rel == "next" and delta == 0:
                        delta = 7
                    if rel == "last":
                        delta = delta - 7 if delta else -7
                    value = (ref + timedelta(days=delta)).isoformat()
                else:
                    continue  # "next week": too vague
            elif k == 5:
                rel = g["rel2"].lower()
                unit = g["unit2"].lower()
                if unit == "year":
                    value = str(ref.year + (1 if "next" in rel else 0))
                else:
                    m0 = ref.month - 1 + (1 if "next" in rel else 0)
                    value = f"{ref.year + m0 // 12:04d}-{m0 % 12 + 1:02d}"
            else:
                value = g["year"]
            if value:
                taken.append((s, e))
                out.append((s, e, value))
    out.sort()
    return out


def normalise_date(text: str, ref: date) -> str | None:
    """The ISO value of the first date expression in ``text`` (``None`` if there is none)."""
    found = find_dates(text, ref)
    return found[0][2] if found else None
