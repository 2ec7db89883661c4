"""The map as a pure function: `make_deck(...)` turns plain data into a `pydeck.Deck`.

Why deck.gl: with an inline background style it needs no tile server or CDN (these machines
are offline), it returns clicks on countries and markers to Python (`on_select`), and it draws
aggregated layers on the GPU, so the browser receives one shape per country and one marker
per place whatever the number of events. No Streamlit here: unit tests inspect the deck.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize
from shapely.geometry import mapping

from components.safe import clip, inert
from components.words import ENGLISH, Words
from sahelwatch.export import shade_rgb
from sahelwatch.geo import Gazetteer

COUNTRY_LAYER = "countries"
MARKER_LAYER = "markers"
INITIAL_VIEW = pdk.ViewState(latitude=15.5, longitude=0.5, zoom=3.6, min_zoom=3, max_zoom=11)
SELECTED_LINE = [37, 99, 235]
BORDER_LINE = [31, 41, 55]
SELECTED_WIDTH = 4
BORDER_WIDTH = 1
MARKER_RADIUS = (9000, 40000)  # metres: the smallest marker, and what the busiest one adds
TOOLTIP = "<b>{title}</b><br/>{detail}<br/><i>{hint}</i>"
CAPITALS = ("Bamako", "Ouagadougou", "Niamey", "Alger", "Nouakchott", "Dakar", "Conakry",
            "Abidjan", "Accra", "Lomé", "Cotonou", "Abuja", "N'Djamena")  # fmt: skip
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
# Plain strings given to pydeck layers are read as accessor expressions; these are literals.
LABEL_FONT = pdk.types.String("Helvetica Neue, Arial, sans-serif")


class CompactDeck(pdk.Deck):
    """A deck whose JSON (what Streamlit sends on every rerun) has no indentation. pydeck
    indents its JSON by two spaces a level, which at 100,000 events made the map 487 KB
    instead of 256 KB and kept Python on its pure-Python encoder (4× slower)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


class InertLayer(pdk.Layer):
    """A pydeck layer whose data reaches deck.gl as data. pydeck serialises `data` as it is,
    and deck.gl's JSON converter would read a string starting with `@@=` or `@@#` as code
    (a place named `@@#foo` blanked the map for everyone); `inert` defuses them. GeoJSON
    geometries hold only coordinates and are passed as they are (walking them cost 20 ms
    per rerun)."""

    @property
    def data(self):
        return self._data

    @data.setter
    def data(self, data_set) -> None:
        pdk.Layer.data.fset(self, data_set)
        data = self._data
        if isinstance(data, dict) and data.get("type") == "FeatureCollection":
            features = [
                {**inert({k: v for k, v in f.items() if k != "geometry"}),
                 "geometry": f["geometry"]}
                for f in data["features"]
            ]  # fmt: skip
            self._data = {**inert({k: v for k, v in data.items() if k != "features"}),
                          "features": features}  # fmt: skip
        else:
            self._data = inert(data)


@dataclass(frozen=True)
class Geography:
    """What the map draws from `data/geo` whatever the filter, prepared once: the AES
    countries' shapes, the neighbours, the country labels and the capitals."""

    aes_shapes: tuple[dict, ...]  # iso3, name_en and GeoJSON geometry of each AES country
    context: dict  # the neighbours, a GeoJSON FeatureCollection
    labels: tuple[dict, ...]
    capitals: tuple[dict, ...]

    @classmethod
    def from_boundaries(cls, boundaries: gpd.GeoDataFrame) -> Geography:
        gazetteer = Gazetteer.load()
        capitals = [gazetteer.lookup(name) for name in CAPITALS]
        return cls(
            aes_shapes=tuple(
                {"iso3": row.iso3, "name_en": row.name_en, "geometry": mapping(row.geometry)}
                for row in boundaries[boundaries["aes"]].itertuples()
            ),
            context=json.loads(boundaries[~boundaries["aes"]][["iso3", "geometry"]].to_json()),
            labels=tuple(
                {
                    "text": row.name_fr,
                    "position": [row.label_lon, row.label_lat],
                    "size": 15 if row.aes else 12,
                    "colour": [17, 24, 39] if row.aes else [120, 120, 120],
                }
                for row in boundaries.itertuples()
            ),
            capitals=tuple(
                {"name": place.name_fr, "position": [place.lon, place.lat], "aes": place.in_aes}
                for place in capitals
                if place is not None
            ),
        )


def country_features(
    geography: Geography,
    counts: Mapping[str, int],
    selected: Sequence[str],
    words: Words = ENGLISH,
) -> dict:
    """The AES countries, shaded by matching events; the selected ones outlined."""
    top = max(counts.values(), default=0)
    features = []
    for shape in geography.aes_shapes:
        iso3 = shape["iso3"]
        n = int(counts.get(iso3, 0))
        chosen = iso3 in selected
        features.append(
            {
                "type": "Feature",
                "geometry": shape["geometry"],
                "properties": {
                    "iso3": iso3,
                    "n": n,
                    "fill": [*shade_rgb(n / top if top else 0), 215],
                    "line": SELECTED_LINE if chosen else BORDER_LINE,
                    "width": SELECTED_WIDTH if chosen else BORDER_WIDTH,
                    "title": words.country(iso3),
                    "detail": words("{n} matching events").format(n=n),
                    "hint": words("Click to remove from the country filter")
                    if chosen
                    else words("Click to add to the country filter"),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def marker_rows(
    markers: pd.DataFrame,
    topic_labels: Mapping[str, str],
    words: Words = ENGLISH,
) -> list[dict]:
    """One marker per spot (`Store.place_markers`): its size grows with the square root of
    its events, its tooltip names the first few and their topics (by `topic_labels`, topic id
    to the label shown)."""
    rows = []
    top = int(markers["n"].max()) if len(markers) else 1
    smallest, extra = MARKER_RADIUS
    for row in markers.itertuples():
        titles = " • ".join(clip(title, 120) for title in row.titles)
        hidden = row.n - len(row.titles)
        more = words(" … and {n} more").format(n=hidden) if hidden > 0 else ""
        topics = sorted({topic_labels.get(t, t) for ids in row.topics for t in ids})
        rows.append(
            {
                "position": [row.lon, row.lat],
                "n": int(row.n),
                "label": str(row.n) if row.n > 1 else "",
                "radius": smallest + extra * (row.n / top) ** 0.5,
                "event_id": row.event_ids[0],  # what a click opens (the others are not sent)
                "title": clip(row.place, 120),
                "detail": words("{n} event(s): {titles}{more} — topics: {topics}").format(
                    n=row.n, titles=titles, more=more, topics=", ".join(topics)
                ),
                "hint": words("Click to open this event")
                if row.n == 1
                else words("Click to open the first event"),
            }
        )
    return rows


def make_deck(
    geography: Geography,
    country_counts: Mapping[str, int],
    markers: pd.DataFrame,
    topic_labels: Mapping[str, str],
    selected_countries: Sequence[str] = (),
    words: Words = ENGLISH,
) -> pdk.Deck:
    """The Overview's map: neighbours for context, the AES countries shaded by
    `country_counts` (the selected ones outlined), capitals, and one marker per spot of
    `markers` (`Store.place_markers`), whose tooltips list their events' topics by
    `topic_labels`."""
    spots = marker_rows(markers, topic_labels, words)
    layers = [
        InertLayer(
            "GeoJsonLayer",
            id="context",
            data=geography.context,
            get_fill_color=[236, 236, 232],
            get_line_color=[160, 160, 160],
            line_width_min_pixels=1,
            pickable=False,
        ),
        InertLayer(
            "GeoJsonLayer",
            id=COUNTRY_LAYER,
            data=country_features(geography, country_counts, selected_countries, words),
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
            data=list(geography.labels),
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
            data=list(geography.capitals),
            get_position="position",
            get_radius=2500,
            radius_min_pixels=2.5,
            get_fill_color=[55, 65, 81],
        ),
        InertLayer(
            "TextLayer",
            id="capital-labels",
            data=list(geography.capitals),
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
            data=spots,
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
            # Only what a count label draws: the markers' tooltips would travel twice.
            data=[{"position": spot["position"], "label": spot["label"]} for spot in spots],
            get_position="position",
            get_text="label",
            get_size=10,
            get_color=[255, 255, 255],
        ),
    ]
    return CompactDeck(
        layers=layers,
        initial_view_state=INITIAL_VIEW,
        map_style=OFFLINE_STYLE,
        # Streamlit HTML-escapes the values it puts in these {fields}.
        tooltip={"html": TOOLTIP, "style": {"maxWidth": "360px", "fontSize": "13px"}},
    )
