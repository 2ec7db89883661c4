"""Downloads of the current view, read back as the tools that open them would (written to kill
mutants of `sahelwatch/export.py`, issue 10)."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from sahelwatch.export import (
    events_geojson,
    map_html,
    records_json,
    shade_hex,
    shade_rgb,
    table_csv,
)


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
    assert table_csv(frame) == "event_id,actor_ids\nevt:é,\n".encode()


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


def _map(place: str, title: str, titles: list[str], n: int) -> str:
    boundaries = gpd.GeoDataFrame(
        {"iso3": ["MLI", "DZA"], "name_en": ["Mali <b>", "Algeria"], "aes": [True, False]},
        geometry=[box(-5, 10, 4, 25), box(4, 20, 10, 30)],
        crs="EPSG:4326",
    )
    markers = pd.DataFrame(
        {"lat": [12.6], "lon": [-8.0], "place": [place], "n": [n], "titles": [titles]}
    )
    return map_html(boundaries, {"MLI": 3}, markers, title)


def test_report_map_escapes_every_article_text():
    page = _map("<img src=x onerror=alert(1)>", "<script>alert(2)</script>", ["<i>t</i>"], 1)
    assert "<img src=x" not in page
    assert "<script>alert(2)" not in page
    assert "<i>t</i>" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_report_map_names_the_place_its_events_and_how_many_more():
    page = _map("Bamako", "Vue", ["Conférence de Bamako", "Visite"], 7)
    assert "Bamako" in page
    assert "Conférence de Bamako" in page
    assert "5 more" in page
