"""What a reader's question asks: whether a claim is true, or something else.

A tip line receives both. "Nghe nói uống nước dừa chữa sốt xuất huyết, thật không ạ?" asks
whether a claim is true, and the fact-check on it answers it. "Bị sốt xuất huyết có nên uống
nước dừa không bác sĩ?" asks for advice on the same topic, and "Vắc xin HPV tiêm ở đâu, giá bao
nhiêu?" for a place and a price: no fact-check answers those, however close their words sit to
one. A question of the second kind is a feature of the match decision
(``features.asks_other``); the check-worthiness score alone tells neither kind from the other,
since both are questions.
"""

from __future__ import annotations

import re

# Words that ask for advice, a place, an amount, a time or a way: what a fact-check's verdict
# does not answer. Not "ai" or "gì" alone: "có ai biết…?" asks whether something is true, and
# "mưa gì mà ngập dữ vậy" asks nothing. Not "mấy" alone: "mấy hôm nay" is "these days".
_ASKING = re.compile(
    r"(?<!\w)(?:nên|cần|ở đâu|chỗ nào|nơi nào|bao nhiêu|thế nào|như nào|ra sao|làm sao|làm gì"
    r"|cái gì|ăn gì|uống gì|khi nào|lúc nào|bao lâu|mấy (?:lần|mũi|liều|tháng|ngày|tuổi)"
    r"|cách nào|sao cho|should|how|where|which|what|when|can i|can we|is it safe"
    r"|is it ok(?:ay)?)(?!\w)"
)
# Words that ask whether something is true: such a question is a claim put as a question.
_TRUTH = re.compile(
    r"(?<!\w)(?:có phải|phải không|đúng không|có đúng|thật không|thật ko|thật hả|thật vậy"
    r"|có thật|ai biết|is it true|is that true|really|actually|true that)(?!\w)"
)
# A sentence that is a question: it ends with "?", or with "không"/"chưa"/"hả"/"à"/"nhỉ" and
# whatever a reader adds after them ("… không ạ", "… ko mọi người").
_QUESTION = re.compile(
    r"\?\s*$|(?<!\w)(?:không|ko|k|hông|chưa|hả|à|nhỉ)"
    r"(?:\s+(?:ạ|á|a|ah|mn|mọi người|bác sĩ|bs|các mẹ|các bạn|ad|vậy))*\s*[.!?…]*\s*$"
)
_SENTENCE = re.compile(r"[^.!?…\n]+[.!?…]*")


def asks_other(text: str) -> bool:
    """True when a sentence of ``text`` (with its tone marks: restore them first) is a question
    that asks something other than whether a claim is true: advice, a place, an amount."""
    for sentence in _SENTENCE.findall(text.lower()):
        if _QUESTION.search(sentence) and _ASKING.search(sentence) and not _TRUTH.search(sentence):
            return True
    return False
