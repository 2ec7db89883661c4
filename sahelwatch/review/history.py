"""The review history, `record.history.jsonl` beside `record.json`: one JSON line per change.

The first line holds the whole record before any review change (`draft`: the machine draft as
extracted; `import`: a record that was there before its history); replaying the lines up to a
version gives the record as saved at that version. Lines are split on "\\n" only: JSON escapes
every control character, while U+2028 and other line separators may stand in a text as is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, NonNegativeInt, ValidationError

from sahelwatch.model import Record
from sahelwatch.review.changes import (
    SNAPSHOT_OPS,
    Change,
    HistoryOp,
    apply_change,
    record_json,
)
from sahelwatch.review.errors import ReviewError
from sahelwatch.storage import (
    HISTORY_JSONL,
    StorageError,
    UnreadableFileError,
    corpus_name,
    read_corpus_file,
)

CHECKING_OPS = frozenset({"accept", "edit", "add", "merge", "split"})


class HistoryEntry(BaseModel):
    """One line of the history: who made which change to which item, in which version."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: NonNegativeInt
    at: AwareDatetime
    by: str = Field(min_length=1)
    item: str
    op: HistoryOp
    before: dict | None = None
    after: dict | None = None

    @property
    def change(self) -> Change:
        return Change(self.op, self.item, self.before, self.after)

    def line(self) -> bytes:
        return (json.dumps(self.model_dump(mode="json"), ensure_ascii=False) + "\n").encode()


def snapshot(op: str, record: Record, by: str, at) -> HistoryEntry:
    """A line holding the whole record (`draft`, `import`)."""
    return HistoryEntry(
        version=record.version, at=at, by=by, item=record.article.id, op=op,
        after=record_json(record),
    )  # fmt: skip


def parse_history(raw: bytes, name: str) -> list[HistoryEntry]:
    entries = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            entries.append(HistoryEntry.model_validate_json(line))
        except ValidationError:
            raise StorageError(f"{name}: line {number} is not a history entry") from None
    return entries


def history_file(folder: Path) -> Path:
    return folder / HISTORY_JSONL


def read_history_file(data_dir: Path, folder: Path) -> list[HistoryEntry]:
    """Every line of the folder's history (none when there is no history yet)."""
    name = corpus_name(folder.name, HISTORY_JSONL)
    try:
        raw = read_corpus_file(data_dir, history_file(folder))
    except FileNotFoundError:
        return []
    except UnreadableFileError as error:
        raise StorageError(f"{name}: {error}") from None
    return parse_history(raw, name)


def replay(entries: Iterable[HistoryEntry], version: int | None = None) -> Record | None:
    """The record after the lines up to `version` (all lines when None); None before the
    first snapshot line."""
    data: dict | None = None
    for entry in entries:
        if version is not None and entry.version > version:
            break
        if data is None:
            if entry.op not in SNAPSHOT_OPS:
                raise StorageError(f"the history starts with {entry.op!r}, not a whole record")
            data = {}
        apply_change(data, entry.change)
        data["version"] = entry.version
    return None if data is None else Record.model_validate(data)


def versions(entries: Sequence[HistoryEntry]) -> list[int]:
    return sorted({entry.version for entry in entries})


def state_at(entries: Sequence[HistoryEntry], version: int, article_id: str) -> Record:
    known = versions(entries)
    if version not in known:
        shown = ", ".join(map(str, known)) or "none"
        raise ReviewError(f"{article_id} has no version {version} (versions: {shown})")
    state = replay(entries, version)
    assert state is not None  # a version is known, so a line was replayed
    return state


def checked_items(history: Sequence[HistoryEntry]) -> set[str]:
    """Ids the analyst accepted, edited or added since the draft, and that are still there;
    a quote that was left needing review (its speaker deleted) is not checked."""
    checked: set[str] = set()
    for entry in history:
        if entry.op in SNAPSHOT_OPS:
            present = _ids(entry.after or {})
            checked &= present
            continue
        if entry.op == "status":
            continue
        if entry.after is None or entry.after.get("needs_review"):
            checked.discard(entry.item)
            continue
        if entry.item != entry.after["id"] and entry.item in checked:  # a re-id (a link)
            checked.discard(entry.item)
            checked.add(entry.after["id"])
        if entry.op in CHECKING_OPS:
            checked.add(entry.after["id"])
    return checked


def _ids(record: dict) -> set[str]:
    return {
        item["id"]
        for section in ("events", "quotes", "actors", "places")
        for item in record.get(section, [])
    }


def first_draft(history: Sequence[HistoryEntry]) -> Record | None:
    """The latest machine draft of the history (the first line, unless the article was
    ingested again over its draft); None when the record came in already reviewed."""
    drafts = [e for e in history if e.op == "draft"]
    if not drafts:
        return None
    data = dict(drafts[-1].after or {}, version=drafts[-1].version)
    return Record.model_validate(data)
