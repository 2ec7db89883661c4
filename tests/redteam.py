"""Helpers for the red-team tests (issue 10): hostile copies of the mini corpus's article."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

ARTICLE = "mini-article"
EVENT = "evt:niamey-energy-agreement-2024-08-06"


def record_path(data: Path, article: str = ARTICLE) -> Path:
    return data / "articles" / article / "record.json"


def read_record(data: Path, article: str = ARTICLE) -> dict:
    return json.loads(record_path(data, article).read_text("utf-8"))


def write_record(data: Path, article: str, record: dict) -> Path:
    path = record_path(data, article)
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2), "utf-8")
    return path


def add_copy(
    data: Path,
    new_id: str,
    *,
    status: str | None = None,
    keep_ids: bool = False,
    change: Callable[[dict], None] | None = None,
) -> Path:
    """Copy the mini article into `articles/<new_id>/` as a record that loads on its own.

    With `keep_ids` the copy keeps the event and quote ids of the original (a duplicated
    folder); otherwise they are suffixed so the two records coexist. Returns the record file.
    """
    shutil.copytree(data / "articles" / ARTICLE, data / "articles" / new_id)
    record = read_record(data, new_id)
    record["article"]["id"] = new_id
    if status:
        record["article"]["status"] = status
    if not keep_ids:
        for event in record["events"]:
            event["id"] += f"-{new_id}"
        for quote in record["quotes"]:
            quote["id"] += f"-{new_id}"
            quote["event_id"] += f"-{new_id}"
    if change:
        change(record)
    return write_record(data, new_id, record)


def deny_reading(monkeypatch, target: Path) -> None:
    """Make every open of `target` fail as a file of mode 0600 owned by another user does
    (the tests run as root, who may read anything)."""
    real_open = io.open

    def guarded(file, *args, **kwargs):
        if isinstance(file, str | Path) and Path(file) == target:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", guarded)
