"""Which side a sentence favours, taken out before check-worthiness is scored.

Principle 3 (facts, not viewpoints) asks that "the authorities should …" and "citizens
should …", praise and blame of the same act, be decided alike. The learned weights cannot be
trusted to do that on their own: one word that happened to co-occur with news in training
("chính phủ", "công an", "kỷ luật") tips a normative sentence over the threshold while its mirror
stays under. So before any feature is computed, every mention of a political or social actor
becomes the one token ``xactor``, every word of praise or blame ``xjudge``, and every verb of
taking a side (support, oppose, praise, condemn, reward, punish) ``xstance``. Two sentences
that differ only in those words then have the same features and the same score.

Folding loses the difference between ``dân`` (people) and ``dẫn`` (lead), ``giỏi`` (good at)
and ``giới`` (world), so single syllables are read with their tone marks where the writer typed
them, and only multi-syllable phrases (unambiguous once folded) are read on the folded text.
"""

from __future__ import annotations

import re
from itertools import product

from ..text.abbreviations import expand
from ..text.normalize import fold, normalize

ACTOR, JUDGE, STANCE = "xactor", "xjudge", "xstance"

# Vietnamese single syllables, as typed with tone marks: once folded, "dân" is also "dẫn" (lead)
# and "đàn" (flock), "giỏi" also "giới" (world), "tốt" stays "tốt" only with its marks.
_TONED: dict[str, str] = {
    **dict.fromkeys(("dân", "đảng"), ACTOR),
    **dict.fromkeys(("giỏi", "kém", "tệ", "dở", "xấu", "tốt", "hèn", "nhục"), JUDGE),
    **dict.fromkeys(("khen", "chê"), STANCE),
}
# The same in a sentence typed without any tone marks, where the syllable is not ambiguous or
# its other readings are ruled out by the words around it.
_BARE = re.compile(
    r"\b(?:(?P<judge>tot|xau|nhuc)|(?P<stance>khen)"
    r"|(?<!huong )(?<!chi )(?<!trich )(?<!thu )(?<!hap )(?<!lan )(?<!dien )"
    r"(?P<actor>dan)(?! (?:den|dat|duong|dau|chung|ca|nhac|ong|ba|so)\b))\b"
)
# English single words.
_ENGLISH: dict[str, str] = {
    **dict.fromkeys(
        (
            "government",
            "governments",
            "authorities",
            "authority",
            "state",
            "officials",
            "official",
            "police",
            "officers",
            "parliament",
            "congress",
            "ministry",
            "minister",
            "mayor",
            "party",
            "opposition",
            "citizens",
            "citizen",
            "people",
            "residents",
            "protesters",
            "protestors",
            "demonstrators",
            "workers",
            "employees",
            "union",
            "unions",
            "company",
            "companies",
            "employer",
            "employers",
            "management",
            "corporation",
            "corporations",
            "voters",
            "farmers",
            "journalists",
            "press",
            "activists",
            "regime",
            "leaders",
            "leadership",
            "bosses",
            "landlords",
            "tenants",
            "teachers",
            "students",
            "patients",
            "doctors",
            "consumers",
            "shareholders",
            "investors",
            "army",
            "military",
            "soldiers",
            "court",
            "courts",
            "judges",
            "prosecutors",
            "council",
            "province",
            "administration",
            "lawmakers",
            "politicians",
            "critics",
            "supporters",
            "dissidents",
            "bloggers",
        ),
        ACTOR,
    ),
    **dict.fromkeys(
        (
            "good",
            "bad",
            "great",
            "terrible",
            "excellent",
            "awful",
            "wise",
            "foolish",
            "brave",
            "cowardly",
            "honest",
            "dishonest",
            "fair",
            "unfair",
            "unjust",
            "responsible",
            "irresponsible",
            "competent",
            "incompetent",
            "right",
            "wrong",
            "admirable",
            "shameful",
            "heroic",
            "disgraceful",
            "reasonable",
            "unreasonable",
            "wonderful",
            "horrible",
            "effective",
            "ineffective",
            "transparent",
            "corrupt",
            "selfless",
            "selfish",
            "peaceful",
            "violent",
            "arrogant",
            "humble",
            "greedy",
            "generous",
            "careless",
            "careful",
            "lazy",
            "hardworking",
            "stupid",
            "smart",
            "democratic",
            "authoritarian",
            "legitimate",
            "illegitimate",
            "correct",
            "mistaken",
            "praiseworthy",
            "blameworthy",
            "trustworthy",
            "untrustworthy",
            "cruel",
            "better",
            "worse",
            "best",
            "worst",
        ),
        JUDGE,
    ),
    **dict.fromkeys(
        (
            "support",
            "supports",
            "supported",
            "oppose",
            "opposes",
            "opposed",
            "praise",
            "praises",
            "praised",
            "criticise",
            "criticises",
            "criticised",
            "criticize",
            "criticizes",
            "criticized",
            "condemn",
            "condemns",
            "condemned",
            "applaud",
            "applauds",
            "applauded",
            "blame",
            "blames",
            "blamed",
            "thank",
            "thanks",
            "thanked",
            "reward",
            "rewards",
            "rewarded",
            "punish",
            "punishes",
            "punished",
            "honour",
            "honor",
            "honoured",
            "honored",
            "denounce",
            "denounces",
            "denounced",
            "defend",
            "defends",
            "defended",
            "trust",
            "distrust",
            "respect",
            "commend",
            "commended",
            "celebrate",
            "celebrated",
            "shame",
            "shamed",
            "backs",
            "backed",
            "resist",
            "resists",
            "resisted",
            "protect",
            "protects",
            "protected",
            "discipline",
            "disciplined",
            "sanction",
            "sanctioned",
            "reprimand",
            "reprimanded",
            "promote",
            "promoted",
            "expose",
            "exposed",
        ),
        STANCE,
    ),
}

# Phrases of two or more syllables, folded (read on folded text, with or without tone marks).
_PHRASES: dict[str, tuple[str, ...]] = {
    ACTOR: (
        "chinh phu",
        "nha nuoc",
        "chinh quyen",
        "chinh quyen dia phuong",
        "co quan chuc nang",
        "co quan nha nuoc",
        "nha chuc trach",
        "quoc hoi",
        "dai bieu quoc hoi",
        "dai bieu",
        "uy ban nhan dan",
        "hoi dong nhan dan",
        "cong an",
        "canh sat",
        "canh sat giao thong",
        "canh sat co dong",
        "luc luong chuc nang",
        "luc luong vu trang",
        "quan doi",
        "bo doi",
        "toa an",
        "vien kiem sat",
        "chu tich",
        "thu tuong",
        "bo truong",
        "lanh dao",
        "nha lanh dao",
        "quan chuc",
        "can bo",
        "cong chuc",
        "vien chuc",
        "dang cam quyen",
        "dang cong san",
        "dang doi lap",
        "phe doi lap",
        "phe cam quyen",
        "dang uy",
        "dang vien",
        "nguoi dan",
        "nhan dan",
        "cong dan",
        "cu tri",
        "cu dan",
        "nguoi bieu tinh",
        "dan oan",
        "nong dan",
        "cong nhan",
        "nguoi lao dong",
        "nhan vien",
        "cong doan",
        "nguoi tieu dung",
        "khach hang",
        "sinh vien",
        "hoc sinh",
        "giao vien",
        "phu huynh",
        "benh nhan",
        "bac si",
        "nha bao",
        "bao chi",
        "nha hoat dong",
        "gioi chu",
        "ong chu",
        "chu doanh nghiep",
        "ban giam doc",
        "ban lanh dao",
        "cong ty",
        "doanh nghiep",
        "tap doan",
        "chu dau tu",
        "nha dau tu",
        "co dong",
        "tieu thuong",
        "nguoi thue nha",
        "chu nha",
        "nguoi nop thue",
        "xa hoi dan su",
        "to chuc phi chinh phu",
        "gioi tre",
        "nguoi ung ho",
        "nguoi phan doi",
        "nguoi chi trich",
        "nha phe binh",
        "dan mang",
        "ban quan ly",
        "nha truong",
        "chinh tri gia",
        "ruling party",
        "civil society",
    ),
    JUDGE: (
        "tuyet voi",
        "xuat sac",
        "dang khen",
        "dang tu hao",
        "tu hao",
        "guong mau",
        "tan tam",
        "tan tuy",
        "chu dao",
        "hieu qua",
        "kem hieu qua",
        "dung dan",
        "sang suot",
        "anh minh",
        "vi dai",
        "tai gioi",
        "tot dep",
        "van minh",
        "tien bo",
        "minh bach",
        "thieu minh bach",
        "trung thuc",
        "dung cam",
        "anh hung",
        "dang tin",
        "dang tin cay",
        "hop ly",
        "vo ly",
        "cong bang",
        "bat cong",
        "nhan van",
        "than thien",
        "lich su",
        "on hoa",
        "toi te",
        "te hai",
        "kem coi",
        "yeu kem",
        "sai lam",
        "sai trai",
        "ngu ngoc",
        "vo dung",
        "vo trach nhiem",
        "thieu trach nhiem",
        "co trach nhiem",
        "vo cam",
        "quan lieu",
        "hach dich",
        "tham lam",
        "ich ky",
        "gian doi",
        "doi tra",
        "mo am",
        "doc doan",
        "hen nhat",
        "dang trach",
        "dang xau ho",
        "dang len an",
        "dang bi len an",
        "dang ghi nhan",
        "dang hoan nghenh",
        "bao luc",
        "hung hang",
        "cao thuong",
        "tan nhan",
        "tan bao",
        "nhu nhuoc",
        "quyet liet",
        "lieu linh",
        "thieu hieu biet",
        "hieu biet",
        "chuyen nghiep",
        "thieu chuyen nghiep",
        "nghiem tuc",
        "thieu nghiem tuc",
        "dang ne",
        "dang chan",
        "kiet xuat",
        "to te",
        "tu te",
        "tran trong",
        "dang tran trong",
        "dang bieu duong",
        "dang phe phan",
    ),
    STANCE: (
        "ung ho",
        "phan doi",
        "khen ngoi",
        "che bai",
        "chi trich",
        "phe phan",
        "phe binh",
        "len an",
        "ca ngoi",
        "ca tung",
        "tuyen duong",
        "bieu duong",
        "khen thuong",
        "ky luat",
        "trung phat",
        "xu ly nghiem",
        "cam on",
        "tri an",
        "biet on",
        "tin tuong",
        "nghi ngo",
        "to cao",
        "to giac",
        "khieu nai",
        "phan anh",
        "bao ve",
        "bac bo",
        "hoan nghenh",
        "tan thanh",
        "bai xich",
        "de cao",
        "ha thap",
        "vinh danh",
        "ton vinh",
        "bieu duong",
        "chong lai",
        "dung ve phia",
        "dung ve phe",
        "dung cung",
        "dong hanh cung",
        "phot lo",
        "tay chay",
        "bo phieu cho",
        "bo phieu chong",
        "stand with",
        "stand against",
        "speak out against",
        "speak up for",
    ),
}

_WORD = re.compile(r"\w+", re.UNICODE)
_SINGLE = {fold(word): token for word, token in _TONED.items()}


def _spellings(phrase: str) -> list[str]:
    """The phrase as the toned pass leaves it: "người dân" has become "nguoi xactor"."""
    options = [
        (syllable, _SINGLE[syllable]) if syllable in _SINGLE else (syllable,)
        for syllable in phrase.split()
    ]
    return [" ".join(choice) for choice in product(*options)]


_PHRASE_TOKEN = {
    spelling: token
    for token, phrases in _PHRASES.items()
    for phrase in phrases
    for spelling in _spellings(phrase)
}
# "Bộ Công an", "Ủy ban nhân dân xã", "lãnh đạo thành phố": one actor, whatever its level.
_WHOLE = re.compile(
    rf"\b(?:bo |so )?{ACTOR}(?: (?:xa|tinh|thanh pho|huyen|quan|phuong|"
    rf"dia phuong|cac cap|trung uong|{ACTOR}))*\b"
)
_PHRASE = re.compile(
    r"\b("
    + "|".join(re.escape(phrase) for phrase in sorted(_PHRASE_TOKEN, key=len, reverse=True))
    + r")\b"
)


def neutral(sentence: str) -> str:
    """The folded, expanded sentence with actors, praise/blame words and side-taking verbs
    replaced by shared tokens."""
    lowered = normalize(sentence).lower()
    toned = _WORD.sub(lambda match: _TONED.get(match.group(), match.group()), lowered)
    folded = expand(fold(toned))
    if fold(lowered) == lowered:
        folded = _BARE.sub(
            lambda match: {"judge": JUDGE, "stance": STANCE, "actor": ACTOR}[
                match.lastgroup or "actor"
            ],
            folded,
        )
    folded = _PHRASE.sub(lambda match: _PHRASE_TOKEN[match.group()], folded)
    folded = _WORD.sub(lambda match: _ENGLISH.get(match.group(), match.group()), folded)
    return _WHOLE.sub(ACTOR, folded)


# A call to act or a statement of what someone ought to do: decided by its form, whoever it
# names. "Chính phủ nên …", "người dân phải …", "we must …", or a sentence that opens with a
# modal or an imperative and names a side ("Hãy ủng hộ …", "Cần kỷ luật …").
_SUBJECT = r"(?:xactor|chung ta|chung toi|moi nguoi|ai cung|ta|minh|cac ban|we|everyone|you|they)"
_BETWEEN = r"(?:ta|minh|nay|do|ay|cac cap|cung|van|lai|rat|that su|nhat dinh|thi|ca|deu|x)"
_MODAL = (
    r"(?:khong nen|khong duoc|can phai|nen|can|phai|hay|dung|should|must|ought to|"
    r"need to|needs to|has to|have to|deserves? to)"
)
_OPENING = r"^(?:khong nen|can phai|hay|dung|xin|nen|can|phai|let['’]s|let us|please)\b"
_NORMATIVE = re.compile(rf"\b{_SUBJECT}(?: {_BETWEEN}){{0,2}} {_MODAL}\b")
_OPENS = re.compile(_OPENING)
_SIDES = re.compile(rf"\b(?:{ACTOR}|{JUDGE}|{STANCE})\b")
# What makes such a sentence a report of fact, or one that carries a claim: someone said or
# ruled it, it has a date or a figure, it tells of something done or under way, or it gives a
# reason or a cause ("… nên uống nước chanh vì nó chữa ung thư").
_REPORTED = re.compile(
    r"\d|\b(?:vi|boi vi|because|since|gay ra|gay benh|chua khoi|chua benh|chua duoc|ung thu|"
    r"tu vong|ngo doc|doc to|lay nhiem|cures?|causes?|kills?)\b|"
    r"\b(?:cho biet|cho hay|khang dinh|tuyen bo|thong bao|cong bo|theo(?! (?:toi|minh|em|tao))|"
    r"phat bieu|noi rang|bao cao|yeu cau|de nghi|chi dao|quy dinh|khuyen cao|keu goi|"
    r"ban hanh|luat|nghi dinh|thong tu|quyet dinh|da|vua|dang|se|tung|said|says|according|"
    r"announced|reported|ruled|ordered|urged|requires?|required|law|will|has|had|was|were)\b"
)


def normative(text: str) -> bool:
    """Whether a neutral text (see ``neutral``) is a bare call to act or an "ought" about a
    side, with nothing in it that reports a fact."""
    if _REPORTED.search(text):
        return False
    return bool(_NORMATIVE.search(text) or (_OPENS.search(text) and _SIDES.search(text)))
