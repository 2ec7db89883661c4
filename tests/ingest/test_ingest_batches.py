"""`sahelwatch ingest … --into` at scale: a process pool, progress, resume, failures alone."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from sahelwatch.cli import main
from sahelwatch.extract import batches
from sahelwatch.extract.batches import Drafted, Progress, ingest_into, plan_ingest
from sahelwatch.extract.files import ArticleOptions
from sahelwatch.review.saving import read_history
from tests.conftest import SEED_DATA

TOWNS = ["Gao", "Tombouctou", "Niamey", "Ouagadougou", "Mopti"]


def write_articles(folder: Path, count: int) -> list[str]:
    """`count` small French articles, one a town; their ids."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for i in range(count):
        town = TOWNS[i % len(TOWNS)]
        article_id = f"article-{i:02d}"
        (folder / f"{article_id}.txt").write_text(
            f"Le ministre de la Défense en visite à {town}\n\n"
            f"Le {i + 2} mars 2024, le ministre de la Défense du Mali s'est rendu à {town}, "
            f"a indiqué l'armée. « Nous avançons à {town} », a déclaré le ministre.\n",
            "utf-8",
        )
        ids.append(article_id)
    return ids


def saved_records(corpus: Path) -> dict[str, bytes]:
    return {p.parent.name: p.read_bytes() for p in (corpus / "articles").glob("*/record.json")}


@pytest.mark.nlp
def test_a_pool_of_two_drafts_what_one_process_drafts_with_progress_and_a_bad_file_alone(
    tmp_path, capsys
):
    ids = write_articles(tmp_path / "in", 5)
    (tmp_path / "in" / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00 archive")
    serial = ingest_into(sorted((tmp_path / "in").iterdir()), ArticleOptions(),
                         data_dir=SEED_DATA, corpus=tmp_path / "serial", processes=1)  # fmt: skip
    assert (serial.saved, serial.failed, serial.exit_code()) == (5, 1, 1)
    capsys.readouterr()

    pool = ["--into", str(tmp_path / "pool"), "--processes", "2", "--progress-every", "2"]
    code = main(["ingest", str(tmp_path / "in"), "--data", str(SEED_DATA), *pool])

    assert code == 1
    err = capsys.readouterr().err
    assert "drafting 6 on 2 processes" in err
    progress = [line.split(" files drafted")[0] for line in err.splitlines() if "drafted (" in line]
    assert progress == ["ingest: 2/6", "ingest: 4/6", "ingest: 6/6"]
    assert f"error: {tmp_path / 'in' / 'binary.txt'}: binary data, not text" in err
    assert "ingest done: 6 files, 5 saved, 0 skipped (already in the corpus), 1 failed" in err
    assert sorted(saved_records(tmp_path / "pool")) == ids
    assert saved_records(tmp_path / "pool") == saved_records(tmp_path / "serial")
    drafts = [json.loads(raw) for raw in saved_records(tmp_path / "serial").values()]
    assert all(draft["events"] and draft["quotes"] for draft in drafts)  # drafts worth comparing


@pytest.mark.nlp
def test_a_run_interrupted_then_run_again_saves_every_article_once(tmp_path, monkeypatch, capsys):
    ids = write_articles(tmp_path / "in", 5)
    files = sorted((tmp_path / "in").iterdir())
    corpus = tmp_path / "data"
    save_draft = batches.save_draft
    calls = []

    def interrupted_at_the_third_save(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return save_draft(*args, **kwargs)

    monkeypatch.setattr(batches, "save_draft", interrupted_at_the_third_save)
    first = ingest_into(files, ArticleOptions(), data_dir=SEED_DATA, corpus=corpus, processes=2)
    assert (first.saved, first.exit_code()) == (2, 130)
    assert "ingest interrupted: 5 files, 2 saved" in capsys.readouterr().err
    monkeypatch.setattr(batches, "save_draft", save_draft)

    assert main(["ingest", str(tmp_path / "in"), "--into", str(corpus),
                 "--data", str(SEED_DATA), "--processes", "1"]) == 0  # fmt: skip
    assert "5 files, 3 saved, 2 skipped" in capsys.readouterr().err
    assert sorted(saved_records(corpus)) == ids
    assert [len(read_history(corpus, article_id)) for article_id in ids] == [1] * 5

    again = ingest_into(files, ArticleOptions(), data_dir=SEED_DATA, corpus=corpus)
    assert (again.saved, again.skipped, again.exit_code()) == (0, 5, 0)
    assert [len(read_history(corpus, article_id)) for article_id in ids] == [1] * 5


def test_a_worker_that_dies_stops_the_run_and_keeps_what_came_back(tmp_path, monkeypatch, capsys):
    write_articles(tmp_path / "in", 4)
    files = sorted((tmp_path / "in").iterdir())

    def dies_on_the_last_file(paths, options, data_dir):
        if files[-1] in paths:
            os._exit(1)  # as the kernel's out-of-memory killer would end it
        return [Drafted(path, error=f"{path}: drafted") for path in paths]

    # The workers are forked from this process: they see the patched functions.
    monkeypatch.setattr(batches, "_start_worker", lambda data_dir: None)
    monkeypatch.setattr(batches, "draft_files", dies_on_the_last_file)
    summary = ingest_into(files, ArticleOptions(), data_dir=SEED_DATA, corpus=tmp_path / "data",
                          processes=2, chunk_size=1)  # fmt: skip

    assert summary.exit_code() == 1
    err = capsys.readouterr().err
    assert "error: a worker process died" in err
    assert "ingest interrupted: 4 files, 0 saved" in err
    assert not (tmp_path / "data").exists()


def test_no_readable_file_is_exit_2_and_writes_nothing(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("Un accord signé à Niamey.".encode("latin-1"))
    missing = tmp_path / "missing.txt"
    before = sorted(tmp_path.rglob("*"))

    code = main(["ingest", str(folder), str(missing), "--into", str(tmp_path / "data"),
                 "--processes", "1"])  # fmt: skip

    assert code == 2
    err = capsys.readouterr().err
    assert f"error: {folder / 'empty.txt'}: the article is empty" in err
    assert f"error: {folder / 'latin1.txt'}: not UTF-8 text" in err
    assert f"error: [Errno 2] No such file or directory: '{missing}'" in err
    assert "3 files, 0 saved, 0 skipped (already in the corpus), 3 failed" in err
    assert sorted(tmp_path.rglob("*")) == before


def test_two_files_with_one_article_id_draft_the_first_only(tmp_path):
    first, second = tmp_path / "a" / "article.txt", tmp_path / "b" / "a" / "article.txt"
    for path in (first, second):
        path.parent.mkdir(parents=True)
        path.write_text("Un texte.", "utf-8")

    plan = plan_ingest([first, first, second], ArticleOptions(), tmp_path / "data")

    assert plan.to_draft == [first]
    assert plan.unreadable == [f"{second}: the same article id (a) as {first}; rename one of them"]


def test_progress_gives_files_done_rate_and_time_left():
    now = iter([100.0, 104.0, 108.0, 112.0])
    stream = io.StringIO()
    progress = Progress(total=10, every=4, stream=stream, clock=lambda: next(now))
    for _ in range(10):
        progress.tick()
    assert stream.getvalue().splitlines() == [
        "ingest: 4/10 files drafted (40%), 1.0 files/s, ETA 0m06s",
        "ingest: 8/10 files drafted (80%), 1.0 files/s, ETA 0m02s",
        "ingest: 10/10 files drafted (100%), 0.8 files/s, ETA 0m00s",
    ]
