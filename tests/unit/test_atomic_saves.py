"""Saves are atomic: a writer killed midway leaves the old or the new record, never a torn one;
two concurrent saves of different articles both land."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from sahelwatch.corpus import load_corpus
from sahelwatch.storage import save_article

# A child process that saves two versions of one big record in turn, forever.
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sahelwatch.corpus import load_corpus
    from sahelwatch.storage import save_article

    data = Path(sys.argv[1])
    article = load_corpus(data).articles[0]
    versions = [
        article.record.model_copy(update={"events": [
            e.model_copy(update={"summary": tag * 400_000}) for e in article.record.events
        ]})
        for tag in ("a", "b")
    ]
    print("ready", flush=True)
    i = 0
    while True:
        save_article(data, versions[i % 2], article.text, allow_overwrite_reviewed=True)
        i += 1
    """
)


def summary_lengths(folder) -> set[int]:
    record = json.loads((folder / "record.json").read_text("utf-8"))
    return {len(e["summary"]) for e in record["events"]}


@pytest.mark.parametrize("kill_after", [0.1, 0.35, 0.6])
def test_a_killed_writer_leaves_a_whole_record(mini_corpus, kill_after):
    folder = mini_corpus / "articles" / "mini-article"
    whole = {len("Signed in Niamey."), 400_000}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(mini_corpus)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + kill_after
        while time.monotonic() < deadline:  # a reader during the writes sees whole records
            assert summary_lengths(folder) <= whole
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    assert summary_lengths(folder) <= whole
    corpus = load_corpus(mini_corpus)
    assert corpus.problems == []
    assert len(corpus.articles) == 1


def test_two_concurrent_saves_of_different_articles_both_land(mini_corpus):
    article = load_corpus(mini_corpus).articles[0]
    copies = []
    for n in range(2):
        new_id = f"copy-{n}"
        record = article.record.model_copy(
            update={
                "article": article.record.article.model_copy(update={"id": new_id}),
                "events": [
                    e.model_copy(update={"id": f"evt:{new_id}"}) for e in article.record.events
                ],
                "quotes": [
                    q.model_copy(update={"id": f"q:{new_id}", "event_id": f"evt:{new_id}"})
                    for q in article.record.quotes
                ],
            }
        )
        copies.append(record)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda r: save_article(mini_corpus, r, article.text), copies))
    corpus = load_corpus(mini_corpus)
    assert corpus.problems == []
    assert sorted(a.record.article.id for a in corpus.articles) == [
        "copy-0", "copy-1", "mini-article",
    ]  # fmt: skip
