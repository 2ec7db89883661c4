"""Review edits (issue 12): pure functions from a record to a validated edit."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sahelwatch.model import Record
from sahelwatch.review import (
    ReviewError,
    accept_item,
    add_item,
    add_mention,
    delete_item,
    edit_item,
    mark_reviewed,
    reopen,
)
from tests.unit.review_corpus import (
    ACTOR,
    ARTICLE,
    EVENT,
    PLACE,
    QUOTE,
    article_text,
    make_draft,
    span_of,
    topic_ids,
)

AT = dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def draft(mini_corpus):
    path = make_draft(mini_corpus)
    record = Record.model_validate_json(path.read_bytes())
    return record, article_text(mini_corpus), topic_ids(mini_corpus)


def quote(record, quote_id=QUOTE):
    return next(q for q in record.quotes if q.id == quote_id)


def event(record, event_id=EVENT):
    return next(e for e in record.events if e.id == event_id)


def test_a_speaker_set_to_unattributed_clears_needs_review(draft):
    record, text, topics = draft
    flagged = edit_item(record, text, topics, QUOTE, {"speaker_id": None, "needs_review": True})
    assert quote(flagged.record).needs_review
    settled = edit_item(flagged.record, text, topics, QUOTE, {"speaker_id": None})
    assert quote(settled.record).speaker_id is None
    assert not quote(settled.record).needs_review
    (change,) = settled.changes
    assert (change.op, change.item, change.before["needs_review"]) == ("edit", QUOTE, True)
    assert "needs_review" not in change.after


def test_an_event_date_is_replaced_whole(draft):
    record, text, topics = draft
    date = {"start": "2024-08-01", "end": "2024-08-31", "precision": "month", "basis": "inferred"}
    edit = edit_item(record, text, topics, EVENT, {"date": date})
    assert event(edit.record).date.model_dump(mode="json", exclude_none=True) == date
    assert edit.changes[0].before["date"]["start"] == "2024-08-06"
    assert record.events[0].date.start == dt.date(2024, 8, 6)  # the input is not changed


@pytest.mark.parametrize(
    ("item_id", "fields", "message"),
    [
        (QUOTE, {"speaker_id": "act:nobody"}, "q:ivanov-together speaker_id: unknown actor id"),
        (EVENT, {"topics": ["weather"]}, "unknown topic 'weather'"),
        (EVENT, {"date": {"start": "2024-08-06", "precision": "unknown"}}, "precision 'unknown'"),
        (EVENT, {"kind": "party"}, "kind"),
        (EVENT, {"colour": "red"}, "colour"),
        (QUOTE, {"id": "q:other"}, "cannot be edited"),
        ("q:nowhere", {"mode": "direct"}, "there is no q:nowhere in this record"),
        ("src:sputnik", {"name": "x"}, "is not the id of an event"),
        (QUOTE, {"evidence": {"start": 0, "end": 2, "text": "xx"}}, "does not match the article"),
    ],
)
def test_an_edit_that_would_make_an_invalid_record_is_refused(draft, item_id, fields, message):
    record, text, topics = draft
    with pytest.raises(ReviewError, match=message):
        edit_item(record, text, topics, item_id, fields)


HOSTILE = [
    "<script>alert(1)</script>",
    "\u202eevil\u202c",
    "=cmd|' /C calc'!A0",
    "x" * 10_000,
    "nul\x00byte",
    'quote " and \\ backslash\nnew line',
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_is_kept_as_text_in_every_text_field(draft, value):
    record, text, topics = draft
    for item_id, field in [(EVENT, "title"), (EVENT, "summary"), (QUOTE, "text"),
                           (ACTOR, "name"), (ACTOR, "role"), (PLACE, "name")]:  # fmt: skip
        record = edit_item(record, text, topics, item_id, {field: value}).record
    again = Record.model_validate_json(record.to_json())
    assert (event(again).title, event(again).summary, quote(again).text) == (value,) * 3
    assert (again.actors[0].name, again.actors[0].role, again.places[0].name) == (value,) * 3
    assert json.loads(record.to_json())["events"][0]["title"] == value


def test_a_new_quote_takes_its_words_from_the_article_and_an_id_from_them(draft):
    record, text, topics = draft
    start, end = span_of(text, "le ministre nigérien")
    fields = {"speaker_id": ACTOR, "evidence": {"start": 0, "end": 3, "text": "Le "}}
    edit = add_item(record, text, topics, "quote", (start, end), fields)
    added = edit.record.quotes[-1]
    assert (added.evidence.start, added.evidence.end) == (start, end)
    assert added.evidence.text == added.text == "le ministre nigérien"
    assert added.id == f"q:{ARTICLE}-le-ministre-nigerien"
    assert edit.changes[0].op == "add" and edit.changes[0].before is None


@pytest.mark.parametrize(
    ("kind", "fields", "expected_id"),
    [
        ("event", {"topics": ["energy"]}, f"evt:{ARTICLE}-le-ministre-nigerien"),
        ("actor", {"kind": "person"}, "act:le-ministre-nigerien"),
        ("place", {"country": "NER"}, "plc:le-ministre-nigerien"),
        ("actor", {"name": "<script>Ministre</script>"}, "act:script-ministre-script"),
        ("actor", {"name": "日本"}, "act:x"),
    ],
)
def test_ids_made_from_words_are_valid_slugs(draft, kind, fields, expected_id):
    record, text, topics = draft
    edit = add_item(record, text, topics, kind, span_of(text, "le ministre nigérien"), fields)
    assert edit.changes[0].item == expected_id
    assert expected_id in {i.id for s in (edit.record.events, edit.record.actors,
                                          edit.record.places) for i in s}  # fmt: skip


def test_a_second_item_with_the_same_words_gets_a_numbered_id(draft):
    record, text, topics = draft
    span = span_of(text, "Niamey")
    edit = add_item(record, text, topics, "place", span, {"country": "NER", "name": "Niamey"})
    assert edit.changes[0].item == "plc:niamey-2"


@pytest.mark.parametrize("span", [(-1, 3), (5, 5), (10, 4), (200, 10_000), ("a", "b"), (1,)])
def test_a_selection_outside_the_article_is_refused(draft, span):
    record, text, topics = draft
    with pytest.raises(ReviewError, match=r"not inside the article|not a pair"):
        add_item(record, text, topics, "quote", span, {"speaker_id": ACTOR})


def test_a_place_needs_its_country(draft):
    record, text, topics = draft
    with pytest.raises(ReviewError, match="country"):
        add_item(record, text, topics, "place", span_of(text, "Niamey"), {})


def test_a_mention_is_added_in_text_order_and_only_once(draft):
    record, text, _ = draft
    start, end = span_of(text, "délégation russe")
    edit = add_mention(record, text, ACTOR, (start, end))
    mentions = edit.record.actors[0].mentions
    assert [(m.start, m.text) for m in mentions] == [
        (start, "délégation russe"),
        (183, "M. Ivanov"),
    ]
    with pytest.raises(ReviewError, match="already has the mention"):
        add_mention(edit.record, text, ACTOR, (start, end))
    with pytest.raises(ReviewError, match="only they have mentions"):
        add_mention(record, text, QUOTE, (start, end))


def test_deleting_an_actor_unattributes_its_quotes_and_leaves_its_events(draft):
    record, text, topics = draft
    edit = delete_item(record, text, topics, ACTOR)
    assert edit.record.actors == []
    assert event(edit.record).actor_ids == []
    assert (quote(edit.record).speaker_id, quote(edit.record).needs_review) == (None, True)
    assert [(c.op, c.item, c.after is None) for c in edit.changes] == [
        ("delete", ACTOR, True), ("delete", EVENT, False), ("delete", QUOTE, False)]  # fmt: skip


def test_deleting_a_place_or_an_event_unlinks_it(draft):
    record, text, topics = draft
    no_place = delete_item(record, text, topics, PLACE).record
    assert (no_place.places, event(no_place).place_ids) == ([], [])
    no_event = delete_item(record, text, topics, EVENT).record
    assert (no_event.events, quote(no_event).event_id) == ([], None)


def test_accepting_changes_nothing_but_is_one_change(draft):
    record, _, _ = draft
    edit = accept_item(record, QUOTE)
    assert edit.record == record
    assert [(c.op, c.item, c.before == c.after) for c in edit.changes] == [("accept", QUOTE, True)]
    with pytest.raises(ReviewError, match="there is no q:gone"):
        accept_item(record, "q:gone")


def test_mark_reviewed_records_who_and_when_in_utc_and_reopen_clears_them(draft):
    record, _, _ = draft
    paris = dt.timezone(dt.timedelta(hours=1))
    reviewed = mark_reviewed(record, " ana ", dt.datetime(2026, 11, 26, 15, 0, tzinfo=paris))
    article = reviewed.record.article
    assert (article.status, article.reviewed_by, article.reviewed_at) == ("reviewed", "ana", AT)
    assert json.loads(reviewed.record.to_json())["article"]["reviewed_at"] == "2026-11-26T14:00:00Z"
    (change,) = reviewed.changes
    assert (change.op, change.item, change.before["status"]) == ("status", ARTICLE, "draft")
    reopened = reopen(reviewed.record, "bob", AT)
    assert reopened.record == record
    assert reopened.record.to_json() == record.to_json()


@pytest.mark.parametrize(
    ("by", "at", "message"),
    [("", AT, "reviewer's name"), ("ana", dt.datetime(2026, 11, 26), "time zone")],
)
def test_a_review_needs_a_name_and_a_zoned_time(draft, by, at, message):
    record, _, _ = draft
    with pytest.raises(ReviewError, match=message):
        mark_reviewed(record, by, at)


def test_a_record_with_a_quote_waiting_for_its_speaker_cannot_be_marked_reviewed(draft):
    record, text, topics = draft
    waiting = delete_item(record, text, topics, ACTOR).record
    with pytest.raises(ReviewError, match=f"1 quote\\(s\\) still need a speaker.*{QUOTE}"):
        mark_reviewed(waiting, "ana", AT)
    settled = edit_item(waiting, text, topics, QUOTE, {"speaker_id": None}).record
    assert mark_reviewed(settled, "ana", AT).record.article.status == "reviewed"


def test_reopen_is_for_reviewed_records_only(draft):
    record, _, _ = draft
    with pytest.raises(ReviewError, match="is a draft"):
        reopen(record, "ana", AT)
