"""The review queue: every draft, what it holds and how much is left to check."""

from __future__ import annotations

import streamlit as st

from components import data_access
from components.safe import md
from sahelwatch.review import review_queue


def render_queue() -> None:
    queue = review_queue(data_access.data_dir())
    st.subheader(f"Drafts to review ({len(queue)})", anchor=False)
    if not queue:
        st.caption("No drafts: every record is reviewed. Add articles on the Ingest page.")
        return
    for item in queue:
        with st.container(border=True):
            st.page_link("app_pages/review.py", label=md(item.title, 160),
                         query_params={"article": item.article_id},
                         icon=":material/rate_review:")  # fmt: skip
            left = (
                f":orange-badge[{item.to_check} left to check]"
                if item.to_check
                else (":green-badge[every item checked]")
            )
            unnamed = (
                f" · {item.unattributed} quote(s) without a speaker" if item.unattributed else ""
            )
            st.markdown(
                f"{left} {item.events} events · {item.quotes} quotes · {item.actors} actors · "
                f"{item.places} places{unnamed} · version {item.version} · `{item.article_id}`"
            )
