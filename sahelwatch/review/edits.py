"""Edits of one item: pure functions `Record -> Edit`, each validated against the article.

`topic_ids` are the taxonomy's topic ids (`sahelwatch.taxonomy.load_topics`); `text` is the
article text the record's spans point into.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from pydantic import ValidationError

from sahelwatch.model import Article, Record
from sahelwatch.review.changes import (
    Change,
    Edit,
    as_json,
    edit_of,
    find,
    section_of,
)
from sahelwatch.review.errors import ReviewError
from sahelwatch.review.ids import new_id

Kind = Literal["event", "quote", "actor", "place"]
PREFIXES: dict[str, str] = {"event": "evt:", "quote": "q:", "actor": "act:", "place": "plc:"}


def item_json(record: Record, item_id: str) -> dict:
    items, index = find(as_json(record), item_id)
    return items[index]


def edit_item(
    record: Record, text: str, topic_ids: frozenset[str], item_id: str, fields: Mapping
) -> Edit:
    """Replace `fields` of the item `item_id` (an event, quote, actor or place).

    Choosing a quote's speaker (an actor, or None for "unattributed") settles it: the quote
    no longer needs review. Ids change only through `link_actor`.
    """
    before = item_json(record, item_id)
    if "id" in fields and fields["id"] != item_id:
        raise ReviewError(f"the id of {item_id} cannot be edited")
    after = {**before, **fields}
    if section_of(item_id) == "quotes" and "speaker_id" in fields:
        after["needs_review"] = bool(fields.get("needs_review", False))
    return edit_of(record, text, topic_ids, [Change("edit", item_id, before, after)])


def _span(text: str, span: tuple[int, int]) -> dict:
    """The span at `span` offsets, its words taken from the article."""
    try:
        start, end = (int(offset) for offset in span)
    except (TypeError, ValueError):
        raise ReviewError(f"{span!r} is not a pair of character offsets") from None
    if not 0 <= start < end <= len(text):
        raise ReviewError(f"the selection {start}:{end} is not inside the article (0:{len(text)})")
    return {"start": start, "end": end, "text": text[start:end]}


def add_item(
    record: Record,
    text: str,
    topic_ids: frozenset[str],
    kind: Kind,
    span: tuple[int, int],
    fields: Mapping,
) -> Edit:
    """A new item whose evidence (event, quote) or first mention (actor, place) is the words
    at `span`, taken from the article (evidence in `fields` is ignored); unset fields get the
    defaults below, and an id is made from the name, title or quote when `fields` has none."""
    if kind not in PREFIXES:
        raise ReviewError(f"{kind!r} is not an item kind ({', '.join(PREFIXES)})")
    evidence = _span(text, span)
    words = evidence["text"]
    if kind == "event":
        item = {"title": words[:200], "kind": "other", "date": {}, "geo_precision": "country",
                "evidence": [evidence]}  # fmt: skip
    elif kind == "quote":
        item = {"text": words, "mode": "direct", "evidence": evidence}
    else:
        item = {"name": words, "kind": "other", "mentions": [evidence]}
    item.update({k: v for k, v in fields.items() if k not in ("evidence", "mentions")})
    if not item.get("id"):
        taken = {i.id for items in (record.events, record.quotes, record.actors,
                                    record.places) for i in items}  # fmt: skip
        scope = record.article.id if kind in ("event", "quote") else ""
        named = item.get("name") or item.get("title") or item.get("text") or words
        item["id"] = new_id(PREFIXES[kind], str(named), taken, scope)
    item_id = str(item["id"])
    if section_of(item_id) != _section(PREFIXES[kind]):
        raise ReviewError(f"{item_id!r} is not the id of a new {kind}")
    return edit_of(record, text, topic_ids, [Change("add", item_id, None, item)])


def _section(prefix: str) -> str:
    return section_of(prefix + "x")


def add_mention(record: Record, text: str, item_id: str, span: tuple[int, int]) -> Edit:
    """One more mention (the words at `span`) of an actor or a place."""
    if section_of(item_id) not in ("actors", "places"):
        raise ReviewError(f"{item_id} is not an actor or a place; only they have mentions")
    before = item_json(record, item_id)
    mention = _span(text, span)
    if mention in before["mentions"]:
        raise ReviewError(f"{item_id} already has the mention {mention['start']}:{mention['end']}")
    mentions = sorted([*before["mentions"], mention], key=lambda m: (m["start"], m["end"]))
    after = {**before, "mentions": mentions}
    # Topics are not touched: the record's own are the ones to check against.
    topics = frozenset(t for event in record.events for t in event.topics)
    return edit_of(record, text, topics, [Change("edit", item_id, before, after)])


def delete_item(record: Record, text: str, topic_ids: frozenset[str], item_id: str) -> Edit:
    """Delete an item and what pointed at it: a deleted actor leaves the events' actor_ids
    and its quotes become unattributed (needing review); a deleted place leaves the events'
    place_ids; a deleted event's quotes are no longer linked to an event."""
    changes = [Change("delete", item_id, item_json(record, item_id), None)]
    section = section_of(item_id)
    for event in record.events if section in ("actors", "places") else ():
        field = "actor_ids" if section == "actors" else "place_ids"
        if item_id in getattr(event, field):
            before = as_json(event)
            after = {**before, field: [i for i in before[field] if i != item_id]}
            changes.append(Change("delete", event.id, before, after))
    for quote in record.quotes:
        if section == "actors" and quote.speaker_id == item_id:
            update = {"speaker_id": None, "needs_review": True}
        elif section == "events" and quote.event_id == item_id:
            update = {"event_id": None}
        else:
            continue
        before = as_json(quote)
        changes.append(Change("delete", quote.id, before, {**before, **update}))
    return edit_of(record, text, topic_ids, changes)


def accept_item(record: Record, item_id: str) -> Edit:
    """The analyst checked the item and keeps it as it is: the record does not change."""
    item = item_json(record, item_id)
    return Edit(record, (Change("accept", item_id, item, item),))


def _status_edit(record: Record, update: dict) -> Edit:
    before = as_json(record.article)
    after = {**before, **update}
    for name in ("reviewed_by", "reviewed_at"):
        if after.get(name) is None:
            after.pop(name, None)
    try:
        article = Article.model_validate(after)
    except ValidationError as error:
        reasons = "; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())
        raise ReviewError(f"the status cannot be changed: {reasons}") from None
    changed = record.model_copy(update={"article": article})
    return Edit(changed, (Change("status", record.article.id, before, as_json(article)),))


def mark_reviewed(record: Record, by: str, at: dt.datetime) -> Edit:
    """Mark the record reviewed by `by` at `at` (a time with its zone; kept in UTC).

    Refused while a quote still waits for a speaker decision (`needs_review`)."""
    if record.article.status == "reviewed":
        raise ReviewError(f"{record.article.id} is already reviewed")
    waiting = [q.id for q in record.quotes if q.needs_review]
    if waiting:
        raise ReviewError(
            f"{len(waiting)} quote(s) still need a speaker (choose one, or unattributed): "
            + ", ".join(waiting)
        )
    if not isinstance(at, dt.datetime) or at.tzinfo is None:
        raise ReviewError("the time of a review needs its time zone")
    reviewer = (by or "").strip()
    if not reviewer:
        raise ReviewError("a review needs the reviewer's name")
    return _status_edit(
        record, {"status": "reviewed", "reviewed_by": reviewer, "reviewed_at": at.isoformat()}
    )


def reopen(record: Record, by: str, at: dt.datetime) -> Edit:
    """Back to draft, the reviewer and time cleared (the history keeps them). `by` and `at`
    are the history line's, given to `save_review`; they are taken here for symmetry with
    `mark_reviewed`."""
    if record.article.status != "reviewed":
        raise ReviewError(f"{record.article.id} is a draft, not a reviewed record")
    return _status_edit(record, {"status": "draft", "reviewed_by": None, "reviewed_at": None})
