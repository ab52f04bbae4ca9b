"""Charts as server-made SVG (no JavaScript): bars and a histogram. Labels are escaped, sized to
fit (none is cut off), and each chart names itself for screen readers (``title``)."""

from __future__ import annotations

from html import escape

WIDTH = 640
BAR = "#1f6f8b"


def _open(height: int, title: str) -> str:
    named = f' aria-label="{escape(title)}"' if title else ""
    inner = f"<title>{escape(title)}</title>" if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" class="chart"{named}>{inner}'
    )


def _text_width(text: str, size: int) -> float:
    """About how wide ``text`` is drawn at ``size`` px (a generous average for sans-serif)."""
    return len(text) * size * 0.6


def bars(data: list[tuple[str, int]], horizontal: bool = False, title: str = "") -> str:
    if horizontal:
        return _horizontal(data, title)
    height, top, bottom = 200, 20, 40
    count = max(len(data), 1)
    step = (WIDTH - 40) / count
    peak = max((value for _, value in data), default=0) or 1
    widest = max((_text_width(label, 10) for label, _ in data), default=0)
    every = max(count // 10, 1, int(widest // step) + 1)  # labels that would overlap are skipped
    parts = [_open(height, title)]
    for i, (label, value) in enumerate(data):
        h = (height - top - bottom) * value / peak
        x = 30 + i * step
        y = height - bottom - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.8:.1f}" height="{h:.1f}" '
            f'fill="{BAR}"><title>{escape(label)}: {value}</title></rect>'
        )
        if value:
            parts.append(
                f'<text x="{x + step * 0.4:.1f}" y="{y - 3:.1f}" font-size="10" '
                f'text-anchor="middle">{value}</text>'
            )
        if i % every == 0:
            parts.append(
                f'<text x="{x + step * 0.4:.1f}" y="{height - bottom + 14}" '
                f'font-size="10" text-anchor="middle">{escape(label)}</text>'
            )
    parts.append(
        f'<line x1="28" y1="{height - bottom}" x2="{WIDTH - 5}" '
        f'y2="{height - bottom}" stroke="#333"/></svg>'
    )
    return "".join(parts)


def _horizontal(data: list[tuple[str, int]], title: str = "") -> str:
    row = 26
    widest = max((_text_width(label, 13) for label, _ in data), default=0)
    label_width = int(min(max(170, widest + 16), WIDTH / 2))
    height = row * len(data) + 10
    peak = max((value for _, value in data), default=0) or 1
    parts = [_open(height, title)]
    for i, (label, value) in enumerate(data):
        y = 5 + i * row
        w = (WIDTH - label_width - 50) * value / peak
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" font-size="13" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
            f'fill="{BAR}"><title>{escape(label)}: {value}</title></rect>'
        )
        parts.append(
            f'<text x="{label_width + w + 6:.1f}" y="{y + 16}" font-size="13">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def histogram(values: list[float], unit: str, title: str = "") -> str:
    edges = [0, 6, 24, 72, 168, float("inf")]
    names = ["<6", "6–24", "24–72", "72–168", "≥168"]
    counts = [sum(1 for v in values if low <= v < high) for low, high in zip(edges, edges[1:])]
    return bars([(f"{name} {unit}", count) for name, count in zip(names, counts)], title=title)
