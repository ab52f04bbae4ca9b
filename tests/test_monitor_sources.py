"""Sources: adding (kind detected), listing with health, pausing, removing, importing lists."""

import json
from pathlib import Path

import pytest

from kiemchung.cli import main
from kiemchung.errors import InputError, NotFound
from kiemchung.monitor import sourcelist, sources
from kiemchung.monitor.kinds import kind_from_content, kind_from_url
from kiemchung.store import Store

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Bao chi</title></head><body>
  <outline text="Suc khoe">
    <outline type="rss" text="VnExpress Suc khoe" xmlUrl="https://vnexpress.net/rss/suc-khoe.rss"/>
    <outline type="rss" text="Tuoi Tre" xmlUrl="https://tuoitre.vn/rss/tin-moi-nhat.rss"/>
  </outline>
</body></opml>"""


@pytest.fixture
def store(home: Path) -> Store:
    return Store()


@pytest.mark.parametrize("url, kind", [
    ("https://vnexpress.net/rss/suc-khoe.rss", "rss"),
    ("https://example.vn/atom.xml", "atom"),
    ("https://example.vn/sitemap-news.xml", "sitemap"),
    ("https://example.vn/export/posts.jsonl", "jsonl"),
    ("https://example.vn/thoi-su", None),
])
def test_kind_is_read_from_the_url_when_it_tells(url: str, kind: str | None) -> None:
    assert kind_from_url(url) == kind


@pytest.mark.parametrize("content_type, body, kind", [
    ("text/xml", b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "rss"),
    ("application/xml", b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"/>', "atom"),
    ("text/xml", b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>', "sitemap"),
    ("application/x-ndjson", b'{"text": "a"}\n', "jsonl"),
    ("text/html", b"<!doctype html><html><body>tin</body></html>", "page"),
])
def test_kind_is_detected_from_the_response(content_type: str, body: bytes, kind: str) -> None:
    assert kind_from_content(content_type, body) == kind


def test_added_source_is_due_at_once_and_listed_as_new(store: Store) -> None:
    source = sources.add(store, "https://VnExpress.net/rss/suc-khoe.rss", every=600,
                         name="VnExpress Sức khỏe", tags=["y-te", "y-te", "bao"])
    assert source.url == "https://vnexpress.net/rss/suc-khoe.rss"
    assert (source.kind, source.every, source.tags) == ("rss", 600, ["y-te", "bao"])
    assert sources.count_due(store) == 1
    [listed] = sources.all_sources(store)
    assert (listed.health, listed.items_seen, listed.last_success_at) == ("new", 0, None)


def test_kind_is_detected_by_fetching_when_the_url_does_not_tell(store: Store) -> None:
    class Response:
        content_type = "application/rss+xml"
        content = b"<rss version='2.0'><channel/></rss>"

    source = sources.add(store, "https://example.vn/feeds/home", fetcher=lambda url: Response())
    assert source.kind == "rss"


def test_same_url_twice_is_refused(store: Store) -> None:
    sources.add(store, "https://example.vn/rss/home.rss")
    with pytest.raises(InputError, match="already a source"):
        sources.add(store, "https://example.vn/rss/home.rss")


def test_bad_url_and_kind_are_refused(store: Store) -> None:
    with pytest.raises(InputError, match="not an http"):
        sources.add(store, "ftp://example.vn/feed")
    with pytest.raises(InputError, match="kind 'twitter'"):
        sources.add(store, "https://example.vn/x", kind="twitter")


def test_paused_source_is_not_due_and_resume_makes_it_due_again(store: Store) -> None:
    source = sources.add(store, "https://example.vn/rss/a.rss")
    assert sources.pause(store, source.id).health == "paused"
    assert sources.count_due(store) == 0
    sources.resume(store, source.url)
    assert sources.count_due(store) == 1


def test_removed_source_is_gone(store: Store) -> None:
    source = sources.add(store, "https://example.vn/rss/a.rss")
    sources.remove(store, str(source.id))
    assert sources.all_sources(store) == []
    with pytest.raises(NotFound):
        sources.get(store, source.id)


def test_opml_import_adds_feeds_with_names_and_tags_without_fetching(store: Store,
                                                                     tmp_path: Path) -> None:
    path = tmp_path / "feeds.opml"
    path.write_bytes(OPML)
    report = sourcelist.import_entries(store, sourcelist.read_file(path), tags=["bao-chi"])
    assert [s.name for s in report.added] == ["VnExpress Suc khoe", "Tuoi Tre"]
    assert all(s.kind == "rss" and "bao-chi" in s.tags for s in report.added)
    again = sourcelist.import_entries(store, sourcelist.read_file(path))
    assert again.added == [] and len(again.skipped) == 2


def test_csv_import_reads_kind_every_name_and_tags(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "sources.csv"
    path.write_text("url,kind,every,name,tags\n"
                    "https://example.vn/sitemap.xml,sitemap,1h,Example,tin;vn\n"
                    "https://example.vn/export.jsonl,,30m,,\n", encoding="utf-8")
    report = sourcelist.import_entries(store, sourcelist.read_file(path))
    first, second = report.added
    assert (first.kind, first.every, first.name, first.tags) == ("sitemap", 3600, "Example",
                                                                 ["tin", "vn"])
    assert (second.kind, second.every) == ("jsonl", 1800)


def test_csv_without_url_column_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "sources.csv"
    path.write_text("link\nhttps://example.vn\n", encoding="utf-8")
    with pytest.raises(InputError, match="'url' column"):
        sourcelist.read_file(path)


def test_cli_add_list_pause_remove(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "add", "https://example.vn/rss/home.rss", "--every", "15m",
                 "--tag", "tin"]) == 0
    assert "added source 1" in capsys.readouterr().out
    assert main(["sources", "list", "--format", "jsonl"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    listed = json.loads(line)
    assert (listed["kind"], listed["every"], listed["health"], listed["items_seen"]) == (
        "rss", 900, "new", 0)
    assert main(["sources", "pause", "1"]) == 0
    assert main(["sources", "list"]) == 0
    assert "paused" in capsys.readouterr().out
    assert main(["sources", "remove", "https://example.vn/rss/home.rss"]) == 0
    assert main(["sources", "remove", "1"]) == 1
    assert "no source 1" in capsys.readouterr().err


def test_cli_bad_duration_is_one_line(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "add", "https://example.vn/rss/a.rss", "--every", "soon"]) == 1
    assert capsys.readouterr().err.strip() == (
        "error: 'soon' is not a duration (write e.g. 15m, 6h, 7d)")


def test_a_bad_line_in_a_source_list_is_skipped_and_the_others_are_added(
        store: Store, tmp_path: Path) -> None:
    path = tmp_path / "sources.csv"
    path.write_text('url,every\nhttps://a.example/rss.xml,1h\n"https://b.example/rss.xml\n'
                    "https://c.example/rss.xml,soon\nhttps://d.example/atom.xml,\n", encoding="utf-8")
    report = sourcelist.import_entries(store, sourcelist.read_file(path))
    assert [s.url for s in report.added] == ["https://a.example/rss.xml",
                                             "https://d.example/atom.xml"]
    assert report.bad == 2 and report.skipped == [
        "line 3: not valid CSV (unexpected end of data); the lines after it are read as rows "
        "again",
        "https://c.example/rss.xml: line 4: 'soon' is not a duration (write e.g. 15m, 6h, 7d)"]


def test_an_opml_outline_with_a_malformed_address_is_skipped(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "feeds.opml"
    path.write_bytes(b'<?xml version="1.0" encoding="undefined"?><opml version="2.0"><body>'
                     b'<outline text="A" xmlUrl="https://a.example/rss.xml"/>'
                     b'<outline text="B" xmlUrl="https://[::1/x"/>'
                     b'<outline text="C\x00" xmlUrl="https://c.example/feed.xml"/></body></opml>')
    report = sourcelist.import_entries(store, sourcelist.read_file(path))
    assert [s.url for s in report.added] == ["https://a.example/rss.xml",
                                             "https://c.example/feed.xml"]
    assert report.bad == 1 and report.skipped[0].startswith("https://[::1/x: not a valid address")


@pytest.mark.parametrize("url, why", [
    ("http://127.0.0.1:8000/feed.rss", "127.0.0.1 is a loopback address"),
    ("http://10.1.2.3/sitemap.xml", "10.1.2.3 is a private address"),
    ("http://169.254.169.254/latest.rss", "169.254.169.254 is a link-local address"),
    ("http://[::1]/a.rss", "::1 is a loopback address"),
    ("http://localhost/x.rss", "localhost is this machine"),
    ("http://localhost./x.rss", "localhost is this machine"),
    ("http://127.1/feed.rss", "127.0.0.1 is a loopback address"),
    ("http://2130706433/feed.rss", "127.0.0.1 is a loopback address"),
    ("http://0x7f000001/feed.rss", "127.0.0.1 is a loopback address"),
])
def test_cli_refuses_a_private_source_when_it_is_added(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    url: str, why: str,
) -> None:
    monkeypatch.delenv("KIEMCHUNG_ALLOW_PRIVATE_HOSTS", raising=False)
    assert main(["sources", "add", url, "--kind", "rss"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"error: refused {url}: {why} (set KIEMCHUNG_ALLOW_PRIVATE_HOSTS=1 to allow)")
    assert main(["sources", "list", "--format", "jsonl"]) == 0
    assert capsys.readouterr().out == ""
    monkeypatch.setenv("KIEMCHUNG_ALLOW_PRIVATE_HOSTS", "1")
    assert main(["sources", "add", url, "--kind", "rss"]) == 0
