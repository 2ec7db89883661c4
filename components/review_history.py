"""A record's audit trail (`record.history.jsonl`) as a readable list, and who reviewed it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data_access, review_state
from components.i18n import _, words
from components.safe import md, present
from sahelwatch.review import HistoryEntry, ReviewError, read_history
from sahelwatch.review.changes import SNAPSHOT_OPS
from sahelwatch.review.display import history_text
from sahelwatch.storage import StorageError


def reviewed_line(reviewed_by: object, reviewed_at: object) -> str:
    """'reviewed by … on …' (Markdown), or '' for a record nobody reviewed in the workbench;
    the day is the UTC day, in the interface's language."""
    if not present(reviewed_by):
        return ""
    name = md(reviewed_by, 120)
    if not present(reviewed_at):
        return _("reviewed by {name}").format(name=name)
    at = pd.Timestamp(reviewed_at)  # aware in a record, naive UTC in the store
    day = (at.tz_convert("UTC") if at.tzinfo else at).date()
    return _("reviewed by {name} on {date}").format(name=name, date=words().date(day))


def render_history(article_id: str) -> None:
    """Newest change first, in the words of `sahelwatch history` (values as inert JSON)."""
    try:
        entries = read_history(data_access.data_dir(), article_id)
    except (ReviewError, StorageError, OSError):
        st.caption(_("The history of this record cannot be read."))
        return
    changes = [e for e in entries if e.op not in SNAPSHOT_OPS]
    label = _("History ({n} change(s))").format(n=len(changes))
    with st.expander(label, icon=":material/history:"):
        if not entries:
            st.caption(_("No history yet: the record has not been edited in the Review page."))
        else:
            st.code(history_text(reversed(entries)), language=None, wrap_lines=True)


def render_restore(current: review_state.Pending, entries: list[HistoryEntry]) -> None:
    """Pick an earlier saved version and save it again as the newest one."""
    versions = sorted({e.version for e in entries if e.version < current.base_version})
    if not versions:
        return
    with st.expander(_("Restore an earlier version"), icon=":material/restore:"):
        pick, button = st.columns([3, 1], vertical_alignment="bottom")
        pick.selectbox(_("Version"), versions[::-1], key=review_state.key(current, "restore"))
        button.button(
            _("Restore"),
            key=review_state.key(current, "restore-go"),
            on_click=lambda: review_state.restore_version(
                current.article_id, st.session_state[review_state.key(current, "restore")]
            ),
        )
