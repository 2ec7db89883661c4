"""The compiled store: rebuilt by content hash, and giving the same answers as the JSON
records it is compiled from."""

from __future__ import annotations

import datetime as dt
import json
import os
import time

import numpy as np
import pandas as pd
import pytest

from sahelwatch import compiler
from sahelwatch.compiler import compile_store, corpus_stamp, frames_from_store
from sahelwatch.corpus import Frames, frames_from_articles, load_corpus
from sahelwatch.filters import Filter
from sahelwatch.store import Store
from sahelwatch.synth import write_corpus
from tests.conftest import SEED_DATA


@pytest.fixture
def synthetic(tmp_path):
    folder = tmp_path / "synthetic"
    write_corpus(folder, 400, taxonomy_from=SEED_DATA)
    return folder


def _matches(events: pd.DataFrame, flt: Filter) -> pd.DataFrame:
    """The filter, written plainly in pandas over the frames from the JSON records."""
    keep = pd.Series(True, index=events.index)
    for column, wanted in (("topics", flt.topics), ("countries", flt.countries),
                           ("actor_ids", flt.actors), ("source_ids", flt.sources)):  # fmt: skip
        if wanted:
            keep &= events[column].map(lambda values, w=set(wanted): bool(w & set(values)))
    end = events["date_end"].fillna(events["date_start"])
    dated = events["date_start"].notna()
    in_range = dated.copy()
    if flt.date_from:
        in_range &= end >= pd.Timestamp(flt.date_from)
    if flt.date_to:
        in_range &= events["date_start"] <= pd.Timestamp(flt.date_to)
    keep &= in_range | (~dated if flt.include_undated else False)
    return events[keep]


FILTERS = [
    Filter(),
    Filter(topics=("energy",)),
    Filter(topics=("security", "economy"), countries=("NER",)),
    Filter(date_from=dt.date(2021, 1, 1), date_to=dt.date(2022, 6, 30)),
    Filter(date_from=dt.date(2021, 1, 1), include_undated=False),
    Filter(sources=("src:sputnik",), countries=("MLI", "BFA")),
    Filter(actors=("act:amadou-traore",)),
    # A value no record lists matches nothing, alone or beside one that some list.
    Filter(topics=("energy", "not-a-topic")),
    Filter(countries=("XXX",), sources=("src:sputnik",)),
    # More values than the query writes out one by one (it switches to `list_has_any`).
    Filter(
        actors=tuple(
            f"act:{first}-{last}"
            for first in ("aicha", "amadou", "awa")
            for last in ("coulibaly", "diallo", "keita", "maiga", "traore", "nope")
        )
    ),
]


@pytest.mark.parametrize("flt", FILTERS, ids=range(len(FILTERS)))
def test_store_queries_equal_the_json_records(synthetic, tmp_path, flt):
    events = frames_from_articles(load_corpus(synthetic).articles).events
    store = Store.open(synthetic, tmp_path / "store")
    expected = _matches(events, flt)
    assert store.count_events(flt) == len(expected)
    assert set(store.events(flt)["event_id"]) == set(expected["event_id"])
    # A country counts stories: the reports of one happening in several articles once.
    stories = store.sql("SELECT event_id, story_id FROM events")
    with_story = expected.merge(stories, on="event_id").explode("countries")
    by_country = with_story.groupby("countries")["story_id"].nunique().to_dict()
    got = store.country_counts(flt)
    assert dict(zip(got["country"], got["n"], strict=True)) == by_country
    bins = store.timeline_bins(flt)
    assert bins["n"].sum() == expected["topics"].map(lambda t: max(1, len(t))).sum()
    headline = store.headline(flt)
    assert headline["articles"] == expected["article_id"].nunique()


# Rows of each table are unique by these columns; the stored order need not be the frames'.
ROW_KEYS = {
    "articles": ["article_id"],
    "events": ["event_id"],
    "evidence": ["event_id", "start", "end"],
    "quotes": ["quote_id"],
    "actors": ["actor_id", "article_id"],
    "places": ["place_id", "article_id"],
    "sources": ["source_id", "article_id"],
}


def _comparable(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows sorted by their key; text and list cells as Python objects and times in ns
    (Parquet gives back Arrow-backed strings and arrays; pandas infers seconds from dates)."""
    frame = frame.sort_values(keys).reset_index(drop=True)
    times = frame.select_dtypes("datetime").columns
    frame[times] = frame[times].astype("datetime64[ns]")
    strings = frame.select_dtypes("string").columns
    frame[strings] = frame[strings].astype(object).where(frame[strings].notna(), None)
    for column in frame.select_dtypes(object).columns:
        frame[column] = frame[column].map(lambda v: list(v) if isinstance(v, np.ndarray) else v)
    return frame


def test_store_tables_round_trip_the_frames(synthetic, tmp_path):
    frames = frames_from_articles(load_corpus(synthetic).articles)
    report = compile_store(synthetic, tmp_path / "store")
    stored = frames_from_store(report.store_dir)
    assert sorted(ROW_KEYS) == sorted(Frames.TABLES)
    for name, frame in frames.items():
        assert len(frame), name  # the synthetic corpus fills every table
        pd.testing.assert_frame_equal(
            _comparable(getattr(stored, name), ROW_KEYS[name]),
            _comparable(frame, ROW_KEYS[name]),
            obj=name,
        )


def test_rebuilds_only_what_changed(synthetic, tmp_path):
    store_dir = tmp_path / "store"
    first = compile_store(synthetic, store_dir)
    assert first.full and first.articles == 80
    assert not compile_store(synthetic, store_dir).changed
    record = synthetic / "articles" / "synthetic-0000003" / "record.json"
    data = json.loads(record.read_text("utf-8"))
    data["events"][0]["title"] = "Changed title"
    record.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    second = compile_store(synthetic, store_dir)
    assert second.rebuilt == ["synthetic-0000003"] and not second.full
    store = Store.open(synthetic, store_dir)
    assert store.event("evt:synthetic-0000003-1")["title"] == "Changed title"
    assert store.count_events(Filter()) == 400


def _age(folder, seconds: float) -> None:
    """Date every file under `folder` back by `seconds`."""
    then = time.time() - seconds
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


def _retitle(record) -> None:
    """Change the first event's title in place, keeping the file's size."""
    text = record.read_text("utf-8")
    title = json.loads(text)["events"][0]["title"]
    record.write_text(text.replace(title, title.swapcase(), 1), "utf-8")


def test_an_incremental_rebuild_hashes_only_the_folders_whose_files_changed(
    synthetic, tmp_path, monkeypatch
):
    store_dir = tmp_path / "store"
    _age(synthetic, 3600)
    compile_store(synthetic, store_dir)
    hashed = []
    real = compiler.folder_fingerprint
    monkeypatch.setattr(compiler, "folder_fingerprint",
                        lambda folder: hashed.append(folder.name) or real(folder))  # fmt: skip
    _retitle(synthetic / "articles" / "synthetic-0000005" / "record.json")
    report = compile_store(synthetic, store_dir)
    assert report.rebuilt == ["synthetic-0000005"]
    assert hashed == ["synthetic-0000005"]
    # A folder only touched (same content, new time) is hashed once, found unchanged, and its
    # new time kept, so the next rebuild trusts it again.
    _age(synthetic, 3600)
    hashed.clear()
    assert not compile_store(synthetic, store_dir).changed
    assert len(hashed) == len(list((synthetic / "articles").iterdir()))
    hashed.clear()
    assert not compile_store(synthetic, store_dir).changed
    assert hashed == []


class _Clock:
    """The `time` module as the store sees it, with `time_ns` answering the given instants."""

    def __init__(self, *instants_ns: int):
        self._instants = iter(instants_ns)

    def time_ns(self) -> int:
        return next(self._instants)

    def __getattr__(self, name: str):
        return getattr(time, name)


def test_folders_written_just_before_a_compile_are_trusted_once_they_settle(
    synthetic, tmp_path, monkeypatch
):
    """A folder too fresh to trust at one compile is hashed at the next; that compile records
    it, so the one after trusts its stat instead of hashing it again every time."""
    written = time.time_ns()
    for path in synthetic.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(written, written))
    # The first compile starts half a second before the files were last written; the next ones
    # start well after the racy window, so the clock, not a wait, makes the folders settle.
    settled = written + compiler._RACY_NS + 1_000_000_000
    monkeypatch.setattr(compiler, "time",
                        _Clock(written - 500_000_000, settled, settled + 1))  # fmt: skip
    store_dir = tmp_path / "store"
    compile_store(synthetic, store_dir)
    hashed = []
    real = compiler.folder_fingerprint
    monkeypatch.setattr(compiler, "folder_fingerprint",
                        lambda folder: hashed.append(folder.name) or real(folder))  # fmt: skip
    assert not compile_store(synthetic, store_dir).changed
    assert len(hashed) == len(list((synthetic / "articles").iterdir()))
    hashed.clear()
    assert not compile_store(synthetic, store_dir).changed
    assert hashed == []


def test_a_same_size_edit_right_after_a_compile_is_still_seen(synthetic, tmp_path):
    """An edit within the same clock tick can keep a file's size and time; files written that
    close to a compile are compared by content next time."""
    store_dir = tmp_path / "store"
    compile_store(synthetic, store_dir)
    record = synthetic / "articles" / "synthetic-0000009" / "record.json"
    stat = record.stat()
    _retitle(record)
    os.utime(record, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert record.stat().st_size == stat.st_size
    assert compile_store(synthetic, store_dir).rebuilt == ["synthetic-0000009"]


def test_the_corpus_stamp_moves_with_any_record_file_and_the_taxonomy(synthetic):
    stamp = corpus_stamp(synthetic)
    assert corpus_stamp(synthetic) == stamp
    record = synthetic / "articles" / "synthetic-0000002" / "record.json"
    os.utime(record, ns=(record.stat().st_atime_ns, record.stat().st_mtime_ns + 1))
    edited = corpus_stamp(synthetic)
    assert edited != stamp
    (synthetic / "articles" / "synthetic-0000002" / "article.txt").unlink()
    broken = corpus_stamp(synthetic)
    assert broken != edited
    (synthetic / "articles" / "new-folder").mkdir()
    added = corpus_stamp(synthetic)
    assert added != broken
    topics = synthetic / "topics.yaml"
    topics.write_text(topics.read_text("utf-8") + "\n", "utf-8")
    assert corpus_stamp(synthetic) != added


def test_a_removed_folder_leaves_the_store(synthetic, tmp_path):
    store_dir = tmp_path / "store"
    compile_store(synthetic, store_dir)
    for path in (synthetic / "articles" / "synthetic-0000007").iterdir():
        path.unlink()
    (synthetic / "articles" / "synthetic-0000007").rmdir()
    report = compile_store(synthetic, store_dir)
    assert report.removed == ["synthetic-0000007"]
    assert Store.open(synthetic, store_dir).count_events(Filter()) == 395


def test_a_record_broken_while_running_is_reported_and_the_rest_served(synthetic, tmp_path):
    store_dir = tmp_path / "store"
    compile_store(synthetic, store_dir)
    broken = synthetic / "articles" / "synthetic-0000011" / "record.json"
    broken.write_text('{"schema_version": 1, "article": ', "utf-8")
    report = compile_store(synthetic, store_dir)
    assert [p.file for p in report.problems] == ["articles/synthetic-0000011/record.json"]
    assert "invalid JSON" in report.problems[0].message
    store = Store.open(synthetic, store_dir)
    assert store.count_events(Filter()) == 395
    assert store.event("evt:synthetic-0000011-1") is None


def test_a_changed_taxonomy_rebuilds_everything(synthetic, tmp_path):
    store_dir = tmp_path / "store"
    compile_store(synthetic, store_dir)
    topics = synthetic / "topics.yaml"
    topics.write_text(topics.read_text("utf-8") + "\n# edited\n", "utf-8")
    assert compile_store(synthetic, store_dir).full


def test_synthetic_records_are_marked_and_never_go_into_data(synthetic):
    articles = load_corpus(synthetic).articles
    assert all(a.record.article.synthetic for a in articles)
    assert all(a.record.article.title.startswith("[synthetic]") for a in articles)
    with pytest.raises(ValueError, match="never"):
        write_corpus(SEED_DATA, 10, taxonomy_from=SEED_DATA)


def test_each_marker_lists_its_first_five_events_earliest_first(synthetic, tmp_path):
    events = frames_from_articles(load_corpus(synthetic).articles).events
    store = Store.open(synthetic, tmp_path / "store")
    located = events[events["lat"].notna()].assign(undated=lambda f: f["date_start"].isna())
    ordered = located.sort_values(["undated", "date_start", "event_id"])
    expected = {
        spot: list(group["event_id"].head(5)) for spot, group in ordered.groupby(["lat", "lon"])
    }
    markers = store.place_markers(Filter())
    got = {(row.lat, row.lon): list(row.event_ids) for row in markers.itertuples()}
    assert got == expected
    assert list(markers["n"]) == sorted(markers["n"], reverse=True)
    assert markers["n"].sum() == len(located)


@pytest.mark.parametrize("flt", [Filter(), Filter(topics=("energy",))], ids=["all", "energy"])
def test_quotes_pages_follow_the_whole_list(synthetic, tmp_path, flt):
    """Pages (dated events, then undated ones) put together give the whole list in order."""
    store = Store.open(synthetic, tmp_path / "store")
    keys = ["date_start", "article_id", "start"]
    whole = store.quotes(flt)
    assert whole["date_start"].isna().any() and whole["date_start"].notna().any()
    pages = [store.quotes(flt, limit=7, offset=offset) for offset in range(0, len(whole), 7)]
    together = pd.concat(pages, ignore_index=True)
    assert together[keys].equals(whole[keys])
    assert set(together["quote_id"]) == set(whole["quote_id"])
