"""Which way a claim points, and when two claims point opposite ways."""

from kiemchung.matching.polarity import clash, directions


def test_directions_are_read_in_vietnamese_and_english():
    assert directions("Giá xăng RON95 sắp tăng lên 30.000 đồng/lít.") == {"up"}
    assert directions("Petrol prices fell by 300 dong a litre") == {"down"}
    assert directions("Học sinh bị cấm mang điện thoại đến trường") == {"banned"}
    assert directions("Thái Lan thua Việt Nam ở chung kết") == {"lost"}


def test_words_inside_other_words_state_no_direction():
    assert directions("Tăng Thanh Hà") == {"up"}  # a name reads as written: a known limit
    assert directions("the upper house") == frozenset()


def test_opposite_directions_clash_only_when_the_claim_lacks_the_query_s_own():
    assert clash(directions("xăng giảm 300 đồng"), directions("xăng sắp tăng"))
    assert not clash(directions("xăng giảm rồi lại tăng"), directions("xăng sắp tăng"))
    assert not clash(directions("xăng tăng"), directions("xăng sắp tăng"))
    assert not clash(frozenset(), directions("xăng sắp tăng"))
