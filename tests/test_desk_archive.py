import hashlib
import io
import logging
import os
import stat
from pathlib import Path

import pytest
from PIL import Image
from warcio.archiveiterator import ArchiveIterator

from fixtures_desk import log_in
from kiemchung.desk import archive, research, screenshots, users
from kiemchung.errors import InputError, NotFound
from kiemchung.fetch import FetchResult
from kiemchung.settings import Settings
from test_desk_workflow import queued
from test_web_public import archived_and_published

CHROMIUM = "/usr/bin/chromium"
AGENT = str(Settings().get("KIEMCHUNG_USER_AGENT"))

PAGE = """<!doctype html><html><head><title>Bộ Y tế: chanh không chữa ung thư</title></head>
<body><nav>Trang chủ | Tin tức | Liên hệ</nav>
<article><h1>Bộ Y tế: chanh không chữa ung thư</h1>
<p>Không có thực phẩm nào, kể cả nước chanh nóng, chữa khỏi được ung thư giai đoạn cuối.</p>
<p>Người bệnh cần được điều trị tại cơ sở y tế theo phác đồ của bác sĩ chuyên khoa ung bướu,
không nên tự ý bỏ thuốc để dùng các bài thuốc truyền miệng trên mạng xã hội.</p>
<p>Các chuyên gia khuyến cáo người dân chỉ tin thông tin từ nguồn chính thức của ngành y tế.</p>
</article><footer>Bản quyền 2026</footer></body></html>"""


@pytest.fixture(autouse=True)
def chromium_in_browser_tests(request, monkeypatch):
    """Screenshots are taken in the tests marked ``browser`` (Debian's Chromium); the others
    archive the WARC alone, as an instance without Chromium does."""
    if request.node.get_closest_marker("browser") is None:
        monkeypatch.setenv("KIEMCHUNG_CHROMIUM", "")
        return
    if not Path(CHROMIUM).exists():
        if os.environ.get("KIEMCHUNG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and KIEMCHUNG_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium to run browser tests")
    monkeypatch.setenv("KIEMCHUNG_CHROMIUM", CHROMIUM)


@pytest.fixture
def page(loopback, site):
    site.route("/bai-viet", PAGE, headers={"X-Nguon": "thu"})
    return f"{site.base}/bai-viet"


def test_a_url_alone_is_fetched_read_and_archived(page, desk_store, people):
    item = queued(desk_store)
    found = research.add_evidence(desk_store, item.id, page, "", people["factchecker"])

    assert "nước chanh nóng" in found.text
    assert "Trang chủ | Tin tức" not in found.text  # the main text, not the menu
    assert found.title == "Bộ Y tế: chanh không chữa ung thư"
    assert found.sha256 == hashlib.sha256(PAGE.encode("utf-8")).hexdigest()
    assert found.archive and found.archived_at
    path = archive.path_of(desk_store, found.archive)
    assert found.archive == hashlib.sha256(path.read_bytes()).hexdigest() + ".warc.gz"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert research.evidence_of(desk_store, item.id)[-1].archive == found.archive


def test_the_warc_holds_the_page_as_fetched_and_the_text_read(page, desk_store, people):
    item = queued(desk_store)
    found = research.add_evidence(desk_store, item.id, page, "", people["factchecker"])

    with archive.path_of(desk_store, found.archive).open("rb") as stream:
        records = [(record.rec_type, record.rec_headers.get_header("WARC-Target-URI"),
                    record.http_headers, record.content_stream().read())
                   for record in ArchiveIterator(stream)]
    assert [kind for kind, *_ in records] == ["response", "resource"]
    _, uri, http, body = records[0]
    assert uri == page
    assert http.get_statuscode() == "200"
    assert http.get_header("X-Nguon") == "thu"
    assert body == PAGE.encode("utf-8")
    assert records[1][3].decode("utf-8") == found.text


def test_adding_the_same_page_again_adds_nothing(page, desk_store, people):
    item = queued(desk_store)
    first = research.add_evidence(desk_store, item.id, page, "", people["factchecker"])
    again = research.add_evidence(desk_store, item.id, page, "", people["factchecker"])
    assert again.id == first.id
    assert len(research.evidence_of(desk_store, item.id)) == 1
    assert [path.name for path in archive.folder(desk_store).iterdir()] == [first.archive]


def test_pasted_text_is_kept_as_it_is_without_fetching(page, site, desk_store, people):
    item = queued(desk_store)
    found = research.add_evidence(desk_store, item.id, page, "Văn bản đã đọc",
                                  people["factchecker"])
    assert found.text == "Văn bản đã đọc"
    assert found.archive is None
    assert site.requests("/bai-viet") == []


def test_a_private_address_is_refused_in_one_line(site, desk_store, people, monkeypatch):
    monkeypatch.delenv("KIEMCHUNG_ALLOW_PRIVATE_HOSTS", raising=False)
    site.route("/bai-viet", PAGE)
    item = queued(desk_store)
    with pytest.raises(InputError) as refused:
        research.add_evidence(desk_store, item.id, f"{site.base}/bai-viet", "",
                              people["factchecker"])
    message = str(refused.value)
    assert "\n" not in message and "loopback" in message and site.base in message
    assert refused.value.code == "archive_refused"
    assert site.requests("/bai-viet") == []
    assert research.evidence_of(desk_store, item.id) == []


def test_a_failed_fetch_or_a_page_without_text_is_one_clear_line(loopback, site, desk_store,
                                                                  people):
    site.route("/mat", "không có", status=404)
    site.route("/trong", "<html><body></body></html>")
    item = queued(desk_store)
    with pytest.raises(InputError, match="HTTP 404") as failed:
        research.add_evidence(desk_store, item.id, f"{site.base}/mat", "", people["factchecker"])
    assert failed.value.code == "archive_failed"
    with pytest.raises(InputError, match="no readable text") as empty:
        research.add_evidence(desk_store, item.id, f"{site.base}/trong", "",
                              people["factchecker"])
    assert empty.value.code == "archive_no_text"
    assert research.evidence_of(desk_store, item.id) == []


def test_only_archive_names_are_served(desk_store):
    for name in ("../kiemchung.db", "kiemchung.db", "a" * 64 + ".warc.gz"):
        with pytest.raises(NotFound):
            archive.path_of(desk_store, name)


# Screenshots ------------------------------------------------------------------------------

def png(width, height, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


ILLUSTRATED = PAGE.replace("<article>", '<article><img src="/logo.png" width="300" height="150">')


def fetched(url, body):
    """A page as the guard fetched it, for Chromium to be shown without a fetch of its own."""
    data = body.encode("utf-8")
    return FetchResult(url=url, final_url=url, status=200,
                       headers={"content-type": "text/html; charset=utf-8"}, content=data,
                       text=body, content_type="text/html", not_modified=False)


@pytest.mark.browser
def test_an_archived_page_gets_a_screenshot_named_by_its_sha256(loopback, site, desk_store,
                                                                 people):
    site.route("/bai-viet", ILLUSTRATED)
    site.route("/logo.png", png(300, 150, (255, 0, 0)), content_type="image/png")
    item = queued(desk_store)
    found = research.add_evidence(desk_store, item.id, f"{site.base}/bai-viet", "",
                                  people["factchecker"])

    assert found.archive and found.screenshot and found.screenshot_at
    path = archive.path_of(desk_store, found.screenshot)
    assert found.screenshot == hashlib.sha256(path.read_bytes()).hexdigest() + ".png"
    assert path.parent == archive.path_of(desk_store, found.archive).parent
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    image = Image.open(path)
    assert image.format == "PNG" and image.width == 1280 and 800 <= image.height <= 8000
    assert (255, 0, 0) in {pixel[:3] for pixel in image.convert("RGB").getdata()}  # the logo
    assert len(site.requests("/bai-viet")) == 1  # shown from the bytes fetched for the WARC
    assert [seen.headers["User-Agent"] for seen in site.requests("/logo.png")] == [AGENT]
    assert research.evidence_of(desk_store, item.id)[-1].screenshot == found.screenshot


@pytest.mark.browser
def test_a_sub_resource_on_a_private_address_is_refused_by_the_guard(site):
    body = PAGE.replace("<article>", f'<article><img src="http://10.0.0.1/x.png">'
                                     f'<img src="{site.base}/logo.png">')
    tally = screenshots.Tally()
    shot = screenshots.render(Settings({"KIEMCHUNG_CHROMIUM": CHROMIUM}),
                              fetched("https://bao.example.vn/bai-viet", body), tally)

    assert shot is not None and Image.open(io.BytesIO(shot)).width == 1280
    assert sorted(tally.refused) == sorted([
        f"refused {site.base}/logo.png: 127.0.0.1 is a loopback address "
        "(set KIEMCHUNG_ALLOW_PRIVATE_HOSTS=1 to allow)",
        "refused http://10.0.0.1/x.png: 10.0.0.1 is a private address "
        "(set KIEMCHUNG_ALLOW_PRIVATE_HOSTS=1 to allow)",
    ])
    assert tally.fetched == 0
    assert site.seen == []  # refused before any connection, by the guard and not by Chromium


@pytest.mark.browser
def test_chromium_itself_never_connects_anywhere(loopback, site):
    port = site.base.rsplit(":", 1)[1]
    body = PAGE.replace("</body>", f"""<script>
        new WebSocket("ws://127.0.0.1:{port}/ws");
        fetch("/gui", {{method: "POST", body: "x"}});
        navigator.sendBeacon("/beacon", "x");
        navigator.serviceWorker && navigator.serviceWorker.register("/sw.js");
        window.open("/cua-so-moi");
        setTimeout(() => {{ location.href = "/trang-khac"; }}, 0);
        </script><img src="/logo.png"></body>""")
    site.route("/logo.png", png(10, 10, (0, 0, 255)), content_type="image/png")
    tally = screenshots.Tally()
    shot = screenshots.render(Settings({"KIEMCHUNG_CHROMIUM": CHROMIUM,
                                        "KIEMCHUNG_ALLOW_PRIVATE_HOSTS": "1"}),
                              fetched(f"{site.base}/bai-viet", body), tally)

    assert shot is not None
    asked = {(seen.method, seen.path, seen.headers.get("User-Agent")) for seen in site.seen}
    assert asked == {("GET", "/robots.txt", AGENT), ("GET", "/logo.png", AGENT)}
    assert tally.fetched == 1 and tally.aborted >= 3  # the websocket, the POSTs, the popup


@pytest.mark.browser
def test_chromium_as_started_reaches_nothing_even_without_the_routing(site):
    import asyncio
    import socket
    from concurrent.futures import ThreadPoolExecutor

    from playwright.async_api import async_playwright

    async def visit(urls):
        failures = []
        with socket.socket() as dead:
            dead.bind(("127.0.0.1", 0))
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    **screenshots.launch_options(CHROMIUM, dead.getsockname()[1]))
                page = await browser.new_page()
                for url in urls:
                    with pytest.raises(Exception) as failed:
                        await page.goto(url, timeout=10_000)
                    failures.append(str(failed.value).splitlines()[0])
                await browser.close()
        return failures

    port = site.base.rsplit(":", 1)[1]
    urls = [f"{site.base}/thang", f"http://localhost:{port}/ten"]
    with ThreadPoolExecutor(1) as pool:  # a loop of its own: a browser test may hold this one
        failures = pool.submit(asyncio.run, visit(urls)).result()
    assert all("ERR_PROXY_CONNECTION_FAILED" in failure for failure in failures)
    assert site.seen == []


@pytest.mark.browser
def test_adding_the_same_page_again_keeps_one_archive_and_one_screenshot(page, desk_store,
                                                                         people):
    item = queued(desk_store)
    first = research.add_evidence(desk_store, item.id, page, "", people["factchecker"])
    again = research.add_evidence(desk_store, item.id, page, "", people["factchecker"])
    assert again.id == first.id and first.screenshot
    kept = sorted(path.name for path in archive.folder(desk_store).iterdir())
    assert kept == sorted([first.archive, first.screenshot])


@pytest.mark.browser
def test_a_long_page_is_photographed_down_to_the_height_cap(loopback, site):
    body = PAGE.replace("<body>", '<body style="height: 30000px">')
    shot = screenshots.render(Settings({"KIEMCHUNG_CHROMIUM": CHROMIUM}),
                              fetched(f"{site.base}/dai", body))
    assert shot is not None
    assert Image.open(io.BytesIO(shot)).size == (1280, screenshots.MAX_HEIGHT)


@pytest.mark.browser
def test_a_screenshot_is_shown_to_readers_only_once_its_source_is_published(loopback, site,
                                                                            client, desk_store,
                                                                            people):
    site.route("/who", PAGE)
    item = queued(desk_store)
    source = research.add_evidence(desk_store, item.id, f"{site.base}/who", "",
                                   people["factchecker"])
    assert source.screenshot
    assert client.get(f"/luu-tru/{source.screenshot}").status_code == 404
    log_in(client, "kiem.chung@toasoan.vn")
    assert client.get(f"/luu-tru/{source.screenshot}").status_code == 200
    assert f'href="/luu-tru/{source.screenshot}"' in client.get(f"/desk/claims/{item.id}").text
    client.cookies.clear()

    published, slug = archived_and_published(desk_store, people, f"{site.base}/who")
    shown = client.get(f"/luu-tru/{published.screenshot}")
    assert shown.status_code == 200
    assert shown.headers["content-type"] == "image/png"
    assert shown.headers["content-disposition"].startswith("inline")
    assert hashlib.sha256(shown.content).hexdigest() + ".png" == published.screenshot
    page = client.get(f"/kiem-chung/{slug}").text
    assert f'href="/luu-tru/{published.screenshot}"' in page and "ảnh chụp trang" in page


@pytest.mark.browser
def test_the_api_gives_a_sources_screenshot_with_its_sha256(loopback, site, client, desk_store,
                                                            people):
    site.route("/who", PAGE)
    item = queued(desk_store)
    bearer = {"authorization": f"Bearer {users.create_token(desk_store, 'kiem.chung@toasoan.vn')}"}
    added = client.post(f"/api/v1/claims/{item.id}/evidence", json={"url": f"{site.base}/who"},
                        headers=bearer)
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["screenshot_url"] == f"http://testserver/luu-tru/{body['screenshot_sha256']}.png"
    picture = archive.path_of(desk_store, body["screenshot_url"].rsplit("/", 1)[1]).read_bytes()
    assert hashlib.sha256(picture).hexdigest() == body["screenshot_sha256"]
    shown = client.get(f"/api/v1/claims/{item.id}", headers=bearer).json()["evidence"]
    assert shown[0]["screenshot_sha256"] == body["screenshot_sha256"]


def test_without_chromium_a_source_is_archived_without_a_screenshot(page, client, desk_store,
                                                                     people):
    item = queued(desk_store)
    found = research.add_evidence(desk_store, item.id, page, "", people["factchecker"])
    assert found.archive and found.screenshot is None and found.screenshot_at is None
    assert [path.name for path in archive.folder(desk_store).iterdir()] == [found.archive]
    log_in(client, "kiem.chung@toasoan.vn")
    desk_page = client.get(f"/desk/claims/{item.id}").text
    assert "Ảnh chụp trang" not in desk_page and "Screenshot" not in desk_page
    assert screenshots.chromium(Settings({"KIEMCHUNG_CHROMIUM": "/khong/co/chromium"})) is None


def test_a_failed_screenshot_keeps_the_archive_and_says_why_in_one_line(page, desk_store, people,
                                                                        monkeypatch, caplog):
    monkeypatch.setattr(desk_store, "settings",
                        desk_store.settings.replace(KIEMCHUNG_CHROMIUM="/bin/false"))
    item = queued(desk_store)
    with caplog.at_level(logging.WARNING, logger="kiemchung.desk.screenshots"):
        found = research.add_evidence(desk_store, item.id, page, "", people["factchecker"])
    assert found.archive and found.screenshot is None
    assert archive.path_of(desk_store, found.archive).is_file()
    [line] = [record.getMessage() for record in caplog.records]
    assert line.startswith(f"screenshot of {page} not taken: ") and "\n" not in line


def test_tidying_keeps_the_archive_of_a_kept_source_however_old(page, desk_store, people):
    from kiemchung.retention import tidy

    item = queued(desk_store)
    found = research.add_evidence(desk_store, item.id, page, "", people["factchecker"])
    kept = archive.folder(desk_store) / found.archive
    long_ago = kept.stat().st_mtime - 400 * 86400
    os.utime(kept, (long_ago, long_ago))
    assert tidy(desk_store).archive_files == 0 and kept.exists()
