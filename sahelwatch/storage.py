"""Atomic writes of articles into a corpus folder.

A save writes each file to a temporary file in the same folder, fsyncs it, then renames it
over the target, so a reader (or a crash) sees the old file or the new one, never a torn one.
Machine-made drafts never overwrite a reviewed record.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from sahelwatch.model import Record

ARTICLES = "articles"
ARTICLE_TEXT = "article.txt"
RECORD_JSON = "record.json"


class StorageError(Exception):
    """A save that was refused; nothing was written."""


class ReviewedRecordError(StorageError):
    pass


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_dir(data_dir: Path, article_id: str) -> Path:
    return Path(data_dir) / ARTICLES / article_id


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(payload)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def existing_status(folder: Path) -> str | None:
    """The status of the record in `folder`, or None when there is none we can read."""
    try:
        data = json.loads((folder / RECORD_JSON).read_text("utf-8"))
        return data["article"]["status"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_article(
    data_dir: Path, record: Record, text: str, *, allow_overwrite_reviewed: bool = False
) -> Path:
    """Write `article.txt` and `record.json` for `record`; return the article folder.

    The text is written first: a record is only ever published next to the text its spans
    point into. Refuses (ReviewedRecordError) to replace a reviewed record unless asked to.
    """
    if record.article.text_sha256 != text_sha256(text):
        raise StorageError(f"{record.article.id}: text_sha256 does not match the article text")
    folder = article_dir(data_dir, record.article.id)
    if not allow_overwrite_reviewed and existing_status(folder) == "reviewed":
        raise ReviewedRecordError(
            f"{folder / RECORD_JSON} is a reviewed record; a draft may not overwrite it"
        )
    text_path = folder / ARTICLE_TEXT
    if not text_path.exists() or text_path.read_bytes() != text.encode("utf-8"):
        atomic_write_bytes(text_path, text.encode("utf-8"))
    atomic_write_bytes(folder / RECORD_JSON, record.to_json().encode("utf-8"))
    return folder
