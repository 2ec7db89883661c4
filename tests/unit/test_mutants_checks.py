"""Record checks against the article text, the taxonomy and the record itself: the exact
problem each broken record gets (written to kill mutants of `sahelwatch/checks.py`, issue 10)."""

from __future__ import annotations

import hashlib
import json

import pytest
from pydantic import ValidationError

from sahelwatch.checks import Problem, check_record, json_path, validation_problems
from sahelwatch.model import Record
from tests.unit.mutants_corpus import event, new_corpus, write_article

TOPICS = frozenset({"security", "energy"})
SPEAKER = {"id": "act:ivanov", "name": "Ivanov", "kind": "person"}
NIAMEY = {"id": "plc:niamey", "name": "Niamey", "kind": "city", "country": "NER"}


@pytest.fixture
def article(tmp_path):
    """A valid record and its text, as dicts to break one field at a time."""
    folder = write_article(
        new_corpus(tmp_path / "data"), "checked",
        [event("evt:one", "Une phrase.", place_ids=["plc:niamey"], actor_ids=["act:ivanov"]),
         event("evt:two", "Une autre phrase.")],
        actors=[SPEAKER], places=[NIAMEY],
        quotes=[{"id": "q:one", "speaker_id": "act:ivanov", "text": "Nous signons",
                 "event_id": "evt:one"}],
    )  # fmt: skip
    record = json.loads((folder / "record.json").read_text("utf-8"))
    return record, (folder / "article.txt").read_text("utf-8")


def _check(record: dict, text: str, topics=TOPICS) -> list[str]:
    return [str(p) for p in check_record(Record.model_validate(record), text, topics, "r.json")]


def test_a_valid_record_has_no_problem(article):
    assert _check(*article) == []


def test_the_default_file_name_is_record_json(article):
    record, text = article
    record["events"][0]["topics"] = ["war"]
    (problem,) = check_record(Record.model_validate(record), text, TOPICS)
    assert problem.file == "record.json"


def test_a_changed_text_is_reported_by_its_hash(article):
    record, text = article
    assert _check(record, text + " ") == ["r.json: article.text_sha256: does not match the sha256 "
                                          "of article.txt"]  # fmt: skip


def test_evidence_that_does_not_match_the_text_names_both_texts(article):
    record, text = article
    span = record["events"][1]["evidence"][0]
    start = span["start"]
    text = text[:start] + "Une AUTRE phrase." + text[start + 17 :]
    record["article"]["text_sha256"] = _sha(text)
    assert _check(record, text) == [
        f"r.json: events[1].evidence[0]: evidence text 'Une autre phrase.' does not match the "
        f"article at {start}:{start + 17} ('Une AUTRE phrase.')"
    ]


def test_evidence_past_the_end_of_the_text(article):
    record, text = article
    end = len(text)
    record["events"][1]["evidence"][0] = {"start": end - 1, "end": end + 1, "text": "e.x"[:2]}
    record["events"][0]["evidence"][0] = {"start": end - 2, "end": end, "text": text[-2:]}
    assert _check(record, text) == [
        f"r.json: events[1].evidence[0]: span {end - 1}:{end + 1} is past the end of the article"
    ]


def test_long_evidence_texts_are_shortened_in_the_message(article):
    record, _ = article
    long = "a" * 61
    text = "b" * 61 + "c" * 60
    record["article"]["text_sha256"] = _sha(text)
    record["quotes"] = []
    record["events"][0]["evidence"][0] = {"start": 0, "end": 61, "text": long}
    record["events"][1]["evidence"][0] = {"start": 61, "end": 121, "text": "d" * 60}
    assert _check(record, text) == [
        f"r.json: events[0].evidence[0]: evidence text {'a' * 59 + '…'!r} does not match the "
        f"article at 0:61 ({'b' * 59 + '…'!r})",
        f"r.json: events[1].evidence[0]: evidence text {'d' * 60!r} does not match the "
        f"article at 61:121 ({'c' * 60!r})",
    ]


def test_duplicate_ids_name_the_first_one(article):
    record, text = article
    record["events"][1]["id"] = "evt:one"
    record["places"].append({**NIAMEY, "id": "plc:niamey"})
    record["actors"].append({**SPEAKER, "id": "act:ivanov", "mentions": []})
    assert _check(record, text) == [
        "r.json: actors[1].id: duplicate id 'act:ivanov' (first at actors[0].id)",
        "r.json: places[1].id: duplicate id 'plc:niamey' (first at places[0].id)",
        "r.json: events[1].id: duplicate id 'evt:one' (first at events[0].id)",
    ]


def test_duplicate_ids_across_sections_and_in_sources_and_quotes(article):
    record, text = article
    record["sources"].append(dict(record["sources"][0]))
    record["quotes"].append({**record["quotes"][0]})
    assert _check(record, text) == [
        "r.json: sources[1].id: duplicate id 'src:sputnik' (first at sources[0].id)",
        "r.json: quotes[1].id: duplicate id 'q:one' (first at quotes[0].id)",
    ]


def test_unknown_references_are_each_reported_where_they_are(article):
    record, text = article
    record["article"]["attributed_to"] = ["src:sputnik", "src:rt"]
    record["events"][0]["place_ids"] = ["plc:niamey", "plc:gao"]
    record["events"][1]["actor_ids"] = ["act:nobody"]
    record["quotes"][0]["speaker_id"] = "act:ghost"
    record["quotes"][0]["event_id"] = "evt:gone"
    assert _check(record, text) == [
        "r.json: article.attributed_to[1]: unknown source id 'src:rt'",
        "r.json: events[0].place_ids[1]: unknown place id 'plc:gao'",
        "r.json: events[1].actor_ids[0]: unknown actor id 'act:nobody'",
        "r.json: quotes[0].speaker_id: unknown actor id 'act:ghost'",
        "r.json: quotes[0].event_id: unknown event id 'evt:gone'",
    ]


def test_a_quote_need_not_belong_to_an_event(article):
    record, text = article
    record["quotes"][0]["event_id"] = None
    assert _check(record, text) == []


def test_unknown_topics_list_the_known_ones(article):
    record, text = article
    record["events"][1]["topics"] = ["security", "war"]
    assert _check(record, text) == [
        "r.json: events[1].topics[1]: unknown topic 'war' (known: energy, security)"
    ]


@pytest.mark.parametrize(
    ("loc", "path"),
    [((), "$"), (("article",), "article"), (("events", 2, "date"), "events[2].date"),
     (("events", 0, "evidence", 1), "events[0].evidence[1]"), ((3,), "[3]")],
)  # fmt: skip
def test_json_path(loc, path):
    assert json_path(loc) == path


def test_model_errors_become_problems_with_their_path():
    with pytest.raises(ValidationError) as caught:
        Record.model_validate({"article": {"id": "x"}, "events": [{"id": "bad"}]})
    problems = validation_problems("r.json", caught.value)
    assert Problem("r.json", "article.title", "Field required") in problems
    assert all(p.file == "r.json" for p in problems)
    assert str(problems[0]) == f"r.json: {problems[0].path}: {problems[0].message}"


def test_value_error_prefix_is_dropped_from_model_messages():
    span = {"start": 3, "end": 1, "text": "ab"}
    with pytest.raises(ValidationError) as caught:
        Record.model_validate({"article": {}, "quotes": [{"evidence": span}]})
    messages = {p.path: p.message for p in validation_problems("r.json", caught.value)}
    assert messages["quotes[0].evidence"] == "span end 1 must be after its start 3"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
