"""The Review page's editor state, held in the session until saved (issue 12).

An analyst's edits apply at once to a pending copy of the record (each validated by the
domain, `sahelwatch.review`) and are listed as unsaved changes; Save writes them all with the
version the editor loaded. When someone else saved in between, the save is refused and the
pending changes stay on screen, never lost and never written over the other save."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import streamlit as st

from components import access, data_access
from components.i18n import _
from components.safe import relative_paths
from components.text_select import Selection
from sahelwatch.model import Record
from sahelwatch.review import (
    Change,
    Edit,
    ReviewError,
    StaleRecordError,
    load_for_review,
    mark_reviewed,
    reopen,
    restore,
    save_review,
)
from sahelwatch.storage import StorageError

# --- session-state keys (widget keys are session-state keys too) ---------------------------
PENDING = "review:pending:"  # + article id -> Pending
SELECTION = "review:selection:"  # + article id -> Selection
FOCUS = "review:focus:"  # + article id -> the item whose spans are outlined
MESSAGE = "review:message:"  # + article id -> (level, text), shown once
REVIEWER = "review:reviewer"  # the name an analyst types in `open` mode, kept for the session
REVIEWER_INPUT = "review:reviewer-input"
TEXT = "review:text:"  # + article id: the text-selection component


@dataclass(frozen=True)
class Pending:
    """The record as loaded (`base_version`), with the unsaved `changes` applied."""

    article_id: str
    text: str
    base_version: int
    record: Record
    changes: tuple[Change, ...] = ()

    @property
    def stamp(self) -> str:
        """Changes with every edit, so widget keys built on it start from the new values."""
        return f"{self.base_version}.{len(self.changes)}"


def pending(article_id: str) -> Pending:
    """The editor's record; while nothing is pending, the latest saved version (another
    editor's save shows at the next rerun instead of waiting for a conflict)."""
    key = PENDING + article_id
    held = st.session_state.get(key)
    if held is None or not held.changes:
        loaded = load_for_review(data_access.data_dir(), article_id)
        if held is None or loaded.version != held.base_version:
            held = Pending(article_id, loaded.text, loaded.version, loaded.record)
            st.session_state[key] = held
    return held


def reviewer() -> str | None:
    """The signed-in editor's e-mail in `login` mode; else the name typed on the page."""
    if access.editing_mode() == "login":
        return str(st.user.get("email") or "").strip() or None
    return (st.session_state.get(REVIEWER) or "").strip() or None


def keep_reviewer_name() -> None:
    st.session_state[REVIEWER] = st.session_state[REVIEWER_INPUT]


def tell(article_id: str, level: str, text: str) -> None:
    st.session_state[MESSAGE + article_id] = (level, text)


def take_message(article_id: str) -> tuple[str, str] | None:
    return st.session_state.pop(MESSAGE + article_id, None)


def selection(article_id: str) -> Selection | None:
    return st.session_state.get(SELECTION + article_id)


def select(article_id: str, chosen: Selection | None) -> None:
    st.session_state[SELECTION + article_id] = chosen


def focus(article_id: str) -> str | None:
    return st.session_state.get(FOCUS + article_id)


def set_focus(article_id: str, item_id: str | None) -> None:
    st.session_state[FOCUS + article_id] = item_id


def apply(article_id: str, make_edit: Callable[[Record, str], Edit]) -> Edit | None:
    """Apply `make_edit(record, text)` to the pending record; a refused edit (ReviewError)
    is told to the analyst and changes nothing (None)."""
    current = pending(article_id)
    try:
        edit = make_edit(current.record, current.text)
    except ReviewError as error:
        tell(article_id, "error", _("Not changed: {error}").format(error=error))
        return None
    st.session_state[PENDING + article_id] = replace(
        current, record=edit.record, changes=current.changes + edit.changes
    )
    return edit


def save(article_id: str) -> bool:
    """Write the pending changes as the next version of the record."""
    current = pending(article_id)
    by = reviewer()
    if by is None:
        tell(article_id, "error", _("Type your name (it goes into the history) before saving."))
        return False
    if not current.changes:
        return True
    try:
        save_review(data_access.data_dir(), article_id, current.record, current.changes,
                    by=by, base_version=current.base_version)  # fmt: skip
    except StaleRecordError as error:
        tell(article_id, "conflict",
             _("Not saved: {error} Your {n} unsaved change(s) are kept below; discard them to "
               "load the saved version, then make them again.").format(
                 error=error, n=len(current.changes)))  # fmt: skip
        return False
    except (ReviewError, StorageError, OSError) as error:
        detail = relative_paths(error, data_access.data_dir())
        tell(article_id, "error", _("Not saved: {error}").format(error=detail))
        return False
    discard(article_id)
    data_access.refresh()
    tell(article_id, "success", _("Saved {n} change(s).").format(n=len(current.changes)))
    return True


def restore_version(article_id: str, version: int) -> None:
    """Save the record as it was at `version` as a new version (the history keeps all)."""
    current = pending(article_id)
    by = reviewer()
    if by is None or current.changes:
        why = (
            _("Not restored: type your name first.")
            if by is None
            else _("Not restored: save or discard your changes first.")
        )
        tell(article_id, "error", why)
        return
    try:
        new = restore(data_access.data_dir(), article_id, version, by=by,
                      base_version=current.base_version)  # fmt: skip
    except StaleRecordError as error:
        tell(article_id, "conflict", _("Not restored: {error}").format(error=error))
        return
    except (ReviewError, StorageError, OSError) as error:
        detail = relative_paths(error, data_access.data_dir())
        tell(article_id, "error", _("Not restored: {error}").format(error=detail))
        return
    discard(article_id)
    data_access.refresh()
    restored = _("Version {old} restored as version {new}.")
    tell(article_id, "success", restored.format(old=version, new=new.version))


def set_status(article_id: str, reviewed: bool) -> None:
    """Mark the record reviewed (or reopen it) and save at once, with any pending changes."""
    by = reviewer()
    if by is None:
        tell(article_id, "error", _("Type your name (it goes into the history) before saving."))
        return
    at = dt.datetime.now(dt.UTC)
    change = mark_reviewed if reviewed else reopen
    if apply(article_id, lambda record, _text: change(record, by, at)):
        save(article_id)


def discard(article_id: str) -> None:
    for prefix in (PENDING, SELECTION, FOCUS):
        st.session_state.pop(prefix + article_id, None)


def key(current: Pending, *parts: str) -> str:
    """A widget key for this article, item and field, renewed by every edit and save."""
    return ":".join(["review", current.article_id, current.stamp, *parts])
