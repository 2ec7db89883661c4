"""`sahelwatch history ARTICLE_DIR` and `sahelwatch evaluate --reviewed DATA` (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest

from sahelwatch.cli import main
from sahelwatch.model import Record
from sahelwatch.review import (
    add_item,
    edit_item,
    load_for_review,
    mark_reviewed,
    read_history,
    save_draft,
    save_review,
)
from tests.unit.review_corpus import (
    ACTOR,
    ARTICLE,
    QUOTE,
    article_text,
    make_draft,
    span_of,
    topic_ids,
)

AT = dt.datetime(2026, 11, 26, 14, 30, tzinfo=dt.UTC)
WRONG = "act:delegation-russe"


def review(data, make, by="ana"):
    loaded = load_for_review(data, ARTICLE)
    edit = make(loaded.record, loaded.text, topic_ids(data))
    return save_review(data, ARTICLE, edit.record, edit.changes, by=by,
                       base_version=loaded.version, at=AT)  # fmt: skip


@pytest.fixture
def wrong_speaker(mini_corpus):
    """The mini article ingested as a draft that gives the quote to the Russian delegation,
    then reviewed: the quote given back to Ivanov."""
    record = Record.model_validate_json(make_draft(mini_corpus).read_bytes())
    text, topics = article_text(mini_corpus), topic_ids(mini_corpus)
    span = span_of(text, "délégation russe")
    record = add_item(record, text, topics, "actor", span,
                      {"name": "délégation russe", "kind": "organization"}).record  # fmt: skip
    record = edit_item(record, text, topics, QUOTE, {"speaker_id": WRONG}).record
    save_draft(mini_corpus, record, text, at=AT)
    review(mini_corpus, lambda r, t, top: edit_item(r, t, top, QUOTE, {"speaker_id": ACTOR}))
    review(mini_corpus, lambda r, t, top: mark_reviewed(r, "ana", AT))
    return mini_corpus


def score_line(out: str, field: str) -> list[float]:
    line = next(line for line in out.splitlines() if line.startswith(field))
    return [float(x) for x in line[len(field) :].split()]


def test_evaluate_reviewed_scores_the_original_draft_against_the_review(wrong_speaker, capsys):
    assert main(["evaluate", "--reviewed", str(wrong_speaker)]) == 0
    out = capsys.readouterr().out
    assert f"{ARTICLE}: original draft against the reviewed record" in out
    gold, draft, matched, *_, f1 = score_line(out, "quotes")
    assert (gold, draft, matched, f1) == (1, 1, 0, 0.0)  # the draft's speaker was wrong
    # what the review left alone matches: both records have the two actors and the place
    assert (score_line(out, "actors")[-1], score_line(out, "places")[-1]) == (1.0, 1.0)


def test_evaluate_reviewed_names_reviewed_records_without_a_draft(mini_corpus, capsys):
    assert main(["evaluate", "--reviewed", str(mini_corpus)]) == 2
    err = capsys.readouterr().err
    assert f"1 reviewed article(s) have no machine draft in their history: {ARTICLE}" in err
    assert "no reviewed article" in err


def test_history_prints_one_block_a_change_with_before_and_after(wrong_speaker, capsys):
    folder = wrong_speaker / "articles" / ARTICLE
    assert main(["history", str(folder)]) == 0
    out = capsys.readouterr().out
    blocks = out.strip().split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == [
        f"version 0 · 2026-11-26 14:30:00 UTC · sahelwatch ingest · draft {ARTICLE}",
        f"version 1 · 2026-11-26 14:30:00 UTC · ana · edit {QUOTE}",
        f"version 2 · 2026-11-26 14:30:00 UTC · ana · status {ARTICLE}",
    ]
    assert (
        blocks[0].splitlines()[1] == "    the whole record: 1 events, 1 quotes, 2 actors, 1 places"
    )
    assert blocks[1].splitlines()[1:] == [f'    speaker_id: "{WRONG}" → "{ACTOR}"']
    assert blocks[2].splitlines()[1:] == [
        '    status: "draft" → "reviewed"',
        '    reviewed_by: null → "ana"',
        '    reviewed_at: null → "2026-11-26T14:30:00Z"',
    ]


def test_history_shows_hostile_text_inert(mini_corpus, capsys):
    make_draft(mini_corpus)
    hostile = "\x1b[2J\u202e<script>x</script>"
    review(mini_corpus, lambda r, t, top: edit_item(r, t, top, QUOTE, {"text": hostile}),
           by=hostile)  # fmt: skip
    assert main(["history", str(mini_corpus / "articles" / ARTICLE)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert '→ "\\u001b[2J<script>x</script>"' in out
    assert read_history(mini_corpus, ARTICLE)[-1].by == hostile  # shown inert, stored as is


@pytest.mark.parametrize("where", ["articles", "articles/nowhere", "articles/../x"])
def test_history_refuses_what_is_not_an_article_folder(mini_corpus, capsys, where):
    assert main(["history", str(mini_corpus / where)]) == 2
    assert "is not an article folder" in capsys.readouterr().err


def test_history_of_an_article_never_reviewed(mini_corpus, capsys):
    assert main(["history", str(mini_corpus / "articles" / ARTICLE)]) == 0
    assert (
        capsys.readouterr().out
        == f"{ARTICLE}: no history yet (no review saved, not ingested since)\n"
    )


@pytest.mark.nlp
def test_ingest_into_a_corpus_writes_the_first_history_line(mini_corpus, tmp_path):
    source = tmp_path / "new.txt"
    source.write_text(article_text(mini_corpus), "utf-8")
    assert main(["ingest", str(source), "--id", "new-one", "--data", str(mini_corpus),
                 "--into", str(mini_corpus)]) == 0  # fmt: skip
    (line,) = read_history(mini_corpus, "new-one")
    assert (line.version, line.op, line.by) == (0, "draft", "sahelwatch ingest")
    saved = load_for_review(mini_corpus, "new-one").record
    assert Record.model_validate({**line.after, "version": 0}) == saved
