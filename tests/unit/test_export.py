"""Downloads: CSV cells that could start a formula are neutralised; the HTML map holds the
article texts only as escaped JSON data and loads nothing from the network; the `export`
command writes what the Data page downloads, filtered like a shared link."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import stat

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from sahelwatch import export
from sahelwatch.cli import main
from sahelwatch.filters import Filter
from sahelwatch.store import Store
from tests.conftest import MINI_DATA, ROOT, new_file_mode
from tests.export_corpus import PLACE, TITLES, write_hostile_corpus

HOSTILE_FIXTURE = ROOT / "tests" / "fixtures" / "hostile"
DATA_CALL = re.compile(r"(geo_json_\w+)_add\((\{.*?\})\);\n")


def _rows(payload: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(payload.decode("utf-8"), newline="")))


# --- CSV -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        # each character a spreadsheet reads as the start of a formula
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        # the same characters later in the text are harmless
        ("Gao = Mali", "Gao = Mali"),
        ("Gao;=1", "Gao;=1"),  # only list cells are split on `;`
        ("a-b", "a-b"),
        ("", ""),
    ],
)
def test_text_cells_that_could_start_a_formula_get_a_quote(cell, written):
    frame = pd.DataFrame({"title": [cell]})
    assert _rows(export.table_csv(frame))[0]["title"] == written


@pytest.mark.parametrize(
    ("items", "written"),
    [
        (["=cmd|' /C calc'!A0", "Gao"], "'=cmd|' /C calc'!A0;Gao"),
        # a list is meant to be split on `;`: every item is made safe, not only the first
        (["Gao", "@evil"], "Gao;'@evil"),
        (["Gao", "Niamey"], "Gao;Niamey"),
        ([], ""),
    ],
)
def test_list_cells_are_neutralised_item_by_item(items, written):
    frame = pd.DataFrame({"place_names": [items]})
    assert _rows(export.table_csv(frame))[0]["place_names"] == written


@pytest.mark.parametrize(
    "values",
    [
        pd.Series([None, "=x"], dtype=object),
        pd.Series([None, "=x"], dtype="string"),
        pd.Series([7, "=x"], dtype=object),
    ],
)
def test_texts_beside_missing_or_other_values_are_neutralised(values):
    written = [row["cell"] for row in _rows(export.table_csv(pd.DataFrame({"cell": values})))]
    assert written == ["" if pd.isna(values[0]) else str(values[0]), "'=x"]


def test_numbers_beside_missing_values_in_a_column_of_objects_are_written_as_numbers():
    frame = pd.DataFrame({"n": pd.Series([None, 3], dtype=object)})
    assert [row["n"] for row in _rows(export.table_csv(frame))] == ["", "3"]


def test_numbers_and_dates_keep_their_minus_sign():
    frame = pd.DataFrame(
        {"lon": [-0.0447], "n": [-3], "date_start": pd.to_datetime(["2024-08-06"])}
    )
    row = _rows(export.table_csv(frame))[0]
    assert row == {"lon": "-0.0447", "n": "-3", "date_start": "2024-08-06"}


def test_geojson_keeps_the_texts_as_written():
    """GeoJSON is read by GIS tools, not spreadsheets: no quote is added."""
    events = pd.DataFrame(
        {"title": ["=1+1"], "place_names": [["@x"]], "lat": [16.27], "lon": [-0.04]}
    )
    feature = json.loads(export.events_geojson(events))["features"][0]
    assert feature["properties"] == {"title": "=1+1", "place_names": "@x"}


# --- HTML text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        # escaped once: the literal text "&lt;" must stay visible as "&lt;"
        ("&lt;", "&amp;lt;"),
        ("\"'", "&quot;&#x27;"),
        # bidirectional controls (U+202A–U+202E, U+2066–U+2069) are removed
        ("a\u202eb\u2066c\u2069d\u202ae", "abcde"),
        (None, ""),
    ],
)
def test_html_text_escapes_once_and_drops_bidi_controls(text, shown):
    assert export.html_text(text) == shown


def test_html_text_clips_before_escaping_so_no_entity_is_cut():
    text = "a" * 297 + "<<<<<<"
    shown = export.html_text(text)
    assert shown == "a" * 297 + "&lt;&lt;…"
    assert html.unescape(shown) == text[:299] + "…"


# --- HTML map ------------------------------------------------------------------------


def _boundaries(name: str = "Mali") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"iso3": ["MLI", "DZA"], "name_en": [name, "Algeria"], "aes": [True, False]},
        geometry=[box(-12, 10, 4, 25), box(-8, 19, 12, 37)],
        crs="EPSG:4326",
    )


def _markers(place: str, titles: list[str], n: int | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {"lat": [16.27], "lon": [-0.04], "place": [place], "n": [n or len(titles)],
         "event_ids": [[f"evt:{i}" for i in range(len(titles))]], "titles": [titles]}
    )  # fmt: skip


def _layers(page: str) -> tuple[dict[str, dict], str]:
    """The GeoJSON each layer is given (as the browser will parse it) and the page without
    that data and without Leaflet's own script and stylesheet."""
    data = {name: json.loads(payload) for name, payload in DATA_CALL.findall(page)}
    rest = DATA_CALL.sub("", page)
    for leaflet_file in export.leaflet_assets():
        assert rest.count(leaflet_file) == 1
        rest = rest.replace(leaflet_file, "")
    return data, rest


def _hostile_map(**changes) -> str:
    arguments = {
        "boundaries": _boundaries(),
        "country_counts": {"MLI": 3},
        "markers": _markers(PLACE, list(TITLES[:5]), n=7),
        "title": "Sahel Watch — 7 events",
    }
    return export.map_html(**(arguments | changes))


def test_article_texts_reach_the_map_only_as_json_data():
    page = _hostile_map()
    data, rest = _layers(page)
    assert len(data) == 2
    # Outside the layers' JSON (script, template literals, HTML), no trace of any payload.
    for marker in ("__pwned", "alert(1)", "@@=", "onerror", "inverse"):
        assert marker not in rest
    places = next(d for d in data.values() if d["features"][0]["geometry"]["type"] == "Point")
    props = places["features"][0]["properties"]
    assert html.unescape(props["tooltip"]) == f"{PLACE}: 7 events"
    assert f"<b>{html.escape(PLACE)}</b> — 7 events<ul>" in props["popup"]
    items = re.findall(r"<li>(.*?)</li>", props["popup"])
    expected = [title.replace("\u202e", "").replace("\u202c", "") for title in TITLES[:5]]
    assert [html.unescape(item) for item in items] == expected
    assert props["popup"].endswith("</ul><p>… and 2 more</p>")


def test_texts_in_the_data_are_escaped_exactly_once():
    page = _hostile_map(markers=_markers("A < B & C", ["x &lt; y"]))
    props = next(
        d for d in _layers(page)[0].values() if d["features"][0]["geometry"]["type"] == "Point"
    )["features"][0]["properties"]
    assert props["tooltip"] == "A &lt; B &amp; C: 1 events"
    assert "<li>x &amp;lt; y</li>" in props["popup"]


def test_the_json_data_cannot_close_its_script_element():
    page = _hostile_map()
    # `</script>` would end the script wherever it stood: the texts' `<` are escaped as
    # `&lt;`, and the markup of the popup is written by JSON as \u003c.
    assert page.count("</script>") == page.count("<script>")
    assert "\\u003cul\\u003e\\u003cli\\u003e" in page


def test_long_titles_are_clipped_before_they_are_escaped():
    title = "x" * 298 + "<script>"
    page = _hostile_map(markers=_markers("Gao", [title]))
    props = next(
        d for d in _layers(page)[0].values() if d["features"][0]["geometry"]["type"] == "Point"
    )["features"][0]["properties"]
    assert "<li>" + "x" * 298 + "&lt;…</li>" in props["popup"]


def test_country_names_and_the_title_are_escaped_once_in_their_places():
    page = _hostile_map(
        boundaries=_boundaries("Mali ${window.__pwned=1} <i>"), title="Vue <b> & ${x}"
    )
    data, rest = _layers(page)
    countries = next(d for d in data.values() if d["features"][0]["geometry"]["type"] == "Polygon")
    labels = [feature["properties"]["label"] for feature in countries["features"]]
    assert labels == ["Mali ${window.__pwned=1} &lt;i&gt;", "Algeria"]
    assert (
        "<h3 style='font-family:sans-serif;margin:6px 12px'>Vue &lt;b&gt; &amp; ${x}</h3>" in rest
    )
    assert "__pwned" not in rest


def test_the_map_loads_nothing_from_the_network():
    page = _hostile_map()
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page)
    assert tags == ["<script>"] * page.count("<script>")
    assert "Leaflet 1.9.4" in page
    for cdn_library in ("jquery", "bootstrap", "awesome-markers", "fontawesome"):
        assert cdn_library not in page.lower()
    # Leaflet's control images are inlined as data URLs, not looked up next to the file.
    assert "url(images/" not in page and "url(data:image/png;base64," in page
    # nor its source map, which would be looked up next to the report in a browser's tools
    assert "sourceMappingURL" not in page


def test_the_online_background_is_a_layer_left_off():
    page = _hostile_map()
    tiles = re.search(r"var (tile_layer_\w+) = L\.tileLayer\(\s*\"([^\"]+)\"", page)
    assert tiles.group(2) == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert f"{tiles.group(1)}.addTo(" not in page
    assert f'"OpenStreetMap background (online)" : {tiles.group(1)}' in page


def test_a_view_without_located_places_still_draws_the_countries():
    page = _hostile_map(markers=_markers("Gao", ["t"]).iloc[0:0])
    data, _ = _layers(page)
    assert [d["features"][0]["geometry"]["type"] for d in data.values()] == ["Polygon"]


# --- the `export` command ------------------------------------------------------------


@pytest.fixture
def store_dir(tmp_path):
    return tmp_path / "store"


@pytest.mark.parametrize(
    ("table", "first_column", "rows"),
    [("events", "event_id", 1), ("quotes", "quote_id", 1), ("actors", "actor_id", 1),
     ("places", "place_id", 1)],
)  # fmt: skip
def test_export_writes_each_table_as_the_data_page_does(
    tmp_path, store_dir, table, first_column, rows
):
    out = tmp_path / "out" / f"{table}.csv"
    code = main(["export", str(MINI_DATA), "--store", str(store_dir), "--format", "csv",
                 "--table", table, "--out", str(out)])  # fmt: skip
    assert code == 0
    store = Store.open(MINI_DATA, store_dir)
    frame = {"events": store.events, "quotes": store.quotes, "actors": store.actors,
             "places": store.places}[table](Filter())  # fmt: skip
    if "n_events" in frame:
        frame = frame[frame["n_events"] > 0]
    assert out.read_bytes() == export.table_csv(frame)
    assert next(iter(_rows(out.read_bytes())[0])) == first_column
    assert len(_rows(out.read_bytes())) == rows


@pytest.mark.parametrize(
    ("options", "countries"),
    [
        ([], ["NER"]),
        (["--country", "MLI"], []),
        (["--link", "country=MLI&from=2024-01-01"], []),
        (["--link", "https://example.org/data?country=MLI", "--country", "NER"], ["NER"]),
        (["--from", "2024-08-07"], []),
        (["--link", "from=2024-08-01&to=2024-08-31&topic=energy"], ["NER"]),
        (["--topic", "security"], []),
        (["--q", "energy agreement"], ["NER"]),
        (["--drafts", "0"], ["NER"]),
        # an option wins over the link for a parameter that takes one value
        (["--link", "from=2024-09-01", "--from", "2024-08-01"], ["NER"]),
        (["--link", "from=2024-08-01", "--from", "2024-09-01"], []),
    ],
)
def test_export_filters_like_a_shared_link(tmp_path, store_dir, options, countries):
    out = tmp_path / "events.geojson"
    code = main(["export", str(MINI_DATA), "--store", str(store_dir), "--format", "geojson",
                 "--out", str(out), *options])  # fmt: skip
    assert code == 0
    features = json.loads(out.read_text("utf-8"))["features"]
    assert [f["properties"]["countries"] for f in features] == countries


def test_exported_file_gets_the_mode_of_a_new_file(tmp_path, store_dir):
    out = tmp_path / "events.csv"
    code = main(["export", str(MINI_DATA), "--store", str(store_dir), "--format", "csv",
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    assert stat.S_IMODE(out.stat().st_mode) == new_file_mode()


@pytest.mark.parametrize("table", ["actors", "places"])
def test_exported_entities_are_those_of_the_matching_events(tmp_path, store_dir, table):
    out = tmp_path / f"{table}.csv"
    code = main(["export", str(MINI_DATA), "--store", str(store_dir), "--format", "csv",
                 "--table", table, "--country", "MLI", "--out", str(out)])  # fmt: skip
    assert code == 0
    assert _rows(out.read_bytes()) == []


def test_export_prints_the_links_notices_on_stderr(tmp_path, store_dir, capsys):
    out = tmp_path / "events.csv"
    code = main(["export", str(MINI_DATA), "--store", str(store_dir), "--format", "csv",
                 "--out", str(out), "--link", "topic=bogus&colour=red&from=someday"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 0
    assert "notice: Ignored unknown topic 'bogus' in the link." in err
    assert "notice: Ignored unknown link parameter 'colour'." in err
    assert "notice: Ignored from='someday': not a date like 2024-12-01." in err
    assert len(_rows(out.read_bytes())) == 1


def test_export_to_stdout(capsysbinary, store_dir):
    code = main(["export", str(MINI_DATA), "--store", str(store_dir), "--format", "json",
                 "--out", "-"])  # fmt: skip
    captured = capsysbinary.readouterr()
    assert code == 0 and captured.err == b""
    records = json.loads(captured.out)
    assert [r["article"]["id"] for r in records] == ["mini-article"]


def test_export_html_of_a_hostile_corpus_keeps_its_texts_as_data(tmp_path, store_dir):
    data = write_hostile_corpus(tmp_path / "data")
    out = tmp_path / "map.html"
    code = main(["export", str(data), "--store", str(store_dir), "--format", "html",
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    layers, rest = _layers(out.read_text("utf-8"))
    assert "__pwned" not in rest and "alert(1)" not in rest
    assert "Sahel Watch — 6 events" in rest
    places = [d for d in layers.values() if d["features"][0]["geometry"]["type"] == "Point"]
    assert html.unescape(places[0]["features"][0]["properties"]["tooltip"]) == f"{PLACE}: 6 events"


def test_export_csv_of_a_hostile_corpus_neutralises_formulas(tmp_path, store_dir):
    data = write_hostile_corpus(tmp_path / "data")
    out = tmp_path / "events.csv"
    code = main(["export", str(data), "--store", str(store_dir), "--format", "csv",
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    titles = sorted(row["title"] for row in _rows(out.read_bytes()))
    assert "'" + TITLES[5] in titles
    assert not [t for t in titles if t.startswith(export.FORMULA_STARTS)]


def test_export_of_the_hostile_fixture(tmp_path, store_dir):
    out = tmp_path / "map.html"
    code = main(["export", str(HOSTILE_FIXTURE), "--store", str(store_dir), "--format", "html",
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    _, rest = _layers(out.read_text("utf-8"))
    assert "__pwned" not in rest and "onerror" not in rest


@pytest.mark.parametrize(
    ("data", "out", "message"),
    [
        ("missing", "out.csv", "is not a corpus folder: it has no topics.yaml"),
        (str(MINI_DATA), "a-file/out.csv", "error: cannot write"),
        (str(MINI_DATA), ".", "error: cannot write"),
    ],
)
def test_export_errors_are_messages_with_exit_2(tmp_path, store_dir, capsys, data, out, message):
    (tmp_path / "a-file").write_text("not a folder")
    data = data if data != "missing" else str(tmp_path / "missing")
    code = main(["export", data, "--store", str(store_dir), "--format", "csv",
                 "--out", str(tmp_path / out)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "store") == ["a-file"]


def test_export_with_an_unwritable_store_is_a_message(tmp_path, capsys):
    (tmp_path / "a-file").write_text("not a folder")
    code = main(["export", str(MINI_DATA), "--store", str(tmp_path / "a-file" / "store"),
                 "--format", "csv", "--out", str(tmp_path / "out.csv")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: cannot compile the store: ") and "Traceback" not in err
    assert not (tmp_path / "out.csv").exists()


def test_export_table_only_for_csv(tmp_path, store_dir, capsys):
    code = main(["export", str(MINI_DATA), "--store", str(store_dir), "--format", "html",
                 "--table", "quotes", "--out", str(tmp_path / "map.html")])  # fmt: skip
    assert code == 2
    assert "--table applies to --format csv only" in capsys.readouterr().err
    assert not (tmp_path / "map.html").exists()
