"""kiemchung match --image: the text read on each image, matched like typed text."""

import json

import pytest

from kiemchung.cli import main
from kiemchung.images import attach
from kiemchung.store import Store
from screenshots import photo, png, render, require_tesseract

LIBRARY = {
    "@context": "https://schema.org", "@type": "ClaimReview",
    "url": "https://factcheck.example/chanh-nong-ung-thu",
    "claimReviewed": "Uống nước chanh nóng mỗi sáng tiêu diệt tế bào ung thư.",
    "reviewRating": {"@type": "Rating", "alternateName": "Sai"},
}


@pytest.mark.slow
def test_match_image_prints_the_text_read_and_its_match(home, tmp_path, capsys):
    require_tesseract()
    library = tmp_path / "library.jsonl"
    library.write_text(json.dumps(LIBRARY, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["factchecks", "import", str(library)]) == 0
    shot = tmp_path / "shot.png"
    shot.write_bytes(png(render("Uống nước chanh nóng mỗi sáng giúp tiêu diệt tế bào ung thư nha mọi người", theme="dark", width=720)))
    picture = tmp_path / "anh.png"
    picture.write_bytes(png(photo(4)))
    store = Store(home)
    attach(store, LIBRARY["url"], png(photo(4).resize((900, 675))))
    store.close()
    capsys.readouterr()
    assert main(["match", "--image", str(shot), "--image", str(picture)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == [str(shot), str(picture)]
    assert "tế bào ung thư" in lines[0]["text"] and lines[0]["matched"] is True
    assert lines[0]["matches"][0]["url"] == LIBRARY["url"]
    assert lines[1]["text"] == "" and lines[1]["matched"] is True
    assert lines[1]["matches"][0] == {"url": LIBRARY["url"], "claim": LIBRARY["claimReviewed"],
                                      "rating": "Sai", "score": 1.0}


def test_match_image_refuses_a_file_that_is_not_an_image_in_one_line(home, tmp_path, capsys):
    bad = tmp_path / "notes.txt"
    bad.write_text("không phải ảnh", encoding="utf-8")
    assert main(["match", "--image", str(bad)]) != 0
    said = capsys.readouterr().err
    assert f"{bad}: not an image" in said and "Traceback" not in said
