"""The store's tables as folders of Parquet parts (issue 14): a full compile writes one part a
batch of article folders, an incremental one rewrites only the parts that held or take the
changed articles, and either keeps what compiling everything in one batch keeps."""

from __future__ import annotations

import json
import shutil

import pytest

from sahelwatch import compiler
from sahelwatch.compiler import SCHEMAS, compile_store, frames_from_store, table_files
from tests.unit.mutants_corpus import event, new_corpus, write_article

NAMES = [f"a-{n:02d}" for n in range(10)]  # in parts of 4: a-00..a-03, a-04..a-07, a-08, a-09


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """Ten articles of one event each, compiled in parts of four (three batches, so a full
    compile runs them in worker processes)."""
    monkeypatch.setattr(compiler, "PART_ARTICLES", 4)
    data = new_corpus(tmp_path / "data")
    for name in NAMES:
        write_article(data, name, [event(f"evt:{name}", f"Phrase de {name}.")])
    return data


def _rows(store_dir) -> dict[str, list[tuple]]:
    """Every table's rows, in a stable order, as plain values."""
    frames = frames_from_store(store_dir)
    return {
        name: sorted(json.dumps(row, default=str, sort_keys=True)
                     for row in frame.astype(object).to_dict("records"))
        for name, frame in frames.items()
    }  # fmt: skip


def _in_one_batch(data, store_dir, monkeypatch) -> dict[str, list[tuple]]:
    """The rows of a full compile of `data` in one batch."""
    monkeypatch.setattr(compiler, "PART_ARTICLES", 1000)
    compile_store(data, store_dir)
    monkeypatch.setattr(compiler, "PART_ARTICLES", 4)
    return _rows(store_dir)


def _identities(store_dir) -> dict[str, tuple[int, int]]:
    """Each part file's inode and modification time: a rewritten file changes both."""
    return {
        f"{name}/{path.name}": (path.stat().st_ino, path.stat().st_mtime_ns)
        for name in SCHEMAS
        for path in table_files(store_dir, name)
    }


def _rewritten(before: dict, after: dict) -> set[str]:
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def test_a_full_compile_writes_a_part_a_batch_and_keeps_what_one_batch_keeps(
    corpus, tmp_path, monkeypatch
):
    report = compile_store(corpus, tmp_path / "store")
    assert report.full and report.articles == 10
    for name in SCHEMAS:
        assert [p.name for p in table_files(tmp_path / "store", name)] == [
            "part-000000.parquet", "part-000001.parquet", "part-000002.parquet"
        ]  # fmt: skip
    assert _rows(tmp_path / "store") == _in_one_batch(corpus, tmp_path / "one", monkeypatch)


def test_an_edit_rewrites_only_the_part_that_holds_the_article(corpus, tmp_path, monkeypatch):
    store_dir = tmp_path / "store"
    compile_store(corpus, store_dir)
    before = _identities(store_dir)
    shutil.rmtree(corpus / "articles" / "a-05")
    write_article(corpus, "a-05", [event("evt:a-05", "Phrase changée.", title="Changé")])
    report = compile_store(corpus, store_dir)
    assert (report.rebuilt, report.full) == (["a-05"], False)
    assert _rewritten(before, _identities(store_dir)) == {
        f"{name}/part-000001.parquet" for name in SCHEMAS
    }
    events = frames_from_store(store_dir).events.set_index("event_id")
    assert events.loc["evt:a-05", "title"] == "Changé"
    assert _rows(store_dir) == _in_one_batch(corpus, tmp_path / "one", monkeypatch)


def test_a_removed_article_leaves_its_part_and_an_emptied_part_goes(corpus, tmp_path):
    store_dir = tmp_path / "store"
    compile_store(corpus, store_dir)
    before = _identities(store_dir)
    shutil.rmtree(corpus / "articles" / "a-09")
    report = compile_store(corpus, store_dir)
    assert (report.removed, report.articles) == (["a-09"], 9)
    assert _rewritten(before, _identities(store_dir)) == {
        f"{name}/part-000002.parquet" for name in SCHEMAS
    }
    assert "evt:a-09" not in set(frames_from_store(store_dir).events["event_id"])
    shutil.rmtree(corpus / "articles" / "a-08")
    assert compile_store(corpus, store_dir).articles == 8
    assert len(table_files(store_dir, "events")) == 2
    assert len(frames_from_store(store_dir).events) == 8


def test_parts_left_less_than_half_full_are_merged(corpus, tmp_path, monkeypatch):
    store_dir = tmp_path / "store"
    compile_store(corpus, store_dir)
    for name in ("a-00", "a-01", "a-02", "a-08"):
        shutil.rmtree(corpus / "articles" / name)
    assert compile_store(corpus, store_dir).articles == 6
    # Parts of 1, 4 and 1 articles: the two small ones become one.
    assert len(table_files(store_dir, "articles")) == 2
    assert _rows(store_dir) == _in_one_batch(corpus, tmp_path / "one", monkeypatch)


def test_new_articles_fill_the_last_part_then_open_new_ones(corpus, tmp_path, monkeypatch):
    store_dir = tmp_path / "store"
    compile_store(corpus, store_dir)
    for n in range(10, 16):
        write_article(corpus, f"a-{n}", [event(f"evt:a-{n}", f"Phrase de a-{n}.")])
    assert compile_store(corpus, store_dir).articles == 16
    assert len(table_files(store_dir, "events")) == 4
    assert _rows(store_dir) == _in_one_batch(corpus, tmp_path / "one", monkeypatch)


def _claim(data, name: str, status: str) -> None:
    """Rewrite article `name` so that it claims the event id `evt:shared`."""
    shutil.rmtree(data / "articles" / name)
    write_article(data, name, [event("evt:shared", f"Phrase de {name}.")], status=status)


def test_a_clash_between_records_of_different_batches(corpus, tmp_path, monkeypatch):
    _claim(corpus, "a-01", "draft")
    _claim(corpus, "a-09", "reviewed")
    store_dir = tmp_path / "store"
    report = compile_store(corpus, store_dir)
    assert report.articles == 9
    assert [(p.file, p.path) for p in report.problems] == [
        ("articles/a-01/record.json", "events[0].id")
    ]
    events = frames_from_store(store_dir).events
    assert events.loc[events["event_id"] == "evt:shared", "article_id"].tolist() == ["a-09"]
    assert _rows(store_dir) == _in_one_batch(corpus, tmp_path / "one", monkeypatch)
    # The winner turned draft: both drafts, the first by id wins, on an incremental compile too.
    _claim(corpus, "a-09", "draft")
    report = compile_store(corpus, store_dir)
    assert not report.full
    assert [(p.file, p.path) for p in report.problems] == [
        ("articles/a-09/record.json", "events[0].id")
    ]
    assert _rows(store_dir) == _in_one_batch(corpus, tmp_path / "one", monkeypatch)
