import json

import pytest

from kiemchung.cli import main

LIBRARY = ("https://fc.example/khoai-tay", "Đắp lát khoai tây lên trán giúp hạ sốt nhanh cho trẻ.")


@pytest.fixture
def library(home, tmp_path):
    path = tmp_path / "library.jsonl"
    path.write_text(json.dumps({"@type": "ClaimReview", "url": LIBRARY[0],
                                "claimReviewed": LIBRARY[1], "inLanguage": "vi",
                                "reviewRating": {"alternateName": "Sai"}}, ensure_ascii=False)
                    + "\n", encoding="utf-8")
    assert main(["factchecks", "import", str(path)]) == 0
    return home


def test_match_one_text_prints_the_output_shape(library, capsys):
    capsys.readouterr()
    assert main(["match", "dat khoai tay len tran be la ha sot lien"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["matched"] is True
    assert line["matches"][0] == {"url": LIBRARY[0], "claim": LIBRARY[1], "rating": "Sai",
                                  "score": line["matches"][0]["score"]}


def test_match_input_file_writes_one_line_per_input_in_order(library, tmp_path, capsys):
    source = tmp_path / "q.jsonl"
    source.write_text("\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in
                                enumerate(["Khoai tây đắp trán hạ sốt hiệu quả",
                                           "Giá vàng hôm nay tăng mạnh"])) + "\n",
                      encoding="utf-8")
    capsys.readouterr()
    assert main(["match", "--input", str(source), "--top", "1"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == [0, 1]
    assert lines[0]["matched"] is True and lines[1]["matched"] is False
    assert all(len(line["matches"]) <= 1 for line in lines)


def test_match_explain_says_what_the_decision_read(library, capsys):
    capsys.readouterr()
    assert main(["match", "--explain", "Đắp khoai tây lên trán không giúp hạ sốt cho trẻ"]) == 0
    line = json.loads(capsys.readouterr().out)
    why = line["why"]
    assert line["matched"] is (why["confidence"] >= why["threshold"])
    assert any(read.startswith("the text denies what the fact-check's claim states: ")
               and "giup" in read for read in why["read"])
    shared = next(read for read in why["read"] if read.startswith("rare words in common"))
    claim = "dap lat khoai tay len tran giup ha sot nhanh cho tre"
    assert set(shared.partition(": ")[2].split(", ")) <= set(claim.split())


def test_match_says_nothing_of_why_unless_asked(library, capsys):
    capsys.readouterr()
    assert main(["match", "Khoai tây đắp trán hạ sốt hiệu quả"]) == 0
    assert "why" not in json.loads(capsys.readouterr().out)


def test_match_without_input_is_a_one_line_error(home, capsys):
    assert main(["match"]) == 1
    assert capsys.readouterr().err.strip() == (
        "error: give a text, --input FILE.jsonl or --image FILE")


def test_match_input_line_without_text_names_file_and_line(home, tmp_path, capsys):
    source = tmp_path / "q.jsonl"
    source.write_text('{"id": 1, "text": "a"}\n{"id": 2}\n', encoding="utf-8")
    assert main(["match", "--input", str(source)]) == 1
    assert f"{source}:2: missing field 'text'" in capsys.readouterr().err


def test_match_skips_a_bad_line_and_matches_the_others(library, tmp_path, capsys):
    source = tmp_path / "q.jsonl"
    source.write_text('{"id": 1, "text": "Khoai tây đắp trán hạ sốt"}\nnot json\n'
                      '{"id": 3, "text": "   "}\n{"id": 4, "text": 5}\n'
                      '{"id": 5, "text": "Giá vàng hôm nay tăng mạnh"}\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["match", "--input", str(source)]) == 1
    out, err = capsys.readouterr()
    assert [json.loads(line)["id"] for line in out.splitlines()] == [1, 5]
    assert err.splitlines() == [
        f"error: {source}:2: not valid JSON (Expecting value) (skipped)",
        f"error: {source}:3: the text is empty (skipped)",
        f"error: {source}:4: 'text' must be a string (skipped)",
    ]


@pytest.mark.parametrize("text, problem", [
    ("   \n ", "error: the text is empty"),
    ("a" * 5001, "error: the text is 5001 characters long, longer than the 5000 a match reads "
                 "(ingest a document to match its claims)"),
])
def test_match_refuses_an_empty_or_overlong_text(library, capsys, text, problem):
    capsys.readouterr()
    assert main(["match", text]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == problem


def test_match_of_an_empty_library_says_how_to_fill_it(home, capsys):
    assert main(["match", "bot ngot gay ung thu"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["matches"] == []
    assert "the fact-check library is empty" in err and "kiemchung factchecks import" in err


def test_match_takes_one_kind_of_input(library, tmp_path, capsys):
    source = tmp_path / "q.jsonl"
    source.write_text('{"text": "a"}\n', encoding="utf-8")
    assert main(["match", "khoai tay", "--input", str(source)]) == 1
    assert capsys.readouterr().err.strip() == (
        "error: give one of a text, --input or --image, not a text and --input")


def test_match_reads_standard_input_for_a_dash(library, monkeypatch, capsys):
    import io

    lines = '{"id": "a", "text": "Khoai tây đắp trán hạ sốt hiệu quả"}\n'.encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(lines)))
    capsys.readouterr()
    assert main(["match", "--input", "-"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["id"] == "a" and line["matched"] is True
