"""The app's data: the compiled store of the corpus and its query results, cached.

The store is opened once per corpus stamp (checked at most every ten seconds). Results of
filtered queries are cached for the current corpus across reruns and sessions: a rerun that
keeps the filter (selecting an event, paging quotes) would otherwise repeat every aggregate,
and analysts sharing a link ask for the same view. Pages call the typed functions below.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from sahelwatch import profiles
from sahelwatch.actors import KnownActor, load_actors
from sahelwatch.compiler import corpus_stamp
from sahelwatch.filters import Filter, Vocabulary
from sahelwatch.geo import load_boundaries
from sahelwatch.store import Store
from sahelwatch.taxonomy import Topic, load_topics


def data_dir() -> Path:
    return Path(os.environ.get("SAHELWATCH_DATA", "data"))


@st.cache_data(ttl=10, show_spinner=False)
def corpus_fingerprint(folder: str) -> str:
    """The corpus's stamp (`sahelwatch.compiler.corpus_stamp`), checked at most every ten
    seconds."""
    return corpus_stamp(Path(folder))


@st.cache_resource(show_spinner="Loading the corpus…", max_entries=2)
def _open_store(folder: str, fingerprint: str) -> Store:
    return Store.open(Path(folder))


def store() -> Store:
    folder = str(data_dir())
    return _open_store(folder, corpus_fingerprint(folder))


def _query(method: str, flt: Filter, *args):
    """`Store.<method>(flt, *args)`, cached for the current corpus."""
    folder = str(data_dir())
    return _cached_query(folder, corpus_fingerprint(folder), method, repr(flt), flt, args)


# Bounded: most results are a few KB; the largest, a timeline of up to 1,500 events or a
# Data-page table of 1,000 rows, is 0.5–0.75 MB pickled (measured at 100k events), so 500
# entries stay well under the memory the server is allowed, and an hour frees idle ones.
@st.cache_data(max_entries=500, ttl=3600, show_spinner=False)
def _cached_query(folder: str, fingerprint: str, method: str, filter_key: str, _flt, args):
    # `filter_key` (the filter's repr, which names every field) stands in for the unhashed `_flt`.
    return getattr(_open_store(folder, fingerprint), method)(_flt, *args)


# --- filtered queries (`sahelwatch.store.Store`), cached -----------------------------------


def headline(flt: Filter) -> dict:
    """Articles, events, quotes, actors, undated events and the date span."""
    return _query("headline", flt)


def facet_counts(flt: Filter, facet: str) -> dict[str, int]:
    """Events per value of a list facet under every other filter (see `Store.facet_counts`)."""
    frame = _query("facet_counts", flt, facet)
    return dict(zip(frame["value"], frame["n"], strict=True))


def country_counts(flt: Filter) -> dict[str, int]:
    frame = _query("country_counts", flt)
    return dict(zip(frame["country"], frame["n"], strict=True))


def place_markers(flt: Filter) -> pd.DataFrame:
    return _query("place_markers", flt)


def source_counts(flt: Filter) -> pd.DataFrame:
    return _query("source_counts", flt)


def source_options(flt: Filter) -> pd.DataFrame:
    """Sources with their events under every filter but the source filter itself."""
    return _query("source_counts", replace(flt, sources=()))


def timeline_events(flt: Filter, limit: int) -> pd.DataFrame:
    return _query("timeline_events", flt, limit)


def timeline_bins(flt: Filter) -> pd.DataFrame:
    return _query("timeline_bins", flt)


def events(flt: Filter, limit: int | None = None) -> pd.DataFrame:
    return _query("events", flt, limit)


def quotes(flt: Filter, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    return _query("quotes", flt, limit, offset)


def actors(flt: Filter) -> pd.DataFrame:
    return _query("actors", flt)


def places(flt: Filter) -> pd.DataFrame:
    return _query("places", flt)


def event_topics(event_ids: tuple[str, ...]) -> dict[str, list[str]]:
    """`Store.event_topics`, cached like the filtered queries."""
    folder = str(data_dir())
    return _cached_event_topics(folder, corpus_fingerprint(folder), event_ids)


@st.cache_data(max_entries=500, ttl=3600, show_spinner=False)
def _cached_event_topics(folder: str, fingerprint: str, event_ids: tuple[str, ...]):
    return _open_store(folder, fingerprint).event_topics(event_ids)


def profile(function: str, subject: str, flt: Filter, *args):
    """`sahelwatch.profiles.<function>(store, subject, flt, *args)`, cached like the
    filtered queries."""
    folder = str(data_dir())
    return _cached_profile(
        folder, corpus_fingerprint(folder), function, subject, repr(flt), flt, args
    )


@st.cache_data(max_entries=200, ttl=3600, show_spinner=False)
def _cached_profile(folder, fingerprint, function, subject, filter_key, _flt, args):
    return getattr(profiles, function)(_open_store(folder, fingerprint), subject, _flt, *args)


# --- the corpus as a whole ------------------------------------------------------------------


def vocabulary() -> Vocabulary:
    """The ids a link may name."""
    return store().vocabulary(topic_ids())


@st.cache_data(show_spinner=False)
def _topics(folder: str) -> list[Topic]:
    return load_topics(Path(folder))


def topics() -> list[Topic]:
    return _topics(str(data_dir()))


def topic_ids() -> frozenset[str]:
    return frozenset(topic.id for topic in topics())


@st.cache_data(show_spinner=False)
def _known_actors(folder: str) -> dict[str, KnownActor]:
    return {actor.id: actor for actor in load_actors(Path(folder))}


def known_actor(actor_id: str) -> KnownActor | None:
    """The knowledge-base entry (`data/actors.yaml`) of an actor id, if it has one."""
    return _known_actors(str(data_dir())).get(actor_id)


@st.cache_resource(show_spinner=False)
def boundaries() -> gpd.GeoDataFrame:
    return load_boundaries()
