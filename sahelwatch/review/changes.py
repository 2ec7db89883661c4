"""Changes to a record, as the history keeps them, and how one is replayed.

A change is what happened to one item: its JSON form before and after (None when absent).
Replaying reads only that: `after` None removes the item, `before` None appends it to its
section, both replace it in place (found by the id it had before, so a re-id is a replace).
The `op` says which analyst action made the change; the snapshot ops (`draft`, `import`,
`restore`) carry the whole record in `after`, `status` the article part.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ValidationError

from sahelwatch.checks import check_record, validation_problems
from sahelwatch.model import Record
from sahelwatch.review.errors import ReviewError

Op = Literal["add", "edit", "delete", "merge", "split", "link", "accept", "status", "restore"]
HistoryOp = Literal[Op, "draft", "import"]
SNAPSHOT_OPS = frozenset({"draft", "import", "restore"})
SECTIONS = {"evt:": "events", "q:": "quotes", "act:": "actors", "plc:": "places"}


@dataclass(frozen=True)
class Change:
    op: str
    item: str
    before: dict | None
    after: dict | None


@dataclass(frozen=True)
class Edit:
    record: Record
    changes: tuple[Change, ...]


def as_json(model: BaseModel) -> dict:
    """The JSON form of a record or an item, as `record.json` holds it."""
    return json.loads(model.model_dump_json())


def record_json(record: Record) -> dict:
    """The record's JSON form without its version (the history line carries that)."""
    data = as_json(record)
    data.pop("version", None)
    return data


def section_of(item_id: str) -> str:
    section = next((s for prefix, s in SECTIONS.items() if item_id.startswith(prefix)), None)
    if section is None:
        raise ReviewError(
            f"{item_id!r} is not the id of an event (evt:), a quote (q:), an actor (act:) "
            "or a place (plc:)"
        )
    return section


def find(data: dict, item_id: str) -> tuple[list[dict], int]:
    """The section list of `item_id` in a record's JSON form, and its index there."""
    items = data[section_of(item_id)]
    for index, item in enumerate(items):
        if item["id"] == item_id:
            return items, index
    raise ReviewError(f"there is no {item_id} in this record")


def apply_change(data: dict, change: Change) -> None:
    """Replay `change` onto a record's JSON form, in place."""
    if change.op in SNAPSHOT_OPS:
        version = data.get("version")
        data.clear()
        data.update(copy.deepcopy(change.after))
        if version is not None:
            data["version"] = version
        return
    if change.op == "status":
        data["article"] = copy.deepcopy(change.after)
        return
    if change.op == "accept":
        find(data, change.item)  # an unknown item is refused, not silently accepted
        return
    if change.before is None:
        items = data[section_of(change.item)]
        if any(item["id"] == change.item for item in items):
            raise ReviewError(f"{change.item} is already in this record")
        items.append(copy.deepcopy(change.after))
        return
    items, index = find(data, change.item)
    if change.after is None:
        del items[index]
    else:
        items[index] = copy.deepcopy(change.after)


def _named(data: dict, path: str) -> str:
    """`quotes[2].speaker_id` -> `q:x speaker_id`: the analyst knows items by id."""
    head, _, rest = path.partition("].")
    section, _, index = head.partition("[")
    if section in SECTIONS.values() and index.isdigit():
        items = data.get(section) or []
        if int(index) < len(items) and isinstance(items[int(index)], dict):
            return f"{items[int(index)].get('id', path)} {rest or ''}".strip()
    return path


def validated(data: dict, text: str, topic_ids: frozenset[str]) -> Record:
    """The record of `data`, or ReviewError naming every problem by item id."""
    try:
        record = Record.model_validate(data)
    except ValidationError as error:
        problems = validation_problems("record.json", error)
    else:
        problems = check_record(record, text, topic_ids)
        if not problems:
            return record
    lines = tuple(f"{_named(data, p.path)}: {p.message}" for p in problems)
    raise ReviewError("This change would make the record invalid: " + "; ".join(lines), lines)


def edit_of(record: Record, text: str, topic_ids: frozenset[str], changes: list[Change]) -> Edit:
    """The edit made of `changes` applied to `record`, validated."""
    data = as_json(record)
    for change in changes:
        apply_change(data, change)
    edited = validated(data, text, topic_ids)
    return Edit(edited, tuple(_canonical(edited, change) for change in changes))


def _canonical(record: Record, change: Change) -> Change:
    """`change` with its item after as `record.json` writes it (a flag at its default is
    left out, dates are ISO strings), so the history replays to the very record."""
    if change.after is None or change.op in SNAPSHOT_OPS or change.op == "status":
        return change
    items, index = find(as_json(record), change.after["id"])
    return Change(change.op, change.item, change.before, items[index])
