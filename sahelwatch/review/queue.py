"""The review queue: drafts (new or reopened) and how much of each is left to check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sahelwatch.corpus import article_folders
from sahelwatch.review.errors import ReviewError
from sahelwatch.review.history import checked_items
from sahelwatch.review.saving import saved_article, saved_history
from sahelwatch.storage import StorageError, is_inside


@dataclass(frozen=True)
class QueueItem:
    article_id: str
    title: str
    version: int
    events: int
    quotes: int
    actors: int
    places: int
    to_check: int  # items not accepted, edited or added by an analyst yet
    unattributed: int  # quotes without a speaker


def review_queue(data_dir: Path) -> list[QueueItem]:
    """Every draft of the corpus in article id order; folders that cannot be read (broken,
    linked out of the data folder) are left out: `sahelwatch validate` names them."""
    queue = []
    for folder in article_folders(data_dir):
        if folder.is_symlink() or not is_inside(data_dir, folder):
            continue
        try:
            record = saved_article(data_dir, folder).record
            history = saved_history(data_dir, folder, record.version)
        except (ReviewError, StorageError):
            continue
        if record.article.status != "draft" or record.article.id != folder.name:
            continue
        items = [
            i.id for s in (record.events, record.quotes, record.actors, record.places) for i in s
        ]
        checked = checked_items(history)
        queue.append(
            QueueItem(
                article_id=record.article.id, title=record.article.title, version=record.version,
                events=len(record.events), quotes=len(record.quotes),
                actors=len(record.actors), places=len(record.places),
                to_check=sum(1 for i in items if i not in checked),
                unattributed=sum(1 for q in record.quotes if q.speaker_id is None),
            )
        )  # fmt: skip
    return queue
