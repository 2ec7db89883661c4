"""Outlet: a source the articles cite (an outlet or agency), and what it is cited for."""

import streamlit as st

from components import data_access, view
from components.header import render_notices, render_share
from components.profile import render_actor_list, render_picker
from components.safe import md, table

flt = view.current_filter()  # set by the sidebar filters app.py draws
render_notices()
if len(flt.sources) != 1:
    st.title("Outlet", anchor=False)
    render_picker("sources", data_access.source_options(flt), "source_id", "a source")
    view.sync_query_params()
    st.stop()

source_id = flt.sources[0]
source = data_access.profile("source", source_id, flt)
if source is None:
    st.title("Outlet", anchor=False)
    st.warning(f"No record in the current view cites the source {md(source_id, 120)}.",
               icon=":material/newspaper:")  # fmt: skip
    view.sync_query_params()
    st.stop()

head, share = st.columns([5, 1], vertical_alignment="bottom")
with head:
    st.title(md(source["name"], 200), anchor=False)
    country = f" · {md(source['country'])}" if source["country"] else ""
    st.caption(f"{md(source['kind'].replace('_', ' '))}{country}")
with share:
    render_share("outlet")
cols = st.columns(2)
cols[0].metric("Articles citing it", f"{source['n_articles']:,}")
cols[1].metric("Events", f"{source['n_events']:,}")

left, right = st.columns([3, 2], gap="medium")
with left:
    st.subheader("Articles citing it", anchor=False)
    articles = data_access.profile("source_articles", source_id, flt)
    st.dataframe(
        table(articles[["title", "outlet", "published_start", "status", "n_events"]]),
        hide_index=True,
        column_config={
            "published_start": st.column_config.DateColumn("published", format="YYYY-MM-DD"),
            "n_events": st.column_config.NumberColumn("events"),
        },
    )
with right:
    st.subheader("Who they quote", anchor=False)
    render_actor_list(data_access.profile("source_speakers", source_id, flt), "n_quotes",
                      "quoted actors", "speaker")  # fmt: skip

view.sync_query_params()
