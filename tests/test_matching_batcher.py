"""Texts from many callers matched together: each caller gets the answer its text gets alone, a
text that breaks the matcher fails only its own caller, and texts that wait while a batch runs
go together into the next one."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from kiemchung.matching.batcher import Batcher
from kiemchung.matching.matcher import Matcher

TEXTS = [
    "vac xin covid gay vo sinh o phu nu",
    "Vắc xin COVID-19 làm phụ nữ vô sinh",
    "COVID vaccines make women infertile",
    "Ăn sầu riêng xong uống bia là chết",
    "an sau rieng uong bia gay tu vong",
    "Cầu Long Biên khánh thành năm 1902",
    "Cầu Rồng phun lửa bằng khí đốt nhập từ Nga",
    "Giá xăng tăng gấp đôi từ tuần sau",
    "Hà Nội có mưa lớn vào cuối tuần",
    "Uống nước chanh nóng chữa khỏi ung thư",
    "cau long bien xay nam 1902",
    "Tỏi sống chữa khỏi COVID-19",
]


class Gate:
    """A matcher that records each batch and, until opened, holds the first one: texts sent
    meanwhile wait, as they do behind a batch that takes its time."""

    def __init__(self, matcher, fail_on=None):
        self.matcher, self.fail_on = matcher, fail_on
        self.batches: list[list[str]] = []
        self.started, self.opened = threading.Event(), threading.Event()

    def match(self, texts, top=5, explain=False):
        self.batches.append(list(texts))
        self.started.set()
        assert self.opened.wait(60)
        if self.fail_on is not None and self.fail_on in texts:
            raise ValueError(f"cannot match {self.fail_on!r}")
        return self.matcher.match(texts, top=top, explain=explain)


class Echo:
    """A stand-in matcher whose answer names the text and the options it was asked with."""

    def match(self, texts, top=5, explain=False):
        return [(text, top, explain) for text in texts]


def held_then_released(gate: Gate, batcher: Batcher, texts: list[str], **options):
    """Submit the first text, let it start, submit the rest while it runs, then release."""
    first = batcher.submit(texts[0], **options)
    assert gate.started.wait(60)
    rest = [batcher.submit(text, **options) for text in texts[1:]]
    gate.opened.set()
    return [first, *rest]


def test_texts_sent_at_once_get_exactly_the_answers_they_get_one_by_one(desk_store):
    matcher = Matcher(desk_store)
    alone = [matcher.match([text])[0].as_json() for text in TEXTS]
    batcher = Batcher(matcher)
    with ThreadPoolExecutor(len(TEXTS)) as pool:
        together = list(pool.map(lambda text: batcher.match(text).as_json(), TEXTS))
    assert together == alone
    assert any(answer["matched"] for answer in alone) and not all(a["matched"] for a in alone)


def test_texts_that_wait_behind_a_running_batch_go_together_into_the_next(desk_store):
    gate = Gate(Matcher(desk_store))
    batcher = Batcher(gate)
    futures = held_then_released(gate, batcher, TEXTS)
    answers = [future.result(60).as_json() for future in futures]
    assert gate.batches == [TEXTS[:1], TEXTS[1:]]
    alone = Matcher(desk_store)
    assert answers == [alone.match([text])[0].as_json() for text in TEXTS]


def test_a_batch_takes_at_most_its_size_and_the_rest_follow():
    gate = Gate(Echo())
    batcher = Batcher(gate, most=4)
    texts = [f"text {i}" for i in range(11)]
    futures = held_then_released(gate, batcher, texts)
    assert [future.result(60)[0] for future in futures] == texts
    assert [len(batch) for batch in gate.batches] == [1, 4, 4, 2]


def test_a_text_that_breaks_the_matcher_fails_only_its_own_caller(desk_store):
    gate = Gate(Matcher(desk_store), fail_on="không khớp được")
    batcher = Batcher(gate)
    texts = [TEXTS[0], "không khớp được", *TEXTS[1:4]]
    futures = held_then_released(gate, batcher, texts)
    with pytest.raises(ValueError, match="cannot match"):
        futures[1].result(60)
    answers = {text: future.result(60).as_json() for text, future in zip(texts, futures)
               if text != "không khớp được"}
    assert answers[TEXTS[0]]["matches"][0]["url"] == "https://factcheck.example/vac-xin-vo-sinh"
    assert len(answers) == 4
    assert gate.batches[1] == texts[1:] and [texts[1]] in gate.batches[2:]


def test_a_text_sent_twice_in_one_batch_is_matched_once_and_answered_twice():
    gate = Gate(Echo())
    batcher = Batcher(gate)
    futures = held_then_released(gate, batcher, ["first", "viral", "viral", "other"])
    assert [future.result(60)[0] for future in futures] == ["first", "viral", "viral", "other"]
    assert gate.batches == [["first"], ["viral", "other"]]


def test_requests_with_other_options_are_matched_with_their_own():
    gate = Gate(Echo())
    batcher = Batcher(gate)
    first = batcher.submit("first")
    assert gate.started.wait(60)
    plain, top, explained = (batcher.submit("same"), batcher.submit("same", top=10),
                             batcher.submit("same", explain=True))
    gate.opened.set()
    first.result(60)
    assert (plain.result(60), top.result(60), explained.result(60)) == (
        ("same", 5, False), ("same", 10, False), ("same", 5, True))
