"""Red team (issue 10): a duplicated article folder never hides the reviewed record.

Two records claiming the same event or quote id: the reviewed one wins over a draft; between
two of the same status the one whose article id sorts first wins. The loser is reported with
both files, and removing it brings everything back on the next compile and after a restart.
"""

from __future__ import annotations

import shutil

import pytest

from sahelwatch.cli import main
from sahelwatch.compiler import compile_store
from sahelwatch.corpus import load_corpus
from sahelwatch.filters import Filter
from sahelwatch.store import Store
from tests.redteam import ARTICLE, EVENT, add_copy, read_record, write_record

ORIGINAL = f"articles/{ARTICLE}/record.json"


def _served(data, store_dir) -> list[tuple[str, str]]:
    events = Store.open(data, store_dir).events(Filter())
    return list(zip(events["event_id"], events["article_id"], strict=True))


def _clash_lines(problems) -> list[tuple[str, str, str]]:
    return [(p.file, p.path, p.message) for p in problems]


def _clashes(loser: str, winner: str, why: str) -> list[tuple[str, str, str]]:
    return [
        (f"articles/{loser}/record.json", "events[0].id",
         f"duplicate id {EVENT!r} (also in articles/{winner}/record.json, {why})"),
        (f"articles/{loser}/record.json", "quotes[0].id",
         f"duplicate id 'q:ivanov-together' (also in articles/{winner}/record.json, {why})"),
    ]  # fmt: skip


# copy id sorting before the original, its status, the winner, why the winner wins
CASES = [
    ("a-copy", "draft", ARTICLE, "reviewed, which wins over a draft"),
    ("a-copy", "reviewed", "a-copy", "also reviewed and first by article id"),
    ("z-copy", "reviewed", ARTICLE, "also reviewed and first by article id"),
]


@pytest.mark.parametrize(("copy", "status", "winner", "why"), CASES)
def test_a_duplicated_folder_is_reported_with_both_files(
    mini_corpus, tmp_path, copy, status, winner, why
):
    add_copy(mini_corpus, copy, status=status, keep_ids=True)
    loser = copy if winner == ARTICLE else ARTICLE
    expected = _clashes(loser, winner, why)
    assert _clash_lines(load_corpus(mini_corpus).problems) == expected
    assert _clash_lines(compile_store(mini_corpus, tmp_path / "store").problems) == expected
    assert _served(mini_corpus, tmp_path / "store") == [(EVENT, winner)]


@pytest.mark.parametrize(("copy", "status", "winner", "why"), CASES)
def test_removing_the_copy_brings_the_original_back_and_keeps_it_after_a_restart(
    mini_corpus, tmp_path, copy, status, winner, why
):
    store_dir = tmp_path / "store"
    add_copy(mini_corpus, copy, status=status, keep_ids=True)
    compile_store(mini_corpus, store_dir)
    shutil.rmtree(mini_corpus / "articles" / copy)
    assert compile_store(mini_corpus, store_dir).problems == []
    assert compile_store(mini_corpus, store_dir).problems == []
    restarted = Store.open(mini_corpus, store_dir)
    assert restarted.report.problems == []
    assert list(restarted.events(Filter())["article_id"]) == [ARTICLE]
    assert main(["validate", str(mini_corpus)]) == 0


def test_a_reviewed_record_added_later_takes_its_ids_back_from_a_stored_draft(
    mini_corpus, tmp_path
):
    """The incremental compile gives the answer a full one gives: the newcomer is reviewed, so
    the draft already in the store makes way for it."""
    store_dir = tmp_path / "store"
    record = read_record(mini_corpus)
    record["article"]["status"] = "draft"
    write_record(mini_corpus, ARTICLE, record)
    assert _served(mini_corpus, store_dir) == [(EVENT, ARTICLE)]
    add_copy(mini_corpus, "z-reviewed", status="reviewed", keep_ids=True)
    report = compile_store(mini_corpus, store_dir)
    assert _clash_lines(report.problems) == _clashes(
        ARTICLE, "z-reviewed", "reviewed, which wins over a draft"
    )
    assert _served(mini_corpus, store_dir) == [(EVENT, "z-reviewed")]
    full = compile_store(mini_corpus, tmp_path / "fresh-store")
    assert _clash_lines(full.problems) == _clash_lines(report.problems)


def test_a_draft_added_later_stays_out(mini_corpus, tmp_path):
    store_dir = tmp_path / "store"
    compile_store(mini_corpus, store_dir)
    add_copy(mini_corpus, "a-draft", status="draft", keep_ids=True)
    report = compile_store(mini_corpus, store_dir)
    assert _clash_lines(report.problems) == _clashes(
        "a-draft", ARTICLE, "reviewed, which wins over a draft"
    )
    assert _served(mini_corpus, store_dir) == [(EVENT, ARTICLE)]


def test_an_incremental_compile_that_retakes_a_stored_record_keeps_the_others(
    mini_corpus, tmp_path
):
    """A new copy of a stored record clashes with it: the stored one is taken out and ranked
    again with the copy, and every other stored record stays in the store."""
    store_dir = tmp_path / "store"
    add_copy(mini_corpus, "other")
    compile_store(mini_corpus, store_dir)
    add_copy(mini_corpus, "zz-copy", keep_ids=True)
    report = compile_store(mini_corpus, store_dir)
    assert (report.full, report.rebuilt) == (False, ["zz-copy"])
    store = Store.open(mini_corpus, store_dir)
    assert sorted(store.articles()["article_id"]) == sorted([ARTICLE, "other"])
    assert sorted(store.events(Filter())["article_id"]) == sorted([ARTICLE, "other"])
