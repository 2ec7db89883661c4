"""The head of the Review page for one article: status, reviewer, the unsaved changes with
Save and Discard, Mark reviewed / Reopen, and what the last action said."""

from __future__ import annotations

import streamlit as st

from components import access
from components import review_state as state
from components.i18n import _, words
from components.review_display import change_lines
from components.review_history import reviewed_line
from components.safe import md

ICONS = {"error": ":material/error:", "conflict": ":material/sync_problem:",
         "success": ":material/check_circle:"}  # fmt: skip


def render_review_header(current: state.Pending) -> None:
    aid = current.article_id
    article = current.record.article
    st.page_link("app_pages/review.py", label=_("All drafts"), icon=":material/arrow_back:")
    st.title(md(article.title, 300), anchor=False)
    if article.status == "reviewed":
        reviewed = reviewed_line(article.reviewed_by, article.reviewed_at) or _("reviewed")
        status = f":green-badge[{reviewed}]"
    else:
        draft = _("draft")
        status = f":orange-badge[{draft}]"
    version = _("saved version {version}").format(version=current.base_version)
    st.markdown(f"{status} · {version} · `{aid}`")
    _render_reviewer()
    message = state.take_message(aid)
    if message:
        level, text = message
        show = st.success if level == "success" else st.error
        show(md(text, 1500), icon=ICONS[level])
    _render_pending(current)


def _render_reviewer() -> None:
    if access.editing_mode() == "login":
        st.caption(_("Changes are saved as {name}.").format(name=md(state.reviewer(), 120)))
        return
    st.text_input(_("Your name (kept in the history of every change you save)"),
                  value=st.session_state.get(state.REVIEWER, ""), max_chars=120,
                  key=state.REVIEWER_INPUT, on_change=state.keep_reviewer_name)  # fmt: skip


def _render_pending(current: state.Pending) -> None:
    aid = current.article_id
    n = len(current.changes)
    with st.container(border=True):
        save, discard, status = st.columns(3)
        save.button(_("Save {n} change(s)").format(n=n), type="primary", disabled=not n,
                    key=state.key(current, "save"), icon=":material/save:",
                    on_click=state.save, args=(aid,))  # fmt: skip
        discard.button(_("Discard unsaved changes"), disabled=not n,
                       key=state.key(current, "discard"), icon=":material/undo:",
                       on_click=state.discard, args=(aid,))  # fmt: skip
        reviewed = current.record.article.status == "reviewed"
        status.button(_("Reopen as a draft") if reviewed else _("Mark reviewed"),
                      key=state.key(current, "status"),
                      icon=":material/lock_open:" if reviewed else ":material/verified:",
                      on_click=state.set_status, args=(aid, not reviewed))  # fmt: skip
        if not n:
            st.caption(_("No unsaved changes."))
            return
        st.markdown(_("**Unsaved changes ({n})**").format(n=n))
        here = words()
        for change in current.changes:
            lines = change_lines(change.before, change.after, words=here) or [
                _("no change to the item")
            ]
            st.markdown(
                f"- {change.op} `{change.item}`: " + "; ".join(md(x, 200) for x in lines[:4])
            )
