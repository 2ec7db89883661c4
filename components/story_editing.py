"""An editor's corrections of a story, under its panel: take a report out of the story, or
join the story with another one in view. Each is saved in `data/stories.yaml` with the
editor's name (`sahelwatch.stories.editing`) and applied when the corpus is compiled again."""

from __future__ import annotations

import pydantic
import streamlit as st

from components import access, data_access, view
from components.i18n import _
from components.review_state import reviewer
from components.safe import md, plain
from sahelwatch.stories.editing import record_decision

MAX_CHOICES = 200


def _decide(op: str, events: list[str], sides: list[list[str]]) -> None:
    try:
        record_decision(data_access.data_dir(), op, by=reviewer() or "", events=events,
                        sides=sides)  # fmt: skip
    except (pydantic.ValidationError, ValueError, OSError) as error:
        st.session_state[view.STORY_MESSAGE] = ("error", str(error))
        return
    data_access.refresh()
    st.session_state[view.STORY_MESSAGE] = ("success", _("Saved. The stories are grouped again."))


def render_split_button(story: dict, event_id: str) -> None:
    """Under one report of a story with several: split it off."""
    if not access.can_edit() or len(story["events"]) < 2:
        return
    rest = [e for e in story["events"] if e != event_id]
    st.button(
        _("Not the same happening: split off"),
        key=f"{view.STORY_SPLIT}{event_id}",
        icon=":material/call_split:",
        disabled=reviewer() is None,
        on_click=_decide,
        args=("split", [], [[event_id], rest]),
    )


def render_merge(story: dict) -> None:
    """Below the story: join it with another story in view."""
    if not access.can_edit():
        return
    if message := st.session_state.pop(view.STORY_MESSAGE, None):
        getattr(st, message[0])(md(message[1], 400))
    if reviewer() is None:
        st.caption(_("To split or merge stories, give your name on the Review page first."))
        return
    leads = data_access.store().story_leads(
        view.current_filter(), "e.story_id, e.event_id, e.title",
        f"ORDER BY e.date_start NULLS LAST, e.story_id LIMIT {MAX_CHOICES}",
    )  # fmt: skip
    others = leads[leads["story_id"] != story["id"]]
    titles = dict(zip(others["event_id"], others["title"], strict=True))
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        _("The same happening as another story"),
        list(titles),
        index=None,
        format_func=lambda e: plain(titles.get(e, e), 100),
        key=view.STORY_MERGE_CHOICE,
        placeholder=_("Choose a story in the current view"),
    )
    right.button(
        _("Merge"),
        key=view.STORY_MERGE,
        icon=":material/merge:",
        disabled=chosen is None,
        on_click=_decide,
        args=("merge", [story["events"][0], chosen], []),
    )
