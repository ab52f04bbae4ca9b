import hashlib
import stat

import pytest
from warcio.archiveiterator import ArchiveIterator

from kiemchung.desk import archive, research
from kiemchung.errors import InputError, NotFound

from test_desk_workflow import queued

PAGE = """<!doctype html><html><head><title>Bộ Y tế: chanh không chữa ung thư</title></head>
<body><nav>Trang chủ | Tin tức | Liên hệ</nav>
<article><h1>Bộ Y tế: chanh không chữa ung thư</h1>
<p>Không có thực phẩm nào, kể cả nước chanh nóng, chữa khỏi được ung thư giai đoạn cuối.</p>
<p>Người bệnh cần được điều trị tại cơ sở y tế theo phác đồ của bác sĩ chuyên khoa ung bướu,
không nên tự ý bỏ thuốc để dùng các bài thuốc truyền miệng trên mạng xã hội.</p>
<p>Các chuyên gia khuyến cáo người dân chỉ tin thông tin từ nguồn chính thức của ngành y tế.</p>
</article><footer>Bản quyền 2026</footer></body></html>"""


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
