"""Ingest of pages, feeds, posts and text into a real SQLite store, with duplicates linked and
batches that survive a kill."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Iterator

import pytest
import sqlalchemy

from fixtures_site import QuietHTTPServer
from fixtures_store import rows
from kiemchung import pipeline
from kiemchung.cli import main
from kiemchung.ingest.ingest import IngestReport, ingest
from kiemchung.ingest.items import Problem
from kiemchung.pipeline import Claim, Document, Match, register
from kiemchung.store import Store
from kiemchung.store.schema import factchecks

TESTS = Path(__file__).parent
_DIGIT = re.compile(r"\d")


def install_stub_stages() -> None:
    """Deterministic stand-ins for the pipeline stages, registered under the real names.

    "claims": every sentence with a digit; "match": fact-checks whose claim is the same text.
    ``STUB_STAGE_DELAY`` (seconds per batch) slows runs down for the kill test.
    """
    @register("text")
    def text_stage(store: Any):  # type: ignore[no-untyped-def]
        def stage(docs: list[Document]) -> list[Document]:
            for doc in docs:
                doc.language = "vi"
            return docs
        return stage

    @register("claims")
    def claims_stage(store: Any):  # type: ignore[no-untyped-def]
        delay = float(os.environ.get("STUB_STAGE_DELAY", "0"))

        def stage(docs: list[Document]) -> list[Document]:
            time.sleep(delay)
            for doc in docs:
                for found in re.finditer(r"[^.!?\n]+[.!?]?", doc.text):
                    sentence = found.group().strip()
                    if _DIGIT.search(sentence):
                        start = doc.text.index(sentence, found.start())
                        doc.claims.append(Claim(sentence, start, start + len(sentence), 0.9))
            return docs
        return stage

    @register("match")
    def match_stage(store: Any):  # type: ignore[no-untyped-def]
        def stage(docs: list[Document]) -> list[Document]:
            with store.db.read() as connection:
                rows = connection.execute(factchecks.select()).all()
            for claim in (claim for doc in docs for claim in doc.claims):
                claim.matches = [Match(row.url, row.claim_reviewed, row.rating_text, 0.95)
                                 for row in rows if row.claim_reviewed == claim.text]
                claim.matched = bool(claim.matches)
            return docs
        return stage


@pytest.fixture
def stages() -> Iterator[None]:
    saved = dict(pipeline.FACTORIES)
    install_stub_stages()
    yield
    pipeline.FACTORIES.clear()
    pipeline.FACTORIES.update(saved)


@pytest.fixture
def store(home: Path, stages: None) -> Iterator[Store]:
    opened = Store(home)
    yield opened
    opened.close()


def run(store: Store, *inputs: Any) -> tuple[IngestReport, list[str]]:
    problems: list[str] = []

    def on_problem(problem: Problem) -> None:
        problems.append(str(problem))

    return ingest(store, [str(i) for i in inputs], on_problem=on_problem), problems


def count(home: Path, table: str) -> int:
    return int(rows(home, f"SELECT count(*) FROM {table}")[0][0])


ARTICLE = """<!doctype html><html><head><title>{title} | Báo Mẫu</title>
<meta name="author" content="Trần Thị B"><meta property="og:site_name" content="Báo Mẫu">
<meta property="article:published_time" content="2024-06-12T08:00:00+07:00"></head><body>
<nav><a href="/">Trang chủ</a> <a href="/suc-khoe">Sức khỏe</a></nav>
<article><h1>{title}</h1>
<p>{body}</p>
<p>Theo các bác sĩ dinh dưỡng, người có bệnh tim mạch được khuyên không nên kết hợp hai loại
thực phẩm này trong cùng một bữa ăn, nhất là vào buổi tối khi cơ thể cần nghỉ ngơi.</p>
<p>Các chuyên gia cũng nhắc rằng thông tin lan truyền trên mạng xã hội cần được kiểm chứng từ
nguồn chính thống trước khi chia sẻ cho người thân và bạn bè.</p></article>
<footer>Bản quyền thuộc về Báo Mẫu. Liên hệ quảng cáo.</footer></body></html>"""


def article(title: str, body: str) -> str:
    return ARTICLE.format(title=title, body=body)


class Site(BaseHTTPRequestHandler):
    pages: dict[str, tuple[str, str]] = {}

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/robots.txt":
            found: tuple[str, str] | None = ("text/plain", "User-agent: *\nDisallow: /blocked/\n")
        else:
            found = self.pages.get(self.path)
        body = (found[1] if found else "missing").encode("utf-8")
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", found[0] if found else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A local web site; private hosts are allowed so that the guard lets 127.0.0.1 through."""
    monkeypatch.setenv("KIEMCHUNG_ALLOW_PRIVATE_HOSTS", "1")
    httpd = QuietHTTPServer(("127.0.0.1", 0), Site)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    Site.pages = {
        "/a.html": ("text/html; charset=utf-8", article(
            "Sầu riêng và bia", "Ăn sầu riêng rồi uống bia có thể gây đỏ mặt ở 3 trong 10 người.")),
        "/b.html": ("text/html; charset=utf-8", article(
            "Chanh nóng", "Uống nước chanh nóng không chữa được ung thư, theo 2 nghiên cứu.")),
        "/blocked/c.html": ("text/html", article("Bị chặn", "Trang này robots.txt không cho.")),
        "/atom.xml": ("application/atom+xml", ATOM.replace("{base}", base)),
    }
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Tin Mẫu</title><link>{base}/</link>
<item><title>Sầu riêng và bia</title><link>{base}/a.html</link>
<pubDate>Wed, 12 Jun 2024 01:00:00 GMT</pubDate><description>Tóm tắt A</description></item>
<item><title>Chanh nóng</title><link>{base}/b.html</link><description>Tóm tắt B</description></item>
<item><title>Đã gỡ</title><link>{base}/gone.html</link>
<description>&lt;p&gt;Bài đã gỡ nói rằng 5 người nhập viện.&lt;/p&gt;</description></item>
<item><title>Bị chặn</title><link>{base}/blocked/c.html</link>
<description>Tóm tắt bị chặn với 7 con số.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Mẫu</title><id>urn:x</id>
<updated>2024-06-12T00:00:00Z</updated>
<entry><title>Chanh nóng</title><link href="{base}/b.html"/><id>urn:b</id>
<updated>2024-06-13T00:00:00Z</updated><summary>Tóm tắt B</summary></entry>
</feed>"""


@pytest.mark.sqlite_only  # what is not stored is looked for in the SQLite file itself
def test_html_file_keeps_main_text_and_metadata(store: Store, home: Path, tmp_path: Path) -> None:
    page = tmp_path / "bai.html"
    page.write_text(article("Sầu riêng và bia", "Có 3 người nhập viện sau khi ăn sầu riêng."))
    report, problems = run(store, page)
    assert (report.added, report.claims, problems) == (1, 1, [])
    [(title, text, site, published, kind)] = rows(
        home, "SELECT title, text, site, published, kind FROM documents")
    assert title == "Sầu riêng và bia" and kind == "page"
    assert (site, published) == ("Báo Mẫu", "2024-06-12")
    # Claims, not people: the page's byline is read but never stored.
    stored = b"".join(path.read_bytes() for path in home.iterdir() if path.is_file())
    assert "Trần Thị B".encode() not in stored and "Báo Mẫu".encode() in stored
    assert "Có 3 người nhập viện" in text and "Trang chủ" not in text and "quảng cáo" not in text
    assert rows(home, "SELECT text FROM claims") == [("Có 3 người nhập viện sau khi ăn sầu riêng.",)]


def test_rss_feed_entries_are_fetched_and_fall_back_to_their_summary(
        store: Store, home: Path, tmp_path: Path, site: str) -> None:
    store.settings = store.settings.replace(KIEMCHUNG_ALLOW_PRIVATE_HOSTS="1")
    feed = tmp_path / "tin.rss"
    feed.write_text(RSS.replace("{base}", site))
    report, problems = run(store, feed)
    assert report.added == 4
    assert len(problems) == 2
    assert "gone.html failed: HTTP 404" in problems[0] and "using the feed's summary" in problems[0]
    assert "disallowed by robots.txt" in problems[1] and problems[1].startswith(f"{feed} entry 4")
    found = dict(rows(home, "SELECT url, text FROM documents"))
    assert "Ăn sầu riêng rồi uống bia" in found[f"{site}/a.html"]
    assert found[f"{site}/gone.html"] == "Bài đã gỡ nói rằng 5 người nhập viện."
    assert found[f"{site}/blocked/c.html"] == "Tóm tắt bị chặn với 7 con số."
    assert rows(home, f"SELECT title, source, published, kind FROM documents "
                      f"WHERE url = '{site}/a.html'") == [
        ("Sầu riêng và bia", "Tin Mẫu", "2024-06-12T01:00:00Z", "entry")]


def test_atom_feed_url_is_fetched_and_read(store: Store, home: Path, site: str) -> None:
    store.settings = store.settings.replace(KIEMCHUNG_ALLOW_PRIVATE_HOSTS="1")
    report, problems = run(store, f"{site}/atom.xml")
    assert (report.added, problems) == (1, [])
    assert rows(home, "SELECT url, title, source FROM documents") == [
        (f"{site}/b.html", "Chanh nóng", "Atom Mẫu")]


def test_page_url_is_fetched_and_not_again(store: Store, home: Path, site: str) -> None:
    store.settings = store.settings.replace(KIEMCHUNG_ALLOW_PRIVATE_HOSTS="1")
    assert run(store, f"{site}/a.html")[0].added == 1
    report, _ = run(store, f"{site}/a.html")
    assert (report.added, report.known) == (0, 1)
    assert count(home, "documents") == 1


def test_jsonl_posts_skip_bad_lines_and_go_on(store: Store, home: Path, tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text("\n".join([
        json.dumps({"id": "p1", "text": "Giá xăng tăng 20% từ hôm nay.", "source": "nhom-a",
                    "url": "https://mxh.example/p/1", "published": "2024-05-01"}),
        "{not json",
        json.dumps({"id": "p2", "title": "không có text"}),
        "",
        json.dumps({"text": "Trời hôm nay đẹp quá, mọi người đi chơi vui vẻ nhé."}),
    ]) + "\n", encoding="utf-8")
    report, problems = run(store, posts)
    assert (report.added, report.skipped, report.claims) == (2, 2, 1)
    assert problems == [f"{posts}:2: not valid JSON (Expecting property name enclosed in double "
                        "quotes); line skipped", f"{posts}:3: missing or empty 'text'; line skipped"]
    assert rows(home, "SELECT url, source, published, kind FROM documents ORDER BY id")[0] == (
        "https://mxh.example/p/1", "nhom-a", "2024-05-01", "post")


def test_csv_posts_skip_bad_lines_and_go_on(store: Store, home: Path, tmp_path: Path) -> None:
    posts = tmp_path / "posts.csv"
    posts.write_text('text,url,source\n"Có 4 ca mắc mới, dòng một\ndòng hai",https://a.example/1,'
                     'x\n,https://a.example/2,y\nMột bài khác về 12 tỉnh,https://a.example/3,z,'
                     'thừa\nBài cuối cùng nói 9 điều,,w\n', encoding="utf-8")
    report, problems = run(store, posts)
    assert (report.added, report.skipped) == (2, 2)
    assert problems == [f"{posts}:4: missing or empty 'text'; line skipped",
                        f"{posts}:5: 4 cells, the header has 3; line skipped"]
    assert rows(home, "SELECT text, url FROM documents ORDER BY id") == [
        ("Có 4 ca mắc mới, dòng một\ndòng hai", "https://a.example/1"),
        ("Bài cuối cùng nói 9 điều", None)]


def test_text_file_is_one_document(store: Store, home: Path, tmp_path: Path) -> None:
    note = tmp_path / "ghi-chu.txt"
    note.write_text("Tin nhắn chuyển tiếp: uống 2 lít nước dừa mỗi ngày chữa bệnh.\n")
    report, _ = run(store, note)
    assert (report.added, report.claims) == (1, 1)
    assert rows(home, "SELECT kind, source, url FROM documents") == [("text", "ghi-chu.txt", None)]


BASE = ("Mùa sầu riêng năm nay nhiều bài đăng trên mạng xã hội cảnh báo rằng ăn sầu riêng rồi "
        "uống bia rượu sẽ gây tử vong ngay lập tức. Theo các bác sĩ dinh dưỡng sầu riêng chứa "
        "nhiều hợp chất lưu huỳnh có thể làm chậm quá trình chuyển hóa rượu trong cơ thể người. "
        "Người ăn sầu riêng cùng bia rượu có thể bị đỏ mặt buồn nôn và tim đập nhanh hơn bình "
        "thường trong khoảng 2 giờ. Người có bệnh tim mạch huyết áp cao được khuyên không nên "
        "kết hợp hai loại thực phẩm này trong cùng một bữa ăn.")


def test_exact_and_near_duplicates_are_linked_not_stored_twice(
        store: Store, home: Path, tmp_path: Path) -> None:
    posts = tmp_path / "dups.jsonl"
    lines = [
        {"text": BASE, "url": "https://a.example/goc"},
        # the same words with other tone placement, case and spacing: an exact duplicate
        {"text": BASE.upper().replace("HÓA", "HOÁ").replace(". ", ".   "),
         "url": "https://b.example/chia-se"},
        {"text": BASE},  # no URL: counted, not stored
        {"text": BASE.replace("ngay lập tức", "trong vài phút"), "url": "https://c.example/sua"},
    ]
    posts.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines))
    report, problems = run(store, posts)
    assert problems == []
    assert (report.added, report.exact_duplicates, report.near_duplicates) == (1, 2, 1)
    stored = rows(home, "SELECT id, url, text IS NULL, duplicate_of, duplicate_kind, similarity "
                        "FROM documents ORDER BY id")
    assert [row[1:5] for row in stored] == [
        ("https://a.example/goc", 0, None, None),
        ("https://b.example/chia-se", 1, 1, "exact"),
        ("https://c.example/sua", 0, 1, "near"),
    ]
    assert 0.75 <= stored[2][5] < 1
    # claims only once, on the original
    assert rows(home, "SELECT DISTINCT document_id FROM claims") == [(1,)]


def test_running_again_adds_nothing(store: Store, home: Path, tmp_path: Path, site: str) -> None:
    store.settings = store.settings.replace(KIEMCHUNG_ALLOW_PRIVATE_HOSTS="1")
    posts = tmp_path / "posts.jsonl"
    posts.write_text("\n".join(json.dumps({"text": f"Bài số {i}: {BASE[:40 + 7 * i]} {i}"} | (
        {"url": f"https://x.example/{i}"} if i % 2 else {})) for i in range(10)))
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS.replace("{base}", site))
    first, _ = run(store, posts, feed)
    before = {table: count(home, table) for table in ("documents", "claims")}
    again, _ = run(store, posts, feed)
    assert (again.added, again.exact_duplicates, again.near_duplicates, again.claims) == (0, 0, 0, 0)
    assert again.known == first.documents
    assert {table: count(home, table) for table in ("documents", "claims")} == before
    assert rows(home, "SELECT count(*) FROM documents WHERE url IS NOT NULL GROUP BY url "
                      "HAVING count(*) > 1") == []


def test_claims_and_their_fact_check_matches_are_stored(store: Store, home: Path,
                                                        tmp_path: Path) -> None:
    claim = "Uống 2 lít nước dừa mỗi ngày chữa khỏi ung thư."
    with store.db.transaction() as connection:
        connection.execute(factchecks.insert().values(
            url="https://kiemchung.example/nuoc-dua", claim_reviewed=claim, rating_text="Sai",
            data="{}", search_text=claim.lower(),
            updated_at=datetime.now(timezone.utc).isoformat()))
    post = tmp_path / "tin.txt"
    post.write_text(f"Chia sẻ gấp. {claim} Mọi người nhớ nhé!")
    report, _ = run(store, post)
    assert report.claims == 1
    [(start, end, text)] = rows(home, 'SELECT start, "end", text FROM claims')
    assert text == claim and (start, end) == (13, 13 + len(claim))
    assert rows(home, "SELECT f.url, m.score, m.matched FROM claim_matches m "
                      "JOIN factchecks f ON f.id = m.factcheck_id") == [
        ("https://kiemchung.example/nuoc-dua", 0.95, 1)]


def test_cli_refused_url_is_one_line_and_exit_1(home: Path, stages: None,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "http://169.254.169.254/latest/meta-data/"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().splitlines() == [
        "error: refused http://169.254.169.254/latest/meta-data/: 169.254.169.254 is a link-local "
        "address (set KIEMCHUNG_ALLOW_PRIVATE_HOSTS=1 to allow)"]


def test_cli_prints_problems_and_the_summary(home: Path, stages: None, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text(json.dumps({"text": BASE}) + "\n{bad\n" + json.dumps({"text": BASE}) + "\n")
    assert main(["ingest", str(posts), "file:///etc/passwd"]) == 1  # what loaded is kept
    captured = capsys.readouterr()
    assert captured.out == ("ingested 2 documents (1 exact duplicates, 0 near duplicates, "
                            "2 skipped), 1 claims\n")
    assert captured.err.splitlines() == [
        f"error: {posts}:2: not valid JSON (Expecting property name enclosed in double quotes); "
        "line skipped",
        "error: refused file:///etc/passwd: the file: scheme is not fetched (only http and https)"]
    assert main(["ingest", str(posts)]) == 1  # the bad line is still skipped


def test_cli_a_file_of_only_bad_lines_exits_1(home: Path, stages: None, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text("{bad\n{worse\n")
    assert main(["ingest", str(posts)]) == 1
    assert all(line.startswith("error: ") for line in capsys.readouterr().err.splitlines())


def _write_posts(path: Path, number: int) -> None:
    rng = random.Random(7)
    words = ("ngày tháng năm người dân thành phố tỉnh huyện xã giá xăng điện nước gạo thịt cá "
             "bệnh viện trường học đường sá mưa nắng bão lũ chợ nhà xe máy tàu").split()
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(number):
            text = " ".join(rng.choice(words) for _ in range(40)) + f". Có {i} người đến."
            post = {"id": f"p{i}", "text": text} | ({"url": f"https://x.example/{i}"} if i % 2
                                                    else {})
            handle.write(json.dumps(post, ensure_ascii=False) + "\n")


def _cli(home: Path, *args: str, delay: str = "0") -> subprocess.Popen[bytes]:
    script = ("import sys; sys.path.insert(0, sys.argv[1]); import test_ingest; "
              "test_ingest.install_stub_stages(); from kiemchung.cli import main; "
              "sys.exit(main(sys.argv[2:]))")
    env = {**os.environ, "KIEMCHUNG_HOME": str(home), "STUB_STAGE_DELAY": delay}
    return subprocess.Popen([sys.executable, "-c", script, str(TESTS), "ingest", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _snapshot(home: Path) -> tuple[Any, ...]:
    return (
        sorted(rows(home, "SELECT url, content_hash, text, duplicate_kind FROM documents"),
               key=repr),
        sorted(rows(home, 'SELECT d.content_hash, c.start, c."end", c.text FROM claims c '
                          "JOIN documents d ON d.id = c.document_id"), key=repr),
    )


@pytest.mark.sqlite_only  # two data directories, two databases
def test_killed_run_keeps_whole_batches_and_rerun_completes_it(tmp_path: Path) -> None:
    posts = tmp_path / "many.jsonl"
    total = 320
    _write_posts(posts, total)
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    killed.mkdir()
    clean.mkdir()
    process = _cli(killed, str(posts), delay="0.1")
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        if (killed / "kiemchung.sqlite3").exists():
            try:
                stored = count(killed, "documents")
            except sqlalchemy.exc.DBAPIError:  # schema not created yet, or busy a moment
                stored = 0
            if stored >= 32:
                break
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored = count(killed, "documents")
    assert 32 <= stored < total and stored % 32 == 0
    assert count(killed, "claims") == stored  # one claim per post, written with its post

    rerun = _cli(killed, str(posts))
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()
    assert out.decode().strip() == (f"ingested {total - stored} documents (0 exact duplicates, "
                                    f"0 near duplicates, 0 skipped), {total - stored} claims; "
                                    f"{stored} already ingested")
    full = _cli(clean, str(posts))
    full.communicate(timeout=120)
    assert full.returncode == 0
    assert _snapshot(killed) == _snapshot(clean)
    assert count(killed, "documents") == total
    assert rows(killed, "SELECT count(*) FROM documents GROUP BY content_hash "
                        "HAVING count(*) > 1") == []


@pytest.mark.slow
def test_real_pipeline_finds_claims_of_new_documents(home: Path, tmp_path: Path) -> None:
    """With the built-in stages (claim detector, matcher on an empty library)."""
    note = tmp_path / "tin.txt"
    note.write_text("Bộ Y tế cho biết 90% người dân đã tiêm đủ hai mũi vắc xin trong năm 2021.\n"
                    "Chúc mọi người một ngày vui vẻ!\n")
    store = Store(home)
    try:
        report, problems = run(store, note)
    finally:
        store.close()
    assert (report.added, problems) == (1, [])
    assert report.claims >= 1
    assert rows(home, "SELECT language FROM documents") == [("vi",)]
    assert any("90%" in text for (text,) in rows(home, "SELECT text FROM claims"))


def test_csv_field_over_131072_characters_is_read_and_the_post_cut_to_the_limit(
        store: Store, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIEMCHUNG_MAX_POST_CHARS", "150000")
    store.settings = store.settings.replace(KIEMCHUNG_MAX_POST_CHARS="150000")
    posts = tmp_path / "posts.csv"
    long = "Có 3 ca mắc mới. " + "x" * 200_000
    posts.write_text(f"text\nBài đầu có 1 điều.\n{long}\nBài cuối có 2 điều.\n", encoding="utf-8")
    report, problems = run(store, posts)
    assert (report.added, report.skipped) == (3, 0)
    assert problems == [f"{posts}:3: text of {len(long)} characters cut to its first 150000 "
                        "(KIEMCHUNG_MAX_POST_CHARS)"]
    assert [len(text) for (text,) in rows(home, "SELECT text FROM documents ORDER BY id")] == [
        18, 150_000, 19]


def test_an_unterminated_csv_quote_is_reported_and_the_rows_after_it_still_load(
        store: Store, home: Path, tmp_path: Path) -> None:
    posts = tmp_path / "posts.csv"
    posts.write_text('text,url\nBài 1 có 1 điều,\n"Bài 2 mở ngoặc mà không đóng,\n'
                     'Bài 3 có 3 điều,\nBài 4 có 4 điều,\n', encoding="utf-8")
    report, problems = run(store, posts)
    assert (report.added, report.skipped) == (3, 1)
    assert problems == [f"{posts}:3: not valid CSV (unexpected end of data); the lines after it "
                        "are read as rows again; line skipped"]
    assert [t for (t,) in rows(home, "SELECT text FROM documents ORDER BY id")] == [
        "Bài 1 có 1 điều", "Bài 3 có 3 điều", "Bài 4 có 4 điều"]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_one_invalid_byte_loses_only_its_line(store: Store, home: Path, tmp_path: Path,
                                              suffix: str) -> None:
    posts = tmp_path / f"posts{suffix}"
    lines = ([b'{"text": "B\xc3\xa0i 1 c\xc3\xb3 1 \xc4\x91i\xe1\xbb\x81u"}', b'{"text": "H\xff 2"}',
              b'{"text": "B\xc3\xa0i 3 c\xc3\xb3 3 \xc4\x91i\xe1\xbb\x81u"}'] if suffix == ".jsonl"
             else [b"text", "Bài 1 có 1 điều".encode(), b"H\xff 2", "Bài 3 có 3 điều".encode()])
    posts.write_bytes(b"\n".join(lines) + b"\n")
    report, problems = run(store, posts)
    assert (report.added, report.skipped) == (2, 1)
    assert problems == [f"{posts}:2: holds text that is not valid Unicode (an invalid UTF-8 "
                        "byte or a lone surrogate); line skipped"] if suffix == ".jsonl" else [
        f"{posts}:3: holds text that is not valid Unicode (an invalid UTF-8 byte or a lone "
        "surrogate); line skipped"]


@pytest.mark.parametrize("damage", [
    (b'encoding="utf-8"', b'encoding="utf-8\x00"'),  # a NUL in the declaration
    (b'encoding="utf-8"', b'encoding="undefined"'),  # a codec that always fails
    (b"<title>Tin 2", b"<title>Tin\x00 2"),  # a NUL in an entry
])
def test_a_feed_with_a_corrupt_declaration_or_a_nul_is_read_without_a_traceback(
        store: Store, home: Path, tmp_path: Path, damage: tuple[bytes, bytes]) -> None:
    items = "".join(f"<item><title>Tin {n}</title><description>Có {n} ca mắc mới.</description>"
                    "</item>" for n in (1, 2, 3))
    feed = tmp_path / "feed.rss"
    feed.write_bytes((f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                      f"<title>Báo</title>{items}</channel></rss>").encode().replace(*damage))
    report, problems = run(store, feed)
    assert (report.added, problems) == (3, [])


def test_cli_exits_1_when_a_line_was_skipped_and_keeps_the_rest(
        home: Path, stages: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_bytes(json.dumps({"text": BASE}).encode() + b"\n" + b"[" * 1000 + b"\n")
    assert main(["ingest", str(posts)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("ingested 1 documents")
    assert f"error: {posts}:2: JSON nested more than 100 levels deep; line skipped" in captured.err
    assert "Traceback" not in captured.err


def test_cli_a_post_cut_to_the_limit_is_a_warning_not_a_failure(
        home: Path, stages: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KIEMCHUNG_MAX_POST_CHARS", "40")
    posts = tmp_path / "posts.jsonl"
    posts.write_text(json.dumps({"text": BASE + " " + BASE}) + "\n")
    assert main(["ingest", str(posts)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"warning: {posts}:1: text of {len(BASE) * 2 + 1} characters cut to its first 40 "
        "(KIEMCHUNG_MAX_POST_CHARS)"]
