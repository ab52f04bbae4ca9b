"""RSS 2.0 and Atom feeds of the desk's published fact-checks, titled with the outlet's name
(``KIEMCHUNG_OUTLET_NAME``), which also signs each Atom entry."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from ..clock import timestamp
from ..desk.publishing import Published
from ..library.ratings import LABELS

# What XML 1.0 cannot carry at all, even escaped: one of them in a summary would make the whole
# feed unreadable for every subscriber.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _valid(root: ET.Element) -> ET.Element:
    """``root`` with every text and attribute cleared of characters XML cannot carry."""
    for element in root.iter():
        if element.text:
            element.text = _NOT_XML.sub("", element.text)
        for name, value in element.attrib.items():
            element.set(name, _NOT_XML.sub("", value))
    return root


def _when(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _title(fc: Published) -> str:
    return f"{LABELS[fc.rating_label].vi}: {fc.claim_reviewed}"


def rss(items: list[Published], base: str, title: str, description: str) -> bytes:
    root = ET.Element("rss", version="2.0")
    channel = ET.SubElement(root, "channel")
    ET.SubElement(channel, "title").text = title
    ET.SubElement(channel, "link").text = base + "/"
    ET.SubElement(channel, "description").text = description
    ET.SubElement(channel, "language").text = "vi"
    for fc in items:
        entry = ET.SubElement(channel, "item")
        ET.SubElement(entry, "title").text = _title(fc)
        ET.SubElement(entry, "link").text = fc.url
        ET.SubElement(entry, "guid", isPermaLink="true").text = fc.url
        ET.SubElement(entry, "pubDate").text = format_datetime(_when(fc.date_published))
        ET.SubElement(entry, "description").text = fc.explanation
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(_valid(root), "unicode").encode()
    )


def atom(items: list[Published], base: str, title: str) -> bytes:
    ns = "http://www.w3.org/2005/Atom"
    root = ET.Element("feed", xmlns=ns)
    ET.SubElement(root, "title").text = title
    ET.SubElement(root, "id").text = base + "/"
    ET.SubElement(root, "link", href=base + "/feed.atom", rel="self")
    ET.SubElement(root, "link", href=base + "/")
    # Atom needs a time even with no entry yet: an empty feed was last updated now.
    updated = max((fc.date_modified for fc in items), default=timestamp())
    ET.SubElement(root, "updated").text = _when(updated).isoformat()
    for fc in items:
        entry = ET.SubElement(root, "entry")
        ET.SubElement(entry, "title").text = _title(fc)
        ET.SubElement(entry, "id").text = fc.url
        ET.SubElement(entry, "link", href=fc.url)
        ET.SubElement(entry, "published").text = _when(fc.date_published).isoformat()
        ET.SubElement(entry, "updated").text = _when(fc.date_modified).isoformat()
        author = ET.SubElement(entry, "author")
        ET.SubElement(author, "name").text = fc.publisher
        ET.SubElement(entry, "content", type="html").text = fc.explanation
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(_valid(root), "unicode").encode()
    )
