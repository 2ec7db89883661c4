"""Red team (issue 10): two compiles of one store take turns.

Compile A is held after writing its first table; meanwhile the record changes again and
compile B starts. With the lock, B waits for A and then compiles the newer record; without
it, B finished while A was held and A's late tables overwrote B's: the store mixed the two
versions (the articles table had B's title, the events table A's) until the next compile.
"""

from __future__ import annotations

import fcntl
import logging
import threading

import pytest

from sahelwatch import compiler
from sahelwatch.compiler import LOCK_FILE, compile_store, frames_from_store
from tests.redteam import ARTICLE, read_record, write_record


def _retitle(data, title: str) -> None:
    record = read_record(data)
    record["article"]["title"] = title
    record["events"][0]["title"] = title
    write_record(data, ARTICLE, record)


def test_two_compiles_of_one_store_take_turns(mini_corpus, tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.INFO, logger="sahelwatch.compiler")
    store_dir = tmp_path / "store"
    compile_store(mini_corpus, store_dir)
    a_wrote_a_table, b_waits_or_ended = threading.Event(), threading.Event()
    real_write = compiler._write_part

    def held_write(directory, part, tables):
        real_write(directory, part, tables)
        if threading.current_thread().name == "compile-a" and not a_wrote_a_table.is_set():
            a_wrote_a_table.set()
            assert b_waits_or_ended.wait(timeout=60), "compile B neither waited nor ended"

    real_wait = compiler._waiting_for_lock

    def noted_wait(directory):
        b_waits_or_ended.set()
        real_wait(directory)

    monkeypatch.setattr(compiler, "_write_part", held_write)
    monkeypatch.setattr(compiler, "_waiting_for_lock", noted_wait)
    failures = []

    def compile_in(name):
        try:
            compile_store(mini_corpus, store_dir)
        except BaseException as error:
            failures.append((name, error))
        finally:
            if name == "compile-b":
                b_waits_or_ended.set()

    _retitle(mini_corpus, "Version A")
    a = threading.Thread(target=compile_in, args=("compile-a",), name="compile-a")
    a.start()
    assert a_wrote_a_table.wait(timeout=60)
    _retitle(mini_corpus, "Version B, longer")
    b = threading.Thread(target=compile_in, args=("compile-b",), name="compile-b")
    b.start()
    a.join(timeout=60)
    b.join(timeout=60)
    assert failures == []
    frames = frames_from_store(store_dir)
    assert list(frames.articles["title"]) == ["Version B, longer"]
    assert list(frames.events["title"]) == ["Version B, longer"]
    # A script that logs sees why its compile paused.
    assert [r.getMessage() for r in caplog.records if r.name == "sahelwatch.compiler"] == [
        f"waiting for another compile of {store_dir} to finish"
    ]


def test_the_lock_is_held_while_a_compile_writes(mini_corpus, tmp_path, monkeypatch):
    store_dir = tmp_path / "store"
    seen = []
    real_write = compiler._write_part

    def probing_write(directory, part, tables):
        with open(directory / LOCK_FILE, "a") as probe, pytest.raises(BlockingIOError):
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        seen.extend(tables)
        real_write(directory, part, tables)

    monkeypatch.setattr(compiler, "_write_part", probing_write)
    compile_store(mini_corpus, store_dir)
    assert seen == list(compiler.SCHEMAS)
