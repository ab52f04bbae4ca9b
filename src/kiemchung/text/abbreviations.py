"""Common Vietnamese abbreviations and chat shorthand, expanded for matching (folded forms)."""

from __future__ import annotations

import re

# folded abbreviation → folded expansion
ABBREVIATIONS: dict[str, str] = {
    "tp.hcm": "thanh pho ho chi minh", "tphcm": "thanh pho ho chi minh",
    "tp hcm": "thanh pho ho chi minh", "hcm": "ho chi minh", "sg": "sai gon",
    "hn": "ha noi", "tp": "thanh pho", "vn": "viet nam", "byt": "bo y te",
    "cccd": "can cuoc cong dan", "cmnd": "chung minh nhan dan", "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te", "csgt": "canh sat giao thong", "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan", "nhnn": "ngan hang nha nuoc", "thpt": "trung hoc pho thong",
    "thcs": "trung hoc co so", "dh": "dai hoc", "bgddt": "bo giao duc va dao tao",
    "gd&dt": "giao duc va dao tao", "bca": "bo cong an", "qh": "quoc hoi", "cp": "chinh phu",
    "ttg": "thu tuong", "bv": "benh vien", "bs": "bac si", "who": "to chuc y te the gioi",
    "gdp": "tong san pham quoc noi", "gso": "tong cuc thong ke", "tct": "tong cuc thue",
    "ko": "khong", "k": "khong", "kg": "khong", "khg": "khong", "hok": "khong", "hong": "khong",
    "dc": "duoc", "dk": "duoc", "đc": "duoc", "mn": "moi nguoi", "mng": "moi nguoi",
    "ng": "nguoi", "nc": "nuoc", "j": "gi", "vs": "voi", "ae": "anh em", "tr": "trieu",
    "ty": "ty", "cty": "cong ty", "sdt": "so dien thoai", "tk": "tai khoan", "ck": "chuyen khoan",
    "nh": "ngan hang", "hs": "hoc sinh", "sv": "sinh vien", "gv": "giao vien", "ql": "quan ly",
    "xe mt": "xe may", "oto": "o to", "vaccine": "vac xin", "vacxin": "vac xin",
    "covid": "covid", "fb": "facebook", "bt": "binh thuong", "r": "roi", "z": "vay",
    "tq": "trung quoc", "sgk": "sach giao khoa", "gplx": "giay phep lai xe",
    "dbscl": "dong bang song cuu long", "bgd": "bo giao duc", "bct": "bo cong thuong",
    "btc": "bo tai chinh", "gtvt": "giao thong van tai", "bgtvt": "bo giao thong van tai",
    "thptqg": "trung hoc pho thong quoc gia", "mxh": "mang xa hoi", "bds": "bat dong san",
    "stk": "so tai khoan", "qd": "quyet dinh", "ttxvn": "thong tan xa viet nam",
    "tpbvsk": "thuc pham bao ve suc khoe", "mk": "minh", "bik": "biet", "bit": "biet",
    "trc": "truoc", "ns": "noi", "lm": "lam", "bn": "bao nhieu", "ntn": "nhu the nao",
}

_PATTERN = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(key) for key in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w])"
)


def expand(folded: str) -> str:
    """Replace known abbreviations in folded text by their folded expansion."""
    return _PATTERN.sub(lambda match: ABBREVIATIONS[match.group(1)], folded)
