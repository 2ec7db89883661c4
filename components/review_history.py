"""A record's audit trail (`record.history.jsonl`) as a readable list, and who reviewed it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data_access
from components.review_display import change_lines
from components.safe import md, present
from sahelwatch.review import ReviewError, read_history
from sahelwatch.storage import StorageError

SNAPSHOTS = {"draft": "the machine draft, as extracted", "import": "the record as it was found"}


def reviewed_line(reviewed_by: object, reviewed_at: object) -> str:
    """'reviewed by … on …' (Markdown), or '' for a record nobody reviewed in the workbench."""
    if not present(reviewed_by):
        return ""
    when = pd.Timestamp(reviewed_at).strftime("%Y-%m-%d %H:%M UTC") if present(reviewed_at) else ""
    return f"reviewed by {md(reviewed_by, 120)}" + (f" on {when}" if when else "")


def render_history(article_id: str) -> None:
    try:
        entries = read_history(data_access.data_dir(), article_id)
    except (ReviewError, StorageError, OSError):
        st.caption("The history of this record cannot be read.")
        return
    changes = [e for e in entries if e.op not in SNAPSHOTS]
    with st.expander(f"History ({len(changes)} change(s))", icon=":material/history:"):
        if not entries:
            st.caption("No history yet: the record has not been edited in the Review page.")
        for entry in reversed(entries):
            when = entry.at.strftime("%Y-%m-%d %H:%M UTC")
            head = f"**v{entry.version}** · {when} · {md(entry.by, 120)} · {entry.op}"
            if entry.op in SNAPSHOTS:
                st.markdown(f"{head} — {SNAPSHOTS[entry.op]}")
                continue
            lines = change_lines(entry.before, entry.after)
            st.markdown(
                f"{head} `{entry.item}`" + "".join(f"  \n{md(line, 300)}" for line in lines[:8])
            )
