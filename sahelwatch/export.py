"""Downloads of the current view: CSV tables, GeoJSON of located events, the JSON records,
and a standalone folium map for reports.

The map is one self-contained HTML file. Leaflet's script and stylesheet are inlined from the
pinned `django-js-lib-leaflet` package (no CDN: it draws offline; the OpenStreetMap background
is an optional layer that is off until the reader ticks it). Texts from articles reach the
page only as GeoJSON properties, which folium embeds as JSON data: folium's own `Tooltip` and
`Popup` write their text into JavaScript template literals, where `${...}` would run as code.
The properties are HTML-escaped once, because folium's GeoJSON tooltip and popup set them as
`innerHTML`.
"""

from __future__ import annotations

import base64
import functools
import re
from importlib.resources import files
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
import pandas as pd

from sahelwatch.annotations import annotations_jsonld
from sahelwatch.geo import load_boundaries
from sahelwatch.text import html_text

if TYPE_CHECKING:
    from sahelwatch.filters import Filter
    from sahelwatch.store import Store

LIST_COLUMNS = ("place_ids", "place_names", "countries", "actor_ids", "topics", "source_ids",
                "source_kinds", "attributed_to")  # fmt: skip
# What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START = "([" + re.escape("".join(FORMULA_STARTS)) + "])"
_WITH_TEXT = ("string", "mixed", "mixed-integer")
LEAFLET_DIR = files("js_lib_leaflet") / "static" / "js_lib_leaflet"


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with `;` and timestamps as ISO dates, for files other tools read."""
    out = frame.copy()
    for column in out.columns:
        if column in LIST_COLUMNS:
            out[column] = out[column].map(lambda v: ";".join(v) if v is not None else "")
        elif pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out


def _neutralised(flat: pd.DataFrame) -> pd.DataFrame:
    """Every text cell a spreadsheet would run as a formula, and every such item of a list
    cell (a list is meant to be split on `;`), prefixed with `'` so it stays text. Numeric
    and date columns are not text and are left as they are: a negative longitude stays the
    number -0.0447."""
    out = flat.copy()
    for column in out.columns:
        values = out[column]
        # Texts, possibly beside missing values or (in an object column) other types.
        if pd.api.types.infer_dtype(values, skipna=True) in _WITH_TEXT:
            start = "(^|;)" if column in LIST_COLUMNS else "(^)"
            safe = values.str.replace(start + _FORMULA_START, r"\1'\2", regex=True)
            out[column] = safe.where(safe.notna(), values)
    return out


def table_csv(frame: pd.DataFrame) -> bytes:
    """The table as RFC 4180 CSV, safe to open in a spreadsheet. Records end with CRLF, as
    the RFC says: with pandas' `\n` a field holding a lone `\r` was left unquoted, and a
    spreadsheet split the row there."""
    return _neutralised(_flat(frame)).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def events_geojson(events: pd.DataFrame) -> str:
    """Point-located events as a GeoJSON FeatureCollection (EPSG:4326)."""
    located = _flat(events[events["lat"].notna()])
    frame = gpd.GeoDataFrame(
        located.drop(columns=["lat", "lon"]),
        geometry=gpd.points_from_xy(located["lon"], located["lat"]),
        crs="EPSG:4326",
    )
    return frame.to_json(drop_id=True, ensure_ascii=False)


def records_json(records: list[str]) -> str:
    """The source-of-truth records (as their files hold them) in one JSON array."""
    return "[\n" + ",\n".join(record.strip() for record in records) + "\n]\n"


@functools.cache
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's script and stylesheet, ready to inline: the stylesheet's images as data URLs,
    the script without its source-map comment (a file next to the report that is not there)."""
    script = (LEAFLET_DIR / "leaflet.js").read_text("utf-8")
    script = re.sub(r"//# sourceMappingURL=\S+\s*$", "", script)

    def data_url(match: re.Match) -> str:
        image = (LEAFLET_DIR / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(image).decode('ascii')})"

    style = re.sub(
        r"url\((images/[\w.-]+\.png)\)", data_url, (LEAFLET_DIR / "leaflet.css").read_text("utf-8")
    )
    if "</script" in script.lower() or "</style" in style.lower():
        raise ValueError("Leaflet's files would close the element they are inlined in")
    return script, style


def _self_contained_map(**options) -> folium.Map:
    """A folium map that loads nothing from the network: folium's CDN scripts and stylesheets
    (Leaflet, jQuery, Bootstrap, awesome-markers, Font Awesome) are replaced by Leaflet alone,
    inlined; nothing this module draws needs the others."""
    fmap = folium.Map(**options)
    fmap.default_js = []
    fmap.default_css = []
    script, style = leaflet_assets()
    header = fmap.get_root().header
    header.add_child(folium.Element(f"<style>{style}</style>"), name="leaflet_css")
    header.add_child(folium.Element(f"<script>{script}</script>"), name="leaflet")
    return fmap


def marker_features(markers: pd.DataFrame) -> dict:
    """One GeoJSON point a located place, its texts escaped for the tooltip and the popup."""
    features = []
    for index, row in enumerate(markers.itertuples()):
        place, n, titles = html_text(row.place), int(row.n), list(row.titles)
        items = "".join(f"<li>{html_text(title)}</li>" for title in titles)
        more = f"<p>… and {n - len(titles)} more</p>" if n > len(titles) else ""
        features.append(
            {
                "type": "Feature",
                # Ids of our own: without them folium keys each marker's style by a property
                # (the tooltip when counts repeat), writing article text into its script.
                "id": str(index),
                "geometry": {"type": "Point", "coordinates": [float(row.lon), float(row.lat)]},
                "properties": {
                    "n": n,
                    "tooltip": f"{place}: {n} events",
                    "popup": f"<b>{place}</b> — {n} events<ul>{items}</ul>{more}",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def map_html(
    boundaries: gpd.GeoDataFrame,
    country_counts: dict[str, int],
    markers: pd.DataFrame,
    title: str,
) -> str:
    """A standalone Leaflet map (folium) of the view: AES countries shaded by event count,
    neighbours in grey, one marker per located place with its events in the popup."""
    fmap = _self_contained_map(location=[15.5, -1.0], zoom_start=5, tiles=None, control_scale=True)
    folium.TileLayer(
        "OpenStreetMap", name="OpenStreetMap background (online)", overlay=True, show=False
    ).add_to(fmap)
    top = max(country_counts.values(), default=0) or 1
    shapes = boundaries.assign(
        n=boundaries["iso3"].map(lambda code: int(country_counts.get(code, 0))),
        label=boundaries["name_en"].map(html_text),
    )

    def country_style(feature: dict) -> dict:
        props = feature["properties"]
        if not props["aes"]:
            return {"fillColor": "#e5e7eb", "color": "#9ca3af", "weight": 1, "fillOpacity": 0.6}
        share = props["n"] / top
        return {
            "fillColor": shade_hex(share),
            "color": "#1f2937",
            "weight": 1.5,
            "fillOpacity": 0.8,
        }

    folium.GeoJson(
        shapes[["iso3", "label", "aes", "n", "geometry"]].to_json(),
        name="Countries",
        style_function=country_style,
        tooltip=folium.GeoJsonTooltip(fields=["label", "n"], aliases=["Country", "Events"]),
    ).add_to(fmap)
    places = marker_features(markers)
    if places["features"]:
        folium.GeoJson(
            places,
            name="Places",
            marker=folium.CircleMarker(
                color="#111827", weight=1, fill_color="#2563eb", fill_opacity=0.85
            ),
            style_function=lambda feature: {
                "radius": 6 + min(feature["properties"]["n"], 50) ** 0.5 * 2
            },
            tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
            popup=folium.GeoJsonPopup(fields=["popup"], labels=False, max_width=400),
        ).add_to(fmap)
    heading = f"<h3 style='font-family:sans-serif;margin:6px 12px'>{html_text(title)}</h3>"
    fmap.get_root().html.add_child(folium.Element(heading))
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap.get_root().render()


def shade_hex(share: float) -> str:
    """Pale yellow to deep red, as in the dashboard's legend."""
    low, high = (254, 240, 217), (179, 0, 0)
    if share <= 0:
        return "#f3f4f6"
    rgb = [round(a + (b - a) * share) for a, b in zip(low, high, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def shade_rgb(share: float) -> list[int]:
    """The same colour scale as RGB for deck.gl."""
    colour = shade_hex(share).lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)]


FORMATS = ("csv", "geojson", "json", "html", "annotations", "acled")
TABLES = ("events", "quotes", "actors", "places")


def view_download(store: Store, flt: Filter, fmt: str, table: str = "events") -> bytes:
    """What the Data page downloads for the view `flt`: a table as CSV (`table`), the located
    events as GeoJSON, their articles' records as JSON, the HTML map, the evidence as W3C
    Web Annotations (JSON-LD), or the stories as an ACLED-style CSV."""
    if fmt == "csv":
        if table == "events":
            frame = store.events(flt)
        elif table == "quotes":
            frame = store.quotes(flt)
        elif table in ("actors", "places"):
            frame = getattr(store, table)(flt)
            frame = frame[frame["n_events"] > 0]
        else:
            raise ValueError(f"unknown table {table!r}; choose from {', '.join(TABLES)}")
        return table_csv(frame)
    if fmt == "geojson":
        return events_geojson(store.events(flt)).encode("utf-8")
    if fmt == "json":
        article_ids = sorted(set(store.events(flt)["article_id"]))
        return records_json([store.record_json(a) for a in article_ids]).encode("utf-8")
    if fmt == "html":
        counts = store.country_counts(flt)
        total = int(store.headline(flt)["events"])
        return map_html(
            load_boundaries(),
            dict(zip(counts["country"], counts["n"], strict=True)),
            store.place_markers(flt),
            title=f"Sahel Watch — {total:,} events",
        ).encode("utf-8")
    if fmt == "annotations":
        return annotations_jsonld(store, flt).encode("utf-8")
    if fmt == "acled":
        from sahelwatch.acled import acled_csv  # it imports this module

        return acled_csv(store, flt)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
