"""Importing a fact-check reads the images its claim appeared as, so copies of them find it."""

import json

from kiemchung.images import near
from kiemchung.library.importer import import_files
from kiemchung.settings import Settings
from kiemchung.store import Store
from screenshots import jpeg, photo, png

URL = "https://factcheck.example/anh-ca-voi-mac-can"


def _claimreview(*appearances: object) -> str:
    return json.dumps({
        "@context": "https://schema.org", "@type": "ClaimReview", "url": URL,
        "claimReviewed": "Ảnh cá voi mắc cạn ở biển Cần Giờ hôm qua.",
        "reviewRating": {"@type": "Rating", "alternateName": "Sai"},
        "itemReviewed": {"@type": "Claim", "appearance": list(appearances)},
    }, ensure_ascii=False) + "\n"


def _import(store, folder, text):
    problems = []
    path = folder / "library.jsonl"
    path.write_text(text, encoding="utf-8")
    report = import_files(store, [path], on_problem=problems.append)
    return report, [str(problem) for problem in problems]


def test_a_local_appearance_image_is_attached_and_a_copy_finds_it(tmp_path):
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "ca-voi.png").write_bytes(png(photo(21)))
    store = Store(tmp_path / "home", Settings())
    try:
        appearance = {"@type": "ImageObject", "contentUrl": "anh/ca-voi.png"}
        report, problems = _import(store, tmp_path, _claimreview(appearance))
        assert report.loaded == 1 and problems == []
        copy = photo(21).resize((640, 480))
        assert [n.factcheck_url for n in near(store, copy)] == [URL]
        _import(store, tmp_path, _claimreview(appearance))  # a rerun duplicates nothing
        assert len(near(store, copy)) == 1
    finally:
        store.close()


def test_an_image_outside_the_imported_files_folder_is_not_read(tmp_path):
    store = Store(tmp_path / "home", Settings())
    try:
        appearance = {"@type": "ImageObject", "contentUrl": "../../etc/passwd"}
        report, problems = _import(store, tmp_path, _claimreview(appearance))
    finally:
        store.close()
    assert report.loaded == 1
    assert len(problems) == 1 and "outside the folder" in problems[0]
    assert "the fact-check was kept" in problems[0]


def test_a_web_image_is_fetched_only_when_the_setting_says_so(tmp_path, site):
    site.route("/ca-voi.jpg", jpeg(photo(22)), content_type="image/jpeg")
    text = _claimreview({"@type": "ImageObject", "contentUrl": site.base + "/ca-voi.jpg"})
    off = Store(tmp_path / "off", Settings({"KIEMCHUNG_ALLOW_PRIVATE_HOSTS": "1"}))
    try:
        _import(off, tmp_path, text)
        assert site.requests("/ca-voi.jpg") == [] and near(off, photo(22)) == []
    finally:
        off.close()
    on = Store(tmp_path / "on", Settings({"KIEMCHUNG_ALLOW_PRIVATE_HOSTS": "1",
                                          "KIEMCHUNG_IMAGE_FETCH": "1"}))
    try:
        _import(on, tmp_path, text)
        assert [n.factcheck_url for n in near(on, photo(22))] == [URL]
    finally:
        on.close()
