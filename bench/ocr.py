"""Reading images: seconds per chat screenshot (clean + Tesseract + chrome), PDQ hashing, the
whole of ``read_image``, and peak memory (this process, and Tesseract's, which runs apart).

    .venv/bin/python bench/ocr.py [--repeat 2]

The screenshots are drawn as in the tests (tests/screenshots.py): a 3–4 line claim in a chat,
three themes, three phone widths (720, 1080, 1170 px).
"""

from __future__ import annotations

import argparse
import functools
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from kiemchung.images import read_image  # noqa: E402
from kiemchung.images.hashing import hashes, pdq  # noqa: E402
from kiemchung.images.ocr import Reader  # noqa: E402
from kiemchung.settings import Settings  # noqa: E402
from kiemchung.store import Store  # noqa: E402
from screenshots import THEMES, WIDTHS, png, render  # noqa: E402

CLAIM = (
    "Nghe nói mấy chục container sầu riêng bị Trung Quốc trả về hết vì tẩm vàng O, chất gây "
    "ung thư. Nhà ai có người ghiền sầu riêng thì nhắc nhau cẩn thận nha mọi người, chia sẻ "
    "cho người thân biết."
)


def _timed(work, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def _tesseract_peak(image, reader: Reader) -> float:  # type: ignore[no-untyped-def]
    """Tesseract's peak memory on one cleaned screenshot, in MB, from a small parent process (a
    child forked from this one would count this process's memory as its own)."""
    import subprocess

    from kiemchung.images.ocr import clean

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "shot.png"
        clean(image).save(path)
        command = [reader.program, str(path), "stdout", "-l", reader.languages, "--psm", "4"]
        probe = (
            "import resource, subprocess, sys; "
            "subprocess.run(sys.argv[1:], capture_output=True, check=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        out = subprocess.run(
            [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True
        )
    return int(out.stdout) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    reader = Reader()
    reader.check()
    shots = {(t, w): render(CLAIM, theme=t, width=w) for t in THEMES for w in WIDTHS}
    print(f"{'image':14} {'pixels':>10} {'ocr s':>7} {'pdq s':>7} {'hashes s':>8} {'read_image s':>12}")
    ocr_all, read_all = [], []
    with tempfile.TemporaryDirectory() as home:
        store = Store(Path(home), Settings())
        for (theme, width), image in shots.items():
            data = png(image)
            ocr = statistics.median(_timed(functools.partial(reader.text, image), args.repeat))
            one = statistics.median(_timed(functools.partial(pdq, image), args.repeat))
            kept = statistics.median(_timed(functools.partial(hashes, image), args.repeat))
            whole = statistics.median(_timed(functools.partial(read_image, store, data), args.repeat))
            ocr_all.append(ocr)
            read_all.append(whole)
            pixels = f"{image.width}×{image.height}"
            print(f"{theme + ' ' + str(width):14} {pixels:>10} {ocr:7.2f} {one:7.3f} {kept:8.3f} {whole:12.2f}")
        store.close()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = _tesseract_peak(shots[("light", 1170)], reader)
    print(f"OCR per screenshot: median {statistics.median(ocr_all):.2f} s, "
          f"max {max(ocr_all):.2f} s; read_image median {statistics.median(read_all):.2f} s")
    print(f"peak memory: this process {own:.0f} MB, Tesseract {child:.0f} MB")


if __name__ == "__main__":
    main()
