"""The history as an analyst reads it: one block per change, before -> after field by field.

Every value is shown as JSON (control characters, terminal escapes and quotes escaped) without
bidirectional controls, and clipped: text from an article or an editor is never interpreted.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from sahelwatch.review.changes import SNAPSHOT_OPS
from sahelwatch.review.history import HistoryEntry
from sahelwatch.text import BIDI_CONTROLS, clip

VALUE_CHARS = 200
ABSENT = "(none)"


def shown(value: object, limit: int = VALUE_CHARS) -> str:
    """A value as inert, one-line text: `"<script>"`, `["energy"]`, `null`."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return clip(BIDI_CONTROLS.sub("", text), limit)


def _name(value: str) -> str:
    """A name or id without its JSON quotes."""
    return shown(value)[1:-1] if isinstance(value, str) else shown(value)


def _counts(record: dict) -> str:
    sections = ("events", "quotes", "actors", "places")
    return ", ".join(f"{len(record.get(s, []))} {s}" for s in sections)


def _fields(before: dict | None, after: dict | None) -> list[str]:
    if before is None or after is None:
        whole = after if before is None else before
        return [f"{ABSENT} → {shown(whole)}" if before is None else f"{shown(whole)} → {ABSENT}"]
    return [
        f"{_name(key)}: {shown(before.get(key, None))} → {shown(after.get(key, None))}"
        for key in dict.fromkeys([*before, *after])
        if before.get(key) != after.get(key)
    ] or ["no change"]


def entry_lines(entry: HistoryEntry) -> list[str]:
    when = entry.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    head = f"version {entry.version} · {when} · {_name(entry.by)} · {entry.op} {_name(entry.item)}"
    if entry.op in SNAPSHOT_OPS:
        body = [f"the whole record: {_counts(entry.after or {})}"]
    else:
        body = _fields(entry.before, entry.after)
    return [head, *(f"    {line}" for line in body)]


def history_text(entries: Iterable[HistoryEntry]) -> str:
    """The whole history, oldest first, blocks separated by a blank line."""
    return "\n\n".join("\n".join(entry_lines(e)) for e in entries)
