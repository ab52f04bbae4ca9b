"""Collecting fact-checkers' ClaimReview from their sitemaps, feeds and pages, served by a test
server on 127.0.0.1: imported once, updated when it changes, bounded per poll, bad pages
reported, and stored claims matched against what arrived."""

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kiemchung.cli import main
from kiemchung.monitor import claimreviews, sources
from kiemchung.monitor.poller import Poller
from kiemchung.store import Store
from kiemchung.store.schema import factchecks

pytestmark = pytest.mark.slow  # importing embeds the claims

POTATO = "Đắp lát khoai tây lên trán giúp hạ sốt nhanh cho trẻ."
GOLD = "Giá vàng miếng SJC vượt 100 triệu đồng/lượng trong năm 2024."
BRIDGE = "Cầu Long Biên được khánh thành năm 1902."


def review(url: str, claim: str, rating: str = "Sai") -> dict[str, Any]:
    return {"@context": "https://schema.org", "@type": "ClaimReview", "url": url,
            "claimReviewed": claim, "inLanguage": "vi", "datePublished": "2025-11-20",
            "author": {"@type": "Organization", "name": "Báo Kiểm Chứng Mẫu"},
            "reviewRating": {"@type": "Rating", "alternateName": rating}}


def page(*reviews: dict[str, Any], extra: str = "") -> str:
    blocks = "".join(f'<script type="application/ld+json">{json.dumps(r, ensure_ascii=False)}'
                     "</script>" for r in reviews)
    return (f"<html><head><title>Kiểm chứng</title>{blocks}{extra}</head><body><article>"
            "<p>Bài kiểm chứng.</p></article></body></html>")


def sitemap(site: Any, pages: dict[str, str]) -> str:
    urls = "".join(f"<url><loc>{site.base}{path}</loc><lastmod>{lastmod}</lastmod></url>"
                   for path, lastmod in pages.items())
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')


def serve_fact_checker(site: Any) -> None:
    """Two fact-checks, an about page without ClaimReview, listed in a sitemap."""
    site.route("/kiem-chung/khoai-tay.html", page(review(f"{site.base}/kiem-chung/khoai-tay.html",
                                                         POTATO)))
    site.route("/kiem-chung/vang.html", page(review(f"{site.base}/kiem-chung/vang.html", GOLD,
                                                    "Gây hiểu lầm")))
    site.route("/gioi-thieu.html", page(extra='<script type="application/ld+json">'
                                        '{"@type": "NewsArticle", "headline": "Về chúng tôi"}'
                                        "</script>"))
    site.route("/sitemap.xml", sitemap(site, {"/kiem-chung/khoai-tay.html": "2025-11-20",
                                              "/kiem-chung/vang.html": "2025-11-19",
                                              "/gioi-thieu.html": "2025-01-01"}),
               content_type="application/xml")


def library(store: Store) -> dict[str, tuple[str, str | None, str | None]]:
    with store.db.read() as connection:
        return {row.url: (row.claim_reviewed, row.rating_text, row.publisher)
                for row in connection.execute(select(factchecks))}


def page_requests(site: Any) -> int:
    return sum(seen.path.endswith(".html") for seen in site.seen)


@pytest.fixture
def store(home: Path, loopback: None, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("KIEMCHUNG_MONITOR_HOST_GAP", "0")
    return Store()


def test_a_fact_checkers_sitemap_fills_the_library_and_a_second_poll_adds_nothing(
        store: Store, site: Any) -> None:
    serve_fact_checker(site)
    source = sources.add(store, f"{site.base}/sitemap.xml", kind="claimreview")
    report = Poller(store).round()
    assert (report.polled, report.failed, report.factchecks, report.problems) == (1, 0, 2, [])
    assert library(store) == {
        f"{site.base}/kiem-chung/khoai-tay.html": (POTATO, "Sai", "Báo Kiểm Chứng Mẫu"),
        f"{site.base}/kiem-chung/vang.html": (GOLD, "Gây hiểu lầm", "Báo Kiểm Chứng Mẫu"),
    }
    fetched = page_requests(site)
    assert fetched == 3
    sources.resume(store, source.id)  # due again now
    again = Poller(store).round()
    assert (again.polled, again.factchecks, again.factchecks_updated) == (1, 0, 0)
    assert page_requests(site) == fetched  # pages listed with the same date are not fetched
    assert len(library(store)) == 2
    [listed] = sources.all_sources(store)
    assert (listed.kind, listed.health, listed.items_seen) == ("claimreview", "ok", 2)


def test_a_page_whose_claimreview_changed_updates_its_entry(store: Store, site: Any) -> None:
    serve_fact_checker(site)
    source = sources.add(store, f"{site.base}/sitemap.xml", kind="claimreview")
    poller = Poller(store)  # one monitor run: it keeps the site's robots.txt
    poller.round()
    url = f"{site.base}/kiem-chung/vang.html"
    site.route("/kiem-chung/vang.html", page(review(url, GOLD, "Sai")))  # re-rated
    site.route("/sitemap.xml", sitemap(site, {"/kiem-chung/khoai-tay.html": "2025-11-20",
                                              "/kiem-chung/vang.html": "2025-11-25",
                                              "/gioi-thieu.html": "2025-01-01"}),
               content_type="application/xml")
    before = len(site.seen)
    sources.resume(store, source.id)
    report = poller.round()
    assert (report.factchecks, report.factchecks_updated) == (0, 1)
    assert library(store)[url][1] == "Sai" and len(library(store)) == 2
    assert [seen.path for seen in site.seen[before:]] == ["/sitemap.xml", "/kiem-chung/vang.html"]


def test_a_page_read_again_unchanged_imports_nothing(store: Store, site: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    serve_fact_checker(site)
    source = sources.add(store, f"{site.base}/sitemap.xml", kind="claimreview")
    Poller(store).round()
    site.route("/sitemap.xml", sitemap(site, {"/kiem-chung/khoai-tay.html": "2025-11-21",
                                              "/kiem-chung/vang.html": "2025-11-19",
                                              "/gioi-thieu.html": "2025-01-01"}),
               content_type="application/xml")
    from kiemchung.matching import library_index

    imported: list[int] = []
    original = library_index.add_factchecks
    monkeypatch.setattr(library_index, "add_factchecks",
                        lambda store, items: imported.append(len(items)) or original(store, items))
    sources.resume(store, source.id)
    report = Poller(store).round()
    assert site.requests("/kiem-chung/khoai-tay.html")[1:]  # fetched again: a new date
    assert (report.factchecks, report.factchecks_updated, imported) == (0, 0, [])


def test_a_feed_of_fact_checks_is_read_the_same_way(store: Store, site: Any) -> None:
    serve_fact_checker(site)
    items = "".join(f"<item><title>{path}</title><link>{site.base}{path}</link>"
                    "<pubDate>Mon, 24 Nov 2025 08:00:00 GMT</pubDate></item>"
                    for path in ("/kiem-chung/khoai-tay.html", "/gioi-thieu.html"))
    site.route("/feed.rss", f'<?xml version="1.0"?><rss version="2.0"><channel>'
               f"<title>Kiểm chứng</title>{items}</channel></rss>",
               content_type="application/rss+xml", etag='"f1"')
    source = sources.add(store, f"{site.base}/feed.rss", kind="claimreview", name="Báo Mẫu")
    assert Poller(store).round().factchecks == 1
    assert list(library(store)) == [f"{site.base}/kiem-chung/khoai-tay.html"]
    sources.resume(store, source.id)
    report = Poller(store).round()
    assert (report.not_modified, report.factchecks) == (1, 0)  # the feed answered 304
    assert site.requests("/feed.rss")[-1].headers["If-None-Match"] == '"f1"'


def test_a_listing_page_is_read_with_the_fact_checks_it_links_to(store: Store,
                                                                 site: Any) -> None:
    serve_fact_checker(site)
    site.route("/kiem-chung/", page(review(f"{site.base}/kiem-chung/", BRIDGE, "Đúng"),
                                    extra='<a href="/kiem-chung/khoai-tay.html">x</a>'))
    sources.add(store, f"{site.base}/kiem-chung/", kind="claimreview")
    assert Poller(store).round().factchecks == 2
    assert set(library(store)) == {f"{site.base}/kiem-chung/",
                                   f"{site.base}/kiem-chung/khoai-tay.html"}


def test_bad_pages_are_reported_and_the_others_still_load(store: Store, site: Any,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    serve_fact_checker(site)
    site.route("/kiem-chung/hong.html", page(extra='<script type="application/ld+json">'
                                             '{"@type": "ClaimReview", "url": </script>'))
    site.route("/kiem-chung/loi.html", "lỗi máy chủ", status=500)
    site.route("/kiem-chung/mao-danh.html", page(review("https://factcheck.example/khac",
                                                        BRIDGE)))
    site.route("/sitemap.xml", sitemap(site, {"/kiem-chung/khoai-tay.html": "2025-11-20",
                                              "/kiem-chung/hong.html": "2025-11-20",
                                              "/kiem-chung/loi.html": "2025-11-20",
                                              "/kiem-chung/mao-danh.html": "2025-11-20"}),
               content_type="application/xml", etag='"s1"')
    source = sources.add(store, f"{site.base}/sitemap.xml", kind="claimreview")
    assert main(["monitor", "--once"]) == 0
    captured = capsys.readouterr()
    assert "1 fact-checks added to the library (0 updated)" in captured.out
    assert "skipped: " in captured.err
    assert "hong.html:1: JSON-LD block is not valid JSON" in captured.err
    assert "loi.html failed: HTTP 500" in captured.err
    assert "ClaimReview of https://factcheck.example/khac, a page of another site" in captured.err
    assert "gioi-thieu" not in captured.err  # no ClaimReview: ignored, not a problem
    assert list(library(store)) == [f"{site.base}/kiem-chung/khoai-tay.html"]
    assert sources.get(store, source.id).health == "ok"
    # The page that could not be fetched is tried again, without a 304 on the sitemap.
    site.route("/kiem-chung/loi.html", page(review(f"{site.base}/kiem-chung/loi.html", GOLD)))
    sources.resume(store, source.id)
    assert Poller(store).round().factchecks == 1
    assert len(site.requests("/kiem-chung/hong.html")) == 1


def test_sitemap_following_is_bounded_per_poll_and_finishes_over_the_next(
        store: Store, site: Any) -> None:
    store.settings = store.settings.replace(KIEMCHUNG_MONITOR_FACTCHECK_PAGES="2")
    claims = [POTATO, GOLD, BRIDGE, "Uống nước chanh nóng mỗi sáng chữa khỏi ung thư."]
    paths = [f"/kiem-chung/bai-{n}.html" for n in range(4)]
    for path, claim in zip(paths, claims):
        site.route(path, page(review(f"{site.base}{path}", claim)))
    site.route("/sitemap-1.xml", sitemap(site, {paths[0]: "2025-11-01", paths[1]: "2025-11-02"}),
               content_type="application/xml")
    site.route("/sitemap-2.xml", sitemap(site, {paths[2]: "2025-11-03", paths[3]: "2025-11-04"}),
               content_type="application/xml")
    site.route("/sitemap_index.xml", '<?xml version="1.0"?><sitemapindex xmlns="http://www.'
               'sitemaps.org/schemas/sitemap/0.9">'
               f"<sitemap><loc>{site.base}/sitemap-1.xml</loc><lastmod>2025-11-02</lastmod>"
               f"</sitemap><sitemap><loc>{site.base}/sitemap-2.xml</loc>"
               "<lastmod>2025-11-04</lastmod></sitemap></sitemapindex>",
               content_type="application/xml")
    sources.add(store, f"{site.base}/sitemap_index.xml", kind="claimreview")
    poller = Poller(store)
    first = poller.round()
    assert (first.factchecks, page_requests(site)) == (2, 2)
    assert set(library(store)) == {f"{site.base}{paths[3]}", f"{site.base}{paths[2]}"}
    poller.round()  # the source stayed due: the rest is read now
    assert len(library(store)) == 4 and page_requests(site) == 4
    sources.resume(store, sources.all_sources(store)[0].id)
    assert poller.round().factchecks == 0
    assert page_requests(site) == 4
    assert [len(site.requests(f"/sitemap-{n}.xml")) for n in (1, 2)] == [2, 1]


def test_a_crash_between_import_and_record_duplicates_nothing(
        store: Store, site: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    serve_fact_checker(site)
    source = sources.add(store, f"{site.base}/sitemap.xml", kind="claimreview")

    def killed(*args: Any) -> None:
        raise RuntimeError("killed")

    with monkeypatch.context() as patch:
        patch.setattr(claimreviews, "record", killed)
        crashed = Poller(store).round()
    assert crashed.failed == 1 and len(library(store)) == 2
    sources.resume(store, source.id)
    report = Poller(store).round()
    assert (report.factchecks, report.factchecks_updated, len(library(store))) == (0, 0, 2)
    with store.db.read() as connection:
        assert connection.execute(select(func.count()).select_from(factchecks)).scalar_one() == 2


def test_a_stored_claim_is_matched_once_the_fact_checkers_entry_arrives(
        store: Store, site: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiemchung.ingest.ingest import ingest

    posts = tmp_path / "posts.jsonl"
    posts.write_text(json.dumps({"text": "Đắp lát khoai tây lên trán giúp hạ sốt nhanh cho trẻ, "
                                 "bác sĩ nhi khuyên vậy."}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    ingest(store, [str(posts)])
    serve_fact_checker(site)
    assert main(["sources", "add", f"{site.base}/sitemap.xml", "--kind", "claimreview"]) == 0
    assert main(["monitor", "--once"]) == 0
    out = capsys.readouterr().out
    assert "2 fact-checks added to the library" in out
    assert "1 stored claims matched to a newer fact-check" in out
    assert main(["documents", "list", "--format", "jsonl"]) == 0
    [document] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert document["matches"] and f"{site.base}/kiem-chung/khoai-tay.html" in json.dumps(
        document["matches"])


def test_the_claimreview_kind_is_only_taken_when_asked_for(store: Store, site: Any) -> None:
    site.route("/feed.rss", '<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
               content_type="application/rss+xml")
    assert sources.add(store, f"{site.base}/feed.rss").kind == "rss"
    site.route("/export.jsonl", '{"text": "x"}\n', content_type="application/x-ndjson")
    source = sources.add(store, f"{site.base}/export.jsonl", kind="claimreview")
    report = Poller(store).round()
    assert report.failed == 1
    assert "must be a feed, a sitemap or a page" in (sources.get(store, source.id).last_error
                                                     or "")
