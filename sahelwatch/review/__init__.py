"""The review workbench's domain: edits of a draft record, saved with an audit trail.

The API both the Review page and the command line use (`REVIEW_API.md`, issue 12).
"""

from sahelwatch.review.changes import Change, Edit
from sahelwatch.review.edits import (
    accept_item,
    add_item,
    add_mention,
    delete_item,
    edit_item,
    mark_reviewed,
    reopen,
)
from sahelwatch.review.errors import ReviewError, StaleRecordError
from sahelwatch.review.events import merge_events, split_event
from sahelwatch.review.history import HistoryEntry, checked_items
from sahelwatch.review.linking import link_actor
from sahelwatch.review.queue import QueueItem, review_queue
from sahelwatch.review.saving import (
    Reviewable,
    load_for_review,
    original_draft,
    read_history,
    record_at,
    restore,
    save_draft,
    save_review,
)

__all__ = [
    "Change",
    "Edit",
    "HistoryEntry",
    "QueueItem",
    "ReviewError",
    "Reviewable",
    "StaleRecordError",
    "accept_item",
    "add_item",
    "add_mention",
    "checked_items",
    "delete_item",
    "edit_item",
    "link_actor",
    "load_for_review",
    "mark_reviewed",
    "merge_events",
    "original_draft",
    "read_history",
    "record_at",
    "reopen",
    "restore",
    "review_queue",
    "save_draft",
    "save_review",
    "split_event",
]
