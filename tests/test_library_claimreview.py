import json

import pytest

from kiemchung.library.claimreview import Problem, parse_bytes, parse_file
from kiemchung.library.record import FactCheck


def review(url, claim, rating="Sai", **extra):
    data = {"@context": "https://schema.org", "@type": "ClaimReview", "url": url,
            "claimReviewed": claim, "reviewRating": {"@type": "Rating", "alternateName": rating}}
    data.update(extra)
    return data


def parse(value, path="x"):
    raw = value if isinstance(value, bytes) else (
        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)).encode()
    return list(parse_bytes(raw, path))


def checks(entries):
    return [e for e in entries if isinstance(e, FactCheck)]


def problems(entries):
    return [e for e in entries if isinstance(e, Problem)]


def test_jsonl_gives_one_factcheck_per_line_with_rating_language_and_publisher():
    lines = [
        review("https://a.example/1", "Uống nước chanh nóng chữa khỏi ung thư.", "Sai",
               inLanguage="vi", author={"@type": "Organization", "name": "Báo A"}),
        review("https://a.example/2", "Garlic water cures COVID-19 overnight.", "Pants on Fire!"),
    ]
    entries = parse("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    first, second = checks(entries)
    assert (first.url, first.rating_label, first.rating_value, first.rating_text) == (
        "https://a.example/1", "false", 1, "Sai")
    assert (first.language, first.publisher) == ("vi", "Báo A")
    assert second.language == "en"  # detected: no inLanguage
    assert second.rating_text == "Pants on Fire!" and second.rating_label == "false"
    assert first.data["claimReviewed"] == lines[0]["claimReviewed"]


def test_bad_lines_are_reported_with_their_line_numbers_and_the_rest_loads():
    text = "\n".join([
        json.dumps(review("https://a.example/1", "Vắc-xin gây vô sinh.")),
        "{not json",
        json.dumps(review("https://a.example/2", "")),
        "",
        json.dumps(review("ftp://a.example/3", "Mì chính gây ung thư.")),
        json.dumps({"@type": "Article", "headline": "Tin tức"}),
        json.dumps({"claimReviewed": "Thiếu địa chỉ."}),
        json.dumps(review("https://a.example/7", "Cà phê gây loãng xương.")),
    ])
    entries = parse(text, "lib.jsonl")
    assert [c.url for c in checks(entries)] == ["https://a.example/1", "https://a.example/7"]
    found = {p.line: p.message for p in problems(entries)}
    assert set(found) == {2, 3, 5, 6, 7}
    assert "not valid JSON" in found[2]
    assert "claimReviewed" in found[3]
    assert "http" in found[5]
    assert "Article" in found[6]
    assert "url" in found[7]
    assert str(problems(entries)[0]) == "lib.jsonl:2: not valid JSON (Expecting property name " \
        "enclosed in double quotes) (skipped)"


def test_json_array_problems_name_the_item():
    entries = parse([review("https://a.example/1", "Ăn tỏi chữa COVID-19."), "text",
                     review("https://a.example/3", "Trà xanh chữa ung thư.")])
    assert len(checks(entries)) == 2
    assert [(p.line, p.message) for p in problems(entries)] == [
        ("item 2", "expected a JSON object, not str")]


def test_single_object_and_pretty_printed_json():
    value = review("https://a.example/1", "  Ăn   sầu riêng  rồi uống bia gây tử vong. ")
    (check,) = parse(json.dumps(value, indent=2, ensure_ascii=False))
    assert check.claim_reviewed == "Ăn sầu riêng rồi uống bia gây tử vong."  # normalised


def test_claim_text_is_normalised_to_one_tone_placement():
    (check,) = parse(review("https://a.example/1", "Uống nước chanh giúp khoẻ mạnh."))
    assert check.claim_reviewed == "Uống nước chanh giúp khỏe mạnh."


def test_nested_graph_with_type_list_and_referenced_publisher():
    document = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "#org", "name": "Báo B"},
            {"@type": "WebPage", "name": "Trang",
             "@graph": [{"@type": ["ClaimReview", "CreativeWork"], "url": "https://b.example/1",
                         "claimReviewed": "Thủ đô sẽ cấm xe máy từ tháng sau.",
                         "author": {"@id": "#org"},
                         "reviewRating": {"alternateName": "Thiếu bối cảnh"}}]},
        ],
    }
    (check,) = parse(document)
    assert (check.url, check.rating_label, check.publisher) == (
        "https://b.example/1", "misleading", "Báo B")


def test_publisher_is_the_organisation_not_the_individual_author():
    value = review("https://a.example/1", "Ăn tỏi chữa COVID-19.",
                   author={"@type": "Person", "name": "Nguyễn Văn A"},
                   publisher={"@type": "Organization", "name": "Báo C"})
    (check,) = parse(value)
    assert check.publisher == "Báo C"
    (alone,) = parse(review("https://a.example/2", "Ăn tỏi chữa COVID-19.",
                            author={"@type": "Person", "name": "Nguyễn Văn A"}))
    assert alone.publisher is None


HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>Kiểm chứng</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bài báo"}
</script>
<script type="application/ld+json">%s</script>
<script type="application/ld+json">
[{"@context": "https://schema.org", "@type": "BreadcrumbList"}, %s]
</script>
<script>var ignored = {"@type": "ClaimReview"};</script>
</head><body><p>Nội dung</p></body></html>
"""


def test_html_page_with_two_claimreview_blocks_ignores_other_json_ld():
    one = json.dumps(review("https://c.example/1", "Ăn trứng vịt lộn giúp trẻ cao vượt trội.",
                            "Sai sự thật", inLanguage="vi-VN"), ensure_ascii=False)
    two = json.dumps(review("https://c.example/2", "Video cho thấy lũ quét năm nay.",
                            "Cắt ghép"), ensure_ascii=False)
    entries = parse((HTML % (one, two)).encode("utf-8"), "page.html")
    assert [(c.url, c.rating_label) for c in entries] == [
        ("https://c.example/1", "false"), ("https://c.example/2", "misleading")]
    assert entries[0].language == "vi"


def test_html_page_without_claimreview_is_one_problem():
    entries = parse(b"<html><body><p>Xin ch\xc3\xa0o</p></body></html>", "page.html")
    assert [str(p) for p in entries] == ["page.html: no ClaimReview markup found in the page "
                                         "(skipped)"]


GOOGLE = {
    "claims": [
        {"text": "Uống nước lá ổi chữa khỏi tiểu đường",
         "claimant": "Bài đăng mạng xã hội", "claimDate": "2024-05-01T00:00:00Z",
         "claimReview": [
             {"publisher": {"name": "Báo D", "site": "d.example"},
              "url": "https://d.example/la-oi", "title": "Lá ổi không chữa tiểu đường",
              "reviewDate": "2024-05-03T00:00:00Z", "textualRating": "Sai",
              "languageCode": "vi"},
             {"publisher": {"site": "e.example"}, "url": "https://e.example/guava",
              "textualRating": "False", "languageCode": "en"},
         ]},
        {"text": "Missing its review url", "claimReview": [{"textualRating": "False"}]},
    ],
    "nextPageToken": "abc",
}


def test_google_fact_check_tools_response_gives_one_factcheck_per_review():
    entries = parse(GOOGLE, "google.json")
    first, second = checks(entries)
    assert first.claim_reviewed == second.claim_reviewed == "Uống nước lá ổi chữa khỏi tiểu đường"
    assert (first.url, first.rating_label, first.language, first.publisher) == (
        "https://d.example/la-oi", "false", "vi", "Báo D")
    assert (second.url, second.language, second.publisher) == (
        "https://e.example/guava", "en", "e.example")
    assert first.data["@type"] == "ClaimReview"
    assert first.data["claimReviewed"] == "Uống nước lá ổi chữa khỏi tiểu đường"
    assert first.data["reviewRating"]["alternateName"] == "Sai"
    assert first.data["datePublished"] == "2024-05-03T00:00:00Z"
    assert [(p.line, p.message) for p in problems(entries)] == [("claim 2", "missing 'url'")]


def test_format_is_detected_from_content_not_extension(tmp_path):
    jsonl = tmp_path / "library.txt"
    jsonl.write_text(json.dumps(review("https://a.example/1", "Ăn tỏi chữa COVID-19.")) + "\n"
                     + json.dumps(review("https://a.example/2", "Cà phê gây loãng xương.")) + "\n",
                     encoding="utf-8")
    assert len(checks(parse_file(jsonl))) == 2
    page = tmp_path / "page.json"
    page.write_text(HTML % ("{}", json.dumps(review("https://a.example/3", "Tin đồn mới."))),
                    encoding="utf-8")
    assert [c.url for c in checks(parse_file(page))] == ["https://a.example/3"]


def test_numeric_only_rating_and_satire():
    rating = {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1}
    (numeric,) = parse({**review("https://a.example/1", "Tin đồn."), "reviewRating": rating})
    assert (numeric.rating_text, numeric.rating_label, numeric.rating_value) == (None, "false", 1)
    (satire,) = parse(review("https://a.example/2", "Bài viết châm biếm.", "Satire"))
    assert (satire.rating_label, satire.rating_value) == ("other", None)


def test_empty_file_is_reported():
    assert [str(p) for p in parse(b"\n  \n", "empty.jsonl")] == [
        "empty.jsonl: empty file, no fact-checks in it (skipped)"]


def test_a_bad_first_line_does_not_hide_the_good_lines_after_it():
    good = json.dumps(review("https://c.example/1", "Ăn trứng vịt lộn giúp trẻ cao vượt trội."),
                      ensure_ascii=False)
    for first in ('{"@type": "ClaimReview", "url": ', "not json at all"):
        entries = parse_bytes(f"{first}\n{good}\n".encode(), "x.jsonl")
        found = list(entries)
        assert [c.url for c in checks(found)] == ["https://c.example/1"]
        assert [p.line for p in problems(found)] == [1]


def test_an_html_page_that_does_not_name_its_encoding_is_read_as_utf8():
    one = json.dumps(review("https://c.example/1", "Ăn trứng vịt lộn giúp trẻ cao vượt trội.",
                            "Phần lớn sai"), ensure_ascii=False)
    page = f'<html><body><script type="application/ld+json">{one}</script></body></html>'
    (entry,) = parse_bytes(page.encode("utf-8"), "page.html")
    assert entry.claim_reviewed == "Ăn trứng vịt lộn giúp trẻ cao vượt trội."
    assert entry.rating_text == "Phần lớn sai"


def test_an_entry_the_reader_fails_on_is_a_problem_at_its_line_and_the_others_still_read(
        tmp_path, monkeypatch):
    from kiemchung.library import claimreview

    real = claimreview.rate

    def failing(text, *rest):
        if text == "Bịa đặt":
            raise TypeError("unhashable type: 'dict'")
        return real(text, *rest)

    monkeypatch.setattr(claimreview, "rate", failing)
    lines = [review(f"https://c.example/{n}", f"Tin đồn số {n}.",
                    "Bịa đặt" if n == 2 else "Sai") for n in (1, 2, 3)]
    path = tmp_path / "library.jsonl"
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in lines),
                    encoding="utf-8")
    read = list(claimreview.read_file(path))
    assert [line for line, _ in read] == [1, 2, 3]
    assert [c.url for c in checks(entry for _, entry in read)] == [
        "https://c.example/1", "https://c.example/3"]
    (problem,) = problems(entry for _, entry in read)
    assert str(problem) == (f"{path}:2: cannot be read, a bug in kiemchung (TypeError: "
                            "unhashable type: 'dict'); please report it (skipped)")


GOOD_BEFORE = review("https://a.example/truoc", "Uống nước chanh nóng chữa khỏi ung thư.")
GOOD_AFTER = review("https://a.example/sau", "Tỏi sống diệt được virus trong 24 giờ.")
HOSTILE = {
    "nested 1,000 deep": "[" * 1000 + "]" * 1000,
    "an integer over 4,300 digits": json.dumps(review("https://a.example/x", "Tin đồn"))[:-1]
    + ', "ratingCount": ' + "9" * 5000 + "}",
    "a malformed IPv6 url": json.dumps(review("https://[::1/x", "Tin đồn")),
    "a NaN rating": json.dumps(review("https://a.example/x", "Tin đồn", reviewRating={
        "ratingValue": float("nan"), "bestRating": 5})),
    "an Infinity rating": json.dumps(review("https://a.example/x", "Tin đồn", reviewRating={
        "ratingValue": float("inf")})),
    "an escaped lone surrogate": json.dumps(review("https://a.example/x", "Tin \ud800 đồn")),
}


@pytest.mark.parametrize("shape", HOSTILE)
def test_a_hostile_line_is_one_problem_with_its_line_and_its_neighbours_load(shape):
    lines = [json.dumps(GOOD_BEFORE, ensure_ascii=False), HOSTILE[shape],
             json.dumps(GOOD_AFTER, ensure_ascii=False)]
    entries = parse("\n".join(lines).encode("utf-8", "surrogatepass"), "thu.jsonl")
    assert [c.url for c in checks(entries)] == ["https://a.example/truoc", "https://a.example/sau"]
    (problem,) = problems(entries)
    assert str(problem).startswith("thu.jsonl:2: ") and "bug in kiemchung" not in str(problem)


def test_one_invalid_utf8_byte_loses_only_the_entry_that_holds_it():
    array = json.dumps([GOOD_BEFORE, review("https://a.example/hong", "Tin BYTE đồn"), GOOD_AFTER],
                       ensure_ascii=False).encode().replace(b"BYTE", b"\xff")
    entries = parse(array)
    assert [c.url for c in checks(entries)] == ["https://a.example/truoc", "https://a.example/sau"]
    assert "item 2: holds text that is not valid Unicode" in str(problems(entries)[0])


def test_an_author_reference_with_a_list_as_id_is_read_without_it():
    graph = {"@context": "https://schema.org", "@graph": [
        {"@id": "#org", "@type": "Organization", "name": "Báo A"},
        review("https://a.example/g", "Tin đồn về vắc xin.", author={"@id": ["#org", "#x"]})]}
    (check,) = parse(graph)
    assert check.url == "https://a.example/g" and check.publisher is None


def test_line_separators_inside_a_claim_stay_in_their_line():
    lines = [review(f"https://a.example/{n}", f"Câu một{sep}câu hai.")
             for n, sep in enumerate(["\u2028", "\u2029", "\u0085"])]
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    entries = parse(text)
    assert len(checks(entries)) == 3 and not problems(entries)
