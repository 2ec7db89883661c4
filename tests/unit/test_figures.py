"""The pure figure builders: the map's deck and the timeline's figures, inspected without a
browser (layers, features, traces, tooltips)."""

from __future__ import annotations

import html
import json

import pandas as pd
import plotly.graph_objects as go
import plotly.io
import pydeck as pdk
import pytest

from components.map_figure import (
    BORDER_LINE,
    BORDER_WIDTH,
    COUNTRY_LAYER,
    MARKER_LAYER,
    MARKER_RADIUS,
    SELECTED_LINE,
    SELECTED_WIDTH,
    TOOLTIP,
    Geography,
    make_deck,
)
from components.timeline_figure import HOVER_LINES, HOVER_WIDTH, make_timeline, make_timeline_bins
from sahelwatch.export import shade_rgb
from sahelwatch.geo import load_boundaries
from sahelwatch.taxonomy import load_topics
from tests.conftest import SEED_DATA

GEOGRAPHY = Geography.from_boundaries(load_boundaries())
TOPICS = load_topics(SEED_DATA)
COLOUR = {t.id: t.colour for t in TOPICS}


def _markers(*spots: tuple[str, int, list[str]], topics=None) -> pd.DataFrame:
    """`Store.place_markers` rows: (place, events there, the first few event ids), with
    those events' topics from `topics` (event id to topic ids)."""
    topics = topics or {}
    return pd.DataFrame(
        [
            {"lat": 12.0 + i, "lon": -8.0 + i, "place": place, "n": n, "event_ids": ids,
             "titles": [f"title of {e}" for e in ids], "topics": [topics.get(e, []) for e in ids]}
            for i, (place, n, ids) in enumerate(spots)
        ]
    )  # fmt: skip


def _deck(counts=None, markers=None, selected=()) -> dict:
    """The deck as Streamlit sends it: its JSON, and the tooltip Streamlit reads beside it.
    Topics are shown by their ids (no labels given)."""
    deck = make_deck(
        GEOGRAPHY,
        counts if counts is not None else {"MLI": 4, "BFA": 1},
        markers if markers is not None else _markers(("Bamako", 1, ["evt:a"])),
        {},
        selected,
    )
    return {**json.loads(deck.to_json()), "tooltip": deck._tooltip}


def _layer(spec: dict, layer_id: str) -> dict:
    return next(layer for layer in spec["layers"] if layer["id"] == layer_id)


def _countries(spec: dict) -> dict[str, dict]:
    features = _layer(spec, COUNTRY_LAYER)["data"]["features"]
    return {f["properties"]["iso3"]: f["properties"] for f in features}


# --- the map ----------------------------------------------------------------------------


def test_the_deck_draws_context_countries_labels_capitals_and_markers_offline():
    spec = _deck()
    assert [layer["id"] for layer in spec["layers"]] == [
        "context", COUNTRY_LAYER, "country-labels", "capitals", "capital-labels",
        MARKER_LAYER, "marker-counts",
    ]  # fmt: skip
    assert [layer["id"] for layer in spec["layers"] if layer.get("pickable")] == [
        COUNTRY_LAYER,
        MARKER_LAYER,
    ]
    assert spec["mapStyle"].startswith("data:application/json;base64,")
    assert sorted(_countries(spec)) == ["BFA", "MLI", "NER"]
    context = {f["properties"]["iso3"] for f in _layer(spec, "context")["data"]["features"]}
    assert {"DZA", "SEN", "TCD"} <= context and not context & {"MLI", "BFA", "NER"}
    capitals = {c["name"] for c in _layer(spec, "capitals")["data"]}
    assert {"Bamako", "Niamey", "Ouagadougou"} <= capitals


def test_count_labels_carry_only_their_position_and_text():
    """The markers' tooltips are sent once, with the markers, not again with their labels."""
    spec = _deck()
    markers = _layer(spec, MARKER_LAYER)["data"]
    labels = _layer(spec, "marker-counts")["data"]
    assert markers and labels == [{"position": m["position"], "label": m["label"]} for m in markers]


def test_the_deck_is_sent_as_pydeck_would_send_it_without_indentation():
    deck = make_deck(GEOGRAPHY, {"MLI": 4}, _markers(("Bamako", 2, ["evt:a", "evt:b"])), {})
    sent = deck.to_json()
    assert json.loads(sent) == json.loads(pdk.Deck.to_json(deck))
    compact = json.dumps(json.loads(sent), sort_keys=True, separators=(",", ":"))
    assert sent == compact and len(sent) < len(pdk.Deck.to_json(deck)) * 0.7


@pytest.mark.parametrize("selected", [(), ("MLI",), ("BFA", "NER"), ("MLI", "BFA", "NER")])
def test_only_the_selected_countries_are_outlined(selected):
    countries = _countries(_deck(selected=selected))
    for iso3, properties in countries.items():
        chosen = iso3 in selected
        assert properties["line"] == (SELECTED_LINE if chosen else BORDER_LINE), iso3
        assert properties["width"] == (SELECTED_WIDTH if chosen else BORDER_WIDTH), iso3
        assert properties["hint"].startswith("Click to remove" if chosen else "Click to add")


def test_countries_are_shaded_by_their_share_of_the_busiest():
    countries = _countries(_deck(counts={"MLI": 4, "BFA": 1}))
    assert countries["MLI"]["fill"] == [*shade_rgb(1.0), 215]
    assert countries["BFA"]["fill"] == [*shade_rgb(0.25), 215]
    assert countries["NER"]["fill"] == [*shade_rgb(0), 215]
    assert [countries[c]["n"] for c in ("MLI", "BFA", "NER")] == [4, 1, 0]
    assert countries["MLI"]["detail"] == "4 matching events"


def test_markers_grow_with_their_events_and_name_the_first_ones():
    topics = {"evt:a": ["security"], "evt:b": ["energy", "security"], "evt:d": ["energy"]}
    markers = _markers(("Gao", 16, ["evt:a", "evt:b"]), ("Bamako", 4, ["evt:c"]),
                       ("Niamey", 1, ["evt:d"]), topics=topics)  # fmt: skip
    spots = {m["title"]: m for m in _layer(_deck(markers=markers), MARKER_LAYER)["data"]}
    smallest, extra = MARKER_RADIUS
    assert spots["Gao"]["radius"] == smallest + extra
    assert spots["Bamako"]["radius"] == smallest + extra * 0.5
    assert spots["Niamey"]["radius"] == smallest + extra * 0.25
    assert [spots[p]["label"] for p in ("Gao", "Bamako", "Niamey")] == ["16", "4", ""]
    assert spots["Gao"]["event_id"] == "evt:a" and "event_ids" not in spots["Gao"]
    assert spots["Gao"]["detail"] == (
        "16 event(s): title of evt:a • title of evt:b … and 14 more — topics: energy, security"
    )
    assert spots["Niamey"]["hint"] == "Click to open this event"
    assert spots["Gao"]["hint"] == "Click to open the first event"


def test_tooltips_carry_record_text_as_inert_text():
    hostile = "\u202e<img src=x onerror=alert(1)>"
    markers = _markers(("@@=1+1", 2, ["evt:a", "evt:b"]))
    markers.loc[0, "titles"][0] = "@@#foo"
    markers.loc[0, "titles"][1] = hostile
    spec = _deck(markers=markers)
    assert spec["tooltip"]["html"] == TOOLTIP
    [spot] = _layer(spec, MARKER_LAYER)["data"]
    # deck.gl never sees a string it would run; Streamlit escapes the {fields} it shows.
    assert spot["title"] == "\u200b@@=1+1"
    assert spot["detail"].startswith("2 event(s): @@#foo • <img src=x onerror=alert(1)>")
    assert "\u202e" not in json.dumps(spec, ensure_ascii=False)


def test_long_place_names_and_titles_are_clipped_in_tooltips():
    markers = _markers(("P" * 5000, 1, ["evt:a"]))
    markers.loc[0, "titles"][0] = "T" * 5000
    [spot] = _layer(_deck(markers=markers), MARKER_LAYER)["data"]
    assert len(spot["title"]) == 120
    assert "T" * 119 + "…" in spot["detail"] and "T" * 120 not in spot["detail"]


# --- the timeline -----------------------------------------------------------------------


def _event(event_id, topic, start=None, end=None, precision="day", status="reviewed",
           title=None) -> dict:  # fmt: skip
    return {
        "event_id": event_id,
        "title": title or f"title of {event_id}",
        "date_start": pd.Timestamp(start) if start else pd.NaT,
        "date_end": pd.Timestamp(end) if end else pd.NaT,
        "date_precision": precision if start else "unknown",
        "date_basis": "stated" if start else "report",
        "countries": ["MLI"],
        "status": status,
        "topic": topic,
    }


EVENTS = pd.DataFrame(
    [
        _event("evt:day", "energy", "2024-12-01", "2024-12-01"),
        _event("evt:month", "security", "2024-06-01", "2024-06-30", precision="month"),
        _event("evt:draft", "security", "2024-07-14", "2024-07-14", status="draft"),
        _event("evt:undated", "security"),
        _event("evt:undated", "energy"),
    ]
)


def _traces(figure) -> list[dict]:
    return [trace.to_plotly_json() for trace in figure.data]


def _points(figure, event_id: str) -> list[dict]:
    """Each marker trace holding `event_id`, with the index of its point."""
    found = []
    for trace in _traces(figure):
        ids = list(trace.get("customdata") if trace.get("customdata") is not None else [])
        if trace.get("mode") == "markers" and event_id in ids:
            found.append({**trace, "index": ids.index(event_id)})
    return found


def test_day_events_are_points_in_their_lane_on_the_date_axis():
    [point] = _points(make_timeline(EVENTS, TOPICS), "evt:day")
    assert point["xaxis"] == "x" and point["y"][point["index"]] == "Energy"
    assert pd.Timestamp(point["x"][point["index"]]) == pd.Timestamp("2024-12-01")
    assert point["marker"]["color"] == COLOUR["energy"]
    assert point["marker"]["symbol"][point["index"]] == "circle"


def test_month_events_are_bars_over_their_span_with_a_point_in_the_middle():
    figure = make_timeline(EVENTS, TOPICS)
    bars = [t for t in _traces(figure) if t.get("mode") == "lines"]
    assert len(bars) == 1 and bars[0]["y"][0] == "Security"
    assert [pd.Timestamp(x) if x is not None else None for x in bars[0]["x"]] == [
        pd.Timestamp("2024-06-01"), pd.Timestamp("2024-07-01"), None
    ]  # fmt: skip
    [point] = _points(figure, "evt:month")
    assert pd.Timestamp(point["x"][point["index"]]) == pd.Timestamp("2024-06-15 12:00")


def test_undated_events_are_diamonds_in_their_own_strip_once_per_topic():
    figure = make_timeline(EVENTS, TOPICS)
    points = _points(figure, "evt:undated")
    assert sorted(p["y"][p["index"]] for p in points) == ["Energy", "Security"]
    assert {p["xaxis"] for p in points} == {"x2"}
    assert {p["marker"]["symbol"][p["index"]] for p in points} == {"diamond"}
    titles = [a.text for a in figure.layout.annotations]
    assert titles == ["Dated events", "Reported, date not given (1)"]


@pytest.mark.parametrize("selected", [None, "evt:day", "evt:undated"])
def test_the_selected_event_is_drawn_larger_and_outlined(selected):
    figure = make_timeline(EVENTS, TOPICS, selected)
    for trace in _traces(figure):
        if trace.get("mode") != "markers":
            continue
        for i, event_id in enumerate(trace["customdata"]):
            chosen = event_id == selected
            assert trace["marker"]["size"][i] == (18 if chosen else 12)
            assert trace["marker"]["line"]["color"][i] == ("#111827" if chosen else "white")


def test_drafts_are_hollow():
    [point] = _points(make_timeline(EVENTS, TOPICS), "evt:draft")
    assert point["marker"]["symbol"][point["index"]] == "circle-open"
    assert "draft, not reviewed" in point["hovertext"][point["index"]]


def test_lanes_follow_the_taxonomy_and_show_only_topics_with_events():
    figure = make_timeline(EVENTS, TOPICS)
    # plotly draws the first category at the bottom: Security (first in topics.yaml) on top
    assert list(figure.layout.yaxis.categoryarray) == ["Energy", "Security"]


def test_hover_labels_are_escaped_wrapped_and_clipped():
    title = "\u202e<b>gras</b> " + "mot " * 2500
    events = pd.DataFrame([_event("evt:long", "energy", "2024-12-01", title=title)])
    [point] = _points(make_timeline(events, TOPICS), "evt:long")
    label = point["hovertext"][0]
    heading = label.split("</b><br>")[0].removeprefix("<b>")
    lines = heading.split("<br>")
    assert len(lines) == HOVER_LINES
    assert all(len(html.unescape(line)) <= HOVER_WIDTH for line in lines)
    assert lines[0].startswith("&lt;b&gt;gras&lt;/b&gt; mot")
    assert "\u202e" not in label and "<b>gras" not in label
    assert lines[-1].endswith("…")


def test_monthly_bins_are_squares_per_lane_and_undated_counts_are_bars():
    bins = pd.DataFrame(
        {
            "period": [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-03-01"), pd.NaT],
            "topic": ["energy", "energy", "security"],
            "n": [10, 40, 7],
        }
    )
    traces = _traces(make_timeline_bins(bins, TOPICS))
    squares = [t for t in traces if t["type"] == "scatter" and len(t["x"])]
    assert len(squares) == 1 and list(squares[0]["customdata"]) == ["2024-01-01", "2024-03-01"]
    assert squares[0]["marker"]["opacity"] == [0.4, 1.0]
    bars = [t for t in traces if t["type"] == "bar" and len(t["x"])]
    assert len(bars) == 1 and list(bars[0]["x"]) == [7] and bars[0]["xaxis"] == "x2"
    assert bars[0]["y"] == ["Security"]


def test_the_unchecked_timelines_are_what_plotlys_checks_would_send():
    """The builders skip plotly's per-value checks (`UNCHECKED`): what they send must be what
    a checked figure of the same spec sends, so a value of the wrong type shows here."""
    bins = pd.DataFrame({"period": [pd.Timestamp("2024-01-01"), pd.NaT],
                         "topic": ["energy", "security"], "n": [10, 7]})  # fmt: skip
    for figure in (make_timeline(EVENTS, TOPICS, selected="evt:day"),
                   make_timeline_bins(bins, TOPICS)):  # fmt: skip
        sent = plotly.io.to_json(figure, validate=False)
        checked = go.Figure(json.loads(sent))
        assert json.loads(sent) == json.loads(plotly.io.to_json(checked, validate=False))
