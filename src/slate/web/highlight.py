"""Article text with every extracted span highlighted by relation (escaped, safe to render)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape


def highlight(text: str, facts: list[dict[str, Any]], quotes: list[dict[str, Any]]) -> Markup:
    spans: list[tuple[int, int, str, str]] = []
    for f in facts:
        label = f"{f['rel']}: {f['value']}" + (f" as {f['character']}" if f.get("character") else "")
        spans.append((int(f["span_start"]), int(f["span_end"]), str(f["rel"]), f"{f['title']} — {label}"))
    for q in quotes:
        spans.append((int(q["span_start"]), int(q["span_end"]), "quote", f"quote: {q['speaker']}"))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[str] = []
    pos = 0
    for start, end, rel, label in spans:
        if start < pos or end <= start or end > len(text):
            continue  # overlapping spans: the first one wins
        out.append(str(escape(text[pos:start])))
        out.append(
            f'<mark class="rel rel-{escape(rel)}" title="{escape(label)}" data-rel="{escape(rel)}">'
            f"{escape(text[start:end])}</mark>"
        )
        pos = end
    out.append(str(escape(text[pos:])))
    paragraphs = "".join(out).split("\n\n")
    return Markup("".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs))
