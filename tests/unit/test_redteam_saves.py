"""Red team (issue 10): a save never writes over a record it cannot read, nor out of the corpus.

Each case reproduces a finding: before the fix, `save_article` (behind `ingest --into` and the
Ingest page) read an unreadable record as "no record" and replaced it and its article text.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sahelwatch.cli import main
from sahelwatch.corpus import load_corpus
from sahelwatch.model import Record
from sahelwatch.storage import StorageError, save_article, text_sha256
from tests.redteam import ARTICLE, deny_reading, record_path


def _draft_of_new_text(data: Path) -> tuple[Record, str]:
    """A valid draft for the mini article's id, over a changed text (as a re-ingest makes)."""
    [article] = load_corpus(data).articles
    text = article.text + " Ajout."
    record = article.record.model_copy(
        update={"article": article.record.article.model_copy(
            update={"status": "draft", "text_sha256": text_sha256(text)})}
    )  # fmt: skip
    return record, text


def _bad_json(record: Path, monkeypatch) -> None:
    record.write_text('{"article": {"status": "reviewed", "id": ', "utf-8")


def _deep_json(record: Path, monkeypatch) -> None:
    record.write_text("[" * 100_000 + "]" * 100_000, "utf-8")


def _a_directory(record: Path, monkeypatch) -> None:
    record.unlink()
    (record / "inner").mkdir(parents=True)


def _unreadable(record: Path, monkeypatch) -> None:
    deny_reading(monkeypatch, record)


def _a_symlink(record: Path, monkeypatch) -> None:
    kept = record.parent / "kept.json"
    record.rename(kept)
    record.symlink_to(kept.name)


def _no_status(record: Path, monkeypatch) -> None:
    record.write_text('{"article": {"id": "mini-article"}}', "utf-8")


UNREADABLE = [
    (_bad_json, "not valid JSON"),
    (_deep_json, "not valid JSON"),
    (_a_directory, "not a file"),
    (_unreadable, "cannot be read"),
    (_a_symlink, "symbolic link"),
    (_no_status, "no status"),
]


@pytest.mark.parametrize(
    ("breakage", "reason"), UNREADABLE, ids=lambda v: getattr(v, "__name__", v)
)
def test_a_save_refuses_to_overwrite_a_record_it_cannot_read(
    mini_corpus, monkeypatch, breakage, reason
):
    draft, text = _draft_of_new_text(mini_corpus)
    folder = mini_corpus / "articles" / ARTICLE
    breakage(record_path(mini_corpus), monkeypatch)
    before = {p.name: (p.is_dir(), p.is_symlink()) for p in folder.iterdir()}
    text_before = (folder / "article.txt").read_bytes()
    with pytest.raises(StorageError, match=reason) as refused:
        save_article(mini_corpus, draft, text)
    message = str(refused.value)
    assert message.startswith(f"articles/{ARTICLE}/record.json: ")
    assert str(mini_corpus) not in message
    assert (folder / "article.txt").read_bytes() == text_before
    assert {p.name: (p.is_dir(), p.is_symlink()) for p in folder.iterdir()} == before


def test_a_save_still_replaces_a_readable_draft(mini_corpus):
    draft, text = _draft_of_new_text(mini_corpus)
    save_article(mini_corpus, draft, text, allow_overwrite_reviewed=True)
    save_article(mini_corpus, draft, text)  # the record is now a draft: a draft replaces it
    assert Record.model_validate_json(record_path(mini_corpus).read_bytes()) == draft


# --- symbolic links out of the corpus ------------------------------------------------------


def test_a_save_refuses_an_article_folder_linked_out_of_the_corpus(mini_corpus, tmp_path):
    draft, text = _draft_of_new_text(mini_corpus)
    outside = tmp_path / "outside"
    shutil.move(mini_corpus / "articles" / ARTICLE, outside)
    (mini_corpus / "articles" / ARTICLE).symlink_to(outside)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    with pytest.raises(StorageError, match="leads out of the data folder"):
        save_article(mini_corpus, draft, text, allow_overwrite_reviewed=True)
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before


def test_a_save_refuses_an_articles_folder_linked_out_of_the_corpus(mini_corpus, tmp_path):
    draft, text = _draft_of_new_text(mini_corpus)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.rmtree(mini_corpus / "articles")
    (mini_corpus / "articles").symlink_to(outside)
    with pytest.raises(StorageError, match="leads out of the data folder"):
        save_article(mini_corpus, draft, text)
    assert os.listdir(outside) == []


def test_a_save_may_follow_a_link_that_stays_in_the_corpus(mini_corpus):
    draft, text = _draft_of_new_text(mini_corpus)
    real = mini_corpus / "kept-articles"
    shutil.move(mini_corpus / "articles", real)
    (mini_corpus / "articles").symlink_to(real.name)
    folder = save_article(mini_corpus, draft, text, allow_overwrite_reviewed=True)
    assert (real / ARTICLE / "article.txt").read_text("utf-8") == text
    assert folder == mini_corpus / "articles" / ARTICLE


@pytest.mark.nlp
def test_ingest_into_refuses_an_unreadable_record_and_writes_nothing(mini_corpus, tmp_path, capsys):
    folder = mini_corpus / "articles" / ARTICLE
    source = tmp_path / "new.txt"
    source.write_text((folder / "article.txt").read_text("utf-8") + " Ajout.", "utf-8")
    _bad_json(folder / "record.json", None)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    code = main(["ingest", str(source), "--id", ARTICLE, "--data", str(mini_corpus),
                 "--into", str(mini_corpus)])  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert f"error: articles/{ARTICLE}/record.json: not valid JSON" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
