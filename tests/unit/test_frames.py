"""Tidy frames derived from a corpus: one row per thing, the columns the UI relies on."""

from __future__ import annotations

import pandas as pd

from sahelwatch.corpus import frames_from_articles, load_corpus, places_geodataframe

EVENT = "evt:niamey-energy-agreement-2024-08-06"


def test_event_row_carries_dates_places_topics_and_sources(mini_corpus):
    frames = frames_from_articles(load_corpus(mini_corpus).articles)
    [event] = frames.events.to_dict("records")
    assert event["event_id"] == EVENT
    assert event["date_start"] == pd.Timestamp("2024-08-06")
    assert (event["date_precision"], event["date_basis"]) == ("day", "stated")
    assert (event["lat"], event["lon"]) == (13.5116, 2.1254)
    assert event["place_names"] == ["Niamey"]
    assert event["topics"] == ["energy", "diplomacy"]
    assert event["countries"] == ["NER"]
    assert event["source_ids"] == ["src:sputnik"]
    assert event["source_kinds"] == ["state_media"]
    assert event["status"] == "reviewed"


def test_quote_row_has_speaker_name_role_and_source_chain(mini_corpus):
    frames = frames_from_articles(load_corpus(mini_corpus).articles)
    [quote] = frames.quotes.to_dict("records")
    assert quote["speaker_name"] == "Ivanov"
    assert quote["speaker_role"] == "Head of the Russian delegation"
    assert quote["event_id"] == EVENT
    assert quote["mode"] == "direct"
    assert quote["source_ids"] == ["src:sputnik"]


def test_every_table_has_its_columns_even_when_empty(tmp_path):
    frames = frames_from_articles([])
    for name, frame in frames.items():
        assert frame.empty, name
        assert len(frame.columns) > 2, name


def test_places_geodataframe_has_points_and_leaves_countries_empty():
    places = pd.DataFrame(
        {"place_id": ["plc:bamako", "plc:mali"], "lat": [12.64, None], "lon": [-8.0, None]}
    )
    frame = places_geodataframe(places)
    assert frame.crs.to_epsg() == 4326
    assert (frame.geometry.iloc[0].x, frame.geometry.iloc[0].y) == (-8.0, 12.64)
    assert frame.geometry.iloc[1] is None
