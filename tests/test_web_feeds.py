"""The published fact-checks' RSS and Atom feeds are valid XML whatever a summary holds."""

from xml.etree import ElementTree as ET

import pytest

from kiemchung.desk.publishing import Published
from kiemchung.web.feeds import atom, rss
from test_web_public import publish

ATOM = "{http://www.w3.org/2005/Atom}"

CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\ufffe\uffff"


def published(claim: str, explanation: str) -> Published:
    return Published(
        id=1, item_id=1, slug="tin-don", url="https://kiemchung.example/kiem-chung/tin-don",
        claim_reviewed=claim, rating_label="false", explanation=explanation,
        author_name="Biên tập viên", reviewer_name=None, appearances=[], claim_date=None,
        date_published="2026-12-01T08:00:00+00:00", date_modified="2026-12-02T08:00:00+00:00")


@pytest.mark.parametrize("build", [
    lambda items: rss(items, "https://kiemchung.example", "Kiểm chứng", "Bài mới"),
    lambda items: atom(items, "https://kiemchung.example", "Kiểm chứng"),
], ids=["rss", "atom"])
def test_control_characters_in_a_summary_leave_the_feed_valid_xml(build) -> None:
    item = published(f"Tin{CONTROL} đồn", f"<p>Giải thích{CONTROL} có ký tự lạ.</p>")
    root = ET.fromstring(build([item]))  # raises on a character XML cannot carry
    texts = " ".join(element.text or "" for element in root.iter())
    assert "Sai: Tin đồn" in texts and "Giải thích có ký tự lạ." in texts


def test_the_feeds_are_titled_and_signed_with_the_outlets_name(client, desk_store, people):
    publish(desk_store, people)
    desk_store.settings = desk_store.settings.replace(KIEMCHUNG_OUTLET_NAME="Báo Ví Dụ")
    feed = ET.fromstring(client.get("/feed.atom").content)
    assert feed.find(f"{ATOM}title").text == "Báo Ví Dụ"
    assert feed.find(f"{ATOM}entry/{ATOM}author/{ATOM}name").text == "Báo Ví Dụ"
    assert ET.fromstring(client.get("/feed.rss").content).find("channel/title").text == (
        "Báo Ví Dụ")
