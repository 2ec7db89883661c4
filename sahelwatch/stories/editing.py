"""An editor's merge or split of stories, appended to `data/stories.yaml`.

The file is rewritten atomically under a lock on the data folder, so two editors' decisions
are both kept; its opening comment (the format's documentation) is kept too. The next compile
groups the stories again with every decision applied (`sahelwatch.stories.decisions`).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from collections.abc import Sequence
from pathlib import Path

import yaml

from sahelwatch.storage import atomic_write_bytes
from sahelwatch.stories.decisions import STORIES_FILE, Decision


def _header(text: str) -> str:
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def record_decision(
    data_dir: Path,
    op: str,
    *,
    by: str,
    events: Sequence[str] = (),
    sides: Sequence[Sequence[str]] = (),
    note: str | None = None,
    at: dt.datetime | None = None,
) -> Decision:
    """Validate a `merge` (`events`) or `split` (`sides`) and append it to the decisions.

    Raises `pydantic.ValidationError` for an invalid decision, `ValueError` for a stories.yaml
    that cannot be read (it is left as it is)."""
    decision = Decision(
        op=op, events=tuple(events), sides=tuple(tuple(s) for s in sides), by=by,
        at=at or dt.datetime.now(dt.UTC).replace(microsecond=0), note=note or None,
    )  # fmt: skip
    path = Path(data_dir) / STORIES_FILE
    lock = os.open(data_dir, os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        text = path.read_text("utf-8") if path.is_file() else ""
        try:
            raw = yaml.safe_load(text) or {}
        except yaml.YAMLError as error:
            raise ValueError(f"{STORIES_FILE} cannot be read: {error}") from None
        if not isinstance(raw, dict):
            raise ValueError(f"{STORIES_FILE} cannot be read: not a mapping")
        decisions = list(raw.get("decisions") or [])
        decisions.append(decision.model_dump(mode="json", exclude_defaults=True))
        body = yaml.safe_dump({**raw, "decisions": decisions}, allow_unicode=True,
                              sort_keys=False)  # fmt: skip
        atomic_write_bytes(path, (_header(text) + body).encode("utf-8"))
    finally:
        os.close(lock)
    return decision
