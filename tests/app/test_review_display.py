"""Pure helpers of the Review page (components/review_display.py): highlights, the readable
form of a change, the gazetteer search, the event around a selection."""

from __future__ import annotations

import pytest

from components.review_display import (
    change_lines,
    event_covering,
    gazetteer_matches,
    highlights,
    speaker_name,
)
from components.text_select import Highlight, Selection
from sahelwatch.geo import Gazetteer
from sahelwatch.model import Record
from tests.conftest import SEED_DATA

SEED = SEED_DATA / "articles" / "ru-aes-military-support" / "record.json"


@pytest.fixture(scope="module")
def record() -> Record:
    return Record.model_validate_json(SEED.read_text("utf-8"))


def test_highlights_hold_every_span_by_kind_then_the_focus_and_the_selection(record):
    out = highlights(record, focus="act:igor-gromyko", selection=Selection(5, 9, "ssie"))
    kinds = [h.kind for h in out]
    assert kinds.count("event") == sum(len(e.evidence) for e in record.events)
    assert kinds.count("quote") == len(record.quotes)
    assert kinds.count("actor") == sum(len(a.mentions) for a in record.actors)
    assert kinds.count("place") == sum(len(p.mentions) for p in record.places)
    assert [(h.start, h.end) for h in out if h.kind == "focus"] == [
        (165, 204), (253, 265), (462, 474), (903, 913)]  # fmt: skip
    assert out[-1] == Highlight(5, 9, "selected", "your selection")
    assert "quote (indirect): Igor Gromyko" in {h.label for h in out}


def test_an_unattributed_quote_is_labelled_so(record):
    assert speaker_name(record, None) == "unattributed"
    assert speaker_name(record, "act:igor-gromyko") == "Igor Gromyko"


@pytest.mark.parametrize(
    ("before", "after", "lines"),
    [
        ({"a": 1, "b": "x"}, {"a": 1, "b": "y"}, ['b: "x" → "y"']),
        ({"a": 1}, {"a": 1, "c": [1, 2]}, ["c: null → [1, 2]"]),
        (None, {"id": "q:x"}, ['added: {"id": "q:x"}']),
        ({"id": "q:x"}, None, ['deleted: {"id": "q:x"}']),
        ({"a": 1}, {"a": 1}, []),
        (None, None, []),
        ({"t": "é"}, {"t": "<b>"}, ['t: "é" → "<b>"']),  # characters kept, not escaped
    ],
)
def test_change_lines(before, after, lines):
    assert change_lines(before, after) == lines


def test_change_lines_clip_long_values():
    [line] = change_lines({"t": "a" * 500}, {"t": "b"}, limit=20)
    assert line == 't: "aaaaaaaaaaaaaaaaaa… → "b"'


def test_gazetteer_search_puts_exact_names_first_then_the_aes():
    gazetteer = Gazetteer.load()
    matches = gazetteer_matches(gazetteer, "gao")
    assert matches[0].id == "plc:gao" and matches[0].country == "MLI"
    assert all(m.in_aes for m in matches[: [m.in_aes for m in matches].count(True)])
    assert [m.name_fr for m in gazetteer_matches(gazetteer, "Tombouct")][:1] == ["Tombouctou"]
    assert gazetteer_matches(gazetteer, "  ") == []
    assert len(gazetteer_matches(gazetteer, "a", limit=5)) == 5


def test_the_event_around_a_selection(record):
    conference = "evt:bamako-conference-2024-12-01"
    assert event_covering(record, 2227, 2291) == conference
    assert event_covering(record, 2050, 2060) is None  # starts before any evidence there
