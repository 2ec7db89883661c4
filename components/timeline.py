"""The timeline: one lane per topic; dated events on a time axis, undated ones in their own
strip below. Above `MAX_POINTS` matching events it shows monthly counts instead, and a click
on a bin narrows the date filter to that month."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components import data_access, view
from components.filters import sync_widgets
from components.i18n import _, number, words
from components.timeline_figure import make_timeline, make_timeline_bins
from sahelwatch.filters import Filter

MAX_POINTS = 1500


def _on_timeline_select() -> None:
    points = st.session_state[view.TIMELINE]["selection"].get("points", [])
    custom = [p.get("customdata") for p in points if p.get("customdata")]
    if not custom:
        return
    value = custom[0][0] if isinstance(custom[0], list) else custom[0]
    if value.startswith("evt:"):
        view.set_view(event=value)
        return
    month = dt.date.fromisoformat(value)
    last = (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()
    view.set_filter(date_from=month, date_to=last)
    sync_widgets()


def render_timeline(flt: Filter, selected: str | None) -> None:
    total = int(data_access.headline(flt)["events"])  # the headline's count, cached
    if total == 0:
        st.info(_("No events match these filters."), icon=":material/filter_alt_off:")
        return
    if total > MAX_POINTS:
        figure = make_timeline_bins(data_access.timeline_bins(flt), data_access.topics(), words())
        st.caption(
            _("{n} events: counts per month. Filter or pick a month to see each one.").format(
                n=number(total)
            )
        )
    else:
        events = data_access.timeline_events(flt, MAX_POINTS * 6)
        figure = make_timeline(events, data_access.topics(), selected, words())
    st.plotly_chart(
        figure,
        key=view.TIMELINE,
        on_select=_on_timeline_select,
        selection_mode="points",
        config={"displaylogo": False, "scrollZoom": True},
    )
