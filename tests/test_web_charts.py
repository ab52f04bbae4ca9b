import re

from kiemchung.web import charts, i18n


def test_day_labels_are_whole_in_both_languages():
    assert i18n.format_day("2026-12-12", "en") == "12 Dec"
    assert i18n.format_day("2026-12-12", "vi") == "12/12"


def test_charts_name_themselves_and_keep_their_labels_whole():
    svg = charts.bars([("Waiting for review", 3), ("Not checkable", 1)], horizontal=True,
                      title="Claims by status")
    assert 'aria-label="Claims by status"' in svg and "<title>Claims by status</title>" in svg
    label_width = float(re.search(r'<rect x="(\d+)"', svg).group(1))
    assert label_width >= len("Waiting for review") * 13 * 0.5


def test_crowded_day_labels_are_thinned_not_overlapped():
    days = [(f"{day} Dec", day) for day in range(1, 31)]
    svg = charts.bars(days, title="Tips per day (30 days)")
    shown = re.findall(r'<text x="([\d.]+)" y="174" [^>]*>(\d+ Dec)</text>', svg)
    xs = [float(x) for x, _ in shown]
    assert len(shown) >= 5
    assert all(b - a >= len("30 Dec") * 10 * 0.6 for a, b in zip(xs, xs[1:]))
