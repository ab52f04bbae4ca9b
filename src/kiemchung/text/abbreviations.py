"""Common Vietnamese abbreviations and chat shorthand, expanded for matching.

One table, written with tone marks: the accented expansion helps restore a text typed without
tone marks ("tphcm" → "thành phố hồ chí minh", not "thành phố họ chỉ mình"); its folded form is
what lexical search compares.
"""

from __future__ import annotations

import re

from .normalize import clean, fold

# abbreviation (as typed, folded) → expansion (accented)
ACCENTED: dict[str, str] = {
    "tp.hcm": "thành phố hồ chí minh",
    "tphcm": "thành phố hồ chí minh",
    "tp hcm": "thành phố hồ chí minh",
    "hcm": "hồ chí minh",
    "sg": "sài gòn",
    "hn": "hà nội",
    "tp": "thành phố",
    "vn": "việt nam",
    "byt": "bộ y tế",
    "cccd": "căn cước công dân",
    "cmnd": "chứng minh nhân dân",
    "bhxh": "bảo hiểm xã hội",
    "bhyt": "bảo hiểm y tế",
    "csgt": "cảnh sát giao thông",
    "ubnd": "ủy ban nhân dân",
    "hdnd": "hội đồng nhân dân",
    "nhnn": "ngân hàng nhà nước",
    "thpt": "trung học phổ thông",
    "thcs": "trung học cơ sở",
    "dh": "đại học",
    "bgddt": "bộ giáo dục và đào tạo",
    "gd&dt": "giáo dục và đào tạo",
    "bca": "bộ công an",
    "qh": "quốc hội",
    "cp": "chính phủ",
    "ttg": "thủ tướng",
    "bv": "bệnh viện",
    "bs": "bác sĩ",
    "who": "tổ chức y tế thế giới",
    "gdp": "tổng sản phẩm quốc nội",
    "gso": "tổng cục thống kê",
    "tct": "tổng cục thuế",
    "ko": "không",
    "k": "không",
    "kg": "không",
    "khg": "không",
    "hok": "không",
    "hong": "không",
    "dc": "được",
    "dk": "được",
    "mn": "mọi người",
    "mng": "mọi người",
    "ng": "người",
    "nc": "nước",
    "j": "gì",
    "vs": "với",
    "ae": "anh em",
    "tr": "triệu",
    "ty": "tỷ",
    "cty": "công ty",
    "sdt": "số điện thoại",
    "tk": "tài khoản",
    "ck": "chuyển khoản",
    "nh": "ngân hàng",
    "hs": "học sinh",
    "sv": "sinh viên",
    "gv": "giáo viên",
    "ql": "quản lý",
    "xe mt": "xe máy",
    "oto": "ô tô",
    "vaccine": "vắc xin",
    "vacxin": "vắc xin",
    "covid": "covid",
    "fb": "facebook",
    "bt": "bình thường",
    "r": "rồi",
    "z": "vậy",
    "tq": "trung quốc",
    "sgk": "sách giáo khoa",
    "gplx": "giấy phép lái xe",
    "dbscl": "đồng bằng sông cửu long",
    "bgd": "bộ giáo dục",
    "bct": "bộ công thương",
    "gtvt": "giao thông vận tải",
    "bgtvt": "bộ giao thông vận tải",
    "thptqg": "trung học phổ thông quốc gia",
    "mxh": "mạng xã hội",
    "bds": "bất động sản",
    "stk": "số tài khoản",
    "qd": "quyết định",
    "ttxvn": "thông tấn xã việt nam",
    "tpbvsk": "thực phẩm bảo vệ sức khỏe",
    "msg": "bột ngọt",  # monosodium glutamate; "mì chính" in the north
    "mk": "mình",
    "bik": "biết",
    "trc": "trước",
    "ns": "nói",
    "lm": "làm",
    "bn": "bao nhiêu",
    "ntn": "như thế nào",
    # chat shorthand of teencode; none of them is also a common word once folded
    "lun": "luôn",
    "hnay": "hôm nay",
    "hqua": "hôm qua",
    "cx": "cũng",
    "nx": "nữa",
    "ngta": "người ta",
    "bjo": "bây giờ",
    "khum": "không",
    "thui": "thôi",
    "iu": "yêu",
    "vk": "vợ",
    "zay": "vậy",
    "dzay": "vậy",
    "kq": "kết quả",
    # Vietnamese writes no w, z or f: "wa" is "quá" (or "qua"), "zui" is "vui"
    "wa": "quá",
    "zui": "vui",
    "nhiu": "nhiều",
    "dag": "đang",
    "thik": "thích",
    "ctv": "cộng tác viên",
    "lq": "liên quan",
    "tgian": "thời gian",
    "vde": "vấn đề",
    "xh": "xã hội",
    "cqcn": "cơ quan chức năng",
    # "đt" is a phone in chats ("cầm đt nghe gọi") but a national team in sport ("ĐT Việt Nam")
    # and half of "GD-ĐT" (education and training): those are spelled out first.
    "dt": "điện thoại",
    "dtdd": "điện thoại di động",
    "dth": "điện thoại",
    "dt viet nam": "đội tuyển việt nam",
    "dt vn": "đội tuyển việt nam",
    "dtvn": "đội tuyển việt nam",
    "dt quoc gia": "đội tuyển quốc gia",
    "dtqg": "đội tuyển quốc gia",
    "dt nu": "đội tuyển nữ",
    "dt u23": "đội tuyển u23",
    "dt u22": "đội tuyển u22",
    "dt u19": "đội tuyển u19",
    "gd-dt": "giáo dục và đào tạo",
    "gd dt": "giáo dục và đào tạo",
    "gd va dt": "giáo dục và đào tạo",
    # the press's and offices' own acronyms, none of them a word once folded
    "dhqg": "đại học quốc gia",
    "bhtn": "bảo hiểm thất nghiệp",
    "hlv": "huấn luyện viên",
    "clb": "câu lạc bộ",
    "vdv": "vận động viên",
    "tand": "tòa án nhân dân",
    "vksnd": "viện kiểm sát nhân dân",
    "qdnd": "quân đội nhân dân",
    "pccc": "phòng cháy chữa cháy",
    "atgt": "an toàn giao thông",
    "tnhh": "trách nhiệm hữu hạn",
    "ctcp": "công ty cổ phần",
    "tthc": "thủ tục hành chính",
    "hdld": "hợp đồng lao động",
    "nld": "người lao động",
    "tgd": "tổng giám đốc",
    "pgs": "phó giáo sư",
    "gs": "giáo sư",
    "ths": "thạc sĩ",
    "dbqh": "đại biểu quốc hội",
    "mttq": "mặt trận tổ quốc",
    "ubtvqh": "ủy ban thường vụ quốc hội",
    # and chat shorthand as common
    "kbh": "không bao giờ",
    "kp": "không phải",
    "cmt": "bình luận",
    "ib": "nhắn tin",
    "nhma": "nhưng mà",
    "nma": "nhưng mà",
    "nhg": "nhưng",
    "hsinh": "học sinh",
    "svien": "sinh viên",
    "gvien": "giáo viên",
    "mik": "mình",
    "mjk": "mình",
    "bjt": "biết",
    "bjk": "biết",
    "kbiet": "không biết",
    "kbt": "không biết",
    "ksao": "không sao",
    "kcj": "không có gì",
    "bgio": "bây giờ",
    "bme": "bố mẹ",
    "ncl": "nói chung là",
    "nvay": "như vậy",
    "tnao": "thế nào",
    "nch": "nói chuyện",
    "qtam": "quan tâm",
    "ctrinh": "chương trình",
    "dthoai": "điện thoại",
    "nv": "nhân viên",
    "qc": "quảng cáo",
    "hsd": "hạn sử dụng",
    # and more of the press's and offices' own
    "vstp": "vệ sinh thực phẩm",
    "atvstp": "an toàn vệ sinh thực phẩm",
    "ttyt": "trung tâm y tế",
    "kcn": "khu công nghiệp",
    "cand": "công an nhân dân",
    "bqp": "bộ quốc phòng",
    "nhtm": "ngân hàng thương mại",
    "tmcp": "thương mại cổ phần",
    "xkld": "xuất khẩu lao động",
    "ubmttq": "ủy ban mặt trận tổ quốc",
    # Shorthand with two common meanings, written out only where the words beside it tell
    # which (``_MEANT``): "hp" is "học phí" beside a fee's verbs ("miễn hp", "đóng hp") and
    # otherwise "hạnh phúc" or the brand; "tn" is "tốt nghiệp" beside an exam ("thi tn", "tn
    # thpt") and otherwise "tin nhắn" or "thanh niên". Elsewhere each stays as typed.
    "hp": "học phí",
    "tn": "tốt nghiệp",
}
ABBREVIATIONS: dict[str, str] = {key: fold(value) for key, value in ACCENTED.items()}

_PATTERN = re.compile(
    r"(?<![\w.])("
    + "|".join(re.escape(key) for key in sorted(ACCENTED, key=len, reverse=True))
    + r")(?![\w])"
)
# A number with its unit glued on: "10tr", "500k", "3ty".
UNIT = re.compile(r"(\d)(tr|k|ty)(?![a-z])")
UNITS = {"tr": "triệu", "k": "nghìn", "ty": "tỷ"}
# The unit between a number's whole and its fraction, as chats write amounts: "2tr53" is 2,53
# million, "2tr5" 2,5 million, "1ty2" 1,2 billion. Not "k": "2k7" is whoever was born in 2007.
_UNIT_INSIDE = re.compile(r"(?<![\d.,])(\d+)(tr|ty)(\d{1,3})(?![\w])")


def unit_last(text: str) -> str:
    """``text`` with each amount written with its unit inside ("2tr53") written with it last
    ("2,53tr"), as ``UNIT`` and number readers read it."""
    return _UNIT_INSIDE.sub(r"\1,\3\2", text)


# "ck" is "chuyển khoản" (a transfer) in "ck 500k", "ck cho shop", and "chồng" (husband) in
# "ck em", "vk ck", "nhà ck": the words beside it tell which.
_KIN = {"em", "minh", "toi", "tui", "t", "chi", "c", "ban", "b", "no", "co", "me", "tao", "to"}
_KIN_BEFORE = {"vk", "vo", "nha", "cua", "voi", "bo", "me", "ho", "anh", "em"}
_AMOUNT = re.compile(r"\d")


def _husband(folded: str, start: int, end: int) -> bool:
    """Whether the "ck" at ``folded[start:end]`` means "chồng": a person's word beside it and
    no amount just after it ("ck em bảo", "vk ck nhà mình"; not "ck em 500k")."""
    before = folded[:start].split()[-1:]
    after = folded[end:].split()[:2]
    if any(_AMOUNT.search(word) for word in after):
        return False
    return bool(before and before[0] in _KIN_BEFORE) or bool(after and after[0] in _KIN)


# shorthand → the folded words, just before or just after it, that say it means ACCENTED's
_MEANT: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "hp": (
        re.compile(r"\b(?:mien|dong|nop|tien|tang|giam|thu|muc|no)$"),
        re.compile(r"^(?:dai hoc|dh|nam hoc|hoc ky|hk|ky nay|dot)\b"),
    ),
    "tn": (
        re.compile(r"\b(?:thi|ky thi|diem|bang|xet|le|sau|truoc|dau|truot|rot)$"),
        re.compile(r"^(?:thpt|trung hoc|cap 3|cap ba|dai hoc|dh)\b"),
    ),
}


# Shorthand the tone-mark restorer must not write out by itself: it cannot see which is meant.
CONTEXTUAL = frozenset(_MEANT)


def _meant(key: str, folded: str, start: int, end: int) -> bool:
    """Whether the words beside the shorthand ``key`` at ``folded[start:end]`` say it means
    what ``ACCENTED`` writes for it (always, for shorthand with one meaning)."""
    if key not in _MEANT:
        return True
    before, after = _MEANT[key]
    return bool(before.search(folded[:start].rstrip()) or after.search(folded[end:].lstrip()))


def _expansion(folded: str, match: re.Match[str]) -> str:
    key = match.group(1)
    if key == "ck" and _husband(folded, match.start(), match.end()):
        return "chồng"
    if not _meant(key, folded, match.start(), match.end()):
        return key
    return ACCENTED[key]


def expand(folded: str) -> str:
    """Replace known abbreviations in folded text by their folded expansion."""
    folded = UNIT.sub(
        lambda match: f"{match.group(1)} {fold(UNITS[match.group(2)])}", unit_last(folded)
    )
    return _PATTERN.sub(lambda match: fold(_expansion(folded, match)), folded)


def spelled_out(text: str) -> str:
    """``text`` with each abbreviation typed without tone marks written out in full, with them
    (``MSG`` → ``bột ngọt``, ``đc`` → ``được``), lower-cased: what a short
    search query means, for the encoder and the tone-mark restorer. A word typed with tone marks
    is kept (``Hồng`` is a name, not ``hong``), and so is a single letter, which in a search box
    is as likely a name (``vitamin K``) as chat shorthand."""
    lowered = clean(text).lower()
    folded = fold(text)
    if len(folded) != len(lowered):  # a letter that folds to two: positions would not line up
        return text

    def written(match: re.Match[str]) -> str:
        typed, key = lowered[match.start() : match.end()], match.group(1)
        bare = typed.replace("đ", "d") == key  # "đc" is "dc" with its đ written
        return _expansion(folded, match) if bare and len(key) > 1 else typed

    pieces, last = [], 0
    for match in _PATTERN.finditer(folded):
        pieces += [lowered[last : match.start()], written(match)]
        last = match.end()
    return "".join(pieces) + lowered[last:]
