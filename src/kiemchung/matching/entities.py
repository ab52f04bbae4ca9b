"""Named things of one kind that a copied claim may swap: a disease, a province, a country, an
exam subject, a vehicle, an app.

"Uống chanh mật ong chữa khỏi bệnh gút" repeats "… chữa khỏi ung thư" word for word but one, and
is another claim. Word overlap and embeddings see a near copy; knowing that gout and cancer are
both diseases, and that the two sides name no disease in common, says the slot was changed. The
names are in Vietnamese and English, so the swap shows across languages too ("gout" against
"ung thư"), where word overlap says nothing.

Each name is written as a person would; how it is matched depends on its first character:

- plain: on the folded search form, so text typed without tone marks matches too;
- ``~``: on the accented text, for names whose folded form is another common word ("Điện Biên"
  folds like "diễn biến", "Huế" like "huệ");
- ``^``: on the accented text, letter case kept ("Nga" is Russia, "nga" is not; "US", "UK").

A name may carry a regular-expression guard: ``thái bình(?! dương)`` is the province, not the
Pacific. The rest of a name is plain text, not a pattern: ``U.S`` is not ``UPS``. A match is
looked up by its text, which is therefore always a name of the table.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import AbstractSet

from ..text.abbreviations import expand
from ..text.normalize import fold, normalize

# kind → entity → names. Việt Nam is left out of the countries: nearly every claim is about it.
NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "disease": {
        "cancer": (
            "ung thư",
            "ung bướu",
            "khối u",
            "bướu ác",
            "cancer",
            "cancers",
            "tumor",
            "tumors",
            "tumour",
            "tumours",
            "leukemia",
            "bệnh bạch cầu",
        ),
        "gout": ("bệnh gút", "bệnh gout", "~gút", "gout", "axit uric", "acid uric", "uric acid"),
        "diabetes": (
            "tiểu đường",
            "đái tháo đường",
            "diabetes",
            "diabetic",
            "đường huyết",
            "blood sugar",
        ),
        "blood pressure": ("huyết áp", "hypertension", "blood pressure"),
        "stroke": ("đột quỵ", "tai biến", "stroke", "strokes"),
        "heart disease": (
            "tim mạch",
            "nhồi máu cơ tim",
            "đau tim",
            "bệnh tim",
            "suy tim",
            "heart attack",
            "heart attacks",
            "heart disease",
            "cardiovascular",
        ),
        "fever": (
            "hạ sốt",
            "sốt cao",
            "bị sốt(?! xuất)(?! rét)",
            "lên cơn sốt",
            "fever",
            "fevers",
            "high temperature",
        ),
        "dengue": ("sốt xuất huyết", "dengue"),
        "malaria": ("sốt rét", "malaria"),
        "covid": ("covid", "corona", "coronavirus", "sars cov 2", "ncov"),
        "flu": (
            "bệnh cúm",
            "cúm a",
            "cúm b",
            "cúm mùa",
            "virus cúm",
            "~cúm",
            "flu",
            "influenza",
            "h5n1",
            "h1n1",
            "h3n2",
            "cúm gia cầm",
            "bird flu",
        ),
        "measles": ("bệnh sởi", "~sởi", "measles"),
        "hand foot mouth": ("tay chân miệng", "hand foot and mouth", "hand foot mouth"),
        "rabies": ("bệnh dại", "chó dại", "rabies", "rabid"),
        "tuberculosis": ("bệnh lao", "lao phổi", "tuberculosis"),
        "hiv": ("hiv", "aids"),
        "hepatitis": (
            "viêm gan",
            "hepatitis",
            "xơ gan",
            "cirrhosis",
            "gan nhiễm mỡ",
            "fatty liver",
        ),
        "kidney": (
            "sỏi thận",
            "suy thận",
            "kidney stone",
            "kidney stones",
            "kidney failure",
            "kidney disease",
        ),
        "cholesterol": ("mỡ máu", "cholesterol", "máu nhiễm mỡ"),
        "obesity": ("béo phì", "obesity", "obese"),
        "bones": (
            "loãng xương",
            "osteoporosis",
            "thoái hóa khớp",
            "viêm khớp",
            "xương khớp",
            "arthritis",
        ),
        "dementia": ("alzheimer", "sa sút trí tuệ", "dementia", "mất trí nhớ"),
        "parkinson": ("parkinson",),
        "depression": ("trầm cảm", "depression"),
        "autism": ("~tự kỷ", "~tự kỉ", "autism", "autistic"),
        "whooping cough": ("~ho gà", "whooping cough", "pertussis"),
        "diphtheria": ("bạch hầu", "diphtheria"),
        "chickenpox": ("thủy đậu", "chickenpox", "chicken pox"),
        "mpox": ("đậu mùa khỉ", "mpox", "monkeypox"),
        "polio": ("bại liệt", "polio"),
        "tetanus": ("uốn ván", "tetanus"),
        "pneumonia": ("viêm phổi", "pneumonia"),
        "asthma": ("hen suyễn", "hen phế quản", "asthma"),
        "myopia": ("~cận thị", "myopia", "nearsighted", "short sighted"),
        "insomnia": ("mất ngủ", "insomnia"),
        "stomach": (
            "đau dạ dày",
            "viêm loét dạ dày",
            "viêm dạ dày",
            "trào ngược",
            "stomach ulcer",
            "stomach ulcers",
            "acid reflux",
            "gastritis",
        ),
        "zika": ("zika",),
        "ebola": ("ebola",),
    },
    "cancer site": {
        "lung": ("ung thư phổi", "lung cancer"),
        "breast": ("ung thư vú", "breast cancer"),
        "liver": ("ung thư gan", "liver cancer"),
        "stomach": ("ung thư dạ dày", "stomach cancer", "gastric cancer"),
        "cervix": ("ung thư cổ tử cung", "cervical cancer"),
        "colon": (
            "ung thư đại tràng",
            "ung thư đại trực tràng",
            "ung thư ruột",
            "colon cancer",
            "colorectal cancer",
            "bowel cancer",
        ),
        "blood": ("ung thư máu", "leukemia", "bệnh bạch cầu", "blood cancer"),
        "prostate": ("ung thư tuyến tiền liệt", "prostate cancer"),
        "skin": ("ung thư da", "skin cancer", "melanoma"),
        "thyroid": ("ung thư tuyến giáp", "thyroid cancer"),
        "throat": (
            "ung thư vòm họng",
            "ung thư thực quản",
            "throat cancer",
            "esophageal cancer",
            "nasopharyngeal cancer",
        ),
    },
    "country": {
        "china": ("trung quốc", "china", "chinese", "bắc kinh", "beijing"),
        "usa": (
            "hoa kỳ",
            "nước mỹ(?! phẩm)",
            "người mỹ",
            "^Mỹ(?! Tâm)(?! Đình)(?! Tho)(?! Linh)(?! phẩm)(?! thuật)",
            "usa",
            "united states",
            "america",
            "american",
            "americans",
            "^US",
            "^U.S",
            "washington",
        ),
        "japan": ("nhật bản", "người nhật", "tiếng nhật", "^Nhật", "japan", "japanese", "tokyo"),
        "south korea": (
            "hàn quốc",
            "xứ hàn",
            "người hàn",
            "^Hàn",
            "(?<!north )korea",
            "(?<!north )korean",
            "south korea",
            "seoul",
        ),
        "north korea": ("triều tiên", "north korea", "north korean", "bình nhưỡng", "pyongyang"),
        "thailand": ("thái lan", "thailand", "^Thai", "bangkok"),
        "laos": ("~lào(?! cai)", "laos", "lao pdr", "vientiane"),
        "cambodia": ("campuchia", "cam pu chia", "cambodia", "cambodian", "phnom penh"),
        "singapore": ("singapore", "xinh ga po"),
        "malaysia": ("malaysia", "malaysian", "ma lai xi a"),
        "indonesia": ("indonesia", "indonesian", "in đô nê xi a"),
        "philippines": ("philippines", "philippin", "philippine", "filipino", "phi líp pin"),
        "myanmar": ("myanmar", "miến điện", "burma"),
        "india": ("~ấn độ", "india", "indian"),
        "russia": (
            "nước nga",
            "tiếng nga",
            "người nga",
            "russia",
            "russian",
            "moscow",
            "mát xcơ va",
        ),
        "ukraine": ("ukraine", "ukraina", "ukrainian", "kyiv", "kiev"),
        "france": ("nước pháp", "người pháp", "^Pháp", "france", "french", "paris"),
        "germany": ("nước đức", "người đức", "germany", "german", "berlin"),
        "united kingdom": (
            "vương quốc anh",
            "nước anh",
            "^UK",
            "britain",
            "british",
            "london",
            "england",
        ),
        "australia": ("nước úc", "người úc", "^Úc", "australia", "australian", "sydney"),
        "canada": ("canada", "canadian"),
        "taiwan": ("đài loan", "taiwan", "taiwanese", "đài bắc", "taipei"),
        "hong kong": ("hồng kông", "hong kong", "hongkong"),
        "israel": ("israel", "israeli"),
        "iran": ("iran", "iranian"),
        "italy": ("~nước ý", "italy", "italian", "italia"),
        "spain": ("tây ban nha", "spain", "spanish"),
        "netherlands": ("hà lan", "netherlands", "dutch", "holland"),
        "brazil": ("brazil", "brasil", "braxin"),
        "eu": ("liên minh châu âu", "^EU", "european union"),
        "saudi arabia": ("ả rập xê út", "saudi"),
        "uae": ("uae", "dubai", "emirates", "các tiểu vương quốc ả rập"),
        "norway": ("na uy", "norway", "norwegian"),
        "sweden": ("thụy điển", "sweden", "swedish"),
        "switzerland": ("thụy sĩ", "switzerland", "swiss"),
        "mexico": ("mexico", "mê hi cô"),
        "argentina": ("argentina",),
        "cuba": ("cuba",),
        "new zealand": ("new zealand",),
    },
    "province": {
        "ha noi": ("hà nội", "hanoi", "thủ đô hà nội"),
        "ho chi minh city": (
            "thành phố hồ chí minh",
            "tp hồ chí minh",
            "sài gòn",
            "saigon",
            "ho chi minh city",
            "hcmc",
            "hcm city",
            # the city, not the man
            "(?<!chủ tịch )(?<!bác )(?<!lăng )(?<!tư tưởng )(?<!president )hồ chí minh",
        ),
        "da nang": ("đà nẵng", "danang"),
        "hai phong": ("~hải phòng", "haiphong", "^Hai Phong"),
        "can tho": ("cần thơ",),
        "hue": ("~huế", "^Hue", "thừa thiên huế", "thua thien hue"),
        "quang ninh": ("quảng ninh", "hạ long", "halong"),
        "ha giang": ("hà giang",),
        "cao bang": ("tỉnh cao bằng", "^Cao Bằng", "cao bang province"),
        "bac kan": ("bắc kạn", "bắc cạn"),
        "tuyen quang": ("tuyên quang",),
        "lao cai": ("lào cai", "sa pa", "sapa"),
        "dien bien": ("~điện biên", "dien bien phu"),
        "lai chau": ("lai châu",),
        "son la": ("~sơn la",),
        "yen bai": ("yên bái",),
        "hoa binh": ("tỉnh hòa bình", "^Hòa Bình", "hoa binh province"),
        "thai nguyen": ("thái nguyên",),
        "lang son": ("lạng sơn",),
        "bac giang": ("bắc giang",),
        "phu tho": ("phú thọ",),
        "vinh phuc": ("vĩnh phúc",),
        "bac ninh": ("bắc ninh",),
        "hai duong": ("~hải dương", "^Hai Duong"),
        "hung yen": ("hưng yên",),
        "thai binh": ("thái bình(?! dương)",),
        "ha nam": ("~hà nam",),
        "nam dinh": ("nam định",),
        "ninh binh": ("ninh bình",),
        "thanh hoa": ("thanh hóa",),
        "nghe an": ("~nghệ an",),
        "ha tinh": ("hà tĩnh",),
        "quang binh": ("quảng bình",),
        "quang tri": ("quảng trị",),
        "quang nam": ("quảng nam", "hội an", "hoi an"),
        "quang ngai": ("quảng ngãi",),
        "binh dinh": ("bình định", "quy nhơn"),
        "phu yen": ("phú yên",),
        "khanh hoa": ("khánh hòa", "nha trang"),
        "ninh thuan": ("ninh thuận",),
        "binh thuan": ("bình thuận", "phan thiết"),
        "kon tum": ("kon tum", "kontum"),
        "gia lai": ("~gia lai", "^Gia Lai"),
        "dak lak": ("đắk lắk", "đắc lắc", "dak lak", "daklak"),
        "dak nong": ("đắk nông", "dak nong"),
        "lam dong": ("lâm đồng", "đà lạt", "dalat"),
        "binh phuoc": ("bình phước",),
        "tay ninh": ("tây ninh",),
        "binh duong": ("(?<!thái )bình dương",),
        "dong nai": ("đồng nai",),
        "ba ria vung tau": ("bà rịa", "vũng tàu"),
        "long an": ("long an",),
        "tien giang": ("tiền giang",),
        "ben tre": ("bến tre",),
        "tra vinh": ("trà vinh",),
        "vinh long": ("vĩnh long",),
        "dong thap": ("đồng tháp",),
        "an giang": ("an giang",),
        "kien giang": ("kiên giang", "phú quốc", "phu quoc"),
        "hau giang": ("hậu giang",),
        "soc trang": ("sóc trăng",),
        "bac lieu": ("bạc liêu",),
        "ca mau": ("cà mau",),
    },
    "exam subject": {
        "maths": (
            "môn toán",
            "^Toán",
            "~đề toán",
            "bài thi toán",
            "~thi toán",
            "toán học",
            "mathematics",
            "maths",
            "math",
        ),
        "literature": ("ngữ văn", "môn văn", "~đề văn", "~bài văn", "~thi văn", "literature"),
        "english": (
            "môn tiếng anh",
            "đề tiếng anh",
            "thi tiếng anh",
            "môn ngoại ngữ",
            "english test",
            "english exam",
        ),
        "physics": ("vật lý", "vật lí", "môn lý", "môn lí", "physics"),
        "chemistry": ("hóa học", "môn hóa", "chemistry"),
        "biology": ("sinh học", "môn sinh", "biology"),
        "history": (
            "môn lịch sử",
            "môn sử",
            "~đề sử",
            "đề lịch sử",
            "thi lịch sử",
            "~thi sử",
            "history exam",
            "history test",
        ),
        "geography": ("địa lý", "địa lí", "môn địa", "geography"),
        "civics": ("giáo dục công dân", "gdcd", "civics", "giáo dục kinh tế và pháp luật"),
        "informatics": ("tin học", "informatics", "computer science"),
    },
    "exam": {
        "graduation": (
            "tốt nghiệp trung học phổ thông",
            "thi trung học phổ thông quốc gia",
            "thi tốt nghiệp",  # in Vietnam, the school-leaving exam
            "graduation exam",
            "high school exam",
            "high school graduation",
        ),
        "aptitude": ("đánh giá năng lực", "đgnl", "aptitude test", "competency assessment"),
        "thinking": ("đánh giá tư duy", "tsa", "thinking assessment"),
        "grade 10": ("vào lớp 10", "tuyển sinh lớp 10", "grade 10 entrance", "tenth grade"),
        "ielts": ("ielts",),
        "toeic": ("toeic",),
        "toefl": ("toefl",),
    },
    "food": {
        "lemon": ("~chanh", "nước chanh", "lemon", "lemons", "lime", "limes"),
        "honey": ("mật ong", "honey"),
        "garlic": ("~tỏi", "garlic"),
        "ginger": ("gừng", "ginger"),
        "turmeric": ("tinh bột nghệ", "củ nghệ", "nghệ vàng", "turmeric", "curcumin"),
        "green tea": ("trà xanh", "green tea"),
        "coffee": ("cà phê", "cafe", "coffee"),
        "durian": ("sầu riêng", "durian", "durians"),
        "coconut": ("~dừa", "nước dừa", "coconut", "coconuts"),
        "egg": ("~trứng", "egg", "eggs", "hột vịt lộn", "balut"),
        "milk": ("~sữa", "milk", "formula milk", "yogurt", "yoghurt"),
        "alcohol": ("rượu", "~bia", "beer", "wine", "alcohol", "liquor", "alcoholic"),
        "soft drink": (
            "nước ngọt có ga",
            "coca",
            "coca cola",
            "coke",
            "pepsi",
            "soft drink",
            "soft drinks",
            "soda",
        ),
        "msg": ("bột ngọt", "mì chính", "msg", "monosodium glutamate"),
        "salt": ("~muối", "salt"),
        "papaya": ("đu đủ", "papaya"),
        "guava": ("~ổi", "guava"),
        "rice": ("gạo", "rice"),
        "chicken": ("thịt gà", "chicken meat"),
        "broiler": ("gà công nghiệp", "broiler", "broilers"),
        "pork": ("thịt lợn", "thịt heo", "pork"),
        "beef": ("thịt bò", "beef"),
        "seafood": ("hải sản", "seafood", "tôm cua"),
        "instant noodles": ("mì tôm", "mì gói", "instant noodles", "mì ăn liền"),
        "potato": ("khoai tây", "potato", "potatoes"),
        "sweet potato": ("khoai lang", "sweet potato", "sweet potatoes"),
        "banana": ("~chuối", "banana", "bananas"),
        "orange": ("nước cam", "quả cam", "orange juice", "oranges"),
        "lychee": ("quả vải", "trái vải", "lychee", "lychees"),
        "bitter melon": ("mướp đắng", "khổ qua", "bitter melon", "bitter gourd"),
        "cooking oil": ("~dầu ăn", "cooking oil"),
        "chili": ("~ớt", "chili", "chilli", "chillies"),
        "onion": ("hành tây", "onion", "onions"),
        "soy": ("đậu nành", "soy", "soybean", "soybeans", "tofu", "đậu phụ"),
        "mushroom": ("~nấm", "mushroom", "mushrooms"),
        "fish sauce": ("nước mắm", "fish sauce"),
    },
    "organisation": {
        "ministry of health": ("bộ y tế", "ministry of health", "health ministry"),
        "ministry of public security": (
            "bộ công an",
            "ministry of public security",
            "public security ministry",
        ),
        "ministry of education": (
            "bộ giáo dục",
            "ministry of education",
            "education ministry",
            "moet",
        ),
        "ministry of finance": ("bộ tài chính", "ministry of finance", "finance ministry"),
        "state bank": ("ngân hàng nhà nước", "state bank", "central bank", "sbv"),
        "ministry of transport": (
            "bộ giao thông vận tải",
            "ministry of transport",
            "transport ministry",
            "bộ xây dựng",
            "ministry of construction",
        ),
        "ministry of industry and trade": (
            "bộ công thương",
            "ministry of industry and trade",
            "trade ministry",
        ),
        "ministry of home affairs": ("bộ nội vụ", "ministry of home affairs"),
        "who": ("~tổ chức y tế thế giới", "^WHO", "world health organization"),
        "evn": ("evn", "tập đoàn điện lực", "electricity of vietnam"),
        "unesco": ("unesco",),
        "unicef": ("unicef",),
        "fifa": ("fifa",),
        "imf": ("imf",),
        "world bank": ("ngân hàng thế giới", "world bank"),
        "united nations": ("liên hợp quốc", "united nations"),
        "national assembly": ("quốc hội", "national assembly"),
        "tax authority": (
            "tổng cục thuế",
            "cục thuế",
            "tax authority",
            "tax department",
            "tax authorities",
        ),
    },
    "utility": {
        "electricity": (
            "giá điện",
            "tiền điện",
            "điện sinh hoạt",
            "hóa đơn điện",
            "electricity",
            "power bill",
            "power bills",
        ),
        "water": (
            "giá nước",
            "tiền nước",
            "nước sinh hoạt",
            "hóa đơn nước",
            "nước máy",
            "water price",
            "water prices",
            "water bill",
            "water bills",
            "tap water",
        ),
        "petrol": ("giá xăng", "xăng dầu", "petrol", "gasoline", "fuel price", "fuel prices"),
        "gas": ("giá gas", "bình gas", "khí đốt", "cooking gas", "lpg"),
    },
    "document": {
        "id card": (
            "căn cước công dân",
            "thẻ căn cước",
            "~căn cước",
            "chứng minh nhân dân",
            "id card",
            "id cards",
            "identity card",
            "citizen id",
            "chip based id",
        ),
        "driving licence": (
            "giấy phép lái xe",
            "bằng lái",
            "driving licence",
            "driving license",
            "driver s license",
            "drivers license",
            "driving licences",
            "driving licenses",
        ),
        "passport": ("hộ chiếu", "passport", "passports"),
        "household registration": (
            "sổ hộ khẩu",
            "hộ khẩu",
            "household registration",
            "household registration book",
        ),
        "birth certificate": (
            "giấy khai sinh",
            "khai sinh",
            "birth certificate",
            "birth registration",
        ),
    },
    "transaction": {
        "withdrawal": (
            "rút tiền",
            "rút tiền mặt",
            "withdraw",
            "withdrawal",
            "withdrawals",
            "withdrawing",
            "atm",
        ),
        "transfer": (
            "chuyển khoản",
            "chuyển tiền",
            "transfer",
            "transfers",
            "bank transfer",
            "money transfer",
            "transferring",
        ),
    },
    "sex": {
        "male": (
            "nam giới",
            "đàn ông",
            "bé trai",
            "~nam sinh",
            "cậu bé",
            "male",
            "boys",
            "~tuyển nam",
            "người đàn ông",
        ),
        "female": (
            "nữ giới",
            "phụ nữ",
            "bé gái",
            "con gái",
            "nữ sinh",
            "~cô gái",
            "women",
            "woman",
            "female",
            "girls",
            "tuyển nữ",
        ),
    },
    "age": {
        "children": (
            "trẻ em",
            "trẻ nhỏ",
            "trẻ con",
            "con nít",
            "em bé",
            "trẻ sơ sinh",
            "children",
            "child",
            "kids",
            "babies",
            "infants",
            "toddlers",
        ),
        "elderly": (
            "người già",
            "người cao tuổi",
            "người lớn tuổi",
            "elderly",
            "older people",
            "seniors",
            "old people",
        ),
        "pregnant": (
            "bà bầu",
            "mẹ bầu",
            "mang thai",
            "mang bầu",
            "phụ nữ có thai",
            "pregnant",
            "pregnancy",
        ),
    },
    "vehicle": {
        "car": ("ô tô", "xe hơi", "~xe con", "car", "cars", "automobile", "automobiles"),
        "motorbike": (
            "xe máy",
            "xe gắn máy",
            "xe mô tô",
            "motorbike",
            "motorbikes",
            "motorcycle",
            "motorcycles",
            "scooter",
            "scooters",
        ),
        "bicycle": ("xe đạp(?! điện)", "bicycle", "bicycles", "bike", "bikes"),
        "e-bike": (
            "xe đạp điện",
            "xe máy điện",
            "e bike",
            "e bikes",
            "electric bike",
            "electric scooter",
        ),
        "truck": (
            "xe tải",
            "xe container",
            "xe đầu kéo",
            "xe ben",
            "xe bồn",
            "truck",
            "trucks",
            "lorry",
            "lorries",
        ),
        "bus": ("xe buýt", "xe bus", "xe khách", "bus", "buses", "coach", "coaches"),
        # Three-wheeled carts, home-built or not: "xe ba gác", "xe lôi", "xe ba bánh".
        "cart": (
            "xe ba gác",
            "ba gác",
            "xe lôi",
            "xe ba bánh",
            "xe kéo tay",
            "tricycle",
            "tricycles",
            "rickshaw",
            "rickshaws",
        ),
    },
    "fuel": {
        "ron95": ("ron 95", "ron95", "xăng 95", "a95"),
        "e5": ("e5", "xăng e5", "e5 ron 92", "ron 92", "ron92"),
        "diesel": ("diesel", "dầu diesel", "dầu do"),
        "e10": ("e10", "xăng e10"),
    },
    "platform": {
        "facebook": ("facebook", "messenger", "meta"),
        "zalo": ("zalo",),
        "tiktok": ("tiktok", "tik tok"),
        "youtube": ("youtube",),
        "google": ("google", "gmail"),
        "instagram": ("instagram",),
        "telegram": ("telegram",),
        "shopee": ("shopee",),
        "lazada": ("lazada",),
        "tiki": ("tiki",),
        "momo": ("momo", "ví momo"),
        "zalopay": ("zalopay",),
        "vneid": ("vneid",),
        "chatgpt": ("chatgpt", "openai"),
        "twitter": ("twitter",),
        "grab": ("grab",),
        "netflix": ("netflix",),
        "temu": ("temu",),
    },
    "bank": {
        "vietcombank": ("vietcombank", "vcb"),
        "bidv": ("bidv",),
        "agribank": ("agribank",),
        "vietinbank": ("vietinbank",),
        "techcombank": ("techcombank",),
        "mb": ("mb bank", "mbbank"),
        "vpbank": ("vpbank",),
        "acb": ("acb",),
        "sacombank": ("sacombank",),
        "tpbank": ("tpbank",),
        "scb": ("scb",),
        "hdbank": ("hdbank",),
    },
    "airline": {
        "vietnam airlines": ("vietnam airlines", "hãng hàng không quốc gia"),
        "vietjet": ("vietjet", "vietjet air"),
        "bamboo": ("bamboo airways",),
        "vietravel": ("vietravel airlines",),
        "pacific": ("pacific airlines",),
    },
    "telecom": {
        "viettel": ("viettel",),
        "vinaphone": ("vinaphone", "vnpt"),
        "mobifone": ("mobifone",),
    },
}

# A guard in a name: ``(?! dương)``, ``(?<!north )``. The rest of a name is plain text.
_GUARD = re.compile(r"(\(\?<?[!=])([^)]*)\)")


def name_text(name: str) -> str:
    """A name as text, its guards left out: what a match of ``name_pattern(name)`` reads."""
    return _GUARD.sub("", name)


def name_pattern(name: str) -> str:
    """``name`` as a regular expression: its text literal ("U.S" is not "UPS"), its guards
    kept as lookarounds on their (literal) text."""
    parts, start = [], 0
    for guard in _GUARD.finditer(name):
        parts += [
            re.escape(name[start : guard.start()]),
            guard.group(1),
            re.escape(guard.group(2)),
            ")",
        ]
        start = guard.end()
    return "".join(parts) + re.escape(name[start:])


def _searched(name: str) -> str:
    """A plain name as the search form writes it, guards aside: "hồng kông" is "khong kong"
    there ("hong" is chat for "không"), and "hong kong" would never be found."""
    parts, start = [], 0
    for guard in _GUARD.finditer(name):
        parts += [expand(fold(name[start : guard.start()])), fold(guard.group())]
        start = guard.end()
    return "".join(parts) + expand(fold(name[start:]))


def _lookup(table: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """The entities named by each name's text, guards removed: a name's text is literal, so
    what a match reads is always one of these keys."""
    lookup: dict[str, frozenset[str]] = {}
    for name, keys in table.items():
        text = name_text(name)
        if lookup.get(text, keys) != keys:
            raise ValueError(f"names {text!r} with other guards name other entities")
        lookup[text] = frozenset(keys)
    return lookup


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], dict[str, frozenset[str]]], ...]:
    """Three patterns (folded, accented, cased), each with the entities its matches name (a
    name may stand for two: "leukemia" is a cancer and a cancer site)."""
    tables: dict[str, dict[str, set[str]]] = {"": {}, "~": {}, "^": {}}
    for kind, entities in NAMES.items():
        for entity, names in entities.items():
            for name in names:
                how, name = (name[0], name[1:]) if name[0] in "~^" else ("", name)
                written = {"": _searched, "~": lambda n: normalize(n).lower(), "^": normalize}[how](
                    name
                )
                tables[how].setdefault(written, set()).add(f"{kind}:{entity}")
    # One group for all names: a group for each name makes the pattern thirty times slower.
    return tuple(
        (
            re.compile(
                r"(?<!\w)("
                + "|".join(map(name_pattern, sorted(table, key=len, reverse=True)))
                + r")(?!\w)"
            ),
            _lookup(table),
        )
        for table in tables.values()
    )


def named(text: str, form: str) -> frozenset[str]:
    """The entities ``text`` names, as ``kind:entity``. ``form``: its search form (folded,
    abbreviations expanded)."""
    (folded, by_fold), (accented, by_accent), (cased, by_case) = _patterns()
    written = normalize(text)
    found: set[str] = set()
    for pattern, lookup, against in (
        (folded, by_fold, form),
        (accented, by_accent, written.lower()),
        (cased, by_case, written),
    ):
        for match in pattern.findall(against):
            found |= lookup[match]
    return frozenset(found)


def clash(query: AbstractSet[str], claim: AbstractSet[str]) -> bool:
    """Both sides name something of one kind, and nothing of that kind in common: "bệnh gút"
    against "ung thư", "Ngữ văn" against "Toán", "xe máy" against "ô tô"."""
    kinds = {entity.partition(":")[0] for entity in query} & {
        entity.partition(":")[0] for entity in claim
    }
    return any(
        not {e for e in query if e.startswith(kind + ":")}
        & {e for e in claim if e.startswith(kind + ":")}
        for kind in kinds
    )
