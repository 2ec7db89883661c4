"""Red team (issue 10): one hostile record never takes `validate`, the compile or the store down.

Each hostile record sits beside an intact one: `validate` names it (file relative to the data
folder, and why) and exits 1 without raising; the compile leaves it out and serves the rest.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from sahelwatch import checks
from sahelwatch.cli import main
from sahelwatch.compiler import compile_store
from sahelwatch.corpus import load_corpus
from sahelwatch.filters import Filter
from sahelwatch.store import Store
from tests.redteam import EVENT, add_copy, deny_reading

HOSTILE = "hostile"
HOSTILE_RECORD = f"articles/{HOSTILE}/record.json"


def _event_date(year_or_date):
    def change(record: dict) -> None:
        record["events"][0]["date"].update(start=year_or_date, end=None)

    return change


def _published(day: str):
    def change(record: dict) -> None:
        record["article"]["published"].update(start=day, precision="day", basis="stated")

    return change


def _hostile(data: Path, monkeypatch, case: str) -> None:
    record = data / "articles" / HOSTILE / "record.json"
    if case == "year 1025":
        add_copy(data, HOSTILE, change=_event_date("1025-03-13"))
    elif case == "published 2300":
        add_copy(data, HOSTILE, change=_published("2300-01-01"))
    elif case == "not_before 0001":
        add_copy(data, HOSTILE, change=lambda r: r["article"]["published"].update(
            not_before="0001-01-01"))  # fmt: skip
    elif case == "100,000 deep":
        add_copy(data, HOSTILE)
        record.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    elif case == "record is a folder":
        add_copy(data, HOSTILE)
        record.unlink()
        record.mkdir()
    elif case == "text is a folder":
        add_copy(data, HOSTILE)
        (data / "articles" / HOSTILE / "article.txt").unlink()
        (data / "articles" / HOSTILE / "article.txt").mkdir()
    elif case == "mode 0600, another owner":
        add_copy(data, HOSTILE)
        deny_reading(monkeypatch, record)
    else:
        raise AssertionError(case)


CASES = [
    ("year 1025", HOSTILE_RECORD, "events[0].date.start",
     "1025-03-13 is outside the dates the store can hold (1678-01-01 to 2261-12-31)"),
    ("published 2300", HOSTILE_RECORD, "article.published.start",
     "2300-01-01 is outside the dates the store can hold (1678-01-01 to 2261-12-31)"),
    ("not_before 0001", HOSTILE_RECORD, "article.published.not_before",
     "0001-01-01 is outside the dates the store can hold (1678-01-01 to 2261-12-31)"),
    ("100,000 deep", HOSTILE_RECORD, "$",
     "invalid JSON: recursion limit exceeded at line 1 column 202"),
    ("record is a folder", HOSTILE_RECORD, "$", "cannot be read: a folder, not a file"),
    ("text is a folder", f"articles/{HOSTILE}/article.txt", "$",
     "cannot be read: a folder, not a file"),
    ("mode 0600, another owner", HOSTILE_RECORD, "$", "cannot be read: Permission denied"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "file", "path", "message"), CASES, ids=[c[0] for c in CASES])
def test_validate_names_a_hostile_record_and_never_raises(
    mini_corpus, monkeypatch, capsys, case, file, path, message
):
    _hostile(mini_corpus, monkeypatch, case)
    corpus = load_corpus(mini_corpus)
    assert [(p.file, p.path, p.message) for p in corpus.problems] == [(file, path, message)]
    assert [a.record.article.id for a in corpus.articles] == ["mini-article"]
    assert main(["validate", str(mini_corpus)]) == 1
    err = capsys.readouterr().err
    assert f"{mini_corpus / file}: {path}: {message}" in err


@pytest.mark.parametrize(("case", "file", "path", "message"), CASES, ids=[c[0] for c in CASES])
def test_the_compile_leaves_a_hostile_record_out_and_serves_the_rest(
    mini_corpus, tmp_path, monkeypatch, case, file, path, message
):
    _hostile(mini_corpus, monkeypatch, case)
    report = compile_store(mini_corpus, tmp_path / "store")
    assert [(p.file, p.path, p.message) for p in report.problems] == [(file, path, message)]
    store = Store.open(mini_corpus, tmp_path / "store")
    assert list(store.events(Filter())["event_id"]) == [EVENT]
    assert store.date_bounds() == (dt.date(2024, 8, 6), dt.date(2024, 8, 6))


@pytest.mark.parametrize("day", [checks.STORE_DATES[0], checks.STORE_DATES[1]])
def test_the_first_and_last_dates_validate_hold_round_trip_through_the_store(
    mini_corpus, tmp_path, day
):
    add_copy(mini_corpus, HOSTILE, change=_event_date(day.isoformat()))
    add_copy(mini_corpus, "published", change=_published(day.isoformat()))
    assert load_corpus(mini_corpus).problems == []
    store = Store.open(mini_corpus, tmp_path / "store")
    assert store.report.problems == []
    assert day in store.date_bounds()
    [published] = store.articles().query("article_id == 'published'")["published_start"]
    assert published.date() == day
    month = store.timeline_bins(Filter(), "month")
    assert day.replace(day=1) in {p.date() for p in month["period"].dropna()}


def test_a_day_either_side_of_the_range_is_refused(mini_corpus):
    before = checks.STORE_DATES[0] - dt.timedelta(days=1)
    after = checks.STORE_DATES[1] + dt.timedelta(days=1)
    add_copy(mini_corpus, HOSTILE, change=_event_date(before.isoformat()))
    add_copy(mini_corpus, "late", change=_event_date(after.isoformat()))
    problems = load_corpus(mini_corpus).problems
    assert [(p.file, p.path) for p in problems] == [
        ("articles/hostile/record.json", "events[0].date.start"),
        ("articles/late/record.json", "events[0].date.start"),
    ]


def test_a_record_validation_missed_is_still_left_out_by_the_compile(
    mini_corpus, tmp_path, monkeypatch
):
    """The compile does not trust validation alone: a record it cannot convert is named and
    left out (here the date check is switched off to let one through)."""
    monkeypatch.setattr(checks, "STORE_DATES", (dt.date.min, dt.date.max))
    add_copy(mini_corpus, HOSTILE, change=_event_date("1025-03-13"))
    assert load_corpus(mini_corpus).problems == []
    report = compile_store(mini_corpus, tmp_path / "store")
    [problem] = report.problems
    assert (problem.file, problem.path) == (HOSTILE_RECORD, "$")
    assert problem.message.startswith("the store cannot take this record: ")
    assert "out of bounds" in problem.message and "date_start" in problem.message  # the why
    store = Store.open(mini_corpus, tmp_path / "store")
    assert list(store.events(Filter())["event_id"]) == [EVENT]


# --- symbolic links out of the data folder --------------------------------------------------


def test_an_article_folder_linked_out_of_the_data_folder_is_not_read(mini_corpus, tmp_path):
    outside = tmp_path / "outside"
    add_copy(mini_corpus, HOSTILE)
    shutil.move(mini_corpus / "articles" / HOSTILE, outside)
    (mini_corpus / "articles" / HOSTILE).symlink_to(outside)
    message = "a symbolic link leading out of the data folder; not read"
    corpus = load_corpus(mini_corpus)
    assert [(p.file, p.message) for p in corpus.problems] == [(f"articles/{HOSTILE}", message)]
    assert [a.record.article.id for a in corpus.articles] == ["mini-article"]
    report = compile_store(mini_corpus, tmp_path / "store")
    assert [(p.file, p.message) for p in report.problems] == [(f"articles/{HOSTILE}", message)]


def test_a_record_file_linked_out_of_the_data_folder_is_not_read(mini_corpus, tmp_path):
    add_copy(mini_corpus, HOSTILE)
    record = mini_corpus / "articles" / HOSTILE / "record.json"
    outside = tmp_path / "outside.json"
    shutil.move(record, outside)
    record.symlink_to(outside)
    [problem] = load_corpus(mini_corpus).problems
    assert (problem.file, problem.message) == (
        HOSTILE_RECORD, "a symbolic link leading out of the data folder; not read"
    )  # fmt: skip


def test_a_link_that_stays_in_the_data_folder_is_read(mini_corpus):
    add_copy(mini_corpus, HOSTILE)
    kept = mini_corpus / "kept"
    shutil.move(mini_corpus / "articles" / HOSTILE, kept)
    (mini_corpus / "articles" / HOSTILE).symlink_to(kept)
    corpus = load_corpus(mini_corpus)
    assert corpus.problems == []
    assert sorted(a.record.article.id for a in corpus.articles) == [HOSTILE, "mini-article"]


# --- no server path in what a viewer sees --------------------------------------------------


def test_problems_name_files_relative_to_the_data_folder(mini_corpus, tmp_path):
    add_copy(mini_corpus, HOSTILE, keep_ids=True, status="draft")
    (mini_corpus / "articles" / "no-text").mkdir()
    report = compile_store(mini_corpus, tmp_path / "store")
    shown = [str(p) for p in report.problems]
    assert [p.file for p in report.problems] == [HOSTILE_RECORD, HOSTILE_RECORD,
                                                 "articles/no-text"]  # fmt: skip
    assert all(str(tmp_path) not in line for line in shown)
    assert "also in articles/mini-article/record.json" in shown[0]


BROKEN_TAXONOMIES = {
    "not YAML": "topics: [",
    "deep": "[" * 100_000,
    "missing keys": "topics:\n  - id: x\n",
    "a list": "- just a list\n",
    "css colour": "topics:\n  - {id: x, label: {en: X, fr: X}, colour: 'red;x:url(y)', "
    "lexicon: []}\n",
}


@pytest.mark.parametrize("taxonomy", BROKEN_TAXONOMIES.values(), ids=BROKEN_TAXONOMIES.keys())
def test_validate_names_a_broken_taxonomy_and_never_raises(mini_corpus, capsys, taxonomy):
    (mini_corpus / "topics.yaml").write_text(taxonomy, "utf-8")
    assert main(["validate", str(mini_corpus)]) == 1
    err = capsys.readouterr().err
    assert f"{mini_corpus / 'topics.yaml'}: $: topics.yaml: " in err


@pytest.mark.parametrize("command", ["compile", "export"])
@pytest.mark.parametrize("taxonomy", BROKEN_TAXONOMIES.values(), ids=BROKEN_TAXONOMIES.keys())
def test_compile_and_export_refuse_a_broken_taxonomy_with_a_message(
    mini_corpus, tmp_path, capsys, taxonomy, command
):
    (mini_corpus / "topics.yaml").write_text(taxonomy, "utf-8")
    extra = ["--out", str(tmp_path / "out.csv"), "--format", "csv"] if command == "export" else []
    args = [command, str(mini_corpus), "--store", str(tmp_path / "store"), *extra]
    assert main(args) == 2
    assert capsys.readouterr().err.startswith(f"error: {mini_corpus / 'topics.yaml'}: ")
    assert not (tmp_path / "out.csv").exists()
