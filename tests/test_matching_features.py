"""What matching reads from a fact-check's claim, kept at import: any claim can be read."""

from collections import Counter

from hypothesis import given

from kiemchung.matching.features import ClaimTerms
from kiemchung.matching.lexical import search_form
from strategies import FAST, claims


def test_the_terms_of_a_claim_are_read_back_as_stored():
    claim = "Giá xăng RON95 không tăng 500 đồng từ 1/7/2024 ở Hà Nội"
    form = search_form(claim)
    terms = ClaimTerms.of(claim, form)
    assert {"up", "down"} & terms.directions and "2024" in terms.years
    assert ClaimTerms.from_stored(form, terms.stored()) == terms


@FAST
@given(claims())
def test_any_claim_has_terms_that_are_read_back_as_stored(claim):
    form = search_form(claim)
    terms = ClaimTerms.of(claim, form)
    assert ClaimTerms.from_stored(form, terms.stored()) == terms


def test_a_claim_naming_another_year_than_the_posts_date_is_a_feature():
    from kiemchung.matching.features import _posted_year

    assert _posted_year(2020, {"2020"}) == 1.0
    assert _posted_year(2020, {"2019", "2010"}) == 1.0  # within one year
    assert _posted_year(2020, {"2016"}) == -1.0
    assert _posted_year(None, {"2016"}) == 0.0 and _posted_year(2020, set()) == 0.0


def test_a_claim_naming_another_month_than_the_posts_date_is_a_feature():
    from kiemchung.matching.features import _posted_month

    december_2020 = 2020 * 12 + 11
    assert _posted_month(december_2020, {december_2020 + 1}) == 1.0  # within one month
    assert _posted_month(december_2020, {december_2020 - 10}) == -1.0
    assert _posted_month(None, {december_2020}) == 0.0 and _posted_month(december_2020, set()) == 0


def test_a_claims_terms_are_its_own_words_not_its_headlines():
    from kiemchung.matching.library_index import entry_form

    claim = "A video shows a snake crossing a river."
    form = entry_form(claim, "Does Video Show a Giant Anaconda?")
    terms = ClaimTerms.of(claim, form)
    assert "anaconda" in form.split() and "anaconda" not in terms.words
    assert ClaimTerms.from_stored(form, terms.stored()) == terms


def test_a_claim_naming_whoever_signed_the_post_is_a_feature():
    from kiemchung.matching.features import Candidate, Context, Idf, Query, named_features
    from kiemchung.text.posts import clean_post, signed_by

    post = "We are not prepared for a pandemic. — Joe Biden (@JoeBiden) October 25, 2019"
    text = clean_post(post)
    query = Query.of(text, search_form(text), "en", speaker=signed_by(post))

    def speaker_named(claim: str) -> float:
        terms = ClaimTerms.of(claim, search_form(claim))
        candidate = Candidate(1, claim, terms, "en", 0.9, 1.0, 3.0, 0.9)
        context = Context.of([candidate], 1.0, Idf(Counter(), 10))
        return named_features(query, candidate, context)["speaker_named"]

    assert speaker_named("Joe Biden tweeted that the U.S. was not prepared for a pandemic.") == 1
    assert speaker_named("Experts warned the U.S. was not prepared for a pandemic.") == 0


def _features(text: str, claim: str, language: str = "vi") -> dict[str, float]:
    from kiemchung.matching.features import Candidate, Context, Idf, Query, named_features

    query = Query.of(text, search_form(text), language)
    terms = ClaimTerms.of(claim, search_form(claim))
    candidate = Candidate(1, claim, terms, language, 0.9, 1.0, 3.0, 0.9)
    return named_features(query, candidate, Context.of([candidate], 1.0, Idf(Counter(), 10)))


def test_a_shared_name_does_not_hide_another_amount():
    claim = "Giá xăng E5 RON 92 vượt 30.000 đồng/lít từ tuần sau"
    assert _features("Xăng RON 92 giảm 500 đồng một lít", claim)["number_clash"] == 1
    assert _features("Xăng RON 95 vượt 30.000 đồng một lít", claim)["number_clash"] == 1
    assert _features("xăng RON 92 sắp vượt 30 nghìn một lít", claim)["number_clash"] == 0


def test_a_date_a_time_or_a_rounded_count_is_no_clash_of_amounts():
    claim = "A video shows 143,379 ballots counted in Milwaukee at 3:42 a.m. on Nov. 4, 2020."
    assert _features("Biden got a dump of 143K ballots at 4am", claim, "en")["number_clash"] == 0
    assert _features("Biden got a dump of 100K ballots", claim, "en")["number_clash"] == 1
    # Two dates are compared as dates, not their days again as amounts.
    on_the_5th = _features("143,379 ballots counted on Nov. 5", claim, "en")
    assert on_the_5th["number_clash"] == 0 and on_the_5th["date_clash"] == 1


def test_a_date_in_english_names_the_same_date_in_vietnamese():
    claim = "Thẻ bảo hiểm y tế giấy hết hiệu lực từ ngày 1/6/2025"
    post = "Paper health insurance cards are no longer valid from June 1, 2025"
    assert _features(post, claim, "en")["number_share"] == 1.0
