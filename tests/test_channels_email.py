"""A reader of the web form who left an email address is mailed the verdict once, through the
newsroom's SMTP server (a stand-in on loopback), and their contact is then forgotten."""

import time

from sqlalchemy import func, select

from fixtures_channels import post
from kiemchung.channels.tables import replies
from kiemchung.desk import publishing, queue, research, review
from kiemchung.desk.schema import tips

CLAIM = "Ăn tỏi sống mỗi ngày giúp miễn dịch hoàn toàn với cúm A"


def count(store, table):
    with store.db.read() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def contacts(store):
    with store.db.read() as connection:
        return [row.contact for row in connection.execute(select(tips.c.contact))]


def test_a_web_reader_with_an_email_is_mailed_the_verdict_once(mailbox, served, channel_store,
                                                               people):
    channel_store.settings = channel_store.settings.replace(KIEMCHUNG_OUTLET_NAME="Báo Ví Dụ")
    body = post(f"{served}/api/v1/tips", {"text": CLAIM, "contact": "email: lan@example.vn"})
    code = body.json()["code"]
    post(f"{served}/api/v1/tips", {"text": CLAIM, "contact": "zalo 0901 234 567"})  # not email

    item = next(i for i in queue.listing(channel_store) if i.text == CLAIM)
    research.add_evidence(channel_store, item.id, "https://www.who.int/flu",
                          "Không thực phẩm nào giúp miễn dịch hoàn toàn.", people["factchecker"])
    verdict = review.draft(channel_store, item.id, people["factchecker"], CLAIM, "false", "Sai.")
    slug = review.approve(channel_store, verdict.id, people["editor"], "https://kiemchung.example")

    deadline = time.monotonic() + 20
    while not mailbox and time.monotonic() < deadline:
        time.sleep(0.05)
    [mail] = mailbox
    assert mail["To"] == "lan@example.vn"
    assert mail["Subject"].startswith("Báo Ví Dụ: ")  # the newsroom answers under its own name
    text = mail.get_content()
    assert code in text and "Sai" in text and publishing.PATH + slug in text

    while count(channel_store, replies) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert count(channel_store, replies) == 0
    assert sorted(contacts(channel_store), key=str) == [None, "zalo 0901 234 567"]

    from kiemchung.channels import followups

    assert followups.deliver(channel_store) == 0 and len(mailbox) == 1  # told once
