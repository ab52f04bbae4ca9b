"""Matching against a small real library (real SQLite file, real embeddings, real model)."""

import json

import numpy as np
import pytest

from kiemchung.library.importer import import_files
from kiemchung.matching.matcher import Matcher
from kiemchung.store import Store

LIBRARY = [
    ("https://fc.example/sau-rieng", "Ăn sầu riêng rồi uống rượu bia có thể gây tử vong.", "Gây hiểu lầm", "vi"),
    ("https://fc.example/ca-phe", "Uống cà phê hằng ngày gây loãng xương.", "Sai", "vi"),
    ("https://fc.example/cccd", "Bộ Công an thu hồi toàn bộ căn cước công dân gắn chip từ tháng sau.", "Sai", "vi"),
    ("https://fc.example/gao", "Việt Nam xuất khẩu hơn 8 triệu tấn gạo trong năm 2023.", "Đúng", "vi"),
    ("https://fc.example/khoai-tay", "Đắp lát khoai tây lên trán giúp hạ sốt nhanh cho trẻ.", "Sai", "vi"),
    ("https://fc.example/garlic", "Garlic water cures COVID-19 overnight.", "False", "en"),
    ("https://fc.example/aff", "Thái Lan thắng Việt Nam 3-0 ở chung kết AFF Cup 2024.", "Sai", "vi"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("matching")
    path = folder / "library.jsonl"
    path.write_text("\n".join(json.dumps({
        "@context": "https://schema.org", "@type": "ClaimReview", "url": url,
        "claimReviewed": claim, "inLanguage": language,
        "reviewRating": {"@type": "Rating", "alternateName": rating},
    }, ensure_ascii=False) for url, claim, rating, language in LIBRARY), encoding="utf-8")
    store = Store(folder / "home")
    import_files(store, [path])
    yield store
    store.close()


def _first(store, text):
    result = Matcher(store).match([text])[0]
    return result.matched, result.matches[0].url if result.matches else None


def test_a_paraphrase_matches_its_fact_check(store):
    assert _first(store, "Sầu riêng kỵ rượu bia, ăn chung dễ chết người") == (
        True, "https://fc.example/sau-rieng")


def test_text_without_tone_marks_matches(store):
    assert _first(store, "nam 2023 xuat khau gao cua viet nam vuot 8 trieu tan") == (
        True, "https://fc.example/gao")


def test_a_post_in_a_font_generators_bold_is_read_as_its_plain_letters(store):
    from strategies import bold

    text = "NĂM 2023 xuất khẩu gạo của Việt Nam vượt 8 triệu tấn"
    plain, styled = Matcher(store).match([text, bold(text)], keep_features=True)
    assert (styled.matched, styled.matches[0].url) == (True, "https://fc.example/gao")
    # The same text: the same features, but for the last float32 digits the BLAS may give a
    # second row of one batch on some processors.
    assert len(styled.features) == len(plain.features)
    for ours, theirs in zip(styled.features, plain.features):
        assert ours == pytest.approx(theirs, abs=1e-5)
    assert styled.confidence == pytest.approx(plain.confidence, abs=1e-3)


def test_a_chain_message_shouted_in_capitals_is_matched_as_it_reads(store):
    matched = Matcher(store).match(["KHẨN: SẦU RIÊNG KỴ RƯỢU BIA, ĂN CHUNG DỄ CHẾT NGƯỜI!!!"])[0]
    assert (matched.matched, matched.matches[0].url) == (True, "https://fc.example/sau-rieng")
    assert matched.read.startswith("Khẩn: sầu riêng kỵ rượu bia")


@pytest.mark.parametrize("heading", ["Cảnh báo khẩn, chia sẻ ngay ‼️ ", "CẢNH BÁO KHẨN: "])
def test_a_post_under_a_vietnamese_heading_is_read_as_the_post_below_it(store, heading):
    untoned = Matcher(store).match([heading + "nam 2023 xuat khau gao cua viet nam vuot 8 trieu tan"])[0]
    assert (untoned.matched, untoned.matches[0].url) == (True, "https://fc.example/gao")
    assert "xuất khẩu gạo" in untoned.read
    english = Matcher(store).match([heading + "Garlic water cures COVID-19 overnight, drink it daily"])[0]
    assert english.matches[0].url == "https://fc.example/garlic" and english.matched


def test_a_call_to_share_does_not_make_another_claim_on_the_topic_look_answered(store):
    claim = "Uống cà phê hằng ngày giúp xương chắc khỏe hơn"
    plain, shared = Matcher(store).match(
        [claim, claim + ". Ai thấy thì share cho mọi người cùng biết nhé 🙏"], keep_features=True)
    assert shared.read == plain.read and shared.confidence == plain.confidence


def test_english_text_finds_the_vietnamese_fact_check(store):
    matched, url = _first(store, "Vietnam exported more than 8 million tonnes of rice in 2023.")
    assert url == "https://fc.example/gao"


def test_unrelated_text_is_not_matched(store):
    matched, _ = _first(store, "Đội tuyển nữ Việt Nam giành huy chương vàng SEA Games.")
    assert matched is False


@pytest.mark.parametrize("text", [
    "Chia sẻ ngay: Đắp lát khoai tây lên trán giúp hạ sốt nhanh cho trẻ.",
    "Đắp lát khoai tây lên trán giúp hạ sốt nhanh cho trẻ, bác sĩ nhi khuyên vậy.",
    "Có thật là đắp lát khoai tây lên trán giúp hạ sốt nhanh cho trẻ không?",
])
def test_a_claim_passed_on_word_for_word_matches(store, text):
    assert _first(store, text) == (True, "https://fc.example/khoai-tay")


@pytest.mark.parametrize(("text", "url"), [
    ("Uống cà phê hằng ngày không gây loãng xương.", "https://fc.example/ca-phe"),
    ("Đắp lát khoai tây lên trán không giúp hạ sốt nhanh cho trẻ.", "https://fc.example/khoai-tay"),
])
def test_the_negation_of_a_claim_is_not_matched_but_its_fact_check_is_shown(store, text, url):
    assert _first(store, text) == (False, url)


@pytest.mark.parametrize(("text", "url"), [
    ("Mọi người ơi uống cà phê mỗi ngày bị loãng xương thật ko?", "https://fc.example/ca-phe"),
    ("Có thật là ăn sầu riêng xong uống bia là chết người không ạ?", "https://fc.example/sau-rieng"),
])
def test_a_reader_asking_whether_the_claim_is_true_gets_its_fact_check(store, text, url):
    assert _first(store, text) == (True, url)


@pytest.mark.parametrize("text", [
    "Cà phê sáng nay ngon quá, nghiện mất rồi",
    "Uống cà phê buổi tối có làm mất ngủ không bác sĩ?",
    # A six-entry library: the fever fact-check leads unrelated entries by far, and until the
    # decider read what a question asks (``questions.asks_other``) that lead matched it.
    "Con bị sốt 39 độ thì nên làm gì các mẹ ơi?",
])
def test_an_opinion_or_another_question_on_the_topic_is_not_matched(store, text):
    assert _first(store, text)[0] is False


def test_texts_matched_together_are_answered_as_each_alone(store):
    texts = ["Sầu riêng kỵ rượu bia, ăn chung dễ chết người",
             "Vietnam exported more than 8 million tonnes of rice in 2023.",
             "nam 2023 xuat khau gao cua viet nam vuot 8 trieu tan",
             "Đội tuyển nữ Việt Nam giành huy chương vàng SEA Games.", ""]
    matcher = Matcher(store)
    together = matcher.match(texts)
    for text, result in zip(texts, together):
        alone = matcher.match([text])[0]
        assert (result.matched, [m.url for m in result.matches]) == (
            alone.matched, [m.url for m in alone.matches])
        assert np.allclose([m.score for m in result.matches], [m.score for m in alone.matches])


def test_entries_left_out_for_one_text_are_gone_for_it_alone(store):
    coffee, rice = "https://fc.example/ca-phe", "https://fc.example/gao"
    texts = ["Uống cà phê hằng ngày gây loãng xương", "Việt Nam xuất khẩu hơn 8 triệu tấn gạo"]
    without, kept = Matcher(store).match(texts, leave_out=[{coffee}, set()])
    assert coffee not in [m.url for m in without.matches] and not without.matched
    assert rice in [m.url for m in without.matches]  # the rest of the library stays for it
    assert (kept.matched, kept.matches[0].url) == (True, rice)
    alone = Matcher(store).match(texts[1:])[0]  # nothing left out for it: nothing changed
    assert [m.url for m in kept.matches] == [m.url for m in alone.matches]
    assert np.allclose([m.score for m in kept.matches], [m.score for m in alone.matches])


def test_entries_to_leave_out_are_named_for_every_text_or_none(store):
    with pytest.raises(ValueError, match="leave_out names 1 texts' entries, not 2"):
        Matcher(store).match(["Cà phê gây loãng xương", "Gạo xuất khẩu"], leave_out=[set()])


def test_matches_are_ranked_best_first_with_scores(store):
    result = Matcher(store).match(["Uống cafe mỗi ngày làm xương giòn, dễ gãy"], top=3)[0]
    scores = [m.score for m in result.matches]
    assert scores == sorted(scores, reverse=True) and len(scores) == 3
    assert result.matches[0].rating == "Sai"


def test_what_a_claim_states_is_read_once_at_import_and_read_back_the_same(store):
    from sqlalchemy import select

    from kiemchung.matching.features import ClaimTerms
    from kiemchung.store.schema import factchecks

    with store.db.read() as connection:
        rows = connection.execute(select(factchecks.c.claim_reviewed, factchecks.c.search_text,
                                         factchecks.c.terms)).all()
    assert rows and all(row.terms for row in rows)
    for row in rows:
        assert ClaimTerms.from_stored(row.search_text, row.terms) == ClaimTerms.of(
            row.claim_reviewed, row.search_text)


def test_terms_stored_by_other_code_are_read_again_before_matching(tmp_path):
    from sqlalchemy import select

    from kiemchung.matching.features import ClaimTerms
    from kiemchung.store.schema import factchecks

    path = tmp_path / "library.jsonl"
    path.write_text(json.dumps({"@context": "https://schema.org", "@type": "ClaimReview",
                                "url": LIBRARY[1][0], "claimReviewed": LIBRARY[1][1],
                                "reviewRating": {"@type": "Rating", "alternateName": "Sai"}},
                               ensure_ascii=False), encoding="utf-8")
    store = Store(tmp_path / "home")
    import_files(store, [path])
    with store.db.transaction() as connection:  # as an older release would have left them
        connection.execute(factchecks.update().values(terms='{"version": "old"}'))
        store.set_meta(connection, "claim_terms_version", "old")
    assert _first(store, "Uống cà phê mỗi ngày làm loãng xương") == (True, LIBRARY[1][0])
    with store.db.read() as connection:
        row = connection.execute(select(factchecks.c.search_text, factchecks.c.terms)).one()
    assert ClaimTerms.from_stored(row.search_text, row.terms) is not None
    assert ClaimTerms.from_stored(row.search_text, '{"version": "old"}') is None
    store.close()


def test_a_library_embedded_by_another_encoder_is_embedded_again_once(tmp_path):
    from sqlalchemy import select

    from kiemchung.matching.dense import embed_passages, encoder_name
    from kiemchung.matching.library_index import ENCODER_KEY, refresh_embeddings
    from kiemchung.store.schema import factchecks

    path = tmp_path / "library.jsonl"
    path.write_text("\n".join(json.dumps({"@context": "https://schema.org", "@type": "ClaimReview",
                                          "url": url, "claimReviewed": claim}, ensure_ascii=False)
                              for url, claim, *_ in LIBRARY[:3]), encoding="utf-8")
    store = Store(tmp_path / "home")
    import_files(store, [path])
    assert store.meta_value(ENCODER_KEY) == encoder_name()
    with store.db.transaction() as connection:  # as an older release's encoder left them
        connection.execute(factchecks.update().values(embedding=np.ones(384, np.float32).tobytes()))
        store.set_meta(connection, ENCODER_KEY, "multilingual-e5-small-untuned")
    store.reset_vectors()
    assert _first(store, LIBRARY[1][1]) == (True, LIBRARY[1][0])
    with store.db.read() as connection:
        rows = connection.execute(select(factchecks.c.claim_reviewed, factchecks.c.embedding)).all()
    stored = np.vstack([np.frombuffer(row.embedding, np.float32) for row in rows])
    assert np.allclose(stored, embed_passages([row.claim_reviewed for row in rows]), atol=1e-5)
    assert store.meta_value(ENCODER_KEY) == encoder_name()
    assert refresh_embeddings(store) == 0
    store.close()


def test_an_empty_library_matches_nothing(tmp_path):
    store = Store(tmp_path)
    assert Matcher(store).match(["Ăn sầu riêng uống bia"])[0].matched is False
    store.close()


def test_the_shipped_decision_model_loads_and_gives_probabilities() -> None:
    from kiemchung.matching.decision import Ensemble, decision_row, load_decision
    from kiemchung.matching.features import NAMES

    model = load_decision()
    assert isinstance(model.decider, Ensemble) and len(model.decider.members) > 1
    row = np.zeros(len(NAMES))
    confidence = model.decide(row, 0.5, 0.1)
    assert 0.0 <= confidence <= 1.0
    decided = decision_row(row, 0.5, 0.1, model.joint_neutral)
    assert Ensemble.from_json(model.decider.to_json()).probabilities(decided)[0] == pytest.approx(
        model.decider.probabilities(decided)[0])


def test_a_network_decider_is_relu_then_logistic() -> None:
    from kiemchung.matching.decision import Network

    network = Network(np.zeros(2), np.ones(2), (
        (np.array([[1.0], [-1.0]]), np.array([0.0])),
        (np.array([[2.0]]), np.array([-1.0])),
    ))
    # hidden = relu(x0 - x1); output = sigmoid(2 * hidden - 1)
    assert network.probabilities(np.array([1.0, 0.5]))[0] == pytest.approx(0.5)
    assert network.probabilities(np.array([0.0, 3.0]))[0] == pytest.approx(1 / (1 + np.e))


def test_an_ensemble_decider_averages_its_networks() -> None:
    from kiemchung.matching.decision import Ensemble, Network

    def constant(bias: float) -> Network:  # sigmoid(bias) whatever the input
        return Network(np.zeros(1), np.ones(1), ((np.zeros((1, 1)), np.zeros(1)),
                                                 (np.zeros((1, 1)), np.array([bias]))))

    ensemble = Ensemble((constant(0.0), constant(np.log(3.0))))  # 0.5 and 0.75
    assert ensemble.probabilities(np.array([1.0]))[0] == pytest.approx(0.625)


def _trees():  # type: ignore[no-untyped-def]
    from kiemchung.matching.decision import Boosted

    # tree 0: x0 <= 0.5 → -1, else +1; tree 1: a lone leaf, 0.5 (padded to three nodes)
    return Boosted(np.zeros(2), np.ones(2), 0.0,
                   feature=np.array([[0, 0, 0], [0, 0, 0]]),
                   threshold=np.array([[0.5, 0.0, 0.0], [0.0, 0.0, 0.0]]),
                   left=np.array([[1, 0, 0], [0, 0, 0]]), right=np.array([[2, 0, 0], [0, 0, 0]]),
                   value=np.array([[0.0, -1.0, 1.0], [0.5, 0.0, 0.0]]), depth=1)


def test_a_boosted_decider_adds_the_leaf_each_tree_sends_a_row_to() -> None:
    from kiemchung.matching.decision import Boosted

    trees = _trees()
    rows = np.array([[0.2, 9.0], [0.5, 0.0], [0.9, -9.0]])
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    assert trees.probabilities(rows) == pytest.approx(sigmoid(np.array([-0.5, -0.5, 1.5])))
    again = Boosted.from_json(json.loads(json.dumps(trees.to_json())))
    assert again.probabilities(rows) == pytest.approx(trees.probabilities(rows))


def test_boosted_trees_from_scikit_learn_give_in_numpy_what_they_gave_there() -> None:
    import importlib.util
    from pathlib import Path

    from sklearn.ensemble import HistGradientBoostingClassifier

    from kiemchung.matching.decision import Boosted

    path = Path(__file__).resolve().parent.parent / "training" / "train.py"
    spec = importlib.util.spec_from_file_location("training_train", path)
    assert spec is not None and spec.loader is not None
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    rng = np.random.default_rng(7)
    rows = rng.normal(size=(600, 4)) * [1.0, 3.0, 0.01, 100.0]
    rows[:, 2] = rng.integers(0, 2, 600)  # a yes/no column, as the clashes are
    labels = rows[:, 0] + (rows[:, 1] / 3) ** 2 - rows[:, 2] > 0.5
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    model = HistGradientBoostingClassifier(max_iter=40, max_leaf_nodes=7, random_state=0,
                                           monotonic_cst=[0, 0, -1, 0])
    model.fit((rows - mean) / scale, labels)
    trees = Boosted.from_json(json.loads(json.dumps(train._boosted(model, mean, scale).to_json())))
    expected = model.predict_proba((rows - mean) / scale)[:, 1]
    assert np.abs(trees.probabilities(rows) - expected).max() < 1e-6
    # the constraint holds in numpy too: the yes/no column never raises the probability
    yes, no = rows.copy(), rows.copy()
    yes[:, 2], no[:, 2] = 1.0, 0.0
    assert (trees.probabilities(yes) <= trees.probabilities(no) + 1e-12).all()


def test_the_shipped_deciders_trees_never_read_a_clash_as_a_sign_of_a_match() -> None:
    from kiemchung.matching.decision import Boosted, Ensemble, decision_row, load_decision
    from kiemchung.matching.features import NAMES

    model = load_decision()
    assert isinstance(model.decider, Ensemble)
    trees = [member for member in model.decider.members if isinstance(member, Boosted)]
    assert trees, "the shipped decider has boosted trees beside its networks"
    rng = np.random.default_rng(3)
    for name in ("number_clash", "date_clash", "entity_clash", "negation_clash", "negation_flip",
                 "year_clash", "direction_clash"):
        for _ in range(20):
            row = rng.uniform(0, 1, len(NAMES))
            clash, none = row.copy(), row.copy()
            clash[NAMES.index(name)], none[NAMES.index(name)] = 1.0, 0.0
            first = float(rng.uniform(0.05, 0.95))
            with_clash = decision_row(clash, first, first / 2, model.joint_neutral)
            without = decision_row(none, first, first / 2, model.joint_neutral)
            assert trees[0].probabilities(with_clash)[0] <= trees[0].probabilities(without)[0]


@pytest.mark.parametrize("text, values", [
    ("Lương cơ sở lên 2.340.000đ từ 1/7", {"2340000", "1/7"}),
    ("lương cơ sở 2,34 triệu đồng", {"2340000"}),
    ("2.34 million people", {"2340000"}),
    ("phạt 500k", {"500000"}),
    ("phạt 500.000 đồng", {"500000"}),
    ("từ ngày 01.07.2024", {"1/7", "2024"}),
    ("từ năm 2025 k được đi", {"2025"}),
    ("nhà 100m2", {"100"}),  # the 2 of "m2" is part of the unit
    ("0,125 mg", {"0.125"}),
    ("thủ đô rộng thêm 4.600 km2", {"4600"}),
    ("2k7 chú ý: U23 Việt Nam", set()),  # born in 2007; a team's name
    ("lương cơ sở lên 2tr53 hả mn", {"2530000"}),  # 2,53 million, as chats write it
    ("nhà giá 1ty2", {"1200000000"}),
    ("vàng lên 150 củ/lượng", {"150000000"}),  # "củ": millions, as said
    ("iPhone 15 cũ", {"iphone 15"}),  # a name; "cũ" (old) folds as "củ" does, and is no scale
    ("doanh thu vượt 500 tỉ", {"500000000000"}),
    ("giá điện tăng gấp đôi", {"2"}),
    ("electricity prices doubled", {"2"}),
    # a range says its scale once
    ("phạt 4-6 triệu", {"4000000", "6000000"}),
    ("phạt từ 400 đến 600 nghìn", {"400000", "600000"}),
    ("300–500k/ngày", {"300000", "500000"}),
    ("từ 5 tới 10 triệu", {"5000000", "10000000"}),
    ("2-3 ngày", {"2", "3"}),
    ("năm 2025 - 5 triệu người", {"2025", "5000000"}),  # a year before a dash keeps its own
    # not ranges of one scale: a counter ("tờ" folds to "to"), a label, a larger first end
    ("đổi 2 tờ 500k giả", {"2", "500000"}),
    ("Bán nhà Quận 7 - 5 tỷ", {"quan 7", "5000000000"}),
    ("phạt 500 - 1 triệu", {"500", "1000000"}),
    ("Combo 2 - 199k", {"2", "199000"}),
])
def test_numbers_are_compared_by_value(text, values):
    from kiemchung.matching.lexical import numbers

    assert numbers(text) == values


@pytest.mark.parametrize("text, found", [
    ("Lương cơ sở tăng từ ngày 1/7/2024", {"2024"}),
    ("học phí năm học 2024–2025", {"2024", "2025"}),
    ("Vietnam's GDP grew 7.09% in 2024", {"2024"}),
    ("hỗ trợ 2.000 đồng mỗi lít", set()),
    ("gói 2000 tỷ", set()),
    ("phạt 2025k", set()),
    ("từ ngày 1.7.2024", {"2024"}),
    ("năm 2025 người dân được nghỉ", {"2025"}),
    ("từ 1/7/2025 đóng BHXH", {"2025"}),
])
def test_years_are_told_from_amounts(text, found):
    from kiemchung.matching.lexical import years

    assert years(text) == found


def test_claims_naming_different_years_clash_and_shared_years_do_not():
    def clash(query: str, claim: str) -> float:
        return _feature("year_clash", query, claim)

    claim = "Lương cơ sở tăng lên 2,34 triệu đồng/tháng từ ngày 1/7/2024."
    assert clash("Lương cơ sở được đề xuất tiếp tục tăng từ ngày 1/7/2026.", claim) == 1.0
    assert clash("Từ 1/7/2024 lương cơ sở là 2,34 triệu", claim) == 0.0
    assert clash("Lương cơ sở tăng lên 2,34 triệu", claim) == 0.0  # no year said: no clash


def test_every_feature_the_decision_reads_is_computed_by_name_and_no_other():
    from collections import Counter

    from kiemchung.matching.features import (
        NAMES,
        Candidate,
        ClaimTerms,
        Context,
        Idf,
        Query,
        named_features,
        pair_features,
    )
    from kiemchung.matching.lexical import search_form

    claim, query = "Uống cà phê hằng ngày gây loãng xương.", "Cà phê làm loãng xương"
    candidate = Candidate(1, claim, ClaimTerms.of(claim, search_form(claim)), "vi", 0.9, 1.0, 3.0, 0.9)
    context = Context.of([candidate], 1.0, Idf(Counter(), 10))
    named = named_features(Query.of(query, search_form(query), "vi"), candidate, context)
    assert sorted(named) == sorted(NAMES)
    row = pair_features(Query.of(query, search_form(query), "vi"), candidate, context)
    assert row == [named[name] for name in NAMES]


def _feature(name: str, query: str, claim: str, library: dict[str, int] | None = None) -> float:
    from collections import Counter

    from kiemchung.matching.features import (
        NAMES,
        Candidate,
        ClaimTerms,
        Context,
        Idf,
        Query,
        pair_features,
    )
    from kiemchung.matching.lexical import search_form

    terms = ClaimTerms.of(claim, search_form(claim))
    candidate = Candidate(1, claim, terms, "vi", 0.9, 1.0, 3.0, 0.9)
    context = Context.of([candidate], 1.0, Idf(Counter(library or {}), 50))
    row = pair_features(Query.of(query, search_form(query), "vi"), candidate, context)
    return row[NAMES.index(name)]


def test_a_copy_with_one_rare_word_swapped_is_measured_as_a_slot_swap():
    claim = "Uống nước chanh mật ong mỗi sáng chữa khỏi ung thư"
    common = {word: 20 for word in ("uong", "nuoc", "moi", "sang", "chua", "khoi")}
    swapped = _feature("slot_swap", "Uống nước chanh mật ong mỗi sáng chữa khỏi bệnh gút", claim,
                       common)
    reworded = _feature("slot_swap", "Ung thư tự khỏi nhờ uống nước chanh mật ong mỗi sáng",
                        claim, common)
    assert swapped > 0.5 > reworded
    assert _feature("aligned_claim", "Uống nước chanh mật ong mỗi sáng chữa khỏi ung thư nhé",
                    claim) == 1.0


def test_a_claim_and_its_negation_clash_and_a_reworded_negation_does_not():
    claim = "Từ ngày 1/7/2025, người lao động không còn được rút bảo hiểm xã hội một lần."
    assert _feature("negation_clash", "Người lao động vẫn được rút BHXH một lần", claim) == 1.0
    assert _feature("negation_clash", "Từ 1/7/2025 người lao động bị cấm rút BHXH một lần",
                    claim) == 0.0
    coffee = "Uống cà phê hằng ngày gây loãng xương."
    assert _feature("negation_clash", "Uống cà phê hằng ngày không gây loãng xương", coffee) == 1.0
    assert _feature("negation_clash", "Ô nhiễm không khí khiến uống cà phê gây loãng xương?",
                    coffee) == 0.0


def test_the_claims_numbers_named_by_the_query_are_a_feature():
    claim = "Mỹ công bố áp thuế đối ứng 46% lên hàng hóa nhập khẩu từ Việt Nam."
    assert _feature("number_share", "Trump áp thuế 46% lên hàng VN", claim) == 1.0
    assert _feature("number_share", "Trump áp thuế 20% lên hàng VN", claim) == 0.0


def test_a_range_written_with_its_scale_once_names_both_ends():
    helmet = "Không đội mũ bảo hiểm khi đi xe máy bị phạt 400.000 – 600.000 đồng."
    assert _feature("number_share", "ko doi mu bh bi phat 400-600k do mn", helmet) == 1.0
    assert _feature("number_share", "không đội mũ phạt từ 400 đến 600 nghìn", helmet) == 1.0
    assert _feature("number_clash", "không đội mũ bảo hiểm phạt 2-3 triệu", helmet) == 1.0


def test_a_whole_number_names_the_decimal_it_rounds_and_a_year_is_not_a_number_to_share():
    from kiemchung.matching.lexical import named_numbers

    assert named_numbers({"7"}, {"7.09"}) == {"7.09"}  # "hơn 7%" for 7,09%
    assert named_numbers({"8"}, {"7.5"}) == {"7.5"}
    assert named_numbers({"6"}, {"7.09"}) == set()
    assert named_numbers({"7.1"}, {"7.09"}) == set()
    claim = "GDP Việt Nam năm 2024 tăng 7,09%."
    assert _feature("number_clash", "tang truong kinh te nam ngoai dat hon 7%", claim) == 0.0
    assert _feature("number_clash", "tăng trưởng kinh tế năm ngoái chỉ đạt 5%", claim) == 1.0
    # the year is left to year_clash: "lớp 7" against "năm học 2025–2026" is no number clash
    phones = "Từ năm học 2025–2026, học sinh trên cả nước bị cấm mang điện thoại đến trường."
    assert _feature("number_clash", "Phụ huynh lớp 7 ơi, cấm mang điện thoại tới trường",
                    phones) == 0.0


def test_another_day_or_month_is_a_date_clash_and_no_number_clash():
    pay = "Lương cơ sở tăng lên 2,34 triệu đồng/tháng từ ngày 1/7/2024."
    assert _feature("date_clash", "Lương cơ sở sẽ tăng lên 2,34 triệu đồng từ 1/1/2024", pay) == 1.0
    assert _feature("date_clash", "từ 1/7 lương cơ sở lên 2,34 triệu", pay) == 0.0
    assert _feature("date_clash", "Lương cơ sở tăng lên 2,34 triệu", pay) == 0.0  # no date said
    transfer = "Từ 1/7/2024, chuyển tiền trên 10 triệu đồng một lần phải xác thực sinh trắc học."
    # the shared date no longer hides another amount
    assert _feature("number_clash", "Chuyển khoản trên 5 triệu phải xác thực sinh trắc từ 1/7",
                    transfer) == 1.0
    assert _feature("number_clash", "Chuyển khoản trên 10 triệu phải xác thực sinh trắc",
                    transfer) == 0.0


def test_how_much_the_query_reads_as_a_claim_is_a_feature():
    claim = "Uống cà phê hằng ngày gây loãng xương."
    stated = _feature("query_claimlike", "Bác sĩ cảnh báo uống cà phê mỗi ngày gây loãng xương",
                      claim)
    asked = _feature("query_claimlike", "Uống cà phê buổi tối có làm mất ngủ không bác sĩ?", claim)
    assert stated > 0.5 > asked


def test_what_a_claim_states_of_its_topic_is_measured_apart_from_the_topic():
    claim = "Bệnh đậu mùa khỉ lây truyền qua muỗi đốt."
    restated = _feature("tail_cover", "Muỗi đốt cũng truyền bệnh đậu mùa khỉ đó mọi người", claim)
    same_topic = _feature("tail_cover", "WHO tuyên bố đậu mùa khỉ là tình trạng khẩn cấp toàn cầu",
                          claim)
    assert restated == 1.0 and same_topic == 0.0


def test_a_question_asking_for_advice_on_the_claims_topic_is_a_feature():
    claim = "Uống nước dừa chữa khỏi sốt xuất huyết."
    assert _feature("asks_other", "Bị sốt xuất huyết có nên uống nước dừa không bác sĩ?",
                    claim) == 1.0
    assert _feature("asks_other", "Uống nước dừa chữa khỏi sốt xuất huyết, thật không?",
                    claim) == 0.0


def test_loanwords_are_the_words_no_vietnamese_syllable_folds_to():
    from kiemchung.matching.lexical import loanwords

    assert loanwords("Uống rượu mạnh giúp diệt virus corona") == {"virus", "corona"}
    assert loanwords("GDP Việt Nam năm 2024 tăng 7,09%") == {"gdp"}
    assert loanwords("Người dân Đắk Lắk khuyến khích nghiêng ngoằn") == set()
    assert loanwords("đóng BHXH ở TPHCM") == set()  # Vietnamese initialisms


def test_across_languages_a_loanword_missing_on_the_other_side_is_a_feature():
    from kiemchung.matching.features import _loanword_miss
    from kiemchung.matching.lexical import loanwords

    claim = loanwords("sóng 5G phát tán virus corona")
    assert _loanword_miss(claim, loanwords("5G networks spread the coronavirus")) == 0.0
    assert _loanword_miss(claim, loanwords("Celery juice cures diabetes")) == 1.0
    assert _loanword_miss(set(), loanwords("Celery juice cures diabetes")) == 0.0


def test_an_entry_whose_claim_changed_is_read_again(store):
    matcher = Matcher(store)
    old = matcher._terms(1, "Phạt 5 triệu đồng", "phat 5 trieu dong", None)
    new = matcher._terms(1, "Phạt 10 triệu đồng", "phat 10 trieu dong", None)
    assert old.numbers == {"5000000"} and new.numbers == {"10000000"}


def test_stored_search_forms_are_derived_again_after_an_upgrade(store):
    from sqlalchemy import select, update

    from kiemchung.matching.library_index import refresh_search_forms
    from kiemchung.store.schema import factchecks, meta

    with store.db.transaction() as connection:
        connection.execute(update(factchecks).values(search_text="an old form"))
        connection.execute(meta.delete().where(meta.c.key == "search_form_version"))
    before = store.library_version()
    assert refresh_search_forms(store) > 0
    with store.db.read() as connection:
        forms = connection.execute(select(factchecks.c.search_text)).scalars().all()
    assert "an old form" not in forms and store.library_version() != before
    assert refresh_search_forms(store) == 0  # once only


def test_a_library_stored_before_msg_was_written_out_finds_bot_ngot_after_opening(tmp_path):
    from sqlalchemy import select

    from kiemchung.library.record import FactCheck
    from kiemchung.matching.library_index import add_factchecks
    from kiemchung.store.schema import factchecks

    store = Store(tmp_path / "home")
    url = "https://fc.example/msg"
    add_factchecks(store, [FactCheck(url, "Ăn MSG gây ung thư dạ dày.", "Sai", language="vi")])
    with store.db.transaction() as connection:  # as search form version 2 stored it
        connection.execute(factchecks.update().values(search_text="an msg gay ung thu da day"))
        store.set_meta(connection, "search_form_version", "2")
    result = Matcher(store).match(["ăn bột ngọt gây ung thư dạ dày"])[0]
    with store.db.read() as connection:
        form = connection.execute(select(factchecks.c.search_text)).scalar_one()
    store.close()
    assert form == "an bot ngot gay ung thu da day"
    assert result.matched and result.matches[0].url == url


def test_a_fact_checks_headline_is_searched_with_its_claim(tmp_path):
    from kiemchung.library.record import FactCheck
    from kiemchung.matching.library_index import add_factchecks

    store = Store(tmp_path / "home")
    titled = FactCheck(
        "https://fc.example/anaconda",
        "A video shows a ten-metre snake crossing a river in Brazil.",
        data={"name": "Does Video Show a 10-Meter-Long Anaconda?"},
    )
    untitled = FactCheck(
        "https://fc.example/python",
        "A python swallowed a whole deer in a Florida park.",
        data={"name": "A python swallowed a whole deer in a Florida park"},  # repeats the claim
    )
    add_factchecks(store, [titled, untitled])
    found = store.search_lexical_soon(["anaconda"], 5).result()[0]
    result = Matcher(store).match(["giant anaconda swims across the river"])[0]
    store.close()
    assert titled.headline == "Does Video Show a 10-Meter-Long Anaconda?"
    assert untitled.headline is None
    assert [key for key, _ in found] == [1]  # the word is in the headline only
    assert result.matches[0].url == titled.url


def test_a_library_stored_before_headlines_were_searched_finds_them_after_opening(tmp_path):
    from sqlalchemy import select

    from kiemchung.library.record import FactCheck
    from kiemchung.matching.library_index import add_factchecks
    from kiemchung.store.schema import factchecks

    store = Store(tmp_path / "home")
    item = FactCheck("https://fc.example/x", "Claim text.", data={"headline": "Title words"})
    add_factchecks(store, [item])
    with store.db.transaction() as connection:  # as search form version 3 stored it
        connection.execute(factchecks.update().values(search_text="claim text"))
        store.set_meta(connection, "search_form_version", "3")
    Matcher(store).match(["title words"])
    with store.db.read() as connection:
        form = connection.execute(select(factchecks.c.search_text)).scalar_one()
    store.close()
    assert form == "claim text title words"


def test_a_query_shifted_into_the_other_language_finds_the_translation_first():
    from kiemchung.matching.background import shifted
    from kiemchung.matching.dense import embed_passages, embed_queries

    query = embed_queries(["Nước dừa có thể truyền thẳng vào tĩnh mạch thay cho nước muối."])[0]
    claims = embed_passages([
        "Coconut water can be used as an intravenous drip instead of saline.",  # the answer
        "The Eiffel Tower was sold for scrap metal in 1925.",
        "Uống nước dừa mỗi ngày giúp thận khỏe hơn.",
        "Uống nước muối sinh lý giúp chữa viêm họng.",
    ])
    plain = claims @ query
    assert plain.argmax() != 0  # same-language claims on the topic crowd the answer out ...
    moved = shifted(query, "vi", "en")
    assert abs(float(np.linalg.norm(moved)) - 1.0) < 1e-5
    # ... and the shifted search brings it nearer to them (the tuned encoder leaves less of a
    # text's language in its vector, so the shift now moves it only a little)
    shifted_scores = claims @ moved
    assert shifted_scores[0] - shifted_scores[2:].max() > plain[0] - plain[2:].max()
    assert shifted_scores[0] > shifted_scores[1] + 0.3


def test_english_claims_do_not_teach_the_restorer_english_words(store):
    words = Matcher(store).restorer().words
    assert "sầu" in words and "garlic" not in words


def test_the_match_threshold_comes_from_the_stores_settings(tmp_path):
    from kiemchung.settings import Settings

    store = Store(tmp_path, settings=Settings({"KIEMCHUNG_MATCH_THRESHOLD": "0.9"}))
    assert Matcher(store).decision_threshold() == 0.9
    assert Matcher(store, threshold=0.2).decision_threshold() == 0.2
    store.close()


def test_a_clash_the_decision_weighed_keeps_a_match_from_answering_alone(store):
    other, same = Matcher(store).match([
        "Việt Nam xuất khẩu hơn 12 triệu tấn gạo trong năm 2023",
        "Năm 2023 Việt Nam xuất khẩu trên 8 triệu tấn gạo",
    ])
    assert other.matches[0].url == same.matches[0].url == "https://fc.example/gao"
    assert other.clashes == ["number_clash"] and not other.answers_alone
    assert same.clashes == [] and same.answers_alone is same.matched is True


def test_the_same_two_countries_with_their_roles_swapped_keep_a_match_from_answering_alone(
    store,
):
    swapped, same = Matcher(store).match(
        ["Việt Nam thắng Thái Lan 3-0 ở chung kết AFF Cup 2024",
         "Thái Lan đánh bại Việt Nam 3-0 ở chung kết AFF Cup 2024"],
        explain=True,
    )
    assert swapped.matches[0].url == same.matches[0].url == "https://fc.example/aff"
    assert swapped.clashes == ["role_swap"] and not swapped.answers_alone
    assert any("roles swapped" in reason for reason in swapped.reasons)
    assert "role_swap" not in same.clashes


def test_one_result_said_from_the_losing_side_is_the_same_claim(store):
    [lost] = Matcher(store).match(["Việt Nam thua Thái Lan 0-3 ở chung kết AFF Cup 2024"],
                                  explain=True)
    assert lost.matches[0].url == "https://fc.example/aff" and lost.clashes == []
    # "thua" (lost) against "thắng" (won): here one result, no opposite directions
    assert not [reason for reason in lost.reasons if reason.startswith("opposite directions")]


def test_a_match_answers_alone_only_when_matched_and_clean():
    from kiemchung.matching.matcher import MatchResult

    assert MatchResult("x", matched=True).answers_alone
    assert not MatchResult("x", matched=True, clashes=["year_clash"]).answers_alone
    assert not MatchResult("x", matched=False).answers_alone
