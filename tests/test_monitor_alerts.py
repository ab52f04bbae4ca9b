"""Alerts: a debunked claim spreading again, a new narrative growing fast; sent to a webhook on
a local server, once per narrative per window, refused on private addresses without override."""

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from kiemchung.cli import main
from kiemchung.clock import now
from kiemchung.library.record import FactCheck
from kiemchung.matching.library_index import add_factchecks
from kiemchung.monitor import alerts, narratives
from kiemchung.store import Store
from kiemchung.store.schema import claim_matches, claims
from test_monitor_narratives import FUEL, LEMON, LEMON_AGAIN, collect

OTHERS = [
    "Ngân hàng Nhà nước giảm lãi suất điều hành 0,5 điểm phần trăm từ ngày 1 tháng 7.",
    "Thành phố Hồ Chí Minh ghi nhận 12.000 ca sốt xuất huyết trong 6 tháng đầu năm.",
    "Tổng cục Thống kê công bố GDP quý III tăng 7,4% so với cùng kỳ năm trước.",
    "Hà Nội sẽ cấm xe máy trong khu vực nội đô từ năm 2030 theo nghị quyết mới của HĐND.",
    "Bộ Giáo dục bỏ kỳ thi tốt nghiệp trung học phổ thông từ năm 2027.",
    FUEL,
]
SITES = ["a.example", "b.example", "c.example", "d.example", "e.example", "f.example"]


@pytest.fixture
def store(home: Path) -> Store:
    return Store()


def debunk_lemon(store: Store) -> None:
    """The library has a Sai fact-check of the lemon claim, and the lemon claims match it."""
    add_factchecks(store, [FactCheck(url="https://fc.example/chanh", claim_reviewed=LEMON,
                                     rating_text="Sai", rating_value=1, rating_label="false")])
    with store.db.transaction() as connection:
        for row in connection.execute(claims.select()).all():
            if "chanh" in row.text:
                connection.execute(claim_matches.insert().values(
                    claim_id=row.id, factcheck_id=1, score=0.9, matched=1))


def test_debunked_claim_spreading_again_is_alerted_once_per_window(
        store: Store, site: Any, capsys: pytest.CaptureFixture[str]) -> None:
    site.route("/hook", "ok", content_type="text/plain")
    store.settings = store.settings.replace(KIEMCHUNG_ALERT_WEBHOOK=f"{site.base}/hook",
                                            KIEMCHUNG_ALLOW_PRIVATE_HOSTS="1")
    collect(store, [LEMON, LEMON_AGAIN, LEMON], hours_ago=[3, 2, 1], sites=SITES)
    debunk_lemon(store)
    narratives.assign(store)

    [alert] = alerts.evaluate(store)
    assert alert.rule == "spreading-again" and alert.documents == 3
    assert "“Sai”" in alert.message and "https://fc.example/chanh" in alert.message
    assert alerts.deliver(store) == 1
    [post] = site.requests("/hook")
    body = json.loads(post.body)
    assert body["text"] == body["content"] == alert.message  # Slack/Mattermost and Discord
    assert post.headers["Content-Type"] == "application/json"

    collect(store, [LEMON_AGAIN + " Chia sẻ ngay!"], hours_ago=[0.5], sites=["g.example"])
    narratives.assign(store)
    assert alerts.evaluate(store) == []  # same narrative, same window: no second alert
    assert alerts.deliver(store) == 0 and len(site.requests("/hook")) == 1
    later = alerts.evaluate(store, at=now() + timedelta(hours=6, minutes=1))
    assert later == []  # the next window has no new documents: nothing to say

    assert main(["alerts", "--format", "jsonl"]) == 0
    [stored] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert stored["rule"] == "spreading-again" and stored["delivered_at"]


def test_below_the_threshold_or_without_a_false_verdict_no_alert(store: Store) -> None:
    collect(store, [LEMON, LEMON_AGAIN], hours_ago=[2, 1])
    debunk_lemon(store)
    narratives.assign(store)
    assert alerts.evaluate(store) == []  # 2 < KIEMCHUNG_ALERT_MIN_DOCUMENTS (3)


def test_new_narrative_growing_faster_than_usual(store: Store) -> None:
    # The usual: six narratives with one document each, in windows of the past week.
    collect(store, OTHERS, hours_ago=[30, 50, 70, 90, 110, 130], sites=SITES)
    collect(store, [LEMON, LEMON_AGAIN, LEMON + " Hãy chia sẻ!", LEMON_AGAIN + " Tin nóng.",
                    "Nóng: " + LEMON], hours_ago=[5, 4, 3, 2, 1], sites=SITES)
    narratives.assign(store)
    usual = alerts.baseline(store, timedelta(hours=6), now())
    assert usual is not None and usual.samples == 6 and usual.mean == 1.0
    [alert] = alerts.evaluate(store)
    assert alert.rule == "fast-growth" and alert.documents == 5
    assert alert.statistic == pytest.approx(4.0)  # (5 − 1) / max(σ, 1)
    assert "usually gets 1.0 ± 1.0 per 6h (z = 4.0)" in alert.message
    store.settings = store.settings.replace(KIEMCHUNG_ALERT_Z="5")
    assert alerts.evaluate(store, at=now() + timedelta(hours=7)) == []


def test_webhook_on_a_private_address_is_refused_without_the_override(
        store: Store, site: Any) -> None:
    store.settings = store.settings.replace(KIEMCHUNG_ALERT_WEBHOOK=f"{site.base}/hook",
                                            KIEMCHUNG_ALLOW_PRIVATE_HOSTS="0")
    collect(store, [LEMON, LEMON_AGAIN, LEMON], hours_ago=[3, 2, 1], sites=SITES)
    debunk_lemon(store)
    narratives.assign(store)
    assert len(alerts.evaluate(store)) == 1
    assert alerts.deliver(store) == 0
    [stored] = alerts.recent(store)
    assert "loopback" in stored["delivery_error"] and stored["delivered_at"] is None
    assert site.seen == []


def test_failing_webhook_is_retried_and_the_alert_kept_for_later(
        store: Store, site: Any) -> None:
    site.route("/hook", "busy", status=503, content_type="text/plain")
    store.settings = store.settings.replace(KIEMCHUNG_ALERT_WEBHOOK=f"{site.base}/hook",
                                            KIEMCHUNG_ALLOW_PRIVATE_HOSTS="1")
    collect(store, [LEMON, LEMON_AGAIN, LEMON], hours_ago=[3, 2, 1], sites=SITES)
    debunk_lemon(store)
    narratives.assign(store)
    alerts.evaluate(store)
    assert alerts.deliver(store) == 0
    assert len(site.requests("/hook")) == 3  # tenacity's tries
    site.route("/hook", "ok", content_type="text/plain")
    assert alerts.deliver(store) == 1  # the stored alert goes out on the next cycle
