"""Downloads of the current view, read back as the tools that open them would (written to kill
mutants of `sahelwatch/export.py`, issue 10)."""

from __future__ import annotations

import io
import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from sahelwatch.export import (
    events_geojson,
    map_html,
    marker_features,
    records_json,
    shade_hex,
    shade_rgb,
    table_csv,
    view_download,
)
from sahelwatch.filters import Filter
from sahelwatch.store import Store


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["evt:a", "evt:b"],
            "title": ["Accord signé", "Visite"],
            "topics": [["security", "energy"], []],
            "countries": [["MLI"], ["NER", "BFA"]],
            "date_start": pd.to_datetime(["2024-08-06", None]),
            "lat": [13.5, None],
            "lon": [2.1, None],
        }
    )


def test_csv_joins_lists_with_semicolons_and_writes_iso_dates():
    frame = _events()
    rows = pd.read_csv(io.BytesIO(table_csv(frame)), keep_default_na=False)
    assert list(rows.columns) == list(frame.columns)
    assert list(rows["topics"]) == ["security;energy", ""]
    assert list(rows["countries"]) == ["MLI", "NER;BFA"]
    assert list(rows["date_start"]) == ["2024-08-06", ""]
    assert list(rows["title"]) == ["Accord signé", "Visite"]
    # The download leaves the frame the page shows untouched.
    assert frame["topics"][0] == ["security", "energy"]


def test_csv_is_utf8_with_a_missing_list_as_an_empty_cell():
    frame = pd.DataFrame({"event_id": ["evt:é"], "actor_ids": [None]})
    assert table_csv(frame) == "event_id,actor_ids\r\nevt:é,\r\n".encode()


def test_geojson_holds_the_located_events_as_points():
    collection = json.loads(events_geojson(_events()))
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [2.1, 13.5]}
    assert feature["properties"] == {
        "event_id": "evt:a",
        "title": "Accord signé",
        "topics": "security;energy",
        "countries": "MLI",
        "date_start": "2024-08-06",
    }
    assert "id" not in feature
    assert "Accord signé" in events_geojson(_events())  # characters kept, not \u-escaped


def test_records_json_is_one_array_of_the_records_as_written():
    out = records_json(['{"a": 1}\n', '  {"b": 2}'])
    assert out == '[\n{"a": 1},\n{"b": 2}\n]\n'
    assert json.loads(out) == [{"a": 1}, {"b": 2}]
    assert json.loads(records_json([])) == []


@pytest.mark.parametrize(
    ("share", "expected"),
    [(0, "#f3f4f6"), (-1, "#f3f4f6"), (1, "#b30000"), (0.5, "#d8786c"), (0.01, "#fdeed7")],
)
def test_shades_run_from_pale_yellow_to_deep_red(share, expected):
    # (254, 240, 217) + ((179, 0, 0) - (254, 240, 217)) * share, each channel rounded.
    assert shade_hex(share) == expected
    assert shade_rgb(share) == [int(expected[i : i + 2], 16) for i in (1, 3, 5)]


def _map(counts: dict[str, int], markers: list[dict], title: str = "Vue") -> str:
    boundaries = gpd.GeoDataFrame(
        {
            "iso3": ["MLI", "NER", "DZA"],
            "name_en": ["Mali <b>", "Niger", "Algeria"],
            "aes": [True, True, False],
        },
        geometry=[box(-5, 10, 4, 25), box(4, 11, 15, 23), box(-8, 25, 10, 35)],
        crs="EPSG:4326",
    )
    frame = pd.DataFrame(markers, columns=["lat", "lon", "place", "n", "titles"])
    return map_html(boundaries, counts, frame, title)


def _marker(place: str, n: int, titles: list[str]) -> dict:
    return {"lat": 12.6, "lon": -8.0, "place": place, "n": n, "titles": titles}


def test_report_map_escapes_every_article_text():
    page = _map(
        {"MLI": 1},
        [_marker("<img src=x onerror=alert(1)>", 1, ["<i>t</i>"])],
        "<script>alert(2)</script>",
    )
    assert "<img src=x" not in page
    assert "<script>alert(2)" not in page
    assert "<i>t</i>" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert {"aes": True, "iso3": "MLI", "label": "Mali &lt;b&gt;", "n": 1} in _countries(page)


def _countries(page: str) -> list[dict]:
    """The properties of the country shapes the page draws."""
    return [json.loads(p) for p in re.findall(r'"properties": (\{[^{}]*"iso3"[^{}]*\})', page)]


def test_report_map_shades_each_aes_country_by_its_share_of_events():
    page = _map({"MLI": 3, "NER": 1}, [])
    assert _countries(page) == [
        {"aes": True, "iso3": "MLI", "label": "Mali &lt;b&gt;", "n": 3},
        {"aes": True, "iso3": "NER", "label": "Niger", "n": 1},
        {"aes": False, "iso3": "DZA", "label": "Algeria", "n": 0},
    ]
    assert f'"fillColor": "{shade_hex(1.0)}"' in page
    assert f'"fillColor": "{shade_hex(1 / 3)}"' in page
    assert "#e5e7eb" in page  # the neighbour, grey
    assert '"Country", "Events"' in page.replace("\n", "")


def test_report_map_without_events_leaves_every_country_unshaded():
    page = _map({}, [])
    assert [c["n"] for c in _countries(page)] == [0, 0, 0]
    assert shade_hex(0) in page


def _marker_properties(page: str) -> dict:
    """The properties of the one marker the page draws (its data, as the page's JSON holds it)."""
    layers = [json.loads(m) for m in re.findall(r"geo_json_\w+_add\((\{.*?\})\);\n", page)]
    (marker,) = [f for layer in layers for f in layer["features"]
                 if f["geometry"]["type"] == "Point"]  # fmt: skip
    return marker["properties"]


def test_report_map_marker_names_the_place_its_events_and_how_many_more():
    long_title = "x" * 400
    page = _map({"MLI": 7}, [_marker("Tombouctou", 7, ["Conférence", long_title])])
    marker = _marker_properties(page)
    assert marker["popup"].startswith("<b>Tombouctou</b> — 7 events<ul>")
    assert "<li>Conférence</li><li>" + "x" * 299 + "…</li>" in marker["popup"]
    assert "x" * 300 not in page
    assert marker["popup"].endswith("<p>… and 5 more</p>")
    assert marker["tooltip"] == "Tombouctou: 7 events"


def test_report_map_marker_with_every_event_listed_says_no_more():
    page = _map({"MLI": 2}, [_marker("Gao", 2, ["Un", "Deux"])])
    assert _marker_properties(page)["popup"].endswith("<li>Un</li><li>Deux</li></ul>")
    assert "more" not in _marker_properties(page)["popup"]


def _layer_script(page: str, layer: str) -> str:
    """Everything the page's script does with one GeoJson layer (`geo_json_<hash>`)."""
    return "\n".join(line for line in page.splitlines() if layer in line or "radius" in line)


def test_report_map_wires_each_layer_as_the_analyst_sees_it():
    """The layers, their names in the layer control, the places' tooltip and popup, the styles:
    what only a browser would otherwise show (the e2e test is not in the mutation selection)."""
    page = _map({"MLI": 4, "NER": 1}, [_marker("Gao", 9, ["A", "B"])])
    countries, places = re.findall(r"var (geo_json_\w+) = L\.geoJson", page)
    (tiles,) = re.findall(r"var (tile_layer_\w+) = L\.tileLayer", page)
    (map_name,) = re.findall(r"var (map_\w+) = L\.map", page)
    overlays = re.search(r"overlays :  \{(.*?)\},", page, re.S).group(1)
    assert [line.strip() for line in overlays.strip().splitlines()] == [
        f'"OpenStreetMap background (online)" : {tiles},',
        f'"Countries" : {countries},',
        f'"Places" : {places},',
    ]
    assert f"{tiles}.addTo({map_name})" not in page  # the online background starts off
    assert "tile.openstreetmap.org" in page
    for layer in (countries, places):
        assert f"{layer}.addTo({map_name});" in page
    assert f"{places}.bindTooltip(" in page and f"{places}.bindPopup(" in page
    assert 'let fields = ["tooltip"];' in page and 'let fields = ["popup"];' in page
    assert '"maxWidth": 400' in page
    assert 'let fields = ["label", "n"];' in page and 'let aliases = ["Country", "Events"];' in page
    assert f"{countries}.bindPopup(" not in page
    # Styles: the AES countries shaded by share (Mali has the most), neighbours grey, markers
    # blue circles sized by their number of events (capped at 50).
    assert (
        '{"color": "#1f2937", "fillColor": "' + shade_hex(1.0) + '", "fillOpacity": 0.8, '
        '"weight": 1.5}' in page
    )
    assert '{"color": "#1f2937", "fillColor": "' + shade_hex(0.25) + '"' in page
    assert '{"color": "#9ca3af", "fillColor": "#e5e7eb", "fillOpacity": 0.6, "weight": 1}' in page
    marker_options = re.search(r"var opts = (\{.*?\});", page, re.S).group(1)
    options = json.loads(re.sub(r",\s*\}$", "}", marker_options))
    assert {k: options[k] for k in ("color", "weight", "fill", "fillColor", "fillOpacity")} == {
        "color": "#111827", "weight": 1, "fill": True, "fillColor": "#2563eb", "fillOpacity": 0.85
    }  # fmt: skip
    assert '{"radius": 12.0}' in page  # 6 + sqrt(9) * 2
    many = _map({"MLI": 400}, [_marker("Gao", 400, ["A"])])
    assert '{"radius": ' + str(6 + 50**0.5 * 2) + "}" in many
    assert '"collapsed": false' in page  # the layer list is open, not folded into an icon


def _row_template(page: str, fields: str) -> str:
    """The HTML row a GeoJson tooltip or popup builds for each of its `fields`."""
    return re.search(r"let fields = " + re.escape(fields) + r";(.*?)div\.innerHTML", page, re.S)[1]


def test_report_map_places_show_their_texts_without_a_field_name():
    page = _map({"MLI": 4}, [_marker("Gao", 9, ["A"])])
    assert "<th>" in _row_template(page, '["label", "n"]')  # countries: "Country", "Events"
    assert "<th>" not in _row_template(page, '["tooltip"]')
    assert "<th>" not in _row_template(page, '["popup"]')


def test_report_map_places_are_geojson_features():
    """Leaflet keeps a feature's properties (the tooltip and popup texts) only when its type
    is `Feature`, and reads the point from `coordinates`, longitude first."""
    frame = pd.DataFrame([_marker("Gao", 2, ["A", "B"])])
    assert marker_features(frame) == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "0",
                "geometry": {"type": "Point", "coordinates": [-8.0, 12.6]},
                "properties": {
                    "n": 2,
                    "tooltip": "Gao: 2 events",
                    "popup": "<b>Gao</b> — 2 events<ul><li>A</li><li>B</li></ul>",
                },
            }
        ],
    }


def test_report_map_places_with_as_many_events_keep_their_names_in_the_data():
    """When two places have as many events, the count cannot tell the markers apart: their
    names must not become the keys of the markers' styles, in the page's script."""
    places = [_marker("Gao", 3, ["A"]), _marker("Kidal", 3, ["B"]), _marker("Menaka", 5, ["C"])]
    page = _map({"MLI": 11}, places)
    script = re.sub(r"geo_json_\w+_add\(\{.*?\}\);\n", "", page)
    assert "Menaka" in page and "_styler(feature)" in script
    for name in ("Gao", "Kidal", "Menaka"):
        assert name not in script


@pytest.fixture
def mini_store(mini_corpus, tmp_path) -> Store:
    return Store.open(mini_corpus, tmp_path / "store")


def test_view_download_is_the_events_csv_unless_told_otherwise(mini_store):
    assert view_download(mini_store, Filter(), "csv") == table_csv(mini_store.events(Filter()))


@pytest.mark.parametrize(
    ("fmt", "table", "message"),
    [
        ("csv", "sources", "unknown table 'sources'; choose from events, quotes, actors, places"),
        ("xlsx", "events",
         "unknown format 'xlsx'; choose from csv, geojson, json, html, annotations, acled"),
    ],
)  # fmt: skip
def test_view_download_names_what_it_can_write(mini_store, fmt, table, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        view_download(mini_store, Filter(), fmt, table)


def test_report_map_opens_on_the_sahel_with_a_scale_bar():
    """Centred on the three AES countries at a zoom that shows them whole, with a scale."""
    page = _map({}, [])
    (map_name,) = re.findall(r"var (map_\w+) = L\.map", page)
    assert re.search(r"center: \[15\.5, -1\.0\],", page)
    assert '"zoom": 5,' in page
    assert f"L.control.scale().addTo({map_name});" in page
