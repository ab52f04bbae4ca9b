import json

import pytest

from fixtures_store import rows as stored_rows
from kiemchung.cli import main

pytestmark = pytest.mark.slow  # importing embeds the claims

LIBRARY = [
    {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://a.example/1",
     "claimReviewed": "Uống nước chanh nóng mỗi sáng tiêu diệt tế bào ung thư.", "inLanguage": "vi",
     "author": {"@type": "Organization", "name": "Báo A"},
     "reviewRating": {"@type": "Rating", "alternateName": "Sai"}},
    {"@type": "ClaimReview", "url": "https://a.example/2",
     "claimReviewed": "Ăn sầu riêng rồi uống rượu bia chắc chắn gây tử vong.",
     "reviewRating": {"@type": "Rating", "alternateName": "Gây hiểu lầm"}},
    {"@type": "ClaimReview", "url": "https://a.example/3",
     "claimReviewed": "Garlic water cures COVID-19 overnight.",
     "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1}},
]


def write_jsonl(path, items):
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items),
                    encoding="utf-8")
    return path


def rows(home):
    return stored_rows(home, "SELECT url, claim_reviewed, rating_label FROM factchecks ORDER BY url")


def test_import_reports_counts_and_reimport_updates_without_duplicates(home, tmp_path, capsys):
    library = write_jsonl(tmp_path / "library.jsonl", LIBRARY)
    assert main(["factchecks", "import", str(library)]) == 0
    assert "imported 3 new, 0 updated, 0 skipped" in capsys.readouterr().err
    assert [(url, label) for url, _, label in rows(home)] == [
        ("https://a.example/1", "false"), ("https://a.example/2", "misleading"),
        ("https://a.example/3", "false")]

    changed = [dict(LIBRARY[0], reviewRating={"alternateName": "Phần lớn sai"}), *LIBRARY[1:]]
    assert main(["factchecks", "import", str(write_jsonl(library, changed))]) == 0
    assert "imported 0 new, 3 updated, 0 skipped" in capsys.readouterr().err
    assert len(rows(home)) == 3
    assert rows(home)[0][2] == "mostly-false"


def test_bad_entries_are_listed_one_line_each_the_rest_loads_and_it_exits_1(home, tmp_path,
                                                                             capsys):
    library = tmp_path / "library.jsonl"
    library.write_text(json.dumps(LIBRARY[0], ensure_ascii=False) + "\n{oops\n"
                       + json.dumps({"@type": "ClaimReview", "claimReviewed": "Không có url."})
                       + "\n", encoding="utf-8")
    assert main(["factchecks", "import", str(library)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"error: {library}:2: not valid JSON") and err[0].endswith("(skipped)")
    assert err[1] == f"error: {library}:3: missing 'url' (skipped)"
    assert err[2] == "imported 1 new, 0 updated, 2 skipped"
    assert len(rows(home)) == 1


def test_all_entries_bad_exits_1(home, tmp_path, capsys):
    library = tmp_path / "library.jsonl"
    library.write_text('{"id": 1, "text": "not a fact-check"}\n', encoding="utf-8")
    assert main(["factchecks", "import", str(library)]) == 1
    assert "imported 0 new, 0 updated, 1 skipped" in capsys.readouterr().err


@pytest.mark.sqlite_only  # two data directories, two databases
def test_export_then_import_into_an_empty_store_gives_the_same_library(home, tmp_path, capsys,
                                                                          monkeypatch):
    assert main(["factchecks", "import", str(write_jsonl(tmp_path / "in.jsonl", LIBRARY))]) == 0
    capsys.readouterr()
    assert main(["factchecks", "export", "--format", "jsonl"]) == 0
    exported = capsys.readouterr().out
    lines = [json.loads(line) for line in exported.splitlines()]
    assert len(lines) == 3
    for line in lines:
        assert line["@context"] == "https://schema.org" and line["@type"] == "ClaimReview"
        assert line["url"] and line["claimReviewed"] and line["inLanguage"]
        assert line["reviewRating"]["alternateName"]
    assert main(["factchecks", "export", "--output", str(tmp_path / "out.jsonl")]) == 0
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == exported

    other = tmp_path / "other"
    monkeypatch.setenv("KIEMCHUNG_HOME", str(other))
    assert main(["factchecks", "import", str(tmp_path / "out.jsonl")]) == 0
    assert rows(other) == rows(home)


def test_missing_file_is_one_line_without_traceback(home, tmp_path, capsys):
    assert main(["factchecks", "import", str(tmp_path / "nope.jsonl")]) == 1
    err = capsys.readouterr().err
    assert err == f"error: {tmp_path / 'nope.jsonl'}: no such file\n"


def test_every_command_help_shows_an_example(capsys):
    for command in ("import", "export", "list"):
        assert main(["factchecks", command, "--help"]) == 0
        assert "Example: kiemchung factchecks " + command in capsys.readouterr().out



def test_a_bad_line_between_good_ones_is_reported_by_line_and_both_sides_load(home, tmp_path,
                                                                              capsys):
    library = tmp_path / "library.jsonl"
    good = [json.dumps(item, ensure_ascii=False) for item in LIBRARY]
    library.write_text("\n".join([good[0], good[1], '{"@type": "ClaimReview", "url": 7}',
                                  good[2]]) + "\n", encoding="utf-8")
    assert main(["factchecks", "import", str(library)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"error: {library}:3: missing 'url' (skipped)"
    assert err[1] == "imported 3 new, 0 updated, 1 skipped"
    assert [url for url, _, _ in rows(home)] == [f"https://a.example/{n}" for n in (1, 2, 3)]


def test_an_entry_the_code_fails_on_is_reported_with_its_line_and_error_and_the_rest_load(
        home, tmp_path, capsys, monkeypatch):
    from kiemchung.matching import features

    real = features.ClaimTerms.of.__func__

    def failing(cls, claim, form):
        if "sầu riêng" in claim:
            raise KeyError("UPS")
        return real(cls, claim, form)

    monkeypatch.setattr(features.ClaimTerms, "of", classmethod(failing))
    library = write_jsonl(tmp_path / "library.jsonl", LIBRARY)
    assert main(["factchecks", "import", str(library)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"error: {library}:2: cannot be read, a bug in kiemchung "
                             "(KeyError: 'UPS')")
    assert err[1] == "imported 2 new, 0 updated, 1 skipped"
    assert [url for url, _, _ in rows(home)] == ["https://a.example/1", "https://a.example/3"]
