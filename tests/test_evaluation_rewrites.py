import pytest

from kiemchung.evaluation.rewrites import REWRITES, rewrite
from kiemchung.text.normalize import normalize
from kiemchung.text.posts import calm

POST = "Từ 1/7 cấm rút BHXH một lần"


def test_every_rewrite_changes_the_form_and_is_the_same_each_time():
    for name in REWRITES:
        assert rewrite(name, POST) != POST and rewrite(name, POST) == rewrite(name, POST)


@pytest.mark.parametrize("name", ["capitals", "bold", "exclaimed", "full-stop", "emoji", "shared",
                                  "asked", "wrapped", "warned", "dotted"])
def test_a_rewrite_of_form_alone_reads_as_the_post_as_written(name):
    assert calm(normalize(rewrite(name, POST))).lower() == POST.lower()
