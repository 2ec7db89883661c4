"""The app's shared state: the cached store, the view state and its URL form.

The view (`ViewState`) lives in `st.session_state["view"]`. It is read from the link once per
session, changed only through `set_view`, and written back to `st.query_params` on every run,
so the address bar always reproduces what the analyst sees.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import streamlit as st

from sahelwatch.filters import (
    Filter,
    ViewState,
    fit_dates,
    parse_query_params,
    to_query_params,
)
from sahelwatch.geo import load_boundaries
from sahelwatch.query import Store
from sahelwatch.store import corpus_stamp
from sahelwatch.taxonomy import Topic, load_topics

VIEW = "view"
NOTICES = "link_notices"


def data_dir() -> Path:
    return Path(os.environ.get("SAHELWATCH_DATA", "data"))


@st.cache_data(ttl=10, show_spinner=False)
def corpus_fingerprint(folder: str) -> str:
    """The corpus's stamp (`sahelwatch.store.corpus_stamp`), checked at most every ten
    seconds."""
    return corpus_stamp(Path(folder))


@st.cache_resource(show_spinner="Loading the corpus…", max_entries=2)
def _open_store(folder: str, fingerprint: str) -> Store:
    return Store.open(Path(folder))


def store() -> Store:
    folder = str(data_dir())
    return _open_store(folder, corpus_fingerprint(folder))


def query(method: str, flt: Filter, *args):
    """`Store.<method>(flt, *args)`, cached for the current corpus across reruns and sessions.

    A rerun that keeps the filter (selecting an event, paging quotes) would otherwise repeat
    every aggregate, and analysts sharing a link ask for the same view."""
    folder = str(data_dir())
    return _cached_query(folder, corpus_fingerprint(folder), method, repr(flt), flt, args)


# Bounded: most results are a few KB; the largest, a timeline of up to 1,500 events or a
# Data-page table of 1,000 rows, is 0.5–0.75 MB pickled (measured at 100k events), so 500
# entries stay well under the memory the server is allowed, and an hour frees idle ones.
@st.cache_data(max_entries=500, ttl=3600, show_spinner=False)
def _cached_query(folder: str, fingerprint: str, method: str, filter_key: str, _flt, args):
    # `filter_key` (the filter's repr, which names every field) stands in for the unhashed `_flt`.
    return getattr(_open_store(folder, fingerprint), method)(_flt, *args)


def event_topics(event_ids: tuple[str, ...]) -> dict[str, list[str]]:
    """`Store.event_topics`, cached like `query`."""
    folder = str(data_dir())
    return _cached_event_topics(folder, corpus_fingerprint(folder), event_ids)


@st.cache_data(max_entries=500, ttl=3600, show_spinner=False)
def _cached_event_topics(folder: str, fingerprint: str, event_ids: tuple[str, ...]):
    return _open_store(folder, fingerprint).event_topics(event_ids)


@st.cache_data(show_spinner=False)
def topics(folder: str | None = None) -> list[Topic]:
    return load_topics(Path(folder or data_dir()))


@st.cache_resource(show_spinner=False)
def boundaries():
    return load_boundaries()


def topic_ids() -> frozenset[str]:
    return frozenset(topic.id for topic in topics())


def view() -> ViewState:
    """The current view; on a session's first run, the one its link describes."""
    if VIEW not in st.session_state:
        vocab = store().vocabulary(topic_ids())
        state, notices = parse_query_params(_query_params(), vocab)
        flt, date_notices = fit_dates(state.filter, *store().date_bounds())
        st.session_state[VIEW] = replace(state, filter=flt)
        st.session_state[NOTICES] = notices + date_notices
    return st.session_state[VIEW]


def _query_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def set_view(**changes) -> None:
    st.session_state[VIEW] = replace(view(), **changes)


def set_filter(**changes) -> None:
    current = view()
    st.session_state[VIEW] = replace(current, filter=replace(current.filter, **changes))


def reset_view() -> None:
    st.session_state[VIEW] = ViewState()
    for key in [k for k in st.session_state if str(k).startswith("flt:")]:
        del st.session_state[key]


def link_notices() -> list[str]:
    """Notices about what the opening link held that was ignored; shown until dismissed."""
    return st.session_state.get(NOTICES, [])


def dismiss_notices() -> None:
    st.session_state[NOTICES] = []


def sync_query_params(*, with_article: bool = False) -> None:
    """Write the view to the address bar (only what differs, so reruns stay quiet)."""
    state = view()
    if not with_article:
        state = replace(state, article=None)
    wanted = to_query_params(state)
    if _query_params() != {k: [v] for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)


def current_filter() -> Filter:
    return view().filter


def editing_mode() -> str:
    """`off` (the default: read-only), `open` (anyone may add drafts, for local use) or
    `login` (only signed-in editors). Set with SAHELWATCH_EDITING or `[sahelwatch] editing`
    in secrets.toml."""
    mode = os.environ.get("SAHELWATCH_EDITING")
    if mode is None:
        try:
            mode = st.secrets.get("sahelwatch", {}).get("editing")
        except FileNotFoundError:
            mode = None
    mode = (mode or "off").strip().lower()
    return mode if mode in ("off", "open", "login") else "off"


def editors() -> frozenset[str]:
    """E-mail addresses allowed to edit in `login` mode (`[sahelwatch] editors`)."""
    try:
        listed = st.secrets.get("sahelwatch", {}).get("editors", [])
    except FileNotFoundError:
        listed = []
    return frozenset(str(email).strip().lower() for email in listed)


def signed_in() -> bool:
    # `st.user` has no `is_logged_in` until authentication is configured in secrets.toml.
    return bool(st.user.get("is_logged_in", False))


def can_edit() -> bool:
    mode = editing_mode()
    if mode == "open":
        return True
    if mode == "login" and signed_in():
        email = str(st.user.get("email", "")).lower()
        allowed = editors()
        return not allowed or email in allowed
    return False


def adopt_link(*keys: str) -> None:
    """Take `article`/`event` from the address when a page link set them in this session."""
    vocab = store().vocabulary(topic_ids())
    wanted = {key: st.query_params.get(key) for key in keys}
    parsed, _ = parse_query_params({k: v for k, v in wanted.items() if v}, vocab)
    changes = {key: getattr(parsed, key) for key in keys if wanted[key]}
    changes = {key: value for key, value in changes.items() if value is not None}
    if changes and any(getattr(view(), key) != value for key, value in changes.items()):
        set_view(**changes)
