import json

import pytest

from kiemchung.cli import main

COFFEE = "https://fc.example/a"
# A text the library's one fact-check answers, and one it does not.
ANSWERED = {"id": "p", "kind": "paraphrase", "text": "Uống cà phê hằng ngày gây loãng xương",
            "relevant": [COFFEE]}
UNANSWERED = {"id": "n", "kind": "negative", "text": "Mùa mưa năm nay đến sớm ở Nam Bộ.",
              "relevant": []}


def write_sets(folder, queries):
    """A one-entry fact-check library and ``queries`` as eval files; their paths as arguments."""
    library, questions = folder / "library.jsonl", folder / "queries.jsonl"
    library.write_text(json.dumps({"@type": "ClaimReview", "url": COFFEE,
                                   "claimReviewed": "Uống cà phê hằng ngày gây loãng xương.",
                                   "reviewRating": {"alternateName": "Sai"}},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in queries) + "\n",
                         encoding="utf-8")
    return ["--library", str(library), "--queries", str(questions)]


def test_eval_claims_prints_precision_recall_f1_as_json(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(item, ensure_ascii=False) for item in [
        {"id": "a", "text": "Giá điện sinh hoạt tăng 4,8% từ ngày 11/10.", "checkworthy": True},
        {"id": "b", "text": "Chúc mừng sinh nhật bạn thân nhất của mình!", "checkworthy": False},
    ]) + "\n", encoding="utf-8")
    assert main(["eval", "claims", "--gold", str(gold), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["sentences"] == 2 and figures["positives"] == 1
    assert figures["precision"] == figures["recall"] == figures["f1"] == 1.0


def test_eval_claims_counts_the_posts_with_answers_a_claim_is_found_in_by_kind(tmp_path, capsys):
    posts = tmp_path / "queries.jsonl"
    posts.write_text("\n".join(json.dumps(item, ensure_ascii=False) for item in [
        ANSWERED,
        {"id": "q", "kind": "paraphrase", "text": "Chúc cả nhà cuối tuần vui vẻ nhé",
         "relevant": [COFFEE]},
        UNANSWERED,  # no answer: not counted, claim or not
    ]) + "\n", encoding="utf-8")
    assert main(["eval", "claims", "--posts", str(posts), "--json", "--errors"]) == 0
    captured = capsys.readouterr()
    figures = json.loads(captured.out)
    assert figures["posts"] == 2 and figures["claim_found_rate"] == 0.5
    assert figures["claim_found_rate_by_kind"] == {"paraphrase": 0.5}
    assert "q [paraphrase] no claim found: Chúc cả nhà" in captured.err
    assert "p [" not in captured.err


def test_eval_claims_without_a_set_is_one_clear_error(capsys):
    assert main(["eval", "claims"]) != 0
    assert "give --gold, --posts or both" in capsys.readouterr().err


def test_eval_matching_reports_every_metric_and_leaves_the_users_store_alone(home, tmp_path,
                                                                             capsys):
    arguments = write_sets(tmp_path, [
        {"id": "p", "kind": "paraphrase", "text": "Cà phê làm loãng xương, chị em nên bỏ ngay",
         "relevant": [COFFEE]},
        {"id": "n", "kind": "negative", "text": "Mùa mưa năm nay đến sớm ở Nam Bộ.",
         "relevant": []},
    ])
    assert main(["eval", "matching", *arguments, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["map@5"] == 1.0 and figures["map@5_by_kind"] == {"paraphrase": 1.0}
    assert figures["correct_match_rate"] == 1.0 and figures["false_match_rate"] == 0.0
    assert figures["correct_alone_rate"] == 1.0 and figures["false_alone_rate"] == 0.0
    assert not (home / "kiemchung.sqlite3").exists()


def test_eval_matching_as_monitored_matches_a_claimless_post_whole_unless_turned_off(
        home, tmp_path, capsys, monkeypatch):
    arguments = write_sets(tmp_path, [
        ANSWERED,
        # The answer's words, but said as a question with no claim beside it: the detector finds
        # no claim in it, and the post is matched whole, as the tipline matches it.
        {"id": "q", "kind": "paraphrase", "text": "Uống cà phê hằng ngày có gây loãng xương không?",
         "relevant": [COFFEE]},
        UNANSWERED,
    ])
    assert main(["eval", "matching", *arguments, "--json"]) == 0
    whole = json.loads(capsys.readouterr().out)
    assert main(["eval", "matching", *arguments, "--json", "--as-monitored"]) == 0
    monitored = json.loads(capsys.readouterr().out)
    assert whole["correct_match_rate"] == 1.0
    assert monitored["correct_match_rate"] == 1.0 and monitored["false_match_rate"] == 0.0

    monkeypatch.setenv("KIEMCHUNG_MATCH_POSTS_WITHOUT_CLAIMS", "0")
    assert main(["eval", "matching", *arguments, "--json", "--as-monitored"]) == 0
    only_claims = json.loads(capsys.readouterr().out)
    assert only_claims["correct_match_rate"] == 0.5 and only_claims["false_match_rate"] == 0.0


def test_eval_matching_table_names_each_kind(home, tmp_path, capsys):
    arguments = write_sets(tmp_path, [
        {"id": "p", "kind": "paraphrase", "text": "Cà phê làm loãng xương", "relevant": [COFFEE]},
        {"id": "d", "kind": "no-diacritics", "text": "uong ca phe moi ngay gay loang xuong",
         "relevant": [COFFEE]},
        {"id": "e", "kind": "cross-lingual", "text": "Drinking coffee every day weakens bones",
         "relevant": [COFFEE]},
        {"id": "n", "kind": "negative", "text": "Mùa mưa năm nay đến sớm ở Nam Bộ.",
         "relevant": []},
    ])
    assert main(["eval", "matching", *arguments]) == 0
    out = capsys.readouterr().out
    for name in ("map@5 (paraphrase)", "map@5 (no-diacritics)", "map@5 (cross-lingual)",
                 "correct_match_rate", "false_match_rate"):
        assert name in out


def test_eval_matching_rewrites_each_query_as_real_posts_are_written(home, tmp_path, capsys):
    arguments = write_sets(tmp_path, [ANSWERED])
    assert main(["eval", "matching", *arguments, "--json", "--rewrite", "shared"]) == 0
    assert json.loads(capsys.readouterr().out)["correct_match_rate"] == 1.0


def test_eval_matching_names_the_rewrites_it_knows_when_given_another(home, tmp_path, capsys):
    arguments = write_sets(tmp_path, [])
    assert main(["eval", "matching", *arguments, "--rewrite", "poetry"]) != 0
    error = capsys.readouterr().err
    assert "--rewrite poetry: unknown" in error and "capitals" in error


def test_eval_matching_with_answers_taken_out_counts_every_query_as_a_negative(home, tmp_path,
                                                                              capsys):
    arguments = write_sets(tmp_path, [
        {"id": "p", "kind": "paraphrase", "text": "Uống cà phê hằng ngày gây loãng xương",
         "relevant": [COFFEE]},
        {"id": "d", "kind": "no-diacritics", "text": "uong ca phe moi ngay gay loang xuong",
         "relevant": [COFFEE]},
    ])
    assert main(["eval", "matching", *arguments, "--json", "--take-out-answers"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["answered"], figures["negatives"]) == (0, 2)
    assert figures["false_match_rate"] == 0.0  # the library's one entry was their answer
    assert figures["false_match_rate_by_kind"] == {"no-diacritics": 0.0, "paraphrase": 0.0}
    assert figures["map@5"] is None and figures["correct_match_rate"] is None  # none to measure


def test_eval_matching_lists_each_wrong_query_on_one_line_with_its_kind(home, tmp_path, capsys):
    arguments = write_sets(tmp_path, [
        {"id": "m", "kind": "paraphrase", "text": "Mùa mưa năm nay đến sớm ở Nam Bộ.",
         "relevant": ["https://fc.example/not-in-the-library"]},
    ])
    assert main(["eval", "matching", *arguments, "--json", "--errors"]) == 0
    assert "m [paraphrase] matched=False" in capsys.readouterr().err


def test_eval_matching_at_several_thresholds_gives_one_row_each(home, tmp_path, capsys):
    arguments = write_sets(tmp_path, [ANSWERED, UNANSWERED])
    assert main(["eval", "matching", *arguments, "--json", "--thresholds", "0,1"]) == 0
    everything, nothing = json.loads(capsys.readouterr().out)
    assert (everything["threshold"], nothing["threshold"]) == (0.0, 1.0)
    assert everything["correct_match_rate"] == everything["false_match_rate"] == 1.0
    assert nothing["correct_match_rate"] == nothing["false_match_rate"] == 0.0


@pytest.mark.parametrize("given, why", [("0.4,x", "not numbers"), ("1.5", "from 0 to 1")])
def test_eval_matching_says_which_thresholds_it_cannot_read(home, tmp_path, capsys, given, why):
    arguments = write_sets(tmp_path, [])
    assert main(["eval", "matching", *arguments, "--thresholds", given]) != 0
    error = capsys.readouterr().err
    assert f"--thresholds {given}: " in error and why in error


def test_eval_matching_writes_every_querys_outcome_for_study(home, tmp_path, capsys):
    arguments = write_sets(tmp_path, [ANSWERED, UNANSWERED])
    out = tmp_path / "outcomes.jsonl"
    assert main(["eval", "matching", *arguments, "--json", "--outcomes", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(line["id"], line["kind"]) for line in lines] == [("p", "paraphrase"), ("n", "negative")]
    assert lines[0]["ranked"][0] == COFFEE and lines[0]["matched"] and lines[0]["alone"]
    assert 0 < lines[0]["confidence"] <= 1 and lines[0]["clashes"] == []
    assert not lines[1]["matched"] and lines[1]["confidence"] < lines[0]["confidence"]


def test_eval_matching_refuses_an_outcomes_file_it_could_not_write_before_matching(
        home, tmp_path, capsys):
    arguments = write_sets(tmp_path, [])
    assert main(["eval", "matching", *arguments, "--outcomes",
                 str(tmp_path / "no-such-folder" / "out.jsonl")]) != 0
    assert "not a file in an existing folder" in capsys.readouterr().err
