"""The view the analyst sees and its URL form, and every session-state key of the app.

The view (`ViewState`) lives in `st.session_state[VIEW]`. It is read from the link once per
session, changed only through `set_view` / `set_filter`, and written back to
`st.query_params` by each page, so the address bar always reproduces what the analyst sees.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from components import data_access
from sahelwatch.filters import Filter, ViewState, fit_dates, parse_query_params, to_query_params

# --- session-state keys (widget keys are session-state keys too) ---------------------------
VIEW = "view"
NOTICES = "link_notices"
FILTER_PREFIX = "flt:"
TOPICS = "flt:topics"
COUNTRIES = "flt:countries"
DATE_FROM = "flt:from"
DATE_TO = "flt:to"
UNDATED = "flt:undated"
ACTORS = "flt:actors"
SOURCES = "flt:sources"
SEARCH = "flt:q"
DRAFTS = "flt:drafts"
MAP = "map"
MAP_GENERATION = "map:generation"  # see `components.map._map_key`
TIMELINE = "timeline"
QUOTES_PAGE = "quotes:page"
QUOTE_EVENT = "quote-event:"  # + quote id: the button opening a quote's event
EVENT_DETAIL = "event-detail"  # the selected event's container (CSS class st-key-event-detail)
CLOSE_EVENT = "close-event"
LINK_NOTICES = "link-notices"  # the container of the link's notices
DISMISS_NOTICES = "dismiss-notices"
ARTICLE_PICKER = "article-picker"
ARTICLE_EVENT = "article-event:"  # + article id + ":" + selected event
INGEST_DRAFT = "ingest:draft"
ACTOR_LINK = "actor-link:"  # + where the name is shown: a button opening the Actor page
SOURCE_LINK = "source-link:"  # + where the name is shown: a button opening the Outlet page
PROFILE_PICKER = "profile-picker"
ACTOR_TIMELINE = "actor-timeline"
LANGUAGE = "language"
STORY_DETAIL = "story-detail"  # the story's container (CSS class st-key-story-detail)
STORY_REPORT = "story-report:"  # + event id: the button opening one report
ORIGINS = "flt:origins"
STORY_SPLIT = "story-split:"  # + event id: an editor's split of that report
STORY_MERGE = "story-merge"
STORY_MERGE_CHOICE = "story-merge-choice"
STORY_MESSAGE = "story-message"
SWITCH_TO = "switch-to"  # a page a callback asked to open (see components.profile_links)
PROFILE_QUOTES_PAGE = "profile:quotes-page"


def view() -> ViewState:
    """The current view; on a session's first run, the one its link describes (dates
    outside the data's range get a notice, see `sahelwatch.filters.fit_dates`)."""
    if VIEW not in st.session_state:
        state, notices = parse_query_params(_query_params(), data_access.vocabulary())
        flt, date_notices = fit_dates(state.filter, *data_access.store().date_bounds())
        st.session_state[VIEW] = replace(state, filter=flt)
        st.session_state[NOTICES] = notices + date_notices
    return st.session_state[VIEW]


def current_filter() -> Filter:
    return view().filter


def _query_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def set_view(**changes) -> None:
    st.session_state[VIEW] = replace(view(), **changes)


def set_filter(**changes) -> None:
    current = view()
    st.session_state[VIEW] = replace(current, filter=replace(current.filter, **changes))


def reset_view() -> None:
    st.session_state[VIEW] = ViewState(lang=view().lang)
    for key in [k for k in st.session_state if str(k).startswith(FILTER_PREFIX)]:
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


def adopt_link(*keys: str) -> None:
    """Take `article`/`event` from the address when a page link set them in this session."""
    wanted = {key: st.query_params.get(key) for key in keys}
    parsed, _ = parse_query_params({k: v for k, v in wanted.items() if v}, data_access.vocabulary())
    changes = {key: getattr(parsed, key) for key in keys if wanted[key]}
    changes = {key: value for key, value in changes.items() if value is not None}
    if changes and any(getattr(view(), key) != value for key, value in changes.items()):
        set_view(**changes)
