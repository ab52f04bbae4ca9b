"""Polling against servers the tests start on 127.0.0.1: feeds, pages, robots.txt, 304s,
slow and failing endpoints, per-host gaps, backoff, and refusal of private addresses."""

import json
import socket
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from kiemchung import fetch as guard
from kiemchung.cli import main
from kiemchung.clock import now, parse_iso
from kiemchung.errors import FetchRefused
from kiemchung.monitor import schedule, sources
from kiemchung.monitor.poller import Poller
from kiemchung.monitor.tables import sources as sources_table
from kiemchung.settings import Settings
from kiemchung.store import Store

ARTICLE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{text}</p><p>Các chuyên gia khuyến cáo người dân đi khám sức khỏe định kỳ tại cơ sở y tế uy tín.</p>
</article></body></html>"""
TEXTS = [
    "Bộ Y tế cho biết năm 2024 cả nước ghi nhận 180.480 ca mắc ung thư mới và hơn 120.000 ca tử vong.",
    "Giá xăng RON95 tăng 2.000 đồng mỗi lít từ 15 giờ chiều nay theo quyết định của liên Bộ.",
    "Tổng cục Thống kê công bố GDP quý III tăng 7,4% so với cùng kỳ năm trước.",
    "Hà Nội sẽ cấm xe máy trong khu vực nội đô từ năm 2030 theo nghị quyết mới của HĐND.",
]


def feed(site: Any, paths: list[str], title: str = "Tin Test") -> str:
    items = "".join(
        f"<item><title>Bài {n}</title><link>{site.base}{path}</link>"
        f"<pubDate>Mon, 24 Nov 2025 0{n}:00:00 GMT</pubDate></item>"
        for n, path in enumerate(paths, 1))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"{items}</channel></rss>")


def serve_feed(site: Any, name: str, texts: list[str], *, etag: str | None = '"v1"',
               delay: float = 0.0) -> list[str]:
    paths = [f"/{name}/bai-viet-{n}-1234567.html" for n in range(len(texts))]
    for path, text in zip(paths, texts):
        site.route(path, ARTICLE.format(title=path, text=text), delay=delay)
    site.route(f"/{name}.rss", feed(site, paths), content_type="application/rss+xml",
               etag=etag)
    return paths


@pytest.fixture
def store(home: Path, loopback: None, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("KIEMCHUNG_MONITOR_HOST_GAP", "0")
    return Store()


def test_new_feed_items_are_stored_with_claims_and_listed(store: Store, site: Any,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    serve_feed(site, "tin", TEXTS[:2])
    sources.add(store, f"{site.base}/tin.rss", name="Báo Test")
    report = Poller(store).round()
    assert (report.polled, report.new_items, report.documents) == (1, 2, 2)
    [source] = sources.all_sources(store)
    assert (source.health, source.items_seen, source.etag) == ("ok", 2, '"v1"')
    assert main(["documents", "list", "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["title"] for line in lines] == ["Bài 1", "Bài 2"]
    assert set(lines[0]) == {"url", "title", "source", "published", "claims", "matches"}
    assert lines[0]["source"] == "Báo Test" and lines[0]["claims"] >= 1


def test_unchanged_feed_costs_one_conditional_request(store: Store, site: Any) -> None:
    serve_feed(site, "tin", TEXTS[:2])
    source = sources.add(store, f"{site.base}/tin.rss")
    poller = Poller(store)
    poller.round()
    before = len(site.seen)
    sources.resume(store, source.id)  # due again now
    report = poller.round()
    assert (report.polled, report.not_modified, report.new_items) == (1, 1, 0)
    [request] = site.seen[before:]
    assert (request.path, request.headers["If-None-Match"]) == ("/tin.rss", '"v1"')
    assert request.headers["User-Agent"].startswith("KiemChungBot/")


def test_changed_feed_without_validators_fetches_only_new_pages(store: Store, site: Any) -> None:
    paths = serve_feed(site, "tin", TEXTS[:2], etag=None)
    source = sources.add(store, f"{site.base}/tin.rss")
    poller = Poller(store)
    poller.round()
    site.route("/tin/bai-viet-new-7654321.html", ARTICLE.format(title="x", text=TEXTS[2]))
    site.route("/tin.rss", feed(site, [*paths, "/tin/bai-viet-new-7654321.html"]),
               content_type="application/rss+xml")
    before = len(site.seen)
    sources.resume(store, source.id)
    report = poller.round()
    assert report.new_items == 1
    assert [seen.path for seen in site.seen[before:]] == ["/tin.rss",
                                                         "/tin/bai-viet-new-7654321.html"]


def test_robots_txt_is_honoured(store: Store, site: Any) -> None:
    serve_feed(site, "tin", TEXTS[:1])
    site.route("/robots.txt", "User-agent: KiemChungBot\nDisallow: /tin.rss\n",
               content_type="text/plain")
    sources.add(store, f"{site.base}/tin.rss")
    report = Poller(store).round()
    assert report.failed == 1
    [source] = sources.all_sources(store)
    assert "robots.txt" in (source.last_error or "")
    assert site.requests("/tin.rss") == []


def test_one_request_at_a_time_per_host_with_the_gap(store: Store, site: Any) -> None:
    for name in ("a", "b", "c"):
        site.route(f"/{name}.rss", feed(site, []), content_type="application/rss+xml")
        sources.add(store, f"{site.base}/{name}.rss")
    Poller(store, gap=0.3, workers=4).round()
    times = sorted(seen.at for seen in site.seen if seen.path.endswith(".rss"))
    assert len(times) == 3
    assert all(b - a >= 0.28 for a, b in zip(times, times[1:]))


def test_failing_source_backs_off_and_turns_unhealthy(store: Store, site: Any) -> None:
    store.settings = store.settings.replace(KIEMCHUNG_MONITOR_UNHEALTHY_AFTER="3")
    site.route("/down.rss", "oops", status=500)
    source = sources.add(store, f"{site.base}/down.rss", kind="rss")
    poller = Poller(store)
    waits = []
    for _ in range(3):
        poller.round()
        source = sources.get(store, source.id)
        waits.append((parse_iso(source.next_poll_at) - now()).total_seconds())
        assert schedule.due(store) == []  # not retried in a tight loop
        with store.db.transaction() as connection:  # make it due again, keeping its failures
            connection.execute(sources_table.update().values(
                next_poll_at=source.last_polled_at))
    assert source.failures == 3 and source.health == "unhealthy"
    assert "HTTP 500" in (source.last_error or "")
    assert 55 <= waits[0] <= 70 and 110 <= waits[1] <= 140  # 60 s, then doubled
    assert waits[2] >= timedelta(hours=6).total_seconds() - 5  # unhealthy: the longest wait
    assert len(site.requests("/down.rss")) == 3


def test_slow_endpoint_times_out_as_a_failure(store: Store, site: Any) -> None:
    store.settings = store.settings.replace(KIEMCHUNG_FETCH_TIMEOUT="0.5")
    site.route("/slow.rss", feed(site, []), content_type="application/rss+xml", delay=1.5)
    sources.add(store, f"{site.base}/slow.rss")
    started = time.monotonic()
    report = Poller(store).round()
    assert report.failed == 1 and time.monotonic() - started < 1.4
    assert "timed out" in (sources.all_sources(store)[0].last_error or "")


def test_loopback_source_is_refused_without_the_override(home: Path, site: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIEMCHUNG_ALLOW_PRIVATE_HOSTS", raising=False)
    serve_feed(site, "tin", TEXTS[:1])
    with pytest.raises(FetchRefused, match="loopback"):
        sources.add(Store(), f"{site.base}/tin.rss")  # refused when it is given
    # Added while the override was set, polled after it was taken away: refused at the fetch.
    allowed = Store(settings=Settings.from_env().replace(KIEMCHUNG_ALLOW_PRIVATE_HOSTS="1"))
    sources.add(allowed, f"{site.base}/tin.rss", kind="rss")
    allowed.close()
    store = Store()
    Poller(store).round()
    [source] = sources.all_sources(store)
    assert "loopback" in (source.last_error or "") and source.failures == 1
    assert site.seen == []


def test_redirect_to_a_private_address_is_refused(home: Path, site: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A public host whose feed redirects to 127.0.0.1 is refused after the redirect."""
    monkeypatch.delenv("KIEMCHUNG_ALLOW_PRIVATE_HOSTS", raising=False)
    public_ip = "93.184.215.14"
    real = socket.create_connection

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        if address[0] == public_ip:
            address = ("127.0.0.1", address[1])
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(guard, "system_resolver",
                        lambda host, port: [public_ip] if host == "public.test" else [host])
    port = site.base.rsplit(":", 1)[1]
    site.route("/feed.rss", status=302, headers={"Location": f"{site.base}/internal.rss"})
    site.route("/internal.rss", feed(site, []), content_type="application/rss+xml")
    store = Store()
    sources.add(store, f"http://public.test:{port}/feed.rss")
    Poller(store).round()
    [source] = sources.all_sources(store)
    assert "127.0.0.1" in (source.last_error or "") and "loopback" in source.last_error
    assert [seen.path for seen in site.seen] == ["/robots.txt", "/feed.rss"]


def test_item_limit_keeps_the_old_validators_so_nothing_is_lost(store: Store, site: Any) -> None:
    store.settings = store.settings.replace(KIEMCHUNG_MONITOR_MAX_ITEMS="2")
    serve_feed(site, "tin", TEXTS[:3])
    sources.add(store, f"{site.base}/tin.rss")
    poller = Poller(store)
    assert poller.round().new_items == 2
    [source] = sources.all_sources(store)
    assert source.etag is None and schedule.due(store)  # due again, without a 304 shortcut
    assert poller.round().new_items == 1
    assert sources.all_sources(store)[0].etag == '"v1"'


def test_sitemap_jsonl_and_listing_page_sources(store: Store, site: Any) -> None:
    paths = [f"/s/bai-viet-{n}-7654321.html" for n in range(2)]
    for path, text in zip(paths, TEXTS[:2]):
        site.route(path, ARTICLE.format(title=path, text=text))
    site.route("/sitemap.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/'
               'schemas/sitemap/0.9">' + "".join(
                   f"<url><loc>{site.base}{p}</loc><lastmod>2025-11-2{n}</lastmod></url>"
                   for n, p in enumerate(paths)) + "</urlset>", content_type="application/xml")
    site.route("/posts.jsonl", "\n".join(json.dumps({"text": t, "published": "2025-11-24"},
                                                    ensure_ascii=False)
                                         for t in TEXTS[2:4]), content_type="application/x-ndjson")
    page_paths = ["/p/tin-tuc-moi-nhat-ve-xang-dau.html"]
    site.route(page_paths[0], ARTICLE.format(title="p", text=TEXTS[1] + " Tin cập nhật."))
    site.route("/thoi-su", "<html><body><a href='/p/tin-tuc-moi-nhat-ve-xang-dau.html'>x</a>"
               "<a href='/gioi-thieu'>about</a><a href='https://other.example/a-b-c-d-e'>y</a>"
               "</body></html>")
    for path in ("/sitemap.xml", "/posts.jsonl", "/thoi-su"):
        sources.add(store, site.base + path)
    assert [s.kind for s in sources.all_sources(store)] == ["sitemap", "jsonl", "page"]
    poller = Poller(store)
    report = poller.round()
    assert report.failed == 0 and report.new_items == 5
    for source in sources.all_sources(store):
        sources.resume(store, source.id)
    assert poller.round().new_items == 0  # the JSONL's URL-less posts are known by their text
    assert site.requests("/gioi-thieu") == []


def test_a_bug_on_one_source_is_reported_and_the_others_go_on(store: Store, site: Any,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    serve_feed(site, "a", TEXTS[:1])
    serve_feed(site, "b", TEXTS[1:2])
    sources.add(store, f"{site.base}/a.rss")
    sources.add(store, f"{site.base}/b.rss")
    poller = Poller(store, workers=1)
    real = poller.intake.write

    def write(items: list[Any], **kwargs: Any) -> Any:
        if any("/a/" in (item.url or "") for item in items):
            raise RuntimeError("boom")
        return real(items, **kwargs)

    monkeypatch.setattr(poller.intake, "write", write)
    report = poller.round()
    assert report.failed == 1 and report.new_items == 1
    first, second = sources.all_sources(store)
    assert "internal error" in (first.last_error or "") and first.failures == 1
    assert second.health == "ok"
