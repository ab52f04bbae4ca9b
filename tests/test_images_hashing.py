"""A re-compressed, resized or cropped copy of a fact-checked photo is recognised."""

import io

import pytest
from PIL import Image

from kiemchung.images import attach, near
from kiemchung.images.hashing import centre, distance, pdq
from kiemchung.settings import Settings
from kiemchung.store import Store
from screenshots import jpeg, photo, png

FACTCHECK = "https://factcheck.example/anh-lu-lut-cu"


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path, Settings())
    attach(store, FACTCHECK, png(photo(7)))
    yield store
    store.close()


def _copies(original: Image.Image) -> dict[str, Image.Image]:
    def reopened(data: bytes) -> Image.Image:
        return Image.open(io.BytesIO(data)).convert("RGB")

    width, height = original.size
    return {
        "jpeg q40": reopened(jpeg(original, 40)),
        "half size": original.resize((width // 2, height // 2)),
        "phone size, jpeg q70": reopened(jpeg(original.resize((480, 360)), 70)),
        "centre crop 85%": centre(original, 0.85),
        "cropped to the left 90%": original.crop((0, 0, int(width * 0.9), height)),
        "top left corner 85%": original.crop((0, 0, int(width * 0.85), int(height * 0.85))),
        "pasted into a white frame": _framed(original),
    }


def _framed(image: Image.Image) -> Image.Image:
    frame = Image.new("RGB", (int(image.width * 1.1), int(image.height * 1.4)), "white")
    frame.paste(image, (int(image.width * 0.05), int(image.height * 0.2)))
    return frame


@pytest.mark.parametrize("kind", list(_copies(photo(7))))
def test_a_copy_of_a_fact_checked_photo_finds_its_fact_check(store, kind):
    copy = _copies(photo(7))[kind]
    found = near(store, copy)
    assert [n.factcheck_url for n in found] == [FACTCHECK], kind


def test_an_unrelated_photo_finds_nothing(store):
    for seed in range(20, 30):
        assert near(store, photo(seed)) == []


def test_unrelated_photos_are_far_apart_and_copies_close():
    hashes = [pdq(photo(seed))[0] for seed in range(10)]
    apart = [distance(a, b) for i, a in enumerate(hashes) for b in hashes[i + 1 :]]
    assert min(apart) > 70
    assert distance(pdq(photo(3))[0], pdq(photo(3).resize((300, 225)))[0]) < 20
