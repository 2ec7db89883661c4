"""Atomic writes of articles into a corpus folder.

A save writes each file to a temporary file in the same folder, fsyncs it, then renames it
over the target, so a reader (or a crash) sees the old file or the new one, never a torn one.
Machine-made drafts never overwrite a reviewed record, nor a record that cannot be read, and
nothing is written through a symbolic link out of the data folder.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

import pydantic_core

from sahelwatch.model import Record

ARTICLES = "articles"
ARTICLE_TEXT = "article.txt"
RECORD_JSON = "record.json"
HISTORY_JSONL = "record.history.jsonl"


class StorageError(Exception):
    """A save that was refused; nothing was written."""


class ReviewedRecordError(StorageError):
    pass


class UnreadableRecordError(StorageError):
    """A record is saved there but cannot be read, so it may not be replaced."""


class UnreadableFileError(Exception):
    """A corpus file that is there but cannot be read; the message says why."""


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_dir(data_dir: Path, article_id: str) -> Path:
    return Path(data_dir) / ARTICLES / article_id


def _process_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Read once at import: `os.umask` can only be read by setting it, which is not safe while the
# app's threads create files.
NEW_FILE_MODE = 0o666 & ~_process_umask()


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write `payload` to `path` atomically, with the mode any new file gets (0644 under the
    usual umask), not the private 0600 of the temporary file: a record or an export written
    here is for other users (the app's server, a colleague) to read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, NEW_FILE_MODE)
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(payload)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    fsync_path(path.parent)


def fsync_path(path: Path) -> None:
    """Flush a file, or a folder's entries (a rename into it), to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def corpus_name(article_id: str, file: str | None = None) -> str:
    """How problems and refusals name an article folder or file: relative to the data folder
    (`articles/<id>/record.json`), so no server path reaches a viewer."""
    return f"{ARTICLES}/{article_id}" + (f"/{file}" if file else "")


def is_inside(data_dir: Path, path: Path) -> bool:
    """Whether `path`, its symbolic links followed, stays in the data folder."""
    root, target = os.fspath(data_dir).rstrip(os.sep), os.fspath(path)
    if target.startswith(root + os.sep):
        below = root
        # Without a link or `..` under the data folder the path is inside: one lstat a part
        # instead of resolving both paths (plain strings: a compile of 20,000 folders does this
        # 60,000 times, and pathlib alone made that 3 s).
        for part in target[len(root) + 1 :].split(os.sep):
            below = f"{below}{os.sep}{part}"
            if part == ".." or os.path.islink(below):
                break
        else:
            return True
    real_root = os.path.realpath(root)
    return os.path.commonpath([real_root, os.path.realpath(target)]) == real_root


def read_corpus_file(data_dir: Path, path: Path) -> bytes:
    """The bytes of a file of the corpus.

    Raises FileNotFoundError when it is missing, and UnreadableFileError, whose message is the
    reason, when it leads out of the data folder, is not a regular file or cannot be read.
    """
    if not is_inside(data_dir, path):
        raise UnreadableFileError("a symbolic link leading out of the data folder; not read")
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFileError("cannot be read: a folder, not a file")
        if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
            raise UnreadableFileError("cannot be read: not a regular file")
        return path.read_bytes()
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise UnreadableFileError("cannot be read: a folder, not a file") from None
    except OSError as error:
        raise UnreadableFileError(f"cannot be read: {error.strerror or error}") from None


def existing_status(data_dir: Path, article_id: str) -> str | None:
    """The status of the saved record of `article_id`, or None when there is none.

    Raises UnreadableRecordError when a record is there but cannot be read: a save must not
    take a file it cannot read (bad JSON, no permission, a folder, a link) for "no record".
    """
    name = corpus_name(article_id, RECORD_JSON)
    path = article_dir(data_dir, article_id) / RECORD_JSON
    if not os.path.lexists(path):
        return None
    if path.is_symlink():
        raise UnreadableRecordError(f"{name}: a symbolic link; {_NOT_SAVED}")
    try:
        raw = read_corpus_file(data_dir, path)
    except FileNotFoundError:  # removed since the check above
        return None
    except UnreadableFileError as error:
        raise UnreadableRecordError(f"{name}: {error}; {_NOT_SAVED}") from None
    try:
        # pydantic-core's parser limits nesting; `json.loads` overflows the stack instead.
        data = pydantic_core.from_json(raw)
    except ValueError as error:
        raise UnreadableRecordError(f"{name}: not valid JSON ({error}); {_NOT_SAVED}") from None
    article = data.get("article") if isinstance(data, dict) else None
    status = article.get("status") if isinstance(article, dict) else None
    if status not in ("reviewed", "draft"):
        raise UnreadableRecordError(f"{name}: no status of a record found; {_NOT_SAVED}")
    return status


_NOT_SAVED = "nothing was saved (fix or remove that file first)"


def save_article(
    data_dir: Path,
    record: Record,
    text: str,
    *,
    allow_overwrite_reviewed: bool = False,
    history: bytes | None = None,
) -> Path:
    """Write `article.txt` and `record.json` for `record`; return the article folder.

    The text is written first: a record is only ever published next to the text its spans
    point into; then `history`, when given, as the whole of `record.history.jsonl` (see
    `sahelwatch.review.save_draft`), so no record is published without its history line.
    Refuses (StorageError, nothing written) to replace a reviewed record unless asked to, a
    record it cannot read, or to write through a link out of the data folder.
    """
    article_id = record.article.id
    if record.article.text_sha256 != text_sha256(text):
        raise StorageError(f"{article_id}: text_sha256 does not match the article text")
    folder = article_dir(data_dir, article_id)
    if not is_inside(data_dir, folder):
        raise StorageError(
            f"{corpus_name(article_id)}: a symbolic link that leads out of the data folder; "
            "nothing was saved"
        )
    if existing_status(data_dir, article_id) == "reviewed" and not allow_overwrite_reviewed:
        raise ReviewedRecordError(
            f"{corpus_name(article_id, RECORD_JSON)} is a reviewed record; a draft may not "
            "overwrite it"
        )
    text_path = folder / ARTICLE_TEXT
    try:
        same_text = read_corpus_file(data_dir, text_path) == text.encode("utf-8")
    except FileNotFoundError:
        same_text = False
    except UnreadableFileError as error:
        raise StorageError(
            f"{corpus_name(article_id, ARTICLE_TEXT)}: {error}; {_NOT_SAVED}"
        ) from None
    if text_path.is_symlink() and not same_text:
        raise StorageError(
            f"{corpus_name(article_id, ARTICLE_TEXT)}: a symbolic link; {_NOT_SAVED}"
        )
    if not same_text:
        atomic_write_bytes(text_path, text.encode("utf-8"))
    if history is not None:
        atomic_write_bytes(folder / HISTORY_JSONL, history)
    atomic_write_bytes(folder / RECORD_JSON, record.to_json().encode("utf-8"))
    return folder
