"""The match stage: each claim of a document matched, and a short post matched whole as well
(kept as a claim where the detector found none in it but it matches a fact-check)."""

import json

import pytest

from kiemchung.claims.detector import ClaimDetector, claims_stage, text_stage
from kiemchung.document import Document, Match
from kiemchung.library.importer import import_files
from kiemchung.matching.matcher import Matcher, MatchResult
from kiemchung.matching.stage import _carrier, match_documents, match_stage
from kiemchung.store import Store

LIBRARY = [
    ("https://fc.example/gao", "Việt Nam xuất khẩu hơn 8 triệu tấn gạo trong năm 2023."),
    ("https://fc.example/cccd", "Bộ Công an thu hồi toàn bộ căn cước công dân gắn chip từ tháng sau."),
    ("https://fc.example/khoai-tay", "Đắp lát khoai tây lên trán giúp hạ sốt nhanh cho trẻ."),
]
# Its claim runs over both sentences: the first alone does not say it is rice.
SPLIT = "Năm ngoái nước mình bán ra nước ngoài hơn 8 triệu tấn. Gạo Việt Nam đấy, tự hào quá!"
TWO_CLAIMS = ("Bộ Công an sắp thu hồi hết căn cước gắn chip từ tháng sau. "
              "Năm 2023 Việt Nam xuất khẩu hơn 8 triệu tấn gạo.")


class Recording(Matcher):
    """The real matcher, keeping every text it is asked to match."""

    asked: list[str]

    def match(self, texts, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.asked = getattr(self, "asked", []) + list(texts)
        return super().match(texts, *args, **kwargs)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stage")
    path = folder / "library.jsonl"
    path.write_text("\n".join(json.dumps({
        "@type": "ClaimReview", "url": url, "claimReviewed": claim, "inLanguage": "vi",
        "reviewRating": {"alternateName": "Sai"},
    }, ensure_ascii=False) for url, claim in LIBRARY), encoding="utf-8")
    store = Store(folder / "home")
    import_files(store, [path])
    yield store
    store.close()


def _documents(store, *texts):
    docs = [Document(text=text) for text in texts]
    for stage in (text_stage(store), claims_stage(store)):
        docs = stage(docs)
    return docs


def test_a_claim_that_runs_over_two_sentences_is_answered_through_the_whole_post(store):
    alone, = _documents(store, SPLIT)
    match_documents(Matcher(store), [alone], post_chars=0)
    whole, = _documents(store, SPLIT)
    match_documents(Matcher(store), [whole], post_chars=700)
    assert len(whole.claims) == 1
    assert not alone.claims[0].matched  # the sentence alone: no answer
    assert whole.claims[0].matched and whole.claims[0].matches[0].url == "https://fc.example/gao"


def test_each_claim_of_a_forwarded_post_keeps_its_own_fact_check(store):
    doc, = _documents(store, TWO_CLAIMS)
    results, = match_documents(Matcher(store), [doc], post_chars=700)
    assert [(c.matched, c.matches[0].url) for c in doc.claims] == [
        (True, "https://fc.example/cccd"), (True, "https://fc.example/gao")]
    assert [r.matches[0].url for r in results] == [c.matches[0].url for c in doc.claims]


def test_only_a_short_document_with_a_claim_is_matched_whole_and_a_lone_claim_only_in_it(store):
    matcher = Recording(store)
    article = ("Bộ Công an sắp thu hồi hết căn cước gắn chip từ tháng sau. "
               + "Chúc cả nhà cuối tuần vui vẻ và nhiều sức khỏe. " * 20)
    short, long_, chat, two = _documents(store, SPLIT, article,
                                         "Chúc cả nhà cuối tuần vui vẻ nhé!", TWO_CLAIMS)
    assert [len(doc.claims) for doc in (short, long_, chat, two)] == [1, 1, 0, 2]
    found = match_documents(matcher, [short, long_, chat, two], post_chars=700)
    assert SPLIT in matcher.asked and short.claims[0].text not in matcher.asked
    assert long_.text not in matcher.asked and long_.claims[0].text in matcher.asked
    assert TWO_CLAIMS in matcher.asked and all(c.text in matcher.asked for c in two.claims)
    assert len(matcher.asked) == 5 and [len(results) for results in found] == [1, 1, 0, 2]
    assert [c.matches[0].url for doc in (short, long_, two) for c in doc.claims] == [
        "https://fc.example/gao", "https://fc.example/cccd",
        "https://fc.example/cccd", "https://fc.example/gao"]


# A mother's question: no sentence of it is a claim, yet it is the rumour a fact-check answers.
QUESTION = "  Mấy mẹ ơi, đắp khoai tây lên trán bé có hạ sốt được không ạ?  "


def test_a_post_with_no_claim_found_that_matches_a_fact_check_keeps_its_text_as_its_claim(store):
    question, chat = _documents(store, QUESTION, "Chúc cả nhà cuối tuần vui vẻ nhé!")
    assert not question.claims and not chat.claims
    detector = ClaimDetector(settings=store.settings)
    found = match_documents(Matcher(store), [question, chat], post_chars=700,
                            unclaimed=detector)
    claim, = question.claims
    assert claim.text == QUESTION.strip() and QUESTION[claim.start:claim.end] == claim.text
    assert claim.score == round(detector.score(QUESTION.strip()), 4) < detector.threshold
    assert claim.matched and claim.matches[0].url == "https://fc.example/khoai-tay"
    assert [len(results) for results in found] == [1, 0]
    assert chat.claims == []  # matched whole too, to nothing: it stays without a claim


def test_a_post_with_no_claim_is_not_matched_when_turned_off_or_longer_than_a_post(store):
    matcher = Recording(store)
    long_question = QUESTION + " Chúc cả nhà cuối tuần vui vẻ và nhiều sức khỏe." * 20
    off, long_ = _documents(store, QUESTION, long_question)
    match_documents(matcher, [off], post_chars=700)  # no scorer: such posts are not read
    match_documents(matcher, [long_], post_chars=700,
                    unclaimed=ClaimDetector(settings=store.settings))
    assert getattr(matcher, "asked", []) == [] and off.claims == [] and long_.claims == []


def test_the_stage_keeps_a_claimless_posts_match_by_default_and_not_when_the_setting_is_0(
        store):
    on, = match_stage(store)(_documents(store, QUESTION))
    assert on.claims[0].matches[0].url == "https://fc.example/khoai-tay"
    store.settings = store.settings.replace(KIEMCHUNG_MATCH_POSTS_WITHOUT_CLAIMS="0")
    try:
        off, = match_stage(store)(_documents(store, QUESTION))
    finally:
        store.settings = store.settings.replace(KIEMCHUNG_MATCH_POSTS_WITHOUT_CLAIMS="1")
    assert off.claims == []


def _result(*urls, matched=False, confidence=0.5):
    return MatchResult(text="", matched=matched, confidence=confidence,
                       matches=[Match(url=url, claim="", rating=None, score=0.0) for url in urls])


def test_the_posts_answer_goes_to_the_claim_that_ranks_it_highest_and_never_over_another():
    post = _result("a", "b", matched=True, confidence=0.8)
    assert _carrier([_result("c", "b"), _result("a", "c")], post) == 1
    assert _carrier([_result("c"), _result("d")], post) == 0  # none holds it: the first
    assert _carrier([_result("c", "d", "e"), _result("f")], post) == 0  # however many it has
    # A claim answered with another fact-check keeps it.
    assert _carrier([_result("c", "a", matched=True, confidence=0.3)], post) is None
    # Answered with the same one, the surer answer stays.
    assert _carrier([_result("a", matched=True, confidence=0.9)], post) is None
    assert _carrier([_result("a", matched=True, confidence=0.6)], post) == 0
    assert _carrier([_result("a")], _result("a", matched=False)) is None
