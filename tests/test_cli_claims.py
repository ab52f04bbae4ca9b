import json

from kiemchung.cli import main


def test_claims_reads_jsonl_and_writes_one_line_per_input(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    texts = ["Cầu Long Biên được khánh thành năm 1902. Đẹp quá!", "Chúc ngủ ngon."]
    source.write_text("\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False)
                                for i, t in enumerate(texts)) + "\n", encoding="utf-8")
    assert main(["claims", "--input", str(source)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == [0, 1]
    first = lines[0]["claims"]
    assert [c["text"] for c in first] == ["Cầu Long Biên được khánh thành năm 1902."]
    assert texts[0][first[0]["start"]:first[0]["end"]] == first[0]["text"]
    assert lines[1]["claims"] == []


def test_bad_json_line_is_one_clear_error(tmp_path, capsys):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": 1, "text": "ok"}\n{not json\n', encoding="utf-8")
    assert main(["claims", "--input", str(source)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: ") and f"{source}:2" in error and "\n" not in error


def test_missing_file_and_unknown_option_fail_without_traceback(tmp_path, capsys):
    assert main(["claims", "--input", str(tmp_path / "nope.jsonl")]) == 1
    assert "no such file" in capsys.readouterr().err
    assert main(["claims", "--bogus"]) != 0
    err = capsys.readouterr().err
    assert "No such option" in err and "Traceback" not in err


def test_text_that_is_not_utf8_is_one_clear_error_and_a_byte_order_mark_is_read(tmp_path, capsys):
    source = tmp_path / "utf16.jsonl"
    source.write_bytes('{"id": 1, "text": "Giá xăng tăng 2.000 đồng."}\n'.encode("utf-16"))
    assert main(["claims", "--input", str(source)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: ") and "not UTF-8" in error and "Traceback" not in error
    source.write_bytes('{"id": 1, "text": "Giá xăng tăng 2.000 đồng."}\n'.encode("utf-8-sig"))
    assert main(["claims", "--input", str(source)]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == 1


def test_hostile_lines_are_reported_and_skipped_the_others_answered_and_it_exits_1(
        tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    good = json.dumps({"id": 1, "text": "Cầu Long Biên được khánh thành năm 1902."})
    separated = json.dumps({"id": 5, "text": "Giá xăng tăng\u2028 2.000 đồng năm 2024."},
                           ensure_ascii=False)
    source.write_bytes(b"\n".join([
        good.encode(), b'{"id": 2, "text": "a\\ud800"}', b"[" * 1000,
        '{"id": 4, "text": "H\xff"}'.encode("latin-1"), separated.encode(),
        json.dumps({"id": 6, "text": 7}).encode()]) + b"\n")
    assert main(["claims", "--input", str(source)]) == 1
    captured = capsys.readouterr()
    assert [json.loads(line)["id"] for line in captured.out.split("\n")[:-1]] == [1, 5]
    errors = captured.err.splitlines()
    assert [error.split(": ")[1].rsplit(":", 1)[1] for error in errors] == ["2", "3", "4", "6"]
    assert all(e.startswith("error: ") and e.endswith("(skipped)") for e in errors)


def test_a_text_over_the_limit_is_refused_with_its_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KIEMCHUNG_MAX_POST_CHARS", "1000")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "text": "Tin đồn. " * 200}) + "\n", encoding="utf-8")
    assert main(["claims", "--input", str(source)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"error: {source}:1: text of 1800 characters is longer than the limit of 1000 "
        "(KIEMCHUNG_MAX_POST_CHARS) (skipped)")
