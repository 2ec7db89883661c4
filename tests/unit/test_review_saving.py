"""Saving a review (issue 12): validated, versioned, one editor at a time, with a history
written before the record that replays to every saved version."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading

import pytest

from sahelwatch.model import Record
from sahelwatch.review import (
    Change,
    ReviewError,
    StaleRecordError,
    accept_item,
    add_item,
    checked_items,
    delete_item,
    edit_item,
    load_for_review,
    mark_reviewed,
    read_history,
    record_at,
    reopen,
    restore,
    review_queue,
    save_draft,
    save_review,
    saving,
)
from sahelwatch.review.history import parse_history, replay
from sahelwatch.storage import HISTORY_JSONL, ReviewedRecordError, StorageError
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

T0 = dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def data(mini_corpus):
    make_draft(mini_corpus)
    return mini_corpus


def folder(data):
    return data / "articles" / ARTICLE


def files(data):
    return {p.name: p.read_bytes() for p in folder(data).iterdir()}


def save(data, make, by="ana", at=T0):
    """Load, apply `make(record, text, topics) -> Edit`, save from the loaded version."""
    loaded = load_for_review(data, ARTICLE)
    edit = make(loaded.record, loaded.text, topic_ids(data))
    return save_review(data, ARTICLE, edit.record, edit.changes, by=by,
                       base_version=loaded.version, at=at)  # fmt: skip


def retitle(title):
    return lambda r, t, topics: edit_item(r, t, topics, EVENT, {"title": title})


def test_a_save_writes_the_next_version_and_a_history_that_starts_with_the_draft(data):
    draft = load_for_review(data, ARTICLE).record
    saved = save(data, retitle("Signed"))
    assert saved.version == 1
    assert Record.model_validate_json((folder(data) / "record.json").read_bytes()) == saved
    history = read_history(data, ARTICLE)
    assert [(e.version, e.op, e.item, e.by) for e in history] == [
        (0, "draft", ARTICLE, "ana"), (1, "edit", EVENT, "ana")]  # fmt: skip
    assert history[1].before["title"] != history[1].after["title"] == "Signed"
    assert Record.model_validate({**history[0].after, "version": 0}) == draft


def test_two_saves_from_one_version_the_second_is_refused_and_the_first_kept(data):
    base = load_for_review(data, ARTICLE)
    topics = topic_ids(data)
    first = edit_item(base.record, base.text, topics, EVENT, {"title": "First"})
    second = edit_item(base.record, base.text, topics, EVENT, {"title": "Second"})
    save_review(data, ARTICLE, first.record, first.changes, by="ana", base_version=0, at=T0)
    before = files(data)
    with pytest.raises(StaleRecordError) as refused:
        save_review(data, ARTICLE, second.record, second.changes, by="bob", base_version=0)
    assert str(refused.value).startswith(
        f"{ARTICLE} was saved as version 1 by ana on 2026-11-26 at 14:00:00 UTC since you "
        "opened version 0; nothing was written"
    )
    assert files(data) == before
    assert load_for_review(data, ARTICLE).record.events[0].title == "First"


def test_two_saves_at_once_take_turns_and_the_second_is_stale(data, monkeypatch):
    """Save A is held between its history and record writes while save B starts from the same
    version. With the lock B waits, then finds version 1; without it B saved too and A's late
    record overwrote B's (both saves 'succeeded')."""
    a_is_writing, b_waits_or_ended = threading.Event(), threading.Event()
    real_write, real_wait = saving.atomic_write_bytes, saving._waiting_for_lock

    def held_write(path, payload):
        real_write(path, payload)
        if threading.current_thread().name == "save-a" and not a_is_writing.is_set():
            a_is_writing.set()
            assert b_waits_or_ended.wait(timeout=60), "save B neither waited nor ended"

    def noted_wait(folder):
        b_waits_or_ended.set()
        real_wait(folder)

    monkeypatch.setattr(saving, "atomic_write_bytes", held_write)
    monkeypatch.setattr(saving, "_waiting_for_lock", noted_wait)
    base = load_for_review(data, ARTICLE)
    outcomes = {}

    def save_in(name, title):
        edit = edit_item(base.record, base.text, topic_ids(data), EVENT, {"title": title})
        try:
            save_review(data, ARTICLE, edit.record, edit.changes, by=name, base_version=0)
            outcomes[name] = "saved"
        except StaleRecordError:
            outcomes[name] = "stale"
        finally:
            if name == "save-b":
                b_waits_or_ended.set()

    a = threading.Thread(target=save_in, args=("save-a", "A"), name="save-a")
    a.start()
    assert a_is_writing.wait(timeout=60)
    b = threading.Thread(target=save_in, args=("save-b", "B"), name="save-b")
    b.start()
    a.join(timeout=60)
    b.join(timeout=60)
    assert outcomes == {"save-a": "saved", "save-b": "stale"}
    assert load_for_review(data, ARTICLE).record.events[0].title == "A"
    assert [e.by for e in read_history(data, ARTICLE)] == ["save-a", "save-a"]


def test_a_crash_between_the_history_and_the_record_leaves_a_replayable_history(data, monkeypatch):
    save(data, retitle("Saved"))
    saved_bytes = (folder(data) / "record.json").read_bytes()
    real_write = saving.atomic_write_bytes

    def crash_on_record(path, payload):
        if path.name == "record.json":
            raise OSError("disk unplugged")
        real_write(path, payload)

    monkeypatch.setattr(saving, "atomic_write_bytes", crash_on_record)
    with pytest.raises(OSError, match="disk unplugged"):
        save(data, retitle("Lost"))
    monkeypatch.undo()
    assert (folder(data) / "record.json").read_bytes() == saved_bytes
    raw = parse_history((folder(data) / HISTORY_JSONL).read_bytes(), HISTORY_JSONL)
    assert replay(raw).events[0].title == "Lost"  # the lines of the unfinished save replay
    assert replay(read_history(data, ARTICLE)) == Record.model_validate_json(saved_bytes)
    again = save(data, retitle("Again"))
    assert again.version == 2
    history = read_history(data, ARTICLE)
    assert [(e.version, e.after.get("title")) for e in history[1:]] == [(1, "Saved"), (2, "Again")]
    assert replay(history) == again


def test_record_at_every_version_is_what_was_saved_then(data):
    text = article_text(data)
    steps = [
        retitle("One"),
        lambda r, t, top: add_item(r, t, top, "actor", span_of(text, "délégation russe"),
                                   {"kind": "organization", "name": "Délégation russe"}),
        lambda r, t, top: delete_item(r, t, top, ACTOR),
        lambda r, t, top: edit_item(r, t, top, QUOTE, {"speaker_id": "act:delegation-russe"}),
        lambda r, t, top: accept_item(r, PLACE),
        lambda r, t, top: mark_reviewed(r, "ana", T0),
    ]  # fmt: skip
    saved = {0: load_for_review(data, ARTICLE).record}
    for step in steps:
        record = save(data, step)
        saved[record.version] = record
    assert sorted(saved) == list(range(7))
    for version, record in saved.items():
        assert record_at(data, ARTICLE, version) == record, version
    with pytest.raises(ReviewError, match="has no version 7 \\(versions: 0, 1, 2, 3, 4, 5, 6\\)"):
        record_at(data, ARTICLE, 7)


def test_restore_saves_an_earlier_state_as_a_new_version(data):
    save(data, retitle("One"))
    save(data, retitle("Two"))
    restored = restore(data, ARTICLE, 1, by="bob", base_version=2, at=T0)
    assert restored.version == 3
    assert restored.events[0].title == "One"
    assert restored.model_copy(update={"version": 1}) == record_at(data, ARTICLE, 1)
    assert record_at(data, ARTICLE, 2).events[0].title == "Two"
    assert [(e.version, e.op, e.by) for e in read_history(data, ARTICLE)][-1] == (
        3,
        "restore",
        "bob",
    )
    with pytest.raises(StaleRecordError):
        restore(data, ARTICLE, 0, by="bob", base_version=2)


def test_an_invalid_record_is_never_written(data):
    loaded = load_for_review(data, ARTICLE)
    edit = accept_item(loaded.record, QUOTE)
    # A record made without validation (model_copy does not validate) and a change saying so.
    bad_quote = loaded.record.quotes[0].model_copy(update={"speaker_id": "act:ghost"})
    bad = loaded.record.model_copy(update={"quotes": [bad_quote]})
    before_quote = edit.changes[0].before
    change = Change("edit", QUOTE, before_quote, {**before_quote, "speaker_id": "act:ghost"})
    before = files(data)
    with pytest.raises(ReviewError, match="q:ivanov-together speaker_id: unknown actor id"):
        save_review(data, ARTICLE, bad, [change], by="ana", base_version=0)
    assert files(data) == before


def test_changes_that_do_not_lead_to_the_record_are_refused(data):
    loaded = load_for_review(data, ARTICLE)
    edit = edit_item(loaded.record, loaded.text, topic_ids(data), EVENT, {"title": "Shown"})
    other = edit_item(loaded.record, loaded.text, topic_ids(data), EVENT, {"title": "Hidden"})
    before = files(data)
    with pytest.raises(ReviewError, match="do not lead to this record"):
        save_review(data, ARTICLE, other.record, edit.changes, by="ana", base_version=0)
    with pytest.raises(ReviewError, match="no change to save"):
        save_review(data, ARTICLE, loaded.record, [], by="ana", base_version=0)
    with pytest.raises(ReviewError, match="editor's name"):
        save_review(data, ARTICLE, edit.record, edit.changes, by="  ", base_version=0)
    assert files(data) == before


@pytest.mark.parametrize("article_id", ["../mini-article", "a/b", "", "Mini", ".hidden", "x" * 201])
def test_an_article_id_that_is_not_one_is_refused(data, article_id):
    with pytest.raises(ReviewError, match="is not an article id"):
        load_for_review(data, article_id)


def test_a_linked_article_folder_is_refused_and_nothing_is_written_through_it(data, tmp_path):
    outside = tmp_path / "outside"
    os.rename(folder(data), outside)
    os.symlink(outside, folder(data))
    loaded_record = Record.model_validate_json((outside / "record.json").read_bytes())
    edit = accept_item(loaded_record, QUOTE)
    with pytest.raises(StorageError, match="a symbolic link"):
        save_review(data, ARTICLE, edit.record, edit.changes, by="ana", base_version=0)
    assert sorted(p.name for p in outside.iterdir()) == ["article.txt", "record.json"]


HOSTILE = "<script>alert('x')</script>\u202e=cmd|' /C calc'!A0\x00\u2028\n" + "é" * 10_000


def test_hostile_text_is_saved_as_json_text_and_read_back_unchanged(data):
    saved = save(data, retitle(HOSTILE), by=HOSTILE)
    assert load_for_review(data, ARTICLE).record.events[0].title == HOSTILE
    history = (folder(data) / HISTORY_JSONL).read_bytes()
    assert history.count(b"\n") == 2  # one line a change: newlines, NUL are escaped
    assert b"\\u0000" in history and b"\x00" not in history
    assert read_history(data, ARTICLE)[-1].by == HOSTILE
    assert record_at(data, ARTICLE, 1) == saved


def test_checked_items_are_those_accepted_edited_or_added_and_still_there(data):
    text = article_text(data)
    save(data, lambda r, t, top: accept_item(r, PLACE))
    save(data, retitle("Checked"))
    save(data, lambda r, t, top: add_item(r, t, top, "actor", span_of(text, "délégation russe"),
                                          {"name": "Délégation"}))  # fmt: skip
    assert checked_items(read_history(data, ARTICLE)) == {PLACE, EVENT, "act:delegation"}
    save(data, lambda r, t, top: delete_item(r, t, top, PLACE))
    # the event lost its place (a cascade): it stays checked; the place is gone
    assert checked_items(read_history(data, ARTICLE)) == {EVENT, "act:delegation"}


def test_a_quote_left_without_its_speaker_is_not_checked(data):
    save(data, lambda r, t, top: edit_item(r, t, top, QUOTE, {"mode": "indirect"}))
    assert QUOTE in checked_items(read_history(data, ARTICLE))
    save(data, lambda r, t, top: delete_item(r, t, top, ACTOR))
    assert QUOTE not in checked_items(read_history(data, ARTICLE))


def test_the_queue_lists_drafts_with_what_is_left_to_check(data):
    (item,) = review_queue(data)
    assert (item.article_id, item.version, item.events, item.quotes, item.actors, item.places,
            item.to_check, item.unattributed) == (ARTICLE, 0, 1, 1, 1, 1, 4, 0)  # fmt: skip
    save(data, lambda r, t, top: accept_item(r, QUOTE))
    save(data, lambda r, t, top: delete_item(r, t, top, ACTOR))
    (item,) = review_queue(data)
    assert (item.version, item.actors, item.to_check, item.unattributed) == (2, 0, 3, 1)
    save(data, lambda r, t, top: edit_item(r, t, top, QUOTE, {"speaker_id": None}))
    save(data, lambda r, t, top: mark_reviewed(r, "ana", T0))
    assert review_queue(data) == []
    save(data, lambda r, t, top: reopen(r, "ana", T0))
    assert [i.article_id for i in review_queue(data)] == [ARTICLE]


def test_a_reviewed_record_reopened_keeps_its_reviewer_in_the_history_only(data):
    reviewed = save(data, lambda r, t, top: mark_reviewed(r, "ana", T0))
    raw = json.loads((folder(data) / "record.json").read_text("utf-8"))
    assert (raw["version"], raw["article"]["reviewed_by"], raw["article"]["reviewed_at"]) == (
        1, "ana", "2026-11-26T14:00:00Z")  # fmt: skip
    reopened = save(data, lambda r, t, top: reopen(r, "bob", T0), by="bob")
    assert "reviewed_by" not in json.loads((folder(data) / "record.json").read_text())["article"]
    assert reopened.article.status == "draft" and record_at(data, ARTICLE, 1) == reviewed


def test_a_record_without_history_is_imported_when_first_saved(mini_corpus):
    """The mini record is reviewed and was never saved by a review: its first line is an
    import, not a machine draft."""
    saved = save(mini_corpus, lambda r, t, top: reopen(r, "ana", T0))
    assert [e.op for e in read_history(mini_corpus, ARTICLE)] == ["import", "status"]
    assert record_at(mini_corpus, ARTICLE, 1) == saved


def test_a_record_changed_by_hand_since_its_last_save_is_imported_first(data):
    save(data, retitle("By review"))
    path = folder(data) / "record.json"
    path.write_text(path.read_text("utf-8").replace("By review", "By hand"), "utf-8")
    saved = save(data, lambda r, t, top: accept_item(r, EVENT))
    assert [(e.version, e.op) for e in read_history(data, ARTICLE)][-2:] == [
        (1, "import"),
        (2, "accept"),
    ]
    assert record_at(data, ARTICLE, 1).events[0].title == "By hand"
    assert record_at(data, ARTICLE, 2) == saved


def test_an_ingested_draft_starts_its_history(data, tmp_path):
    loaded = load_for_review(data, ARTICLE)
    target = tmp_path / "other"
    (target / "articles").mkdir(parents=True)
    (target / "topics.yaml").write_bytes((data / "topics.yaml").read_bytes())
    save_draft(target, loaded.record, loaded.text, at=T0)
    (line,) = read_history(target, ARTICLE)
    assert (line.version, line.op, line.by, line.at) == (0, "draft", "sahelwatch ingest", T0)
    assert record_at(target, ARTICLE, 0) == loaded.record
    edited = save(target, retitle("Reviewed"))
    save_draft(target, loaded.record, loaded.text, at=T0)  # ingested again over its draft
    assert [(e.version, e.op) for e in read_history(target, ARTICLE)] == [
        (0, "draft"), (1, "edit"), (2, "draft")]  # fmt: skip
    assert record_at(target, ARTICLE, 1) == edited
    assert load_for_review(target, ARTICLE).record.version == 2


def test_an_ingest_refused_over_a_reviewed_record_writes_no_history(mini_corpus):
    record = Record.model_validate_json((folder(mini_corpus) / "record.json").read_bytes())
    draft = record.model_copy(
        update={"article": record.article.model_copy(update={"status": "draft"})}
    )
    with pytest.raises(ReviewedRecordError):
        save_draft(mini_corpus, draft, article_text(mini_corpus))
    assert not (folder(mini_corpus) / HISTORY_JSONL).exists()


def test_a_history_linked_out_of_the_data_folder_is_refused_and_left_alone(data, tmp_path):
    outside = tmp_path / "elsewhere.jsonl"
    outside.write_bytes(b"secret\n")
    (folder(data) / HISTORY_JSONL).symlink_to(outside)
    record_before = (folder(data) / "record.json").read_bytes()
    with pytest.raises(StorageError, match="symbolic link leading out of the data folder"):
        save(data, retitle("Through the link"))
    assert outside.read_bytes() == b"secret\n"
    assert (folder(data) / "record.json").read_bytes() == record_before


def test_a_refused_ingest_of_a_new_article_leaves_no_folder(data, tmp_path):
    loaded = load_for_review(data, ARTICLE)
    record = loaded.record.model_copy(
        update={"article": loaded.record.article.model_copy(update={"id": "new-article"})}
    )
    with pytest.raises(StorageError, match="text_sha256 does not match"):
        save_draft(data, record, loaded.text + " changed")
    assert not (data / "articles" / "new-article").exists()
