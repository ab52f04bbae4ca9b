from fixtures_store import rows
from kiemchung.cli import main


def _count(home, table):
    return rows(home, f"SELECT count(*) FROM {table}")[0][0]


def test_demo_shows_claims_already_fact_checked_and_a_rerun_duplicates_nothing(home, capsys):
    assert main(["demo"]) == 0
    out, err = capsys.readouterr()
    assert "Đã có bài kiểm chứng" in out and "Nhận định cần kiểm chứng" in out
    assert "The desk (/desk) needs an account: kiemchung users add" in err
    assert "https://kiemchung.example/vi/" in out
    counts = {table: _count(home, table)
              for table in ("factchecks", "documents", "claims", "claim_matches")}
    assert counts["factchecks"] >= 25 and counts["documents"] >= 40 and counts["claims"] > 0
    assert main(["demo"]) == 0
    assert {table: _count(home, table) for table in counts} == counts


def test_demo_does_not_flag_greetings_or_opinions(home, capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    for text in ("Chúc cả nhà một tuần mới", "Cảm ơn các bác sĩ"):
        assert f"“{text}" not in out


def test_demo_stops_saying_how_to_open_the_desk_once_someone_can(home, capsys):
    assert main(["users", "add", "lan@toasoan.vn", "--role", "admin",
                 "--password", "mot-mat-khau-dai"]) == 0
    assert main(["demo"]) == 0
    assert "needs an account" not in capsys.readouterr().err

