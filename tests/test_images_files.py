"""Images readers send are kept content-addressed without EXIF, within limits."""

import io
import struct
import zlib

import pytest
from PIL import Image

from kiemchung.errors import InputError
from kiemchung.images import files
from kiemchung.images.library import decode, keep
from kiemchung.settings import Settings
from kiemchung.store import Store
from screenshots import jpeg, photo, png

LIMITS = files.Limits(max_bytes=10_000_000, max_pixels=40_000_000)


def _with_gps(image: Image.Image) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)}  # GPS
    return jpeg(image, exif=exif.tobytes())


def test_a_kept_image_has_no_exif_and_is_named_by_its_sha256(tmp_path):
    data = _with_gps(photo(1, (400, 300)))
    assert Image.open(io.BytesIO(data)).getexif()  # the phone's location is in what was sent
    store = Store(tmp_path)
    try:
        _, kept = decode(store, data)
        keep(store, kept)
    finally:
        store.close()
    path = files.path_of(tmp_path, kept.sha256, kept.format)
    import hashlib

    assert hashlib.sha256(path.read_bytes()).hexdigest() == kept.sha256
    stored = Image.open(path)
    assert not stored.getexif() and "exif" not in stored.info
    assert stored.size == (400, 300)


def test_the_same_image_sent_twice_is_kept_once(tmp_path):
    data = png(photo(2, (300, 200)))
    store = Store(tmp_path)
    try:
        for _ in range(2):
            _, kept = decode(store, data)
            keep(store, kept)
    finally:
        store.close()
    assert len(list((tmp_path / "images").rglob("*.png"))) == 1


def _bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header says ``width`` × ``height`` (one compressed row repeated)."""
    row = b"\x00" + b"\x00" * width
    raw = zlib.compress(row * 8, 9)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    data = _bomb(8_000, 8_000)
    assert len(data) < 1000
    with pytest.raises(InputError, match=r"photo.png: 8000 × 8000 pixels .*decompression bomb"):
        files.decode(data, LIMITS, "photo.png")


def test_pillows_own_bomb_guard_is_a_clear_refusal_too():
    generous = files.Limits(max_bytes=10_000_000, max_pixels=10**12)
    with pytest.raises(InputError, match="decompression bomb"):
        files.decode(_bomb(20_000, 20_000), generous, "x.png")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"%PDF-1.4 not a picture", r"not an image \(PNG, JPEG, WebP or GIF\)"),
        (png(photo(3, (300, 300)))[:400], "damaged"),
    ],
)
def test_a_file_that_is_not_a_readable_image_gets_one_line(data, message):
    with pytest.raises(InputError, match=message) as raised:
        files.decode(data, LIMITS, "tin.png")
    assert "\n" not in str(raised.value) and str(raised.value).startswith("tin.png: ")


def test_an_image_larger_than_the_setting_is_refused(tmp_path):
    store = Store(tmp_path, Settings({"KIEMCHUNG_IMAGE_MAX_BYTES": "500"}))
    try:
        with pytest.raises(InputError, match="larger than the 500 allowed"):
            decode(store, png(photo(4, (200, 200))))
    finally:
        store.close()
