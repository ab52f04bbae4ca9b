import json

import pytest

from fixtures_store import rows
from kiemchung.errors import InputError
from kiemchung.library.importer import import_files
from kiemchung.store import Store

pytestmark = pytest.mark.slow  # importing embeds the claims


def review(number):
    return {"@type": "ClaimReview", "url": f"https://a.example/{number}",
            "claimReviewed": f"Tin đồn số {number} về sức khỏe.",
            "reviewRating": {"alternateName": "Sai"}}


def test_an_interrupted_import_keeps_finished_batches_and_a_rerun_completes_it(home, tmp_path):
    library = tmp_path / "library.jsonl"
    lines = [json.dumps(review(n), ensure_ascii=False) for n in (1, 2)] + ["{bad"] + [
        json.dumps(review(n), ensure_ascii=False) for n in (4, 5)]
    library.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def killed(problem):
        raise KeyboardInterrupt

    store = Store()
    with pytest.raises(KeyboardInterrupt):
        import_files(store, [library], on_problem=killed, batch_size=2)
    report = import_files(store, [library], batch_size=2)
    store.close()
    assert (report.created, report.updated, report.skipped) == (2, 2, 1)
    assert rows(home, "SELECT count(*) FROM factchecks") == [(4,)]


def test_a_missing_file_stops_before_anything_is_written(home, tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(review(1)) + "\n", encoding="utf-8")
    store = Store()
    with pytest.raises(InputError, match="nope.jsonl: no such file"):
        import_files(store, [good, tmp_path / "nope.jsonl"])
    report = import_files(store, [good])
    store.close()
    assert report.created == 1


def test_an_entry_the_code_fails_on_is_skipped_and_its_batch_mates_still_load(
        home, tmp_path, monkeypatch):
    from kiemchung.matching import features

    real = features.ClaimTerms.of.__func__

    def failing(cls, claim, form):
        if "số 3 " in claim:
            raise KeyError("UPS")
        return real(cls, claim, form)

    monkeypatch.setattr(features.ClaimTerms, "of", classmethod(failing))
    library = tmp_path / "library.jsonl"
    library.write_text("".join(json.dumps(review(n), ensure_ascii=False) + "\n"
                               for n in range(1, 6)), encoding="utf-8")
    problems, advanced = [], []
    store = Store()
    report = import_files(store, [library], on_problem=problems.append,
                          advance=advanced.append, batch_size=2)
    store.close()
    assert (report.created, report.skipped) == (4, 1)
    assert [(p.line, p.message) for p in problems] == [
        (3, "cannot be read, a bug in kiemchung (KeyError: 'UPS'); please report it")]
    assert sum(advanced) == 5
    assert rows(home, "SELECT url FROM factchecks ORDER BY url") == [
        (f"https://a.example/{n}",) for n in (1, 2, 4, 5)]


@pytest.mark.sqlite_only  # two data directories, two databases
def test_export_then_import_keeps_claims_with_line_separators_in_them(home, tmp_path):
    import io

    from kiemchung.library.export import export_jsonl

    library = tmp_path / "library.jsonl"
    lines = [dict(review(n), claimReviewed=f"Tin đồn số {n}{sep}lan trên mạng.")
             for n, sep in enumerate(["\u2028", "\u2029", "\u0085"])]
    library.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    store = Store()
    assert import_files(store, [library]).created == 3
    exported = io.StringIO()
    assert export_jsonl(store, exported) == 3
    assert "\u2028" in exported.getvalue()  # written unescaped, as JSON allows
    (tmp_path / "again.jsonl").write_text(exported.getvalue(), encoding="utf-8")
    other = Store(home / "again")
    report = import_files(other, [tmp_path / "again.jsonl"])
    assert (report.created, report.skipped) == (3, 0)
    store.close()
    other.close()


def test_a_claim_longer_than_the_limit_is_refused_with_its_line(home, tmp_path, monkeypatch):
    monkeypatch.setenv("KIEMCHUNG_MAX_CLAIM_CHARS", "100")
    library = tmp_path / "library.jsonl"
    long = dict(review(2), claimReviewed="Tin đồn " * 50)
    library.write_text("\n".join(json.dumps(r) for r in (review(1), long, review(3))) + "\n",
                       encoding="utf-8")
    problems = []
    store = Store()
    report = import_files(store, [library], on_problem=problems.append)
    store.close()
    assert (report.created, report.skipped) == (2, 1)
    assert str(problems[0]) == (f"{library}:2: claimReviewed of 399 characters is longer than "
                                "the limit of 100 (KIEMCHUNG_MAX_CLAIM_CHARS) (skipped)")
