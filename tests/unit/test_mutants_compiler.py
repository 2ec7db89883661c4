"""The store compile on small hand-made corpora, written to kill mutants of
`sahelwatch/compiler.py` that the synthetic-corpus tests let live (issue 10)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest

from sahelwatch.compiler import (
    CompileReport,
    compile_store,
    corpus_stamp,
    default_store_dir,
    frames_from_store,
    table_files,
)
from sahelwatch.filters import Filter
from sahelwatch.store import Store
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
    write_article(data, "second-article", second_events, actors=[SPEAKER], quotes=second_quotes)
    report = compile_store(data, store_dir)
    assert not report.full
    assert report.rebuilt == ["second-article"]
    assert [(p.file, p.message) for p in report.problems] == [
        (
            "articles/second-article/record.json",
            f"duplicate id {clash!r} (also in articles/first-article/record.json, also reviewed "
            "and first by article id)",
        )
    ]
    assert report.articles == 1
    store = Store.open(data, store_dir)
    assert list(store.articles()["article_id"]) == ["first-article"]
    assert list(store.events(Filter())["event_id"]) == ["evt:shared"]
    # The clash is still reported by the next compile, which has nothing to rebuild.
    again = compile_store(data, store_dir)
    assert (again.rebuilt, again.articles) == ([], 1)
    assert [p.file for p in again.problems] == ["articles/second-article/record.json"]


def _aged(data: Path) -> None:
    """Date every file of the corpus an hour back, so a compile may trust their stat."""
    then = time.time() - 3600
    for path in data.rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


@pytest.fixture
def two_articles(tmp_path):
    data = new_corpus(tmp_path / "data")
    write_article(data, "first-article", [event("evt:first", "Une phrase.", topics=["energy"])])
    write_article(data, "second-article", [event("evt:second", "Une autre.")])
    _aged(data)
    return data


EVENT_COLUMNS = [
    "event_id", "article_id", "title", "summary", "kind", "date_start", "date_end",
    "date_precision", "date_basis", "geo_precision", "place_ids", "place_names", "lat", "lon",
    "countries", "actor_ids", "topics", "source_ids", "source_kinds", "status", "synthetic",
]  # fmt: skip


def test_tables_keep_their_columns_through_an_incremental_compile(two_articles, tmp_path):
    store_dir = tmp_path / "store"
    Store.open(two_articles, store_dir)  # published, then updated in a copy below
    write_article(two_articles, "first-article", [event("evt:first", "Une phrase changée.")])
    report = compile_store(two_articles, store_dir)
    assert report.rebuilt == ["first-article"]
    events = Store.open(two_articles, store_dir).events(Filter())
    assert list(events.columns) == [*EVENT_COLUMNS, "story_id"]  # the store adds its story
    assert list(events["event_id"]) == ["evt:first", "evt:second"]
    stored = frames_from_store(store_dir).events
    assert list(stored.columns) == EVENT_COLUMNS
    assert str(stored["date_start"].dtype) == "datetime64[ns]"


def test_an_empty_corpus_gives_an_empty_store_that_answers(tmp_path):
    data = new_corpus(tmp_path / "data")
    store = Store.open(data, tmp_path / "store")
    assert store.count_events(Filter(topics=("energy",), q="x")) == 0
    assert store.facet_counts(Filter(), "topics").empty
    assert store.date_bounds() == (None, None)
    assert store.report.articles == 0
    assert list(frames_from_store(tmp_path / "store").events.columns) == EVENT_COLUMNS


def test_a_compile_with_nothing_to_do_writes_nothing(two_articles, tmp_path):
    store_dir = tmp_path / "store"
    assert compile_store(two_articles, store_dir).full
    before = {p.name: p.stat().st_mtime_ns for p in store_dir.iterdir()}
    again = compile_store(two_articles, store_dir)
    assert (again.changed, again.full, again.rebuilt, again.removed) == (False, False, [], [])
    assert again.articles == 2
    assert {p.name: p.stat().st_mtime_ns for p in store_dir.iterdir()} == before


def test_compile_report_changed():
    assert not CompileReport(Path("s"), 0).changed
    assert CompileReport(Path("s"), 0, full=True).changed
    assert CompileReport(Path("s"), 0, rebuilt=["a"]).changed
    assert CompileReport(Path("s"), 0, removed=["a"]).changed


def test_a_changed_taxonomy_checks_every_record_again(two_articles, tmp_path):
    store_dir = tmp_path / "store"
    compile_store(two_articles, store_dir)
    topics = two_articles / "topics.yaml"
    text = topics.read_text("utf-8")
    start = text.index("  - id: energy")
    end = text.index("  - id: information")
    topics.write_text(text[:start] + text[end:], "utf-8")
    report = compile_store(two_articles, store_dir)
    assert report.full
    assert report.rebuilt == ["first-article", "second-article"]
    assert [(p.path, p.message.split(" (")[0]) for p in report.problems] == [
        ("events[0].topics[0]", "unknown topic 'energy'")
    ]
    assert list(Store.open(two_articles, store_dir).events(Filter())["event_id"]) == ["evt:second"]


def test_a_folder_missing_its_record_is_reported_then_served_once_fixed(two_articles, tmp_path):
    store_dir = tmp_path / "store"
    record = two_articles / "articles" / "second-article" / "record.json"
    content = record.read_bytes()
    record.unlink()
    report = compile_store(two_articles, store_dir)
    assert [(Path(p.file).name, p.message) for p in report.problems] == [
        ("second-article", "missing file record.json")
    ]
    assert report.articles == 1
    record.write_bytes(content)
    fixed = compile_store(two_articles, store_dir)
    assert (fixed.rebuilt, fixed.problems, fixed.articles) == (["second-article"], [], 2)


def test_the_store_folder_is_created_with_its_parents(two_articles, tmp_path):
    report = compile_store(two_articles, tmp_path / "a" / "b" / "store")
    assert report.store_dir == tmp_path / "a" / "b" / "store"
    assert table_files(report.store_dir, "events")


def test_without_a_store_folder_the_configured_one_is_used(two_articles, tmp_path, monkeypatch):
    monkeypatch.setenv("SAHELWATCH_STORE", str(tmp_path / "configured"))
    assert compile_store(two_articles).store_dir == tmp_path / "configured"
    assert default_store_dir(two_articles) == tmp_path / "configured"
    monkeypatch.delenv("SAHELWATCH_STORE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert compile_store(two_articles).store_dir == default_store_dir(two_articles)
    assert default_store_dir(two_articles).parent == tmp_path / "cache" / "sahelwatch"


def test_the_default_store_folder_is_a_user_cache_per_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SAHELWATCH_STORE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = default_store_dir(tmp_path / "one")
    assert first.parent == tmp_path / "cache" / "sahelwatch"
    assert default_store_dir(tmp_path / "one") == first
    assert default_store_dir(tmp_path / "x" / ".." / "one") == first
    assert default_store_dir(tmp_path / "two") != first
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_store_dir(tmp_path / "one") == tmp_path / "home" / ".cache" / "sahelwatch" / (
        first.name
    )


def test_an_unwritable_cache_falls_back_to_the_temporary_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SAHELWATCH_STORE", raising=False)
    (tmp_path / "not-a-folder").write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    store_dir = default_store_dir(tmp_path / "one")
    assert store_dir.parent == tmp_path / "tmp" / "sahelwatch"


def test_the_corpus_stamp_of_a_folder_without_articles(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "topics.yaml").write_text("topics: []\n")
    stamp = corpus_stamp(data)
    (data / "articles").mkdir()
    (data / "articles" / "one").mkdir()
    assert corpus_stamp(data) != stamp
