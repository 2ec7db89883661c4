"""Published store versions: built aside and switched atomically, updated in a copy for small
changes with the same content as a build from scratch, read by many readers, pruned; and the
watcher that keeps an app on the latest one."""

from __future__ import annotations

import json
import shutil
import threading
import time

import pytest

from sahelwatch import published, watch
from sahelwatch.filters import Filter
from sahelwatch.store import Store
from sahelwatch.synth import write_corpus
from sahelwatch.watch import CorpusWatcher
from tests.conftest import SEED_DATA, wait_for

TABLES = ("articles", "events", "evidence", "quotes", "actors", "places", "sources", "actor",
          "actor_reviewed", "place", "place_reviewed", "source", "source_reviewed",
          "event_search", "stories", "story_events", "facet_bits", "facet_totals")  # fmt: skip


@pytest.fixture
def synthetic(tmp_path):
    folder = tmp_path / "synthetic"
    write_corpus(folder, 300, taxonomy_from=SEED_DATA)
    return folder


def _contents(store: Store) -> dict:
    return {
        t: json.loads(
            store.sql(f"SELECT * FROM {t} ORDER BY ALL").to_json(
                orient="records", date_format="iso"
            )
        )
        for t in TABLES
    }


def _edit(data_dir, name: str, change) -> None:
    path = data_dir / "articles" / name / "record.json"
    record = json.loads(path.read_text("utf-8"))
    change(record)
    path.write_text(json.dumps(record, ensure_ascii=False), "utf-8")


def _articles(data_dir) -> list[str]:
    return sorted(p.name for p in (data_dir / "articles").iterdir())


def test_a_version_is_published_and_named_current(synthetic, tmp_path):
    store_dir = tmp_path / "store"
    store = Store.open(synthetic, store_dir)
    assert store.version == published.current_version(store_dir) == 1
    assert (store_dir / "CURRENT").read_text() == "1\n"
    assert published.database_path(store_dir, 1).is_file()
    assert store.report.articles == len(_articles(synthetic))
    assert published.is_current(store_dir, store.report)
    assert Store.open(synthetic, store_dir).version == 1  # nothing changed: nothing published


def test_a_small_change_updates_a_copy_to_what_a_fresh_build_holds(
    synthetic, tmp_path, monkeypatch
):
    store_dir = tmp_path / "store"
    Store.open(synthetic, store_dir)
    # The stories the compile regrouped are replaced, not whole tables read again.
    whole_reads = []
    monkeypatch.setattr(published, "_load_stories", lambda *a: whole_reads.append(a))
    first, second, third = _articles(synthetic)[:3]

    def rename_and_review(record):
        record["actors"][0]["name"] = "Un nom changé"
        record["events"][0]["summary"] = "Résumé changé"

    _edit(synthetic, first, rename_and_review)
    _edit(synthetic, second, lambda r: r.update(status="reviewed"))
    shutil.move(synthetic / "articles" / third, tmp_path / "kept-aside")
    updated = Store.open(synthetic, store_dir)
    assert updated.version == 2
    assert whole_reads == []
    monkeypatch.undo()
    summary = published.current_summary(store_dir)
    assert (
        summary.fresh_size == published.Summary.read(published.version_dir(store_dir, 1)).fresh_size
    )
    fresh = Store.open(synthetic, tmp_path / "fresh")
    assert _contents(updated) == _contents(fresh)
    assert updated.headline(Filter()) == fresh.headline(Filter())
    # The article comes back: added to a copy again.
    shutil.move(tmp_path / "kept-aside", synthetic / "articles" / third)
    again = Store.open(synthetic, store_dir)
    assert again.version == 3
    assert _contents(again) == _contents(Store.open(synthetic, tmp_path / "fresh-again"))


def test_a_copy_grown_past_its_limit_is_built_afresh(synthetic, tmp_path, monkeypatch):
    store_dir = tmp_path / "store"
    Store.open(synthetic, store_dir)
    updates = []
    monkeypatch.setattr(published, "_update", lambda *args: updates.append(args))
    monkeypatch.setattr(published, "_REBUILD_GROWTH", 0.5)  # every copy counts as grown
    _edit(synthetic, _articles(synthetic)[0], lambda r: r["events"][0].update(summary="Autre"))
    store = Store.open(synthetic, store_dir)
    assert (store.version, updates) == (2, [])
    assert "Autre" in set(store.events(Filter(include_drafts=True))["summary"])


def test_a_version_made_from_other_tables_is_not_copied(synthetic, tmp_path, monkeypatch):
    """A compile whose version was never published (a crash in between) leaves the current
    version behind the tables: the next one is built from scratch, not patched."""
    store_dir = tmp_path / "store"
    Store.open(synthetic, store_dir)
    from sahelwatch.compiler import compile_store

    _edit(synthetic, _articles(synthetic)[0], lambda r: r["events"][0].update(summary="Perdu"))
    compile_store(synthetic, store_dir)  # compiled, not published
    _edit(synthetic, _articles(synthetic)[1], lambda r: r["events"][0].update(summary="Suivant"))
    updates = []
    monkeypatch.setattr(published, "_update", lambda *args: updates.append(args))
    store = Store.open(synthetic, store_dir)
    assert updates == []
    summaries = set(store.events(Filter(include_drafts=True))["summary"])
    assert {"Perdu", "Suivant"} <= summaries


def test_an_editors_decision_alone_publishes_a_new_version(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SEED_DATA, data)
    store_dir = tmp_path / "store"
    Store.open(data, store_dir)
    (data / "stories.yaml").write_text("decisions: []\n# touched\n", "utf-8")
    assert Store.open(data, store_dir).version == 2


def test_a_failed_build_keeps_the_current_version_and_leaves_nothing(
    synthetic, tmp_path, monkeypatch
):
    store_dir = tmp_path / "store"
    Store.open(synthetic, store_dir)
    _edit(
        synthetic, _articles(synthetic)[0], lambda r: r["events"][0].update(summary="Jamais publié")
    )

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(published, "_update", disk_full)
    with pytest.raises(OSError):
        Store.open(synthetic, store_dir)
    assert published.current_version(store_dir) == 1
    assert sorted(p.name for p in (store_dir / "versions").iterdir()) == ["1"]
    shown = Store.current(synthetic, store_dir).events(Filter(include_drafts=True))["summary"]
    assert "Jamais publié" not in set(shown)


def test_readers_only_ever_open_complete_versions(synthetic, tmp_path):
    store_dir = tmp_path / "store"
    Store.open(synthetic, store_dir)
    seen, errors, done = [], [], threading.Event()

    def read():
        while not done.is_set():
            try:
                store = Store.current(synthetic, store_dir)
                articles = store.report.articles
                assert len(store.articles()) == articles
                assert store.headline(Filter(include_drafts=True))["articles"] <= articles
                seen.append(store.version)
                store.close()
            except Exception as error:  # collected: the test fails below
                errors.append(error)

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    names = _articles(synthetic)
    for step in range(6):
        if step % 2:
            shutil.move(synthetic / "articles" / names[step], tmp_path / f"aside-{step}")
        else:
            _edit(synthetic, names[step], lambda r, s=step: r["events"][0].update(summary=f"S{s}"))
        Store.open(synthetic, store_dir)
    wait_for(lambda: max(seen, default=0) == 7, what="a reader to open the last version")
    done.set()
    for reader in readers:
        reader.join()
    assert errors == []
    assert set(seen) <= set(range(1, 8))


def test_old_versions_go_once_newer_ones_served_long_enough(synthetic, tmp_path, monkeypatch):
    store_dir = tmp_path / "store"
    Store.open(synthetic, store_dir)
    for step in range(4):
        _edit(
            synthetic,
            _articles(synthetic)[step],
            lambda r, s=step: r["events"][0].update(summary=f"T{s}"),
        )
        Store.open(synthetic, store_dir)
    # Replaced less than GRACE_S ago: a reader that just read CURRENT may still open it.
    assert sorted(published._version_numbers(store_dir)) == [1, 2, 3, 4, 5]
    monkeypatch.setattr(published, "GRACE_S", 0.0)
    _edit(synthetic, _articles(synthetic)[5], lambda r: r["events"][0].update(summary="Dernier"))
    Store.open(synthetic, store_dir)
    assert sorted(published._version_numbers(store_dir)) == [4, 5, 6]


def test_the_watcher_publishes_a_change_without_being_asked(synthetic, tmp_path):
    store_dir = tmp_path / "store"
    watcher = CorpusWatcher(synthetic, store_dir, interval=0.05)
    assert watcher.version is None
    assert watcher.check_now(force=True) == 1
    follower = CorpusWatcher(synthetic, store_dir, mode="follow", interval=0.05)
    watcher.start()
    follower.start()
    try:
        _edit(synthetic, _articles(synthetic)[0], lambda r: r["events"][0].update(summary="Vu"))
        wait_for(lambda: watcher.version == 2, what="the watcher to publish version 2")
        wait_for(lambda: follower.version == 2, what="the follower to follow it")
        shown = Store(synthetic, store_dir, 2).events(Filter(include_drafts=True))["summary"]
        assert "Vu" in set(shown)
    finally:
        watcher.stop()
        follower.stop()
    assert not watcher._thread.is_alive()


def test_a_follower_never_compiles(synthetic, tmp_path):
    follower = CorpusWatcher(synthetic, tmp_path / "store", mode="follow")
    assert follower.check_now() is None
    assert not (tmp_path / "store" / "CURRENT").exists()
    with pytest.raises(ValueError, match="unknown watch mode"):
        CorpusWatcher(synthetic, tmp_path / "store", mode="poll")


def test_a_failed_check_is_kept_and_the_next_one_tries_again(synthetic, tmp_path, monkeypatch):
    watcher = CorpusWatcher(synthetic, tmp_path / "store", interval=0.02)
    calls = []

    def flaky(data_dir, store_dir):
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise OSError("disk full")
        return None, 7

    monkeypatch.setattr(published, "compile_and_publish", flaky)
    watcher.start()
    try:
        wait_for(lambda: watcher.version == 7, what="the second check to succeed")
    finally:
        watcher.stop()
    assert watcher.last_error is None
    assert len(calls) >= 2


def test_the_watcher_waits_twice_its_look_at_the_corpus_whatever_a_compile_takes(
    synthetic, tmp_path, monkeypatch
):
    clock = iter([0.0, 3.0, 10.0, 13.0, 20.0, 23.0])  # each look at the corpus takes 3 s
    monkeypatch.setattr(watch, "monotonic", lambda: next(clock))
    monkeypatch.setattr(published, "compile_and_publish", lambda data, store: (None, 1))
    watcher = CorpusWatcher(synthetic, tmp_path / "store", interval=1.0)
    waits = []

    class Stopper:
        def wait(self, timeout):
            waits.append(timeout)
            return len(waits) > 2

    watcher.stopped = Stopper()
    watcher.run()
    assert waits == [1.0, 6.0, 6.0]
