"""The Review page (issue 12) through AppTest: where it exists, the queue, every edit through
the domain API, saving with the version loaded, conflicts, and hostile text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import review_state as state
from components.text_select import Selection
from components.words import ENGLISH
from sahelwatch.model import Record
from sahelwatch.review import load_for_review, read_history, save_review
from sahelwatch.review.edits import edit_item
from sahelwatch.taxonomy import load_topics
from tests.app.conftest import APP, all_markdown, open_app
from tests.conftest import SEED_DATA

SEED = "ru-aes-military-support"
QUOTE = "q:gromyko-continued-aid"
RUSSIA = "act:russia"
GROMYKO = "act:igor-gromyko"
NOVAK = "act:alexandre-novak"
CONFERENCE = "evt:bamako-conference-2024-12-01"
HOSTILE = "<script>alert(1)</script> **gras** [lien](http://x.test) :red[rouge]"


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    """A copy of the seed corpus with its record turned back into a draft; editing open."""
    data = tmp_path / "data"
    shutil.copytree(SEED_DATA, data)
    path = data / "articles" / SEED / "record.json"
    raw = json.loads(path.read_text("utf-8"))
    raw["article"]["status"] = "draft"
    path.write_text(Record.model_validate(raw).to_json(), "utf-8")
    monkeypatch.setenv("SAHELWATCH_DATA", str(data))
    monkeypatch.setenv("SAHELWATCH_EDITING", "open")
    return data


def saved(data: Path) -> Record:
    return load_for_review(data, SEED).record


def text_of(data: Path) -> str:
    return (data / "articles" / SEED / "article.txt").read_text("utf-8")


def review(name: str | None = "Analyst A") -> AppTest:
    """The Review page open on the seed article, with the reviewer's name given."""
    at = AppTest.from_file(APP, default_timeout=90)
    if name:
        at.session_state[state.REVIEWER] = name
    at.run()
    at.query_params["article"] = SEED  # the Overview, run first, rewrote the address
    at.switch_page("app_pages/review.py").run()
    assert not at.exception
    return at


def key(at: AppTest, *parts: str) -> str:
    pending = at.session_state[state.PENDING + SEED]
    return ":".join(["review", SEED, pending.stamp, *parts])


def pending(at: AppTest) -> state.Pending:
    return at.session_state[state.PENDING + SEED]


def click(at: AppTest, *parts: str) -> AppTest:
    at.button(key=key(at, *parts)).click().run()
    assert not at.exception
    return at


def save(at: AppTest) -> AppTest:
    return click(at, "save")


def select(at: AppTest, data: Path, words: str, after: int = 0) -> AppTest:
    """What the text-selection component hands the page when the analyst selects `words`
    (their first occurrence from offset `after`)."""
    start = text_of(data).index(words, after)
    at.session_state[state.SELECTION + SEED] = Selection(start, start + len(words), words)
    at.run()
    return at


def someone_else_saves(data: Path) -> None:
    """Analyst B saves version 1 (the conference becomes a visit) from version 0."""
    topics = frozenset(t.id for t in load_topics(data))
    edit = edit_item(saved(data), text_of(data), topics, CONFERENCE, {"kind": "visit"})
    save_review(data, SEED, edit.record, edit.changes, by="Analyst B", base_version=0)


def messages(at: AppTest) -> str:
    return "\n".join(e.value for e in [*at.error, *at.success]).replace("\\", "")


# --- where the page exists ------------------------------------------------------------------


@pytest.mark.parametrize("mode", [None, "off", "nonsense"])
def test_no_review_page_when_editing_is_off(monkeypatch, mode):
    if mode:
        monkeypatch.setenv("SAHELWATCH_EDITING", mode)
    at = open_app()
    assert not at.exception
    with pytest.raises(ValueError, match="Known pages") as refused:
        at.switch_page("app_pages/review.py")
    assert "review.py" not in str(refused.value).split("Known pages")[1]


def test_no_review_page_for_a_signed_out_visitor_in_login_mode(monkeypatch):
    monkeypatch.setenv("SAHELWATCH_EDITING", "login")
    at = open_app(article=SEED)
    assert not at.exception
    with pytest.raises(ValueError, match="Known pages"):
        at.switch_page("app_pages/review.py")


def test_no_review_page_for_a_signed_in_account_not_on_the_editors_list(monkeypatch):
    monkeypatch.setenv("SAHELWATCH_EDITING", "login")
    at = AppTest.from_file(APP, default_timeout=90)
    at.user = {"is_logged_in": True, "email": "stranger@example.org"}
    at.secrets["sahelwatch"] = {"editors": ["editor@example.org"]}
    at.run()
    assert not at.exception
    with pytest.raises(ValueError, match="Known pages"):
        at.switch_page("app_pages/review.py")


def test_login_mode_reviews_as_the_signed_in_editor(corpus, monkeypatch):
    monkeypatch.setenv("SAHELWATCH_EDITING", "login")
    at = AppTest.from_file(APP, default_timeout=90)
    at.user = {"is_logged_in": True, "email": "editor@example.org"}
    at.secrets["sahelwatch"] = {"editors": ["editor@example.org"]}
    at.run()
    at.query_params["article"] = SEED
    at.switch_page("app_pages/review.py").run()
    assert not at.exception
    assert not [t for t in at.text_input if t.key == state.REVIEWER_INPUT]
    click(at, "status")  # Mark reviewed
    assert saved(corpus).article.reviewed_by == "editor@example.org"


# --- the queue ------------------------------------------------------------------------------


def test_queue_lists_each_draft_with_its_counts_and_a_link(corpus):
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("app_pages/review.py").run()
    assert not at.exception
    text = all_markdown(at)
    assert "Drafts to review (1)" in [s.value for s in at.subheader]
    assert "11 events · 5 quotes · 8 actors · 4 places" in text
    assert "28 left to check" in text
    [link] = at.get("page_link")
    assert link.proto.query_string == f"article={SEED}"


def test_an_unknown_article_is_named_not_a_crash(corpus):
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.query_params["article"] = "no-such-article"
    at.switch_page("app_pages/review.py").run()
    assert not at.exception
    assert "cannot be opened for review" in at.error[0].value


# --- quotes ---------------------------------------------------------------------------------


def quote_form(at: AppTest, speaker=None, mode=None, event=None) -> AppTest:
    if speaker is not None:
        at.selectbox(key=key(at, QUOTE, "speaker")).set_value(speaker)
    if mode is not None:
        at.radio(key=key(at, QUOTE, "mode")).set_value(mode)
    if event is not None:
        at.selectbox(key=key(at, QUOTE, "event")).set_value(event)
    return click(at, QUOTE, "apply")


def quote(record: Record, quote_id: str = QUOTE):
    return next(q for q in record.quotes if q.id == quote_id)


def test_change_a_speaker_then_save_writes_it_with_its_history(corpus):
    at = review()
    quote_form(at, speaker=NOVAK)
    event = quote(saved(corpus)).event_id
    assert [c.item for c in pending(at).changes] == [QUOTE, event]  # Novak joins its event
    assert "Unsaved changes (2)" in all_markdown(at)
    assert quote(saved(corpus)).speaker_id == GROMYKO  # nothing written before Save
    save(at)
    assert quote(saved(corpus)).speaker_id == NOVAK
    assert NOVAK in next(e for e in saved(corpus).events if e.id == event).actor_ids
    assert saved(corpus).version == 1
    [line, _] = [e for e in read_history(corpus, SEED) if e.op == "edit"]
    assert (line.by, line.item, line.before["speaker_id"], line.after["speaker_id"]) == (
        "Analyst A", QUOTE, GROMYKO, NOVAK)  # fmt: skip
    assert "Saved 2 change(s)." in messages(at)
    assert pending(at).changes == () and pending(at).base_version == 1


def test_quote_unattributed_mode_and_event(corpus):
    at = review()
    assert quote(saved(corpus)).mode == "indirect"
    at.selectbox(key=key(at, QUOTE, "speaker")).select_index(0)  # unattributed
    quote_form(at, mode="direct")
    save(at)
    edited = quote(saved(corpus))
    assert (edited.speaker_id, edited.mode, edited.needs_review) == (None, "direct", False)


def test_quote_event_is_changed(corpus):
    at = review()
    before = quote(saved(corpus)).event_id
    other = next(e.id for e in saved(corpus).events if e.id != before)
    quote_form(at, event=other)
    save(at)
    assert quote(saved(corpus)).event_id == other


def test_a_new_speaker_is_made_from_the_selected_words(corpus):
    at = review()
    select(at, corpus, "Sputnik")
    at.selectbox(key=key(at, QUOTE, "speaker-kind")).set_value("organization")
    quote_form(at, speaker="+new")
    save(at)
    record = saved(corpus)
    speaker = next(a for a in record.actors if a.id == quote(record).speaker_id)
    assert (speaker.name, speaker.kind) == ("Sputnik", "organization")
    start = text_of(corpus).index("Sputnik")
    assert [(m.start, m.end) for m in speaker.mentions] == [(start, start + 7)]


def test_a_new_speaker_without_a_selection_is_refused(corpus):
    at = review()
    quote_form(at, speaker="+new")
    assert "Select the speaker's name in the text first." in messages(at)
    assert pending(at).changes == ()


# --- adding from the selection ----------------------------------------------------------------


def test_selected_words_become_a_quote_with_exactly_those_offsets(corpus):
    at = review()
    words = "problèmes africains, solutions africaines"
    select(at, corpus, words)
    assert f"« {words} »" in all_markdown(at)
    at.selectbox(key=key(at, "add", "quote-speaker")).set_value(GROMYKO)
    click(at, "add", "quote-go")
    assert at.session_state[state.SELECTION + SEED] is None  # used up
    save(at)
    start = text_of(corpus).index(words)
    [added] = [q for q in saved(corpus).quotes if q.evidence.start == start]
    assert (added.evidence.end, added.text, added.speaker_id) == (start + len(words), words,
                                                                   GROMYKO)  # fmt: skip


def test_selected_words_become_an_event_an_actor_and_a_place(corpus):
    at = review()
    select(at, corpus, "Russie")
    click(at, "add", "place-go")  # the gazetteer's first entry for the selected words
    select(at, corpus, "Sputnik")
    at.selectbox(key=key(at, "add", "actor-kind")).set_value("organization")
    at.text_input(key=key(at, "add", "actor-role")).input(HOSTILE)
    click(at, "add", "actor-go")
    select(at, corpus, "formation des militaires")
    at.selectbox(key=key(at, "add", "event-kind")).set_value("training")
    at.multiselect(key=key(at, "add", "event-topics")).set_value(["security"])
    click(at, "add", "event-go")
    assert [c.op for c in pending(at).changes] == ["add"] * 3
    save(at)
    record = saved(corpus)
    russia = next(p for p in record.places if p.id == "plc:russia")
    assert (russia.kind, russia.country, [m.start for m in russia.mentions]) == (
        "country", "RUS", [text_of(corpus).index("Russie")])  # fmt: skip
    sputnik = next(a for a in record.actors if a.name == "Sputnik")
    assert (sputnik.kind, sputnik.role) == ("organization", HOSTILE)
    training = next(e for e in record.events if e.title == "formation des militaires")
    assert (training.kind, training.topics) == ("training", ["security"])
    start = text_of(corpus).index("formation des militaires")
    assert [(v.start, v.end) for v in training.evidence] == [(start, start + 24)]


def test_a_place_already_in_the_record_gets_one_more_mention(corpus):
    at = review()
    select(at, corpus, "Mali", after=1000)
    click(at, "add", "place-go")
    save(at)
    mali = next(p for p in saved(corpus).places if p.id == "plc:mali")
    assert [m.start for m in mali.mentions] == [text_of(corpus).index("Mali", 1000), 1943]


# --- events ---------------------------------------------------------------------------------


def test_an_events_date_kind_topics_countries_and_places_are_edited(corpus):
    import datetime as dt

    at = review()
    k = lambda field: key(at, CONFERENCE, field)  # noqa: E731
    at.date_input(key=k("start")).set_value(dt.date(2024, 12, 2))
    at.date_input(key=k("end")).set_value(dt.date(2024, 12, 3))
    at.selectbox(key=k("precision")).set_value("day")
    at.selectbox(key=k("basis")).set_value("inferred")
    at.selectbox(key=k("kind")).set_value("visit")
    at.multiselect(key=k("topics")).set_value(["diplomacy"])
    at.multiselect(key=k("countries")).set_value(["MLI", "RUS"])
    at.multiselect(key=k("places")).set_value([])
    at.text_input(key=k("title")).input(HOSTILE)
    click(at, CONFERENCE, "apply")
    assert not any("<script>" in e.label for e in at.expander)  # the title stays text
    save(at)
    event = next(e for e in saved(corpus).events if e.id == CONFERENCE)
    assert (event.date.start, event.date.end) == (dt.date(2024, 12, 2), dt.date(2024, 12, 3))
    assert (event.date.precision, event.date.basis, event.kind) == ("day", "inferred", "visit")
    assert (event.topics, event.countries, event.place_ids) == (["diplomacy"], ["MLI", "RUS"], [])
    assert event.title == HOSTILE


def test_an_invalid_date_is_refused_with_a_sentence_and_nothing_changes(corpus):
    import datetime as dt

    at = review()
    k = lambda field: key(at, CONFERENCE, field)  # noqa: E731
    at.date_input(key=k("start")).set_value(dt.date(2024, 12, 5))
    at.date_input(key=k("end")).set_value(dt.date(2024, 12, 1))
    click(at, CONFERENCE, "apply")
    assert "Not changed:" in messages(at)
    assert "before start date" in messages(at)
    assert pending(at).changes == ()


# --- actors and places ----------------------------------------------------------------------


def test_deleting_a_false_person_unattributes_their_quotes(corpus):
    at = review()
    click(at, GROMYKO, "delete")
    save(at)
    record = saved(corpus)
    assert GROMYKO not in {a.id for a in record.actors}
    assert all(q.speaker_id != GROMYKO for q in record.quotes)
    assert quote(record).needs_review


def test_deleting_a_false_place(corpus):
    record = saved(corpus)
    place = record.places[0].id
    at = review()
    click(at, place, "delete")
    save(at)
    assert place not in {p.id for p in saved(corpus).places}


def test_hostile_text_in_an_actor_is_stored_and_shown_as_text(corpus):
    at = review()
    at.text_input(key=key(at, GROMYKO, "name")).input(HOSTILE)
    at.text_input(key=key(at, GROMYKO, "role")).input(HOSTILE)
    click(at, GROMYKO, "apply")
    save(at)
    actor = next(a for a in saved(corpus).actors if a.id == GROMYKO)
    assert (actor.name, actor.role) == (HOSTILE, HOSTILE)
    labels = [e.label for e in at.expander]
    assert any(
        "\\<script\\>alert\\(1\\)\\</script\\> \\*\\*gras\\*\\*" in label for label in labels
    )
    assert not any("<script>" in label for label in labels)


def test_an_actor_mention_is_added_from_the_selection(corpus):
    at = review()
    select(at, corpus, "Russie", after=400)
    click(at, RUSSIA, "mention")
    save(at)
    russia = next(a for a in saved(corpus).actors if a.id == RUSSIA)
    assert [m.start for m in russia.mentions] == [0, 280, text_of(corpus).index("Russie", 400),
                                                  2403]  # fmt: skip


# --- accept, status, saving -----------------------------------------------------------------


def test_accept_counts_an_item_as_checked(corpus):
    at = review()
    click(at, CONFERENCE, "accept")
    assert [(c.op, c.item) for c in pending(at).changes] == [("accept", CONFERENCE)]
    save(at)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("app_pages/review.py").run()
    assert "27 left to check" in all_markdown(at)


def test_mark_reviewed_then_reopen(corpus):
    at = review()
    click(at, "status")
    record = saved(corpus)
    assert (record.article.status, record.article.reviewed_by) == ("reviewed", "Analyst A")
    assert "reviewed" in all_markdown(at) and "by Analyst A on" in all_markdown(at)
    click(at, "status")  # Reopen as a draft
    record = saved(corpus)
    assert (record.article.status, record.article.reviewed_by) == ("draft", None)


def test_saving_needs_a_name_in_open_mode(corpus):
    at = review(name=None)
    quote_form(at, mode="direct")
    save(at)
    assert "Type your name" in messages(at)
    assert saved(corpus).version == 0
    assert len(pending(at).changes) == 1
    at.text_input(key=state.REVIEWER_INPUT).input(HOSTILE).run()
    save(at)
    assert read_history(corpus, SEED)[-1].by == HOSTILE


def test_a_stale_save_is_refused_and_the_pending_change_kept(corpus):
    at = review()
    quote_form(at, mode="direct")
    someone_else_saves(corpus)
    save(at)
    shown = messages(at)
    assert "Not saved:" in shown and "version 1 by Analyst B" in shown
    assert [c.item for c in pending(at).changes] == [QUOTE]
    assert "Unsaved changes (1)" in all_markdown(at)
    assert quote(saved(corpus)).mode == "indirect"  # nothing of ours was written
    click(at, "discard")
    assert pending(at).base_version == 1 and pending(at).changes == ()


# --- merge, split, link ---------------------------------------------------------------------

AID = "evt:gromyko-reaffirms-military-aid"
TALKS = "evt:russia-aes-defence-cooperation-talks"


def test_merge_two_events(corpus):
    at = review()
    evidence = [e for e in saved(corpus).events if e.id in (AID, TALKS)]
    at.selectbox(key=key(at, AID, "merge")).set_value(TALKS)
    click(at, AID, "merge-go")
    save(at)
    events = {e.id: e for e in saved(corpus).events}
    assert TALKS not in events
    assert len(events[AID].evidence) == sum(len(e.evidence) for e in evidence)


def test_split_an_event(corpus):
    at = review()
    second = next(e for e in saved(corpus).events if e.id == AID).evidence[1]
    at.multiselect(key=key(at, AID, "split")).set_value([1])
    click(at, AID, "split-go")
    save(at)
    events = saved(corpus).events
    assert [v.start for e in events if e.id == AID for v in e.evidence] != [second.start]
    [new] = [e for e in events if second in e.evidence]
    assert new.id != AID and new.evidence == [second]


def test_link_an_actor_to_its_knowledge_base_entry(corpus):
    at = review()
    select(at, corpus, "Sputnik")
    at.text_input(key=key(at, "add", "actor-name")).input("Agence Sputnik")
    click(at, "add", "actor-go")
    [local] = [c.item for c in pending(at).changes]
    assert local != "act:sputnik"
    at.selectbox(key=key(at, local, "kb")).set_value("act:sputnik")
    click(at, local, "link")
    save(at)
    actors = {a.id: a for a in saved(corpus).actors}
    assert local not in actors
    assert (actors["act:sputnik"].name, actors["act:sputnik"].kind) == ("Sputnik", "organization")


# --- what the other pages show --------------------------------------------------------------


def test_article_page_and_quotes_panel_show_the_review_and_the_history(corpus):
    at = review(name="Analyst <A>")
    quote_form(at, speaker=NOVAK)
    save(at)
    click(at, "status")  # Mark reviewed
    on = ENGLISH.date(saved(corpus).article.reviewed_at.date())  # "Nov 26, 2026", in UTC
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    captions = "\n".join(c.value for c in at.caption).replace("\\", "")
    assert f"reviewed by Analyst <A> on {on}" in captions
    assert "Alexandre Novak" in [b.label for b in at.button]  # the speaker's link
    at.query_params["article"] = SEED
    at.switch_page("app_pages/article.py").run()
    assert not at.exception
    text = all_markdown(at)
    assert f"green-badge[reviewed by Analyst <A> on {on}]" in text
    assert "11 events, 5 quotes, 8 actors, 4 places" in text
    [history] = [e for e in at.expander if e.label.startswith("History")]
    assert history.label == "History (3 change(s))"
    blocks = history.code[0].value.split("\n\n")  # newest first
    assert blocks[0].startswith("version 2 · 20") and f"Analyst <A> · status {SEED}" in blocks[0]
    assert 'status: "draft" → "reviewed"' in blocks[0]
    assert f"Analyst <A> · edit {QUOTE}" in blocks[2]
    assert f'speaker_id: "{GROMYKO}" → "{NOVAK}"' in blocks[2]
    assert blocks[3].startswith("version 0") and " · draft " in blocks[3]


def test_another_editors_save_shows_at_once_while_nothing_is_pending(corpus):
    at = review()
    assert "saved version 0" in all_markdown(at)
    someone_else_saves(corpus)
    at.run()
    assert "saved version 1" in all_markdown(at)
    assert next(e for e in pending(at).record.events if e.id == CONFERENCE).kind == "visit"


def test_an_earlier_version_is_restored_as_a_new_one(corpus):
    at = review()
    quote_form(at, mode="direct")
    save(at)
    assert quote(saved(corpus)).mode == "direct"
    at.selectbox(key=key(at, "restore")).set_value(0)
    click(at, "restore-go")
    assert "Version 0 restored as version 2." in messages(at)
    record = saved(corpus)
    assert (quote(record).mode, record.version) == ("indirect", 2)
    assert [e.op for e in read_history(corpus, SEED)][-1] == "restore"
