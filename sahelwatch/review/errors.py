"""The two refusals a review can meet; each message is a sentence for the analyst."""

from __future__ import annotations

from sahelwatch.storage import StorageError


class ReviewError(ValueError):
    """An edit that would make an invalid record, or that names an item (or an article) the
    record does not have. Nothing was changed."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class StaleRecordError(StorageError):
    """The record was saved by someone else since the version the editor started from.
    Nothing was written."""
