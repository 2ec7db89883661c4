"""Linking a record's local actor to its entry in the knowledge base (`data/actors.yaml`)."""

from __future__ import annotations

from collections.abc import Sequence

from sahelwatch.actors import KnownActor
from sahelwatch.model import Record
from sahelwatch.review.changes import Change, Edit, as_json, edit_of
from sahelwatch.review.edits import item_json
from sahelwatch.review.errors import ReviewError


def link_actor(
    record: Record,
    text: str,
    topic_ids: frozenset[str],
    actor_id: str,
    kb_id: str,
    known: Sequence[KnownActor] | None = None,
) -> Edit:
    """Give the actor `actor_id` the knowledge-base id `kb_id` everywhere in the record (its
    events and quotes follow). When the record already has `kb_id`, the two become one: its
    mentions are added to it. With `known` (`sahelwatch.actors.load_actors`), `kb_id` must be
    one of its ids, and the actor takes the entry's name, kind and affiliation."""
    before = item_json(record, actor_id)
    if not actor_id.startswith("act:"):
        raise ReviewError(f"{actor_id} is not an actor")
    if kb_id == actor_id:
        raise ReviewError(f"{actor_id} already has the id {kb_id}")
    entry = None
    if known is not None:
        entry = next((k for k in known if k.id == kb_id), None)
        if entry is None:
            raise ReviewError(f"{kb_id} is not in the knowledge base (data/actors.yaml)")
    existing = next((a for a in record.actors if a.id == kb_id), None)
    if existing is None:
        after = {**before, "id": kb_id}
        changes = [Change("link", actor_id, before, after)]
    else:
        target = as_json(existing)
        mentions = target["mentions"] + [
            m for m in before["mentions"] if m not in target["mentions"]
        ]
        after = {**target, "mentions": sorted(mentions, key=lambda m: (m["start"], m["end"]))}
        changes = [Change("link", actor_id, before, None), Change("link", kb_id, target, after)]
    if entry is not None:
        after.update(name=entry.name, kind=entry.kind, affiliation=entry.affiliation)
    for event in record.events:
        if actor_id in event.actor_ids:
            event_before = as_json(event)
            ids = [kb_id if i == actor_id else i for i in event.actor_ids]
            ids = list(dict.fromkeys(ids))
            changes.append(
                Change("link", event.id, event_before, {**event_before, "actor_ids": ids})
            )
    for quote in record.quotes:
        if quote.speaker_id == actor_id:
            quote_before = as_json(quote)
            changes.append(
                Change("link", quote.id, quote_before, {**quote_before, "speaker_id": kb_id})
            )
    return edit_of(record, text, topic_ids, changes)
