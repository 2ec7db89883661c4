"""Loading a record for review and saving it with its history, one editor at a time.

A save holds the article's lock (an exclusive `flock` on the article folder itself), checks
that the record on disk is still the version the editor started from, replays the changes onto
it (they must lead to the record being saved), validates, then writes the history and the
record, each atomically, history first: a crash in between leaves history lines of a version
the record never reached, which reading the history ignores and the next save drops.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from sahelwatch.model import ArticleId, Record
from sahelwatch.review.changes import Change, apply_change, as_json, record_json, validated
from sahelwatch.review.errors import ReviewError, StaleRecordError
from sahelwatch.review.history import (
    HistoryEntry,
    first_draft,
    history_file,
    read_history_file,
    replay,
    snapshot,
    state_at,
)
from sahelwatch.storage import (
    ARTICLE_TEXT,
    RECORD_JSON,
    StorageError,
    UnreadableFileError,
    article_dir,
    atomic_write_bytes,
    corpus_name,
    is_inside,
    read_corpus_file,
    save_article,
)
from sahelwatch.taxonomy import TaxonomyError, load_topics

logger = logging.getLogger(__name__)
INGEST = "sahelwatch ingest"


@dataclass(frozen=True)
class Reviewable:
    record: Record
    text: str
    version: int


def article_folder(data_dir: Path, article_id: str) -> Path:
    """The folder of `article_id`, refused when the id is not one or the folder is a link."""
    try:
        TypeAdapter(ArticleId).validate_python(article_id)
    except ValidationError:
        raise ReviewError(f"{str(article_id)[:80]!r} is not an article id") from None
    folder = article_dir(data_dir, article_id)
    if folder.is_symlink() or not is_inside(data_dir, folder):
        raise StorageError(f"{corpus_name(article_id)}: a symbolic link; not used for review")
    return folder


@contextmanager
def article_lock(folder: Path) -> Iterator[None]:
    """Hold the article's lock: an exclusive `flock` on its folder itself (no lock file is
    left in it), released by the kernel if the process dies."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        reason = "a symbolic link" if error.errno == errno.ELOOP else error.strerror
        raise StorageError(f"{corpus_name(folder.name)}: {reason}; nothing was saved") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            _waiting_for_lock(folder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _waiting_for_lock(folder: Path) -> None:
    """Called when another save of the article holds its lock, before waiting for it."""
    logger.info("waiting for another save of %s to finish", folder.name)


def _read(data_dir: Path, folder: Path, name: str) -> bytes:
    try:
        return read_corpus_file(data_dir, folder / name)
    except FileNotFoundError:
        raise ReviewError(f"there is no article {folder.name} to review") from None
    except UnreadableFileError as error:
        raise StorageError(f"{corpus_name(folder.name, name)}: {error}") from None


def saved_article(data_dir: Path, folder: Path) -> Reviewable:
    """The record and text saved in `folder`: ReviewError when there is none, StorageError
    when they cannot be read."""
    text = _read(data_dir, folder, ARTICLE_TEXT).decode("utf-8", errors="replace")
    try:
        record = Record.model_validate_json(_read(data_dir, folder, RECORD_JSON))
    except ValidationError:
        raise StorageError(
            f"{corpus_name(folder.name, RECORD_JSON)} is not a valid record; fix it first "
            "(`sahelwatch validate`)"
        ) from None
    return Reviewable(record, text, record.version)


def load_for_review(data_dir: Path, article_id: str) -> Reviewable:
    return saved_article(data_dir, article_folder(data_dir, article_id))


def _topic_ids(data_dir: Path) -> frozenset[str]:
    try:
        return frozenset(t.id for t in load_topics(data_dir))
    except TaxonomyError as error:
        raise StorageError(f"the taxonomy cannot be read ({error}); nothing was saved") from None


def settled_history(
    entries: list[HistoryEntry], saved: Record, by: str, at: dt.datetime
) -> list[HistoryEntry]:
    """The history the saved record stands on: lines of versions the record never reached
    (a save that stopped between its two writes) dropped, and a snapshot of the record added
    when the lines do not lead to it (no history yet, or a record changed by hand)."""
    entries = [e for e in entries if e.version <= saved.version]
    if replay(entries) != saved:
        op = "draft" if saved.article.status == "draft" and not entries else "import"
        entries.append(snapshot(op, saved, by, at))
    return entries


def read_history(data_dir: Path, article_id: str) -> list[HistoryEntry]:
    """The history of the saved record (lines of an unfinished save left out)."""
    folder = article_folder(data_dir, article_id)
    return saved_history(data_dir, folder, saved_article(data_dir, folder).version)


def saved_history(data_dir: Path, folder: Path, version: int | None) -> list[HistoryEntry]:
    """The history lines up to the saved record's `version` (none when there is no record)."""
    entries = read_history_file(data_dir, folder)
    return [e for e in entries if version is not None and e.version <= version]


def record_at(data_dir: Path, article_id: str, version: int) -> Record:
    """The record as it was saved at `version`."""
    return state_at(read_history(data_dir, article_id), version, article_id)


def original_draft(data_dir: Path, article_id: str) -> Record | None:
    """The machine draft the review started from (see `history.first_draft`)."""
    return first_draft(read_history(data_dir, article_id))


def _stale(article_id: str, entries: list[HistoryEntry], saved: int, base: int) -> str:
    last = next((e for e in reversed(entries) if e.version == saved), None)
    who = (
        f"by {last.by} on {last.at.astimezone(dt.UTC):%Y-%m-%d at %H:%M:%S} UTC"
        if last
        else "outside the review (no history line)"
    )
    return (
        f"{article_id} was saved as version {saved} {who} since you opened version {base}; "
        "nothing was written. Reload it to see those changes, then apply yours again."
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def save_review(
    data_dir: Path,
    article_id: str,
    record: Record,
    changes: Sequence[Change],
    *,
    by: str,
    base_version: int,
    at: dt.datetime | None = None,
) -> Record:
    """Save `record`, made from the saved version `base_version` by `changes`, as the next
    version; return it as saved. One history line is written per change."""
    by, at = (by or "").strip(), at or _now()
    if not by:
        raise ReviewError("a save needs the editor's name")
    if at.tzinfo is None:
        raise ReviewError("the time of a save needs its time zone")
    if not changes:
        raise ReviewError("there is no change to save")
    if record.article.id != article_id:
        raise ReviewError(f"this is the record of {record.article.id}, not of {article_id}")
    folder = article_folder(data_dir, article_id)
    with article_lock(folder):
        saved = saved_article(data_dir, folder)
        entries = read_history_file(data_dir, folder)
        if saved.version != base_version:
            raise StaleRecordError(_stale(article_id, entries, saved.version, base_version))
        entries = settled_history(entries, saved.record, by, at)
        data = as_json(saved.record)
        for change in changes:
            apply_change(data, change)
        if data != as_json(record.model_copy(update={"version": saved.version})):
            raise ReviewError("the changes given do not lead to this record; nothing was saved")
        data["version"] = base_version + 1
        new = validated(data, saved.text, _topic_ids(data_dir))
        lines = [
            HistoryEntry(version=new.version, at=at, by=by, item=c.item, op=c.op,
                         before=c.before, after=c.after)
            for c in changes
        ]  # fmt: skip
        payload = b"".join(entry.line() for entry in entries + lines)
        atomic_write_bytes(history_file(folder), payload)
        atomic_write_bytes(folder / RECORD_JSON, new.to_json().encode("utf-8"))
    return new


def restore(
    data_dir: Path,
    article_id: str,
    version: int,
    *,
    by: str,
    base_version: int,
    at: dt.datetime | None = None,
) -> Record:
    """Save the record as it was at `version` as a new version (the history keeps all)."""
    current = load_for_review(data_dir, article_id).record
    earlier = record_at(data_dir, article_id, version)
    change = Change("restore", article_id, record_json(current), record_json(earlier))
    target = earlier.model_copy(update={"version": current.version})
    return save_review(data_dir, article_id, target, [change], by=by, base_version=base_version,
                       at=at)  # fmt: skip


def save_draft(
    data_dir: Path, record: Record, text: str, *, by: str = INGEST, at: dt.datetime | None = None
) -> Path:
    """`storage.save_article` for a machine draft, its history line written before the record:
    the first line of a new article, or a new `draft` version after an earlier draft's lines.
    Refused as `save_article` refuses (a reviewed record is never replaced by a draft)."""
    folder = article_folder(data_dir, record.article.id)
    new_folder = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with article_lock(folder):
            try:
                saved: int | None = saved_article(data_dir, folder).version
            except (ReviewError, StorageError):  # none yet, or one `save_article` judges
                saved = None
            entries = saved_history(data_dir, folder, saved)
            if entries:
                record = record.model_copy(update={"version": entries[-1].version + 1})
            line = snapshot("draft", record, by, at or _now()).line()
            history = b"".join(e.line() for e in entries) + line
            return save_article(data_dir, record, text, history=history)
    except StorageError:
        if new_folder:
            folder.rmdir()  # made for this save, and empty: a refusal leaves nothing
        raise
