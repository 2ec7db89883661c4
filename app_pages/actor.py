"""Actor: everything one person or organisation said and did in the current view."""

import streamlit as st

from components import data_access, view
from components.event_detail import render_event_detail
from components.header import render_notices, render_share
from components.i18n import _, words
from components.profile import (
    render_actor_card,
    render_actor_list,
    render_actor_quotes,
    render_picker,
)
from components.safe import md, table
from components.timeline_figure import make_timeline

flt = view.current_filter()  # set by the sidebar filters app.py draws
render_notices()
if len(flt.actors) != 1:
    st.title(_("Actor"), anchor=False)
    actors = data_access.actors(flt)
    render_picker("actors", actors[actors["n_events"] > 0], "actor_id", _("Choose an actor"))
    view.sync_query_params()
    st.stop()

actor_id = flt.actors[0]
actor = data_access.profile("actor", actor_id, flt)
if actor is None:
    st.title(_("Actor"), anchor=False)
    st.warning(
        _(
            "No record in the current view names the actor {id}. Widen the filters or choose "
            "another actor in the sidebar."
        ).format(id=md(actor_id, 120)),
        icon=":material/person_off:",
    )
    view.sync_query_params()
    st.stop()

head, share = st.columns([5, 1], vertical_alignment="bottom")
with head:
    render_actor_card(actor, data_access.known_actor(actor_id))
with share:
    render_share("actor")
if view.view().event:
    render_event_detail(view.view().event)

left, right = st.columns([3, 2], gap="medium")
with left:
    st.subheader(_("Events"), anchor=False)
    events = data_access.profile("actor_events", actor_id, flt)
    if events.empty:
        st.caption(_("No events in the current view."))
    else:
        figure = make_timeline(events, data_access.topics(), words=words())
        st.plotly_chart(figure, key=view.ACTOR_TIMELINE,
                        config={"displaylogo": False})  # fmt: skip
    render_actor_quotes(actor_id, flt, actor["n_quotes"])
with right:
    st.subheader(_("Reported by"), anchor=False)
    outlets = data_access.profile("actor_outlets", actor_id, flt)
    outlets["outlet"] = outlets["outlet"].fillna(_("outlet not given"))
    st.dataframe(table(outlets), hide_index=True, column_config={
        "outlet": _("Outlet"),
        "n_articles": st.column_config.NumberColumn(_("Articles"))})  # fmt: skip
    st.subheader(_("Appears with"), anchor=False)
    render_actor_list(data_access.profile("co_actors", actor_id, flt), "n_events",
                      _("No other actors in the current view."), "co-actor")  # fmt: skip

view.sync_query_params()
