"""The app's data: the published store of the corpus and its query results, cached.

A `sahelwatch.watch.CorpusWatcher` thread per server keeps the store current (it compiles and
publishes what changed, or with SAHELWATCH_WATCH=follow only follows the versions a separate
`sahelwatch compile --watch` publishes); a request only reads its version number. Results of
filtered queries are cached per version across reruns and sessions: a rerun that keeps the
filter (selecting an event, paging quotes) would otherwise repeat every aggregate, and analysts
sharing a link ask for the same view. Pages call the typed functions below.
"""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from components.access import deployment_setting
from sahelwatch import profiles
from sahelwatch.actors import KnownActor, load_actors
from sahelwatch.filters import Filter, Vocabulary
from sahelwatch.geo import load_boundaries
from sahelwatch.store import Store
from sahelwatch.taxonomy import Topic, load_topics
from sahelwatch.watch import CorpusWatcher

logger = logging.getLogger(__name__)


def data_dir() -> Path:
    return Path(os.environ.get("SAHELWATCH_DATA", "data"))


@st.cache_resource(show_spinner="Loading the corpus…", on_release=CorpusWatcher.stop)
def _watcher(folder: str) -> CorpusWatcher:
    """The server's watcher of `folder`; the first request of a server with no published store
    compiles it, later ones read the version the watcher keeps."""
    mode = deployment_setting("SAHELWATCH_WATCH", "watch", "compile")
    interval = float(deployment_setting("SAHELWATCH_WATCH_INTERVAL", "watch_interval", "2"))
    watcher = CorpusWatcher(Path(folder), mode=mode, interval=interval)
    if watcher.version is None:
        watcher.check_now(force=True)
    return watcher.start()


def _version(folder: str) -> tuple[str, int]:
    watcher = _watcher(folder)
    return str(watcher.store_dir), watcher.version


def refresh() -> None:
    """After a save in this server: publish the change now, so the next rerun shows it."""
    try:
        _watcher(str(data_dir())).check_now(force=True)
    except Exception:  # the save stands; the watcher publishes it on its next check
        logger.exception("publishing the corpus after a save failed")


@st.cache_resource(show_spinner="Loading the corpus…", max_entries=2)
def _open_store(folder: str, store_folder: str, version: int) -> Store:
    return Store(Path(folder), Path(store_folder), version)


def store() -> Store:
    folder = str(data_dir())
    return _open_store(folder, *_version(folder))


def _query(method: str, flt: Filter, *args):
    """`Store.<method>(flt, *args)`, cached for the current version."""
    folder = str(data_dir())
    return _cached_query(folder, *_version(folder), method, repr(flt), flt, args)


# Bounded: most results are a few KB; the largest, a timeline of up to 1,500 events or a
# Data-page table of 1,000 rows, is 0.5–0.75 MB pickled (measured at 100k events), so 500
# entries stay well under the memory the server is allowed, and an hour frees idle ones.
@st.cache_data(max_entries=500, ttl=3600, show_spinner=False)
def _cached_query(
    folder: str, store_folder: str, version: int, method: str, filter_key: str, _flt, args
):
    # `filter_key` (the filter's repr, which names every field) stands in for the unhashed `_flt`.
    return getattr(_open_store(folder, store_folder, version), method)(_flt, *args)


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


def profile(function: str, subject: str, flt: Filter, *args):
    """`sahelwatch.profiles.<function>(store, subject, flt, *args)`, cached like the
    filtered queries."""
    folder = str(data_dir())
    return _cached_profile(folder, *_version(folder), function, subject, repr(flt), flt, args)


@st.cache_data(max_entries=200, ttl=3600, show_spinner=False)
def _cached_profile(folder, store_folder, version, function, subject, filter_key, _flt, args):
    store = _open_store(folder, store_folder, version)
    return getattr(profiles, function)(store, subject, _flt, *args)


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
