"""Saving articles: atomic, next to their text, and never over a reviewed record."""

from __future__ import annotations

import os
import stat

import pytest

from sahelwatch.corpus import load_corpus
from sahelwatch.storage import (
    ReviewedRecordError,
    StorageError,
    atomic_write_bytes,
    save_article,
    text_sha256,
)
from tests.conftest import new_file_mode

ARTICLE = "mini-article"


def loaded(data):
    corpus = load_corpus(data)
    assert corpus.problems == []
    return corpus.articles[0]


def empty_corpus_like(corpus, target):
    """A corpus folder with `corpus`'s taxonomy and no article."""
    (target / "articles").mkdir(parents=True)
    for name in ("topics.yaml", "sources.yaml"):
        (target / name).write_bytes((corpus / name).read_bytes())
    return target


def test_a_draft_may_not_overwrite_a_reviewed_record(mini_corpus):
    article = loaded(mini_corpus)
    draft = article.record.model_copy(
        update={"article": article.record.article.model_copy(update={"status": "draft"})}
    )
    before = (article.folder / "record.json").read_bytes()
    with pytest.raises(ReviewedRecordError, match="is a reviewed record"):
        save_article(mini_corpus, draft, article.text)
    assert (article.folder / "record.json").read_bytes() == before
    assert sorted(p.name for p in article.folder.iterdir()) == ["article.txt", "record.json"]


def test_save_writes_a_new_article_that_loads(mini_corpus, tmp_path):
    article = loaded(mini_corpus)
    target = empty_corpus_like(mini_corpus, tmp_path / "other")
    folder = save_article(target, article.record, article.text)
    assert folder == target / "articles" / ARTICLE
    assert loaded(target).record == article.record


def test_save_refuses_a_record_whose_hash_does_not_match_its_text(mini_corpus):
    article = loaded(mini_corpus)
    with pytest.raises(StorageError, match="text_sha256 does not match"):
        save_article(mini_corpus, article.record, article.text + "changed")


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "record.json"
    atomic_write_bytes(path, b"old")
    atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["record.json"]


def test_text_sha256_is_of_utf8_bytes():
    assert text_sha256("é") == "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"


def test_saved_files_are_readable_like_any_new_file_not_private(mini_corpus, tmp_path):
    """mkstemp's private 0600 would leave a record the app's server cannot read when another
    user saved it (a red-team finding of issue 10)."""
    article = loaded(mini_corpus)
    target = empty_corpus_like(mini_corpus, tmp_path / "other")
    folder = save_article(target, article.record, article.text)
    for name in ("record.json", "article.txt"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == new_file_mode()
