"""The whole loop from the command line: add a feed, run the monitor once, see documents with
their matched fact-check, a narrative in the trends, and an alert delivered to a webhook."""

import json
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from kiemchung.cli import main
from kiemchung.library.record import FactCheck
from kiemchung.matching.library_index import add_factchecks
from kiemchung.store import Store
from test_monitor_poller import ARTICLE

LEMON = ("Uống nước chanh nóng mỗi sáng tiêu diệt tế bào ung thư, hiệu quả hơn hóa trị gấp "
         "10.000 lần.")
SAYS = [
    LEMON,
    "Chuyên gia khẳng định uống nước chanh nóng mỗi sáng tiêu diệt tế bào ung thư, hiệu quả hơn "
    "hóa trị gấp 10.000 lần.",
    "Tin lan truyền: uống nước chanh nóng mỗi sáng tiêu diệt tế bào ung thư, hiệu quả hơn hóa trị "
    "gấp 10.000 lần.",
]


def recent_feed(site: Any, paths: list[str]) -> str:
    """A feed whose entries were published in the last hours."""
    moment = datetime.now(timezone.utc)
    items = "".join(f"<item><title>Bài {n}</title><link>{site.base}{path}</link><pubDate>"
                    f"{format_datetime(moment - timedelta(hours=n + 1))}</pubDate></item>"
                    for n, path in enumerate(paths))
    return f'<rss version="2.0"><channel><title>Báo Test</title>{items}</channel></rss>'


@pytest.mark.slow
def test_feed_to_alert(home: Path, site: Any, loopback: None, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KIEMCHUNG_MONITOR_HOST_GAP", "0")
    monkeypatch.setenv("KIEMCHUNG_ALERT_WEBHOOK", f"{site.base}/hook")
    add_factchecks(Store(), [FactCheck(
        url="https://factcheck.example/nuoc-chanh-nong", claim_reviewed=LEMON, rating_text="Sai",
        rating_value=1, rating_label="false", language="vi")])
    paths = [f"/suc-khoe/bai-viet-{n}-1234567.html" for n in range(len(SAYS))]
    for path, text in zip(paths, SAYS):
        site.route(path, ARTICLE.format(title=f"Bài {path}", text=text))
    site.route("/suc-khoe.rss", recent_feed(site, paths), content_type="application/rss+xml",
               etag='"1"')
    site.route("/hook", "ok", content_type="text/plain")

    assert main(["sources", "add", f"{site.base}/suc-khoe.rss", "--name", "Báo Test"]) == 0
    assert main(["monitor", "--once"]) == 0
    out = capsys.readouterr().out
    assert "polled 1 sources" in out and "3 new items" in out and "1 alerts (1 sent)" in out

    assert main(["documents", "list"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 3
    assert all(line["matches"] == ["https://factcheck.example/nuoc-chanh-nong"] for line in lines)

    [hook] = site.requests("/hook")
    message = json.loads(hook.body)["text"]
    assert "“Sai”" in message and "3 new documents" in message

    assert main(["trends", "--since", "1d", "--format", "jsonl"]) == 0
    trends = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert trends[0]["factcheck"]["url"] == "https://factcheck.example/nuoc-chanh-nong"
    assert trends[0]["documents"] == 3

    assert main(["monitor", "--once"]) == 0  # nothing due: nothing fetched, nothing sent again
    assert "polled 0 sources" in capsys.readouterr().out
    assert len(site.requests("/hook")) == 1


def test_once_fails_when_every_source_failed(home: Path, site: Any, loopback: None,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    site.route("/gone.rss", "not here", status=404, content_type="text/plain")
    site.route("/ok.rss", recent_feed(site, []), content_type="application/rss+xml")
    assert main(["sources", "add", f"{site.base}/gone.rss", "--kind", "rss"]) == 0
    assert main(["sources", "add", f"{site.base}/ok.rss", "--kind", "rss"]) == 0
    assert main(["monitor", "--once"]) == 0  # one of two failed: the round still did its work
    captured = capsys.readouterr()
    assert "polled 2 sources" in captured.out and "1 failed" in captured.out
    assert f"failed: {site.base}/gone.rss" in captured.err

    site.route("/ok.rss", "gone too", status=500, content_type="text/plain")
    for source in ("gone", "ok"):  # both due again
        assert main(["sources", "remove", f"{site.base}/{source}.rss"]) == 0
        assert main(["sources", "add", f"{site.base}/{source}.rss", "--kind", "rss"]) == 0
    assert main(["monitor", "--once"]) == 1  # a cron job hears that nothing could be polled
    assert "2 failed" in capsys.readouterr().out
