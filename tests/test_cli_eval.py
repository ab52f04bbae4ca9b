import json

from kiemchung.cli import main



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


def test_eval_matching_reports_every_metric_and_leaves_the_users_store_alone(home, tmp_path,
                                                                             capsys):
    library = tmp_path / "library.jsonl"
    queries = tmp_path / "queries.jsonl"
    library.write_text(json.dumps({"@type": "ClaimReview", "url": "https://fc.example/a",
                                   "claimReviewed": "Uống cà phê hằng ngày gây loãng xương.",
                                   "reviewRating": {"alternateName": "Sai"}},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    queries.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": "p", "kind": "paraphrase", "text": "Cà phê làm loãng xương, chị em nên bỏ ngay",
         "relevant": ["https://fc.example/a"]},
        {"id": "n", "kind": "negative", "text": "Mùa mưa năm nay đến sớm ở Nam Bộ.",
         "relevant": []},
    ]) + "\n", encoding="utf-8")
    assert main(["eval", "matching", "--library", str(library), "--queries", str(queries),
                 "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["map@5"] == 1.0 and figures["map@5_by_kind"] == {"paraphrase": 1.0}
    assert figures["correct_match_rate"] == 1.0 and figures["false_match_rate"] == 0.0
    assert not (home / "kiemchung.sqlite3").exists()


def test_eval_matching_table_names_each_kind(home, tmp_path, capsys):
    library = tmp_path / "library.jsonl"
    queries = tmp_path / "queries.jsonl"
    library.write_text(json.dumps({"@type": "ClaimReview", "url": "https://fc.example/a",
                                   "claimReviewed": "Uống cà phê hằng ngày gây loãng xương.",
                                   "reviewRating": {"alternateName": "Sai"}},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    queries.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": "p", "kind": "paraphrase", "text": "Cà phê làm loãng xương",
         "relevant": ["https://fc.example/a"]},
        {"id": "d", "kind": "no-diacritics", "text": "uong ca phe moi ngay gay loang xuong",
         "relevant": ["https://fc.example/a"]},
        {"id": "e", "kind": "cross-lingual", "text": "Drinking coffee every day weakens bones",
         "relevant": ["https://fc.example/a"]},
        {"id": "n", "kind": "negative", "text": "Mùa mưa năm nay đến sớm ở Nam Bộ.",
         "relevant": []},
    ]) + "\n", encoding="utf-8")
    assert main(["eval", "matching", "--library", str(library), "--queries", str(queries)]) == 0
    out = capsys.readouterr().out
    for name in ("map@5 (paraphrase)", "map@5 (no-diacritics)", "map@5 (cross-lingual)",
                 "correct_match_rate", "false_match_rate"):
        assert name in out
