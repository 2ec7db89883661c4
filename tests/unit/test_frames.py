"""Tidy frames derived from a corpus: one row per thing, the columns the UI relies on."""

from __future__ import annotations

import json

import pandas as pd

from sahelwatch.corpus import frames_from_articles, load_corpus, places_geodataframe
from tests.conftest import SEED_DATA

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


# The columns every table has, in order: what the store, the queries and the UI rely on.
COLUMNS = {
    "articles": ["article_id", "title", "language", "outlet", "url", "published_start",
                 "published_precision", "attributed_to", "status", "synthetic", "n_events",
                 "n_quotes", "reviewed_by", "reviewed_at"],
    "events": ["event_id", "article_id", "title", "summary", "kind", "date_start", "date_end",
               "date_precision", "date_basis", "geo_precision", "place_ids", "place_names", "lat",
               "lon", "countries", "actor_ids", "topics", "source_ids", "source_kinds", "status",
               "synthetic"],
    "evidence": ["event_id", "article_id", "start", "end", "text"],
    "quotes": ["quote_id", "article_id", "event_id", "speaker_id", "speaker_name", "speaker_role",
               "text", "mode", "language", "start", "end", "source_ids", "status", "synthetic"],
    "actors": ["actor_id", "article_id", "name", "kind", "role", "affiliation", "n_mentions"],
    "places": ["place_id", "article_id", "name", "kind", "country", "lat", "lon"],
    "sources": ["source_id", "article_id", "name", "kind", "country"],
}  # fmt: skip


def _rows(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain values: missing as None, times as ISO dates, arrays as lists."""

    def plain(value):
        if isinstance(value, list):
            return value
        if pd.isna(value):
            return None
        return value.date().isoformat() if isinstance(value, pd.Timestamp) else value

    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def test_every_table_has_exactly_its_columns_even_when_empty():
    frames = frames_from_articles([])
    assert {name: list(frame.columns) for name, frame in frames.items()} == COLUMNS
    assert [name for name, frame in frames.items() if not frame.empty] == []


def test_the_seed_frames_hold_every_value_of_its_record():
    """Every row and column of the seed's frames, read off its record.json directly."""
    [loaded] = load_corpus(SEED_DATA).articles
    raw = json.loads((loaded.folder / "record.json").read_text("utf-8"))
    frames = frames_from_articles([loaded])
    assert {name: list(frame.columns) for name, frame in frames.items()} == COLUMNS
    art, article_id = raw["article"], raw["article"]["id"]
    chain = art["attributed_to"]
    places = {p["id"]: p for p in raw["places"]}
    actors = {a["id"]: a for a in raw["actors"]}
    kinds = sorted({s["kind"] for s in raw["sources"] if s["id"] in chain})
    common = {"status": art["status"], "synthetic": art["synthetic"]}
    assert _rows(frames.articles) == [
        {"article_id": article_id, "title": art["title"], "language": art["language"],
         "outlet": art["outlet"], "url": art["url"], "published_start": art["published"]["start"],
         "published_precision": art["published"]["precision"], "attributed_to": chain,
         "n_events": len(raw["events"]), "n_quotes": len(raw["quotes"]), "reviewed_by": None,
         "reviewed_at": None, **common}
    ]  # fmt: skip

    def point(event):
        located = [places[p] for p in event["place_ids"] if places[p]["lat"] is not None]
        return located[0] if located and event["geo_precision"] == "point" else {}

    assert _rows(frames.events) == [
        {"event_id": e["id"], "article_id": article_id, "title": e["title"],
         "summary": e["summary"], "kind": e["kind"], "date_start": e["date"]["start"],
         "date_end": e["date"]["end"], "date_precision": e["date"]["precision"],
         "date_basis": e["date"]["basis"], "geo_precision": e["geo_precision"],
         "place_ids": e["place_ids"], "place_names": [places[p]["name"] for p in e["place_ids"]],
         "lat": point(e).get("lat"), "lon": point(e).get("lon"), "countries": e["countries"],
         "actor_ids": e["actor_ids"], "topics": e["topics"], "source_ids": chain,
         "source_kinds": kinds, **common}
        for e in raw["events"]
    ]  # fmt: skip
    assert _rows(frames.evidence) == [
        {"event_id": e["id"], "article_id": article_id, **span}
        for e in raw["events"] for span in e["evidence"]
    ]  # fmt: skip
    assert _rows(frames.quotes) == [
        {"quote_id": q["id"], "article_id": article_id, "event_id": q["event_id"],
         "speaker_id": q["speaker_id"], "speaker_name": actors[q["speaker_id"]]["name"],
         "speaker_role": actors[q["speaker_id"]]["role"], "text": q["text"], "mode": q["mode"],
         "language": art["language"], "start": q["evidence"]["start"],
         "end": q["evidence"]["end"], "source_ids": chain, **common}
        for q in raw["quotes"]
    ]  # fmt: skip
    assert _rows(frames.actors) == [
        {"actor_id": a["id"], "article_id": article_id, "name": a["name"], "kind": a["kind"],
         "role": a["role"], "affiliation": a["affiliation"], "n_mentions": len(a["mentions"])}
        for a in raw["actors"]
    ]  # fmt: skip
    assert _rows(frames.places) == [
        {"place_id": p["id"], "article_id": article_id, "name": p["name"], "kind": p["kind"],
         "country": p["country"], "lat": p["lat"], "lon": p["lon"]}
        for p in raw["places"]
    ]  # fmt: skip
    assert _rows(frames.sources) == [
        {"source_id": s["id"], "article_id": article_id, "name": s["name"], "kind": s["kind"],
         "country": s["country"]}
        for s in raw["sources"]
    ]  # fmt: skip
    # Anchors in plain values, so the reading above cannot drift with the code it checks.
    conference = frames.events.set_index("event_id").loc["evt:bamako-conference-2024-12-01"]
    assert (conference["lat"], conference["lon"]) == (12.60915, -7.97522)
    assert conference["date_start"] == pd.Timestamp("2024-12-01")
    assert frames.events["date_start"].isna().sum() == 10
    assert frames.events["source_kinds"].map(tuple).unique().tolist() == [("state_media",)]


def test_places_geodataframe_has_points_and_leaves_countries_empty():
    places = pd.DataFrame(
        {"place_id": ["plc:bamako", "plc:mali"], "lat": [12.64, None], "lon": [-8.0, None]}
    )
    frame = places_geodataframe(places)
    assert frame.crs.to_epsg() == 4326
    assert (frame.geometry.iloc[0].x, frame.geometry.iloc[0].y) == (-8.0, 12.64)
    assert frame.geometry.iloc[1] is None
