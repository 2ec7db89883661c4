"""Merging two events that report one happening, and splitting one that reports two."""

from __future__ import annotations

from sahelwatch.model import Record, Span
from sahelwatch.review.changes import Change, Edit, as_json, edit_of
from sahelwatch.review.edits import item_json
from sahelwatch.review.errors import ReviewError
from sahelwatch.review.ids import new_id


def _union(first: list, second: list) -> list:
    return first + [x for x in second if x not in first]


def merge_events(
    record: Record, text: str, topic_ids: frozenset[str], keep_id: str, other_id: str
) -> Edit:
    """`other_id` folded into `keep_id`: its evidence, places, countries, actors and topics
    added, its date taken when `keep_id` has none, its quotes linked to `keep_id`."""
    if keep_id == other_id:
        raise ReviewError(f"{keep_id} cannot be merged with itself")
    keep, other = item_json(record, keep_id), item_json(record, other_id)
    if not (keep_id.startswith("evt:") and other_id.startswith("evt:")):
        raise ReviewError("only events can be merged")
    merged = dict(keep)
    for field in ("place_ids", "countries", "actor_ids", "topics"):
        merged[field] = _union(keep[field], other[field])
    evidence = _union(keep["evidence"], other["evidence"])
    merged["evidence"] = sorted(evidence, key=lambda s: (s["start"], s["end"]))
    if keep["date"]["precision"] == "unknown":
        merged["date"] = other["date"]
    changes = [Change("merge", keep_id, keep, merged), Change("merge", other_id, other, None)]
    for quote in record.quotes:
        if quote.event_id == other_id:
            before = as_json(quote)
            changes.append(Change("merge", quote.id, before, {**before, "event_id": keep_id}))
    return edit_of(record, text, topic_ids, changes)


def _within(span: Span, evidence: list[dict]) -> bool:
    return any(e["start"] <= span.start and span.end <= e["end"] for e in evidence)


def split_event(
    record: Record, text: str, topic_ids: frozenset[str], event_id: str, evidence_indexes: list[int]
) -> Edit:
    """A new event (a copy of `event_id`, new id) that takes the evidence at
    `evidence_indexes`, with the quotes inside those spans; each event keeps some evidence."""
    before = item_json(record, event_id)
    if not event_id.startswith("evt:"):
        raise ReviewError("only events can be split")
    evidence = before["evidence"]
    chosen = sorted(set(evidence_indexes))
    if not chosen or any(not 0 <= i < len(evidence) for i in chosen):
        raise ReviewError(f"{event_id} has evidence 0 to {len(evidence) - 1}; choose among them")
    if len(chosen) == len(evidence):
        raise ReviewError(f"{event_id} must keep some of its evidence: choose less to split off")
    moved = [evidence[i] for i in chosen]
    kept = {**before, "evidence": [e for i, e in enumerate(evidence) if i not in chosen]}
    taken = {e.id for e in record.events}
    new = {**before, "id": new_id(f"{event_id}-", "split", taken), "evidence": moved}
    changes = [Change("split", event_id, before, kept), Change("split", new["id"], None, new)]
    for quote in record.quotes:
        if quote.event_id == event_id and _within(quote.evidence, moved):
            quote_before = as_json(quote)
            after = {**quote_before, "event_id": new["id"]}
            changes.append(Change("split", quote.id, quote_before, after))
    return edit_of(record, text, topic_ids, changes)
