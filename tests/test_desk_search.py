import pytest

from kiemchung.desk import search
from kiemchung.library.record import FactCheck
from kiemchung.matching.library_index import add_factchecks

MSG = "https://factcheck.example/bot-ngot"
LATER = "https://factcheck.example/thue-nha"


@pytest.fixture
def library(desk_store):
    add_factchecks(desk_store, [
        FactCheck(url=MSG, claim_reviewed="Bột ngọt (mì chính) là chất độc, ăn vào gây ung thư",
                  rating_text="Sai", rating_label="false", language="vi"),
        FactCheck(url=LATER, claim_reviewed="Về sau mọi người dân đều phải nộp thuế nhà ở",
                  rating_text="Sai", rating_label="false", language="vi"),
    ])
    return desk_store


def urls(hits):
    return [hit.url for hit in hits]


def test_the_public_search_finds_what_the_tipline_matches(client, library):
    claim = "Eating monosodium glutamate gives you cancer"
    assert search.lexical(library, claim) == []  # no word in common
    page = client.get("/tim-kiem", params={"q": claim}).text
    assert f'href="{MSG}"' in page
    assert "Vắc-xin COVID-19" not in page  # unrelated fact-checks are not listed


def test_a_bare_abbreviation_finds_the_fact_check_it_stands_for(client, library):
    page = client.get("/tim-kiem", params={"q": "MSG"}).text
    assert f'href="{MSG}"' in page
    assert "Vắc-xin COVID-19" not in page and "Cầu Long Biên" not in page
    page = client.get("/tim-kiem", params={"q": "MSG causes cancer"}).text
    assert f'href="{MSG}"' in page
    assert "Vắc-xin COVID-19" not in page


def test_a_short_query_finds_by_meaning_what_shares_no_word_with_it(client, library):
    assert search.lexical(library, "monosodium glutamate") == []
    page = client.get("/tim-kiem", params={"q": "monosodium glutamate"}).text
    assert f'href="{MSG}"' in page
    assert "Vắc-xin COVID-19" not in page and "Cầu Long Biên" not in page


def test_a_short_query_also_lists_what_only_shares_its_words(client, library):
    # "mì chính" is one word of the claim: too little for the matcher, enough to list it.
    page = client.get("/tim-kiem", params={"q": "mì chính"}).text
    assert f'href="{MSG}"' in page
    assert LATER not in page


def test_a_query_with_tone_marks_keeps_them(client, library):
    assert urls(search.lexical(library, "sầu riêng")) == [
        "https://factcheck.example/sau-rieng-bia"]
    assert LATER in urls(search.lexical(library, "sau"))  # typed without marks: folded
    page = client.get("/tim-kiem", params={"q": "sầu riêng"}).text
    assert "sau-rieng-bia" in page and LATER not in page


def test_the_lexical_index_answers_when_the_matcher_finds_nothing_relevant(library):
    class Nothing:
        matched, matches = False, []

    found = search.search(library, "vac xin", match=lambda text: Nothing())
    assert urls(found) == ["https://factcheck.example/vac-xin-vo-sinh"]
