"""Merging and splitting events, linking an actor to the knowledge base (issue 12)."""

from __future__ import annotations

import pytest

from sahelwatch.actors import KnownActor
from sahelwatch.model import Record
from sahelwatch.review import (
    ReviewError,
    add_item,
    checked_items,
    edit_item,
    link_actor,
    load_for_review,
    merge_events,
    original_draft,
    read_history,
    save_review,
    split_event,
)
from sahelwatch.review.history import HistoryEntry, first_draft
from tests.unit.review_corpus import (
    ACTOR,
    ARTICLE,
    EVENT,
    PLACE,
    QUOTE,
    make_draft,
    span_of,
    topic_ids,
)

SECOND = f"evt:{ARTICLE}-nous-avancons"
KNOWN = KnownActor(id="act:ivan-ivanov", kind="person", name="Ivan Ivanov",
                   names=("Ivan Ivanov",), affiliation="RUS",
                   source="https://example.org/ivanov")  # fmt: skip


@pytest.fixture
def draft(mini_corpus):
    path = make_draft(mini_corpus)
    record = Record.model_validate_json(path.read_bytes())
    text = (path.parent / "article.txt").read_text("utf-8")
    return record, text, topic_ids(mini_corpus)


@pytest.fixture
def two_events(draft):
    """The draft with a second, dated event on the quote's words, the quote linked to it."""
    record, text, topics = draft
    fields = {"title": "Nous avançons", "topics": ["diplomacy"], "countries": ["RUS"],
              "date": {"start": "2024-08-07", "precision": "day", "basis": "stated"}}  # fmt: skip
    record = add_item(record, text, topics, "event", span_of(text, "« Nous avançons ensemble »"),
                      fields).record  # fmt: skip
    return record, text, topics


def by_id(items, item_id):
    return next(i for i in items if i.id == item_id)


def test_merging_folds_the_other_event_into_the_kept_one(two_events):
    record, text, topics = two_events
    edit = merge_events(record, text, topics, EVENT, SECOND)
    assert [e.id for e in edit.record.events] == [EVENT]
    kept = edit.record.events[0]
    assert [(s.start, s.end) for s in kept.evidence] == [
        (40, 144),
        span_of(text, "« Nous avançons ensemble »"),
    ]
    assert (kept.topics, kept.countries) == (["energy", "diplomacy"], ["NER", "RUS"])
    assert str(kept.date.start) == "2024-08-06"  # the kept event's date wins when it has one
    assert [(c.op, c.item, c.after is None) for c in edit.changes] == [
        ("merge", EVENT, False), ("merge", SECOND, True)]  # fmt: skip


def test_merging_moves_the_quotes_and_takes_a_date_when_the_kept_event_has_none(two_events):
    record, text, topics = two_events
    undated = {"start": None, "end": None, "precision": "unknown", "basis": "unknown"}
    record = edit_item(record, text, topics, EVENT, {"date": undated}).record
    record = edit_item(record, text, topics, QUOTE, {"event_id": SECOND}).record
    edit = merge_events(record, text, topics, EVENT, SECOND)
    assert str(edit.record.events[0].date.start) == "2024-08-07"
    assert edit.record.quotes[0].event_id == EVENT


@pytest.mark.parametrize(
    ("keep", "other", "message"),
    [(EVENT, EVENT, "with itself"), (EVENT, "evt:gone", "there is no evt:gone"),
     (EVENT, QUOTE, "only events")],
)  # fmt: skip
def test_a_merge_that_cannot_be_is_refused(two_events, keep, other, message):
    record, text, topics = two_events
    with pytest.raises(ReviewError, match=message):
        merge_events(record, text, topics, keep, other)


def test_splitting_takes_the_chosen_evidence_and_its_quotes_to_a_new_event(two_events):
    record, text, topics = two_events
    merged = merge_events(record, text, topics, EVENT, SECOND).record
    edit = split_event(merged, text, topics, EVENT, [1])
    old, new = edit.record.events
    assert (old.id, new.id) == (EVENT, f"{EVENT}-split")
    assert [s.start for s in old.evidence] == [40]
    assert [s.text for s in new.evidence] == ["« Nous avançons ensemble »"]
    assert (new.kind, new.topics, new.actor_ids) == (old.kind, old.topics, old.actor_ids)
    assert edit.record.quotes[0].event_id == new.id  # the quote stands in the moved evidence


@pytest.mark.parametrize(
    ("indexes", "message"),
    [([], "choose among"), ([2], "choose among"), ([-1], "choose among"), ([0, 1], "must keep")],
)
def test_a_split_that_would_leave_an_event_without_evidence_is_refused(
    two_events, indexes, message
):
    record, text, topics = two_events
    merged = merge_events(record, text, topics, EVENT, SECOND).record
    with pytest.raises(ReviewError, match=message):
        split_event(merged, text, topics, EVENT, indexes)


def test_linking_an_actor_re_ids_it_everywhere(draft):
    record, text, topics = draft
    edit = link_actor(record, text, topics, ACTOR, KNOWN.id, known=[KNOWN])
    (actor,) = edit.record.actors
    assert (actor.id, actor.name, actor.kind, actor.affiliation) == (
        KNOWN.id,
        "Ivan Ivanov",
        "person",
        "RUS",
    )
    assert actor.mentions == record.actors[0].mentions
    assert edit.record.events[0].actor_ids == [KNOWN.id]
    assert edit.record.quotes[0].speaker_id == KNOWN.id
    assert {c.op for c in edit.changes} == {"link"}


def test_linking_to_an_id_the_record_has_makes_the_two_one(draft):
    record, text, topics = draft
    start, end = span_of(text, "délégation russe")
    record = add_item(record, text, topics, "actor", (start, end),
                      {"id": KNOWN.id, "name": "Ivan Ivanov", "kind": "person"}).record  # fmt: skip
    edit = link_actor(record, text, topics, ACTOR, KNOWN.id)
    (actor,) = edit.record.actors
    assert [m.start for m in actor.mentions] == [start, 183]
    assert edit.record.quotes[0].speaker_id == KNOWN.id


@pytest.mark.parametrize(
    ("actor_id", "kb_id", "message"),
    [(ACTOR, "act:unknown", "not in the knowledge base"), (ACTOR, ACTOR, "already has"),
     (PLACE, KNOWN.id, "not an actor"), (ACTOR, "act:Not Valid", "pattern")],
)  # fmt: skip
def test_a_link_that_cannot_be_is_refused(draft, actor_id, kb_id, message):
    record, text, topics = draft
    known = None if kb_id == "act:Not Valid" else [KNOWN]
    with pytest.raises(ReviewError, match=message):
        link_actor(record, text, topics, actor_id, kb_id, known=known)


def test_a_linked_actor_stays_checked_under_its_new_id(mini_corpus):
    make_draft(mini_corpus)
    topics = topic_ids(mini_corpus)
    for step in (lambda r, t: add_item(r, t, topics, "actor", span_of(t, "délégation russe"),
                                       {"name": "Délégation"}),
                 lambda r, t: link_actor(r, t, topics, "act:delegation", KNOWN.id)):  # fmt: skip
        loaded = load_for_review(mini_corpus, ARTICLE)
        edit = step(loaded.record, loaded.text)
        save_review(mini_corpus, ARTICLE, edit.record, edit.changes, by="ana",
                    base_version=loaded.version)  # fmt: skip
    assert checked_items(read_history(mini_corpus, ARTICLE)) == {KNOWN.id}


def test_the_original_draft_is_the_draft_line_not_an_import(mini_corpus):
    assert original_draft(mini_corpus, ARTICLE) is None  # no history yet
    draft = Record.model_validate_json(make_draft(mini_corpus).read_bytes())
    loaded = load_for_review(mini_corpus, ARTICLE)
    edit = link_actor(loaded.record, loaded.text, topic_ids(mini_corpus), ACTOR, KNOWN.id)
    save_review(mini_corpus, ARTICLE, edit.record, edit.changes, by="ana", base_version=0)
    assert original_draft(mini_corpus, ARTICLE) == draft
    assert read_history(mini_corpus, ARTICLE)[0].op == "draft"


def test_an_import_line_is_no_draft():
    entry = HistoryEntry(version=0, at="2026-11-26T14:00:00Z", by="ana", item=ARTICLE, op="import",
                         after={})  # fmt: skip
    assert first_draft([entry]) is None
