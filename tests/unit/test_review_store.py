"""A reviewed record in the store (issue 12): who reviewed it and when reach the quotes panel;
the history beside the record is never compiled as a record."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sahelwatch.filters import Filter
from sahelwatch.review import load_for_review, mark_reviewed, save_review
from sahelwatch.storage import HISTORY_JSONL
from sahelwatch.store import Store
from tests.unit.review_corpus import ARTICLE, make_draft

AT = dt.datetime(2026, 11, 26, 14, 5, tzinfo=dt.UTC)
IN_STORE = pd.Timestamp("2026-11-26 14:05")  # UTC, kept without its zone like every time


def test_the_quotes_carry_who_reviewed_their_record_and_when(mini_corpus, tmp_path):
    make_draft(mini_corpus)
    draft_quotes = Store.open(mini_corpus, tmp_path / "store").quotes(Filter())
    assert draft_quotes[["reviewed_by", "reviewed_at"]].isna().all().all()
    loaded = load_for_review(mini_corpus, ARTICLE)
    edit = mark_reviewed(loaded.record, "<b>Ana</b>", AT)
    save_review(mini_corpus, ARTICLE, edit.record, edit.changes, by="<b>Ana</b>", base_version=0)
    store = Store.open(mini_corpus, tmp_path / "store")
    assert store.report.problems == []
    (quote,) = store.quotes(Filter()).to_dict("records")
    assert (quote["status"], quote["reviewed_by"]) == ("reviewed", "<b>Ana</b>")
    assert quote["reviewed_at"] == IN_STORE
    (article,) = store.articles().to_dict("records")
    assert (article["reviewed_by"], article["reviewed_at"]) == ("<b>Ana</b>", IN_STORE)


def test_the_history_is_not_compiled_as_a_record(mini_corpus, tmp_path):
    """Its first line holds a whole record with the same ids: read as a record it would clash
    with record.json; a broken line would be a problem."""
    make_draft(mini_corpus)
    loaded = load_for_review(mini_corpus, ARTICLE)
    edit = mark_reviewed(loaded.record, "ana", AT)
    save_review(mini_corpus, ARTICLE, edit.record, edit.changes, by="ana", base_version=0)
    history = mini_corpus / "articles" / ARTICLE / HISTORY_JSONL
    with history.open("ab") as file:
        file.write(b"{not json\n")
    report = Store.open(mini_corpus, tmp_path / "store").report
    assert (report.articles, report.problems) == (1, [])
