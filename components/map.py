"""The map on the page: `map_figure.make_deck` fed from the cached queries, clicks on a
country or a marker turned into view changes, and the legend."""

from __future__ import annotations

import streamlit as st

from components import data_access, view
from components.filters import sync_widgets
from components.i18n import _, topic_label, words
from components.map_figure import COUNTRY_LAYER, MARKER_LAYER, Geography, make_deck
from components.safe import html_text
from sahelwatch.export import shade_rgb
from sahelwatch.filters import Filter
from sahelwatch.geo import AES_COUNTRIES


@st.cache_resource(show_spinner=False)
def _geography() -> Geography:
    return Geography.from_boundaries(data_access.boundaries())


def _map_key() -> str:
    """The map widget's key. It changes after each country click: deck.gl keeps the clicked
    country selected, and a click on a selected object only deselects it, so without a fresh
    widget the analyst's second click on that country (to remove it) would do nothing."""
    return f"{view.MAP}-{st.session_state.get(view.MAP_GENERATION, 0)}"


def _on_map_select() -> None:
    selection = st.session_state[_map_key()]["selection"]
    objects = selection.get("objects", {})
    if countries := objects.get(COUNTRY_LAYER):
        iso3 = countries[0]["properties"]["iso3"]
        current = view.current_filter()
        view.set_filter(countries=current.toggle_country(iso3).countries)
        view.set_view(event=None)
        st.session_state[view.MAP_GENERATION] = st.session_state.get(view.MAP_GENERATION, 0) + 1
        sync_widgets()
    elif markers := objects.get(MARKER_LAYER):
        view.set_view(event=markers[0]["event_id"])


def render_map(flt: Filter) -> None:
    country_counts = data_access.country_counts(flt)
    markers = data_access.place_markers(flt)
    labels = {t.id: topic_label(t) for t in data_access.topics()}
    deck = make_deck(_geography(), country_counts, markers, labels, flt.countries, words())
    st.pydeck_chart(
        deck,
        height=470,
        on_select=_on_map_select,
        selection_mode="single-object",
        key=_map_key(),
    )
    _legend(country_counts)


def _legend(country_counts: dict[str, int]) -> None:
    top = max((country_counts.get(c, 0) for c in AES_COUNTRIES), default=0)
    stops = ", ".join("rgb({},{},{})".format(*shade_rgb(share)) for share in (0.05, 0.35, 0.7, 1.0))
    per_country = html_text(_("Stories per country"))
    places = html_text(_("place with events (number = events there)"))
    neighbours = html_text(_("Neighbours in grey, for context"))
    st.html(
        "<div style='display:flex;align-items:center;gap:8px;font-size:13px;color:#374151'>"
        f"<span>{per_country}</span><span>0</span>"
        f"<span style='display:inline-block;width:140px;height:10px;border-radius:3px;"
        f"background:linear-gradient(90deg,{stops})'></span><span>{top}</span>"
        f"<span style='margin-left:12px'>● {places}</span>"
        f"<span style='color:#6b7280'>{neighbours}</span></div>"
    )
