"""The map: deck.gl through `st.pydeck_chart`, drawn entirely from shipped data.

Why deck.gl: with `map_style=None` it needs no tile server or CDN (these machines are
offline), it returns clicks on countries and markers to Python (`on_select`), and it draws
aggregated layers on the GPU, so the browser receives one shape per country and one marker
per place whatever the number of events.
"""

from __future__ import annotations

import base64
import json
from functools import cache

import pandas as pd
import pydeck as pdk
import streamlit as st
from shapely.geometry import mapping

from components import state
from components.filters import sync_widgets
from components.safe import clip, inert
from sahelwatch.export import shade_rgb
from sahelwatch.filters import Filter
from sahelwatch.geo import Gazetteer

MAP_KEY = "map"
COUNTRY_LAYER = "countries"
MARKER_LAYER = "markers"
INITIAL_VIEW = pdk.ViewState(latitude=15.5, longitude=0.5, zoom=3.6, min_zoom=3, max_zoom=11)
SELECTED_LINE = [37, 99, 235]
TOOLTIP = "<b>{title}</b><br/>{detail}<br/><i>{hint}</i>"
# A MapLibre style with only a background, inlined as a data: URL. Without a style Streamlit
# fetches Carto's basemap from the internet; everything on this map comes from data/geo.
_BACKGROUND_STYLE = {
    "version": 8,
    "sources": {},
    "layers": [{"id": "sea", "type": "background", "paint": {"background-color": "#dbe7ee"}}],
}
OFFLINE_STYLE = "data:application/json;base64," + base64.b64encode(
    json.dumps(_BACKGROUND_STYLE).encode()
).decode("ascii")


class InertLayer(pdk.Layer):
    """A pydeck layer whose data reaches deck.gl as data. pydeck serialises `data` as it is,
    and deck.gl's JSON converter would read a string starting with `@@=` or `@@#` as code
    (a place named `@@#foo` blanked the map for everyone); `inert` defuses them."""

    @property
    def data(self):
        return self._data

    @data.setter
    def data(self, data_set) -> None:
        pdk.Layer.data.fset(self, data_set)
        self._data = inert(self._data)


# Plain strings given to pydeck layers are read as accessor expressions; these are literals.
LABEL_FONT = pdk.types.String("Helvetica Neue, Arial, sans-serif")


@cache
def _capitals() -> tuple[dict, ...]:
    gazetteer = Gazetteer.load()
    capitals = [
        gazetteer.lookup(name)
        for name in ("Bamako", "Ouagadougou", "Niamey", "Alger", "Nouakchott", "Dakar",
                     "Conakry", "Abidjan", "Accra", "Lomé", "Cotonou", "Abuja", "N'Djamena")
    ]  # fmt: skip
    return tuple(
        {"name": place.name_fr, "position": [place.lon, place.lat], "aes": place.in_aes}
        for place in capitals
        if place is not None
    )


def _country_features(counts: dict[str, int], selected: tuple[str, ...]) -> dict:
    boundaries = state.boundaries()
    top = max(counts.values(), default=0)
    features = []
    for row in boundaries[boundaries["aes"]].itertuples():
        n = int(counts.get(row.iso3, 0))
        features.append(
            {
                "type": "Feature",
                "geometry": mapping(row.geometry),
                "properties": {
                    "iso3": row.iso3,
                    "n": n,
                    "fill": [*shade_rgb(n / top if top else 0), 215],
                    "line": SELECTED_LINE if row.iso3 in selected else [31, 41, 55],
                    "width": 4 if row.iso3 in selected else 1,
                    "title": row.name_en,
                    "detail": f"{n} matching events",
                    "hint": f"Click to {'remove from' if row.iso3 in selected else 'add to'} "
                    "the country filter",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


@cache
def _context_features() -> dict:
    boundaries = state.boundaries()
    context = boundaries[~boundaries["aes"]]
    return json.loads(context[["iso3", "geometry"]].to_json())


def _labels() -> list[dict]:
    boundaries = state.boundaries()
    return [
        {
            "text": row.name_fr,
            "position": [row.label_lon, row.label_lat],
            "size": 15 if row.aes else 12,
            "colour": [17, 24, 39] if row.aes else [120, 120, 120],
        }
        for row in boundaries.itertuples()
    ]


def _marker_rows(markers: pd.DataFrame, topics_by_event: dict[str, list[str]]) -> list[dict]:
    rows = []
    top = int(markers["n"].max()) if len(markers) else 1
    for row in markers.itertuples():
        titles = " • ".join(clip(title, 120) for title in row.titles)
        more = f" … and {row.n - len(row.titles)} more" if row.n > len(row.titles) else ""
        topics = sorted({t for e in row.event_ids for t in topics_by_event.get(e, [])})
        rows.append(
            {
                "position": [row.lon, row.lat],
                "n": int(row.n),
                "label": str(row.n) if row.n > 1 else "",
                "radius": 9000 + 40000 * (row.n / top) ** 0.5,
                "event_ids": list(row.event_ids),
                "title": clip(row.place, 120),
                "detail": f"{row.n} event(s): {titles}{more} — topics: {', '.join(topics)}",
                "hint": "Click to open " + ("this event" if row.n == 1 else "the first event"),
            }
        )
    return rows


def build_deck(flt: Filter) -> pdk.Deck:
    store = state.store()
    counts = state.query("country_counts", flt)
    markers = state.query("place_markers", flt)
    marker_events = [e for ids in markers["event_ids"] for e in ids]
    topics_by_event = {}
    if marker_events:
        frame = store.sql(
            "SELECT event_id, topics FROM events WHERE list_contains(?, event_id)",
            [marker_events],
        )
        topics_by_event = dict(zip(frame["event_id"], frame["topics"], strict=True))
    marker_rows = _marker_rows(markers, topics_by_event)
    country_counts = dict(zip(counts["country"], counts["n"], strict=True))
    layers = [
        InertLayer(
            "GeoJsonLayer",
            id="context",
            data=_context_features(),
            get_fill_color=[236, 236, 232],
            get_line_color=[160, 160, 160],
            line_width_min_pixels=1,
            pickable=False,
        ),
        InertLayer(
            "GeoJsonLayer",
            id=COUNTRY_LAYER,
            data=_country_features(country_counts, flt.countries),
            get_fill_color="properties.fill",
            get_line_color="properties.line",
            get_line_width="properties.width",
            line_width_units=pdk.types.String("pixels"),
            line_width_scale=1,
            pickable=True,
            auto_highlight=True,
            highlight_color=[37, 99, 235, 60],
        ),
        InertLayer(
            "TextLayer",
            id="country-labels",
            data=_labels(),
            get_position="position",
            get_text="text",
            get_size="size",
            get_color="colour",
            font_weight=600,
            font_family=LABEL_FONT,
            character_set=pdk.types.String("auto"),
            get_text_anchor="'middle'",
        ),
        InertLayer(
            "ScatterplotLayer",
            id="capitals",
            data=list(_capitals()),
            get_position="position",
            get_radius=2500,
            radius_min_pixels=2.5,
            get_fill_color=[55, 65, 81],
        ),
        InertLayer(
            "TextLayer",
            id="capital-labels",
            data=list(_capitals()),
            get_position="position",
            get_text="name",
            get_size=11,
            get_color=[55, 65, 81],
            get_pixel_offset=[0, 12],
            background=True,
            get_background_color=[255, 255, 255, 200],
            background_padding=[2, 1],
            font_family=LABEL_FONT,
            character_set=pdk.types.String("auto"),
        ),
        InertLayer(
            "ScatterplotLayer",
            id=MARKER_LAYER,
            data=marker_rows,
            get_position="position",
            get_radius="radius",
            radius_min_pixels=10,
            radius_max_pixels=40,
            get_fill_color=[37, 99, 235, 220],
            get_line_color=[255, 255, 255],
            line_width_min_pixels=2,
            stroked=True,
            pickable=True,
        ),
        InertLayer(
            "TextLayer",
            id="marker-counts",
            data=marker_rows,
            get_position="position",
            get_text="label",
            get_size=10,
            get_color=[255, 255, 255],
        ),
    ]
    return pdk.Deck(
        layers=layers,
        initial_view_state=INITIAL_VIEW,
        map_style=OFFLINE_STYLE,
        # Streamlit HTML-escapes the values it puts in these {fields}.
        tooltip={"html": TOOLTIP, "style": {"maxWidth": "360px", "fontSize": "13px"}},
    )


def _on_map_select() -> None:
    selection = st.session_state[MAP_KEY]["selection"]
    objects = selection.get("objects", {})
    if countries := objects.get(COUNTRY_LAYER):
        iso3 = countries[0]["properties"]["iso3"]
        current = state.current_filter()
        state.set_filter(countries=current.toggle_country(iso3).countries)
        state.set_view(event=None)
        sync_widgets()
    elif markers := objects.get(MARKER_LAYER):
        state.set_view(event=markers[0]["event_ids"][0])


def render_map(flt: Filter) -> None:
    st.pydeck_chart(
        build_deck(flt),
        height=470,
        on_select=_on_map_select,
        selection_mode="single-object",
        key=MAP_KEY,
    )
    _legend(flt)


def _legend(flt: Filter) -> None:
    counts = state.query("country_counts", flt)
    aes = counts[counts["country"].isin(["MLI", "BFA", "NER"])]
    top = int(aes["n"].max()) if len(aes) else 0
    stops = ", ".join("rgb({},{},{})".format(*shade_rgb(share)) for share in (0.05, 0.35, 0.7, 1.0))
    st.html(
        "<div style='display:flex;align-items:center;gap:8px;font-size:13px;color:#374151'>"
        "<span>Events per country</span><span>0</span>"
        f"<span style='display:inline-block;width:140px;height:10px;border-radius:3px;"
        f"background:linear-gradient(90deg,{stops})'></span><span>{top}</span>"
        "<span style='margin-left:12px'>● place with events (number = events there)</span>"
        "<span style='color:#6b7280'>Neighbours in grey, for context</span></div>"
    )
