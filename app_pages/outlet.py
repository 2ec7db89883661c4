"""Outlet: a source the articles cite (an outlet or agency), and what it is cited for."""

import streamlit as st

from components import data_access, view
from components.header import render_notices, render_share
from components.i18n import _, number, words
from components.profile import render_actor_list, render_picker
from components.safe import md, table
from components.words import SOURCE_KIND_WORDS

flt = view.current_filter()  # set by the sidebar filters app.py draws
render_notices()
if len(flt.sources) != 1:
    st.title(_("Outlet"), anchor=False)
    render_picker("sources", data_access.source_options(flt), "source_id", _("Choose a source"))
    view.sync_query_params()
    st.stop()

source_id = flt.sources[0]
source = data_access.profile("source", source_id, flt)
if source is None:
    st.title(_("Outlet"), anchor=False)
    st.warning(_("No record in the current view cites the source {id}.").format(
               id=md(source_id, 120)), icon=":material/newspaper:")  # fmt: skip
    view.sync_query_params()
    st.stop()

head, share = st.columns([5, 1], vertical_alignment="bottom")
with head:
    st.title(md(source["name"], 200), anchor=False)
    here = words()
    country = f" · {md(here.country(source['country']))}" if source["country"] else ""
    st.caption(f"{md(here.kind(SOURCE_KIND_WORDS, source['kind']))}{country}")
with share:
    render_share("outlet")
cols = st.columns(2)
cols[0].metric(_("Articles citing it"), number(source["n_articles"]))
cols[1].metric(_("Events"), number(source["n_events"]))

left, right = st.columns([3, 2], gap="medium")
with left:
    st.subheader(_("Articles citing it"), anchor=False)
    articles = data_access.profile("source_articles", source_id, flt)
    st.dataframe(
        table(articles[["title", "outlet", "published_start", "status", "n_events"]]),
        hide_index=True,
        column_config={
            "title": _("Title"),
            "outlet": _("Outlet"),
            "published_start": st.column_config.DateColumn(_("Published"), format="YYYY-MM-DD"),
            "status": _("Status"),
            "n_events": st.column_config.NumberColumn(_("Events")),
        },
    )
with right:
    st.subheader(_("Who they quote"), anchor=False)
    render_actor_list(data_access.profile("source_speakers", source_id, flt), "n_quotes",
                      _("No quoted actors in the current view."), "speaker")  # fmt: skip

view.sync_query_params()
