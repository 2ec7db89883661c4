"""The review queue: every draft, what it holds and how much is left to check."""

from __future__ import annotations

import streamlit as st

from components import data_access
from components.i18n import _
from components.safe import md
from sahelwatch.review import review_queue


def render_queue() -> None:
    queue = review_queue(data_access.data_dir())
    st.subheader(_("Drafts to review ({n})").format(n=len(queue)), anchor=False)
    if not queue:
        st.caption(_("No drafts: every record is reviewed. Add articles on the Ingest page."))
        return
    for item in queue:
        with st.container(border=True):
            st.page_link("app_pages/review.py", label=md(item.title, 160),
                         query_params={"article": item.article_id},
                         icon=":material/rate_review:")  # fmt: skip
            if item.to_check:
                to_check = _("{n} left to check").format(n=item.to_check)
                left = f":orange-badge[{to_check}]"
            else:
                every_item = _("every item checked")
                left = f":green-badge[{every_item}]"
            counts = _("{events} events · {quotes} quotes · {actors} actors · {places} places")
            line = [counts.format(events=item.events, quotes=item.quotes, actors=item.actors,
                                  places=item.places)]  # fmt: skip
            if item.unattributed:
                line.append(_("{n} quote(s) without a speaker").format(n=item.unattributed))
            line.append(_("version {version}").format(version=item.version))
            st.markdown(f"{left} " + " · ".join([*line, f"`{item.article_id}`"]))
