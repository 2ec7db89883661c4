"""The store compile on small hand-made corpora, written to kill mutants of
`sahelwatch/store.py` that the synthetic-corpus tests let live (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahelwatch.filters import Filter
from sahelwatch.query import Store
from sahelwatch.store import compile_store
from tests.unit.mutants_corpus import event, new_corpus, write_article

SPEAKER = {"id": "act:ivanov", "name": "Ivanov", "kind": "person"}


def _quote(quote_id: str, event_id: str) -> dict:
    return {"id": quote_id, "speaker_id": "act:ivanov", "text": f"Citation {quote_id}",
            "event_id": event_id}  # fmt: skip


@pytest.mark.parametrize(
    ("second_events", "second_quotes", "clash"),
    [
        ([event("evt:shared", "Une autre phrase.")], [], "evt:shared"),
        ([event("evt:second", "Une autre phrase.")], [_quote("q:shared", "evt:second")],
         "q:shared"),
    ],
)  # fmt: skip
def test_an_id_clash_added_in_an_incremental_compile_is_reported_and_left_out(
    tmp_path, second_events, second_quotes, clash
):
    data = new_corpus(tmp_path / "data")
    store_dir = tmp_path / "store"
    write_article(
        data, "first-article", [event("evt:shared", "Une phrase.")], actors=[SPEAKER],
        quotes=[_quote("q:shared", "evt:shared")],
    )  # fmt: skip
    assert compile_store(data, store_dir).problems == []
    second = write_article(
        data, "second-article", second_events, actors=[SPEAKER], quotes=second_quotes
    )
    report = compile_store(data, store_dir)
    assert not report.full
    assert report.rebuilt == ["second-article"]
    assert [(Path(p.file), p.message) for p in report.problems] == [
        (second / "record.json", f"duplicate id {clash!r} (also in another record)")
    ]
    assert report.articles == 1
    store = Store(data, report)
    assert list(store.articles()["article_id"]) == ["first-article"]
    assert list(store.events(Filter())["event_id"]) == ["evt:shared"]
    # The clash is still reported by the next compile, which has nothing to rebuild.
    again = compile_store(data, store_dir)
    assert (again.rebuilt, again.articles) == ([], 1)
    assert [Path(p.file) for p in again.problems] == [second / "record.json"]
