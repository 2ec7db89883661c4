"""Overview: filters, headline figures, map, timeline, quotes and sources, event detail."""

import streamlit as st

from components import data_access, view
from components.event_detail import render_event_detail
from components.header import render_headline, render_notices, render_share
from components.i18n import _
from components.map import render_map
from components.quotes import render_quotes
from components.story_detail import render_story
from components.timeline import render_timeline

flt = view.current_filter()  # set by the sidebar filters app.py draws
title, share = st.columns([5, 1], vertical_alignment="bottom")
title.title("Sahel Watch", anchor=False)
title.caption(_("Reporting on the Alliance of Sahel States — Mali, Burkina Faso, Niger"))
with share:
    render_share()
render_notices()
render_headline(flt)

left, right = st.columns([3, 2], gap="medium")
with left:
    st.subheader(_("Map"), anchor=False)
    render_map(flt)
    st.subheader(_("Timeline"), anchor=False)
    render_timeline(flt, view.view().event)
with right:
    st.subheader(_("Selected event"), anchor=False)
    render_event_detail(view.view().event)
    render_quotes(flt)

story = view.view().story or data_access.store().story_of_event(view.view().event or "")
if story:
    st.subheader(_("Story"), anchor=False)
    render_story(story)

view.sync_query_params()
