"""Downloads of the current view: CSV tables, GeoJSON of located events, the JSON records,
and a standalone folium map for reports.

Every text that came from an article is escaped before it reaches HTML.
"""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd

LIST_COLUMNS = ("place_ids", "place_names", "countries", "actor_ids", "topics", "source_ids",
                "source_kinds", "attributed_to")  # fmt: skip


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with `;` and timestamps as ISO dates, for files other tools read."""
    out = frame.copy()
    for column in out.columns:
        if column in LIST_COLUMNS:
            out[column] = out[column].map(lambda v: ";".join(v) if v is not None else "")
        elif pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out


def table_csv(frame: pd.DataFrame) -> bytes:
    return _flat(frame).to_csv(index=False).encode("utf-8")


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


def map_html(
    boundaries: gpd.GeoDataFrame,
    country_counts: dict[str, int],
    markers: pd.DataFrame,
    title: str,
) -> str:
    """A standalone Leaflet map (folium) of the view: AES countries shaded by event count,
    neighbours in grey, one marker per located place with its events in the popup."""
    fmap = folium.Map(location=[15.5, -1.0], zoom_start=5, tiles=None, control_scale=True)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap").add_to(fmap)
    top = max(country_counts.values(), default=0) or 1
    shapes = boundaries.assign(
        n=boundaries["iso3"].map(lambda code: int(country_counts.get(code, 0))),
        label=boundaries["name_en"].map(html.escape),
    )

    def style(feature: dict) -> dict:
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
        style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=["label", "n"], aliases=["Country", "Events"]),
    ).add_to(fmap)
    for row in markers.itertuples():
        titles = "".join(f"<li>{html.escape(str(t))[:300]}</li>" for t in row.titles)
        more = f"<p>… and {row.n - len(row.titles)} more</p>" if row.n > len(row.titles) else ""
        popup = f"<b>{html.escape(str(row.place))}</b> — {row.n} events<ul>{titles}</ul>{more}"
        folium.CircleMarker(
            location=[row.lat, row.lon],
            radius=6 + min(row.n, 50) ** 0.5 * 2,
            color="#111827",
            fill=True,
            fill_color="#2563eb",
            fill_opacity=0.85,
            tooltip=folium.Tooltip(html.escape(f"{row.place}: {row.n} events")[:300]),
            popup=folium.Popup(popup, max_width=400),
        ).add_to(fmap)
    heading = f"<h3 style='font-family:sans-serif;margin:6px 12px'>{html.escape(title)}</h3>"
    fmap.get_root().html.add_child(folium.Element(heading))
    folium.LayerControl().add_to(fmap)
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
