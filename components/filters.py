"""The sidebar filters, drawn once by `app.py` for the pages that use them. Widgets hold copies
of the view's filter under `flt:` keys; each change goes through `view.set_filter`, and
anything else that changes the filter (a map click, a reset) refreshes the copies with
`sync_widgets`.

Every widget's default is the view's current value, not the widget's own empty default. The
browser keeps widget values and sends them all with each change; under load it can drop one
(seen in `benchmarks/load.py`: both toggles came back off with a topic click), and a dropped
value then falls back to the default, which this way is the view itself rather than a silent
filter change. Streamlit logs a warning when a keyed widget has a default and a value set
through the Session State API; `.streamlit/config.toml` turns it off, since both agree here."""

from __future__ import annotations

import streamlit as st

from components import data_access, view
from components.i18n import _, language, topic_label, words
from components.safe import plain
from components.view import (
    ACTORS,
    COUNTRIES,
    DATE_FROM,
    DATE_TO,
    DRAFTS,
    ORIGINS,
    SEARCH,
    SOURCES,
    TOPICS,
    UNDATED,
)
from components.words import SOURCE_KIND_WORDS
from sahelwatch.filters import MAX_ORIGINS, MAX_QUERY_LENGTH, Filter, date_range
from sahelwatch.geo import AES_COUNTRIES, country_name

MAX_OPTIONS = 300

_WIDGET_VALUES = {
    TOPICS: lambda f: list(f.topics),
    COUNTRIES: lambda f: list(f.countries),
    DATE_FROM: lambda f: f.date_from,
    DATE_TO: lambda f: f.date_to,
    UNDATED: lambda f: f.include_undated,
    ACTORS: lambda f: list(f.actors),
    SOURCES: lambda f: list(f.sources),
    SEARCH: lambda f: f.q,
    DRAFTS: lambda f: f.include_drafts,
    ORIGINS: lambda f: f.min_origins,
}


def sync_widgets() -> None:
    """Copy the view's filter into the widgets (call from callbacks only)."""
    flt = view.current_filter()
    for key, value in _WIDGET_VALUES.items():
        st.session_state[key] = value(flt)


def _on_change() -> None:
    ss = st.session_state
    date_from, date_to = ss[DATE_FROM], ss[DATE_TO]
    if date_from and date_to and date_to < date_from:
        date_from, date_to = date_to, date_from
    view.set_filter(
        topics=tuple(ss[TOPICS] or ()),
        countries=tuple(ss[COUNTRIES] or ()),
        date_from=date_from,
        date_to=date_to,
        include_undated=bool(ss[UNDATED]),
        actors=tuple(ss[ACTORS] or ()),
        sources=tuple(ss[SOURCES] or ()),
        q=(ss[SEARCH] or "").strip()[:MAX_QUERY_LENGTH],
        include_drafts=bool(ss[DRAFTS]),
        min_origins=int(ss[ORIGINS] or 1),
    )
    view.set_view(event=None)


def render_sidebar_filters() -> Filter:
    """Draw the filters in the sidebar and return the filter in force."""
    flt = view.current_filter()
    defaults = {key: value(flt) for key, value in _WIDGET_VALUES.items()}
    topics = data_access.topics()
    labels = {topic.id: topic_label(topic) for topic in topics}
    sidebar = st.sidebar
    sidebar.header(_("Filters"))

    lang = language()
    topic_counts = data_access.facet_counts(flt, "topics")
    sidebar.pills(
        _("Topics"),
        options=[topic.id for topic in topics],
        selection_mode="multi",
        default=defaults[TOPICS],
        format_func=lambda t: f"{labels.get(t, t)} · {topic_counts.get(t, 0)}",
        key=TOPICS,
        on_change=_on_change,
        help=_("Events about any of the chosen topics. Numbers: events each topic would show."),
    )

    country_counts = data_access.facet_counts(flt, "countries")
    countries = list(AES_COUNTRIES) + sorted(
        (set(country_counts) | set(flt.countries)) - set(AES_COUNTRIES)
    )
    sidebar.pills(
        _("Countries"),
        options=countries,
        selection_mode="multi",
        default=defaults[COUNTRIES],
        format_func=lambda c: f"{country_name(c, lang)} · {country_counts.get(c, 0)}",
        key=COUNTRIES,
        on_change=_on_change,
        help=_("Click a country on the map to toggle it here too."),
    )

    left, right = sidebar.columns(2)
    lo, hi = data_access.store().date_bounds()
    low, high = date_range(lo, hi)
    date_args = {
        "min_value": low,
        "max_value": high,
        "format": "YYYY-MM-DD",
        "on_change": _on_change,
    }
    none_dated = _("none dated")
    left.date_input(_("From"), value=defaults[DATE_FROM], key=DATE_FROM,
                    help=_("Earliest event: {date}").format(date=lo or none_dated),
                    **date_args)  # fmt: skip
    right.date_input(_("To"), value=defaults[DATE_TO], key=DATE_TO,
                     help=_("Latest event: {date}").format(date=hi or none_dated),
                     **date_args)  # fmt: skip
    sidebar.toggle(
        _("Include undated events"),
        value=defaults[UNDATED],
        key=UNDATED,
        on_change=_on_change,
        help=_("Events the article reports without giving a date."),
    )

    actor_frame = data_access.actors(flt).head(MAX_OPTIONS)
    actor_names = dict(zip(actor_frame["actor_id"], actor_frame["name"], strict=True))
    actor_counts = dict(zip(actor_frame["actor_id"], actor_frame["n_events"], strict=True))
    actor_options = list(actor_names) + [a for a in flt.actors if a not in actor_names]
    sidebar.multiselect(
        _("Actors"),
        options=actor_options,
        default=defaults[ACTORS],
        format_func=lambda a: f"{plain(actor_names.get(a, a), 60)} · {actor_counts.get(a, 0)}",
        key=ACTORS,
        on_change=_on_change,
        placeholder=_("Any actor"),
    )

    sources = data_access.source_options(flt)
    here = words()
    source_labels = {
        row.source_id: f"{plain(row.name, 50)} ({here.kind(SOURCE_KIND_WORDS, row.kind)}) "
        f"· {row.n_events}"
        for row in sources.itertuples()
    }
    sidebar.multiselect(
        _("Sources"),
        options=list(source_labels) + [s for s in flt.sources if s not in source_labels],
        default=defaults[SOURCES],
        format_func=lambda s: source_labels.get(s, s),
        key=SOURCES,
        on_change=_on_change,
        placeholder=_("Any source"),
        help=_("The outlet or agency an article attributes its report to, with its kind."),
    )
    sidebar.text_input(
        _("Search"),
        value=defaults[SEARCH],
        key=SEARCH,
        on_change=_on_change,
        max_chars=MAX_QUERY_LENGTH,
        placeholder=_("Titles, summaries, evidence, quotes"),
    )
    sidebar.toggle(
        _("Include drafts"),
        value=defaults[DRAFTS],
        key=DRAFTS,
        on_change=_on_change,
        help=_("Machine-made records not yet reviewed by an analyst."),
    )
    sidebar.number_input(
        _("Independent origins, at least"),
        min_value=1,
        max_value=MAX_ORIGINS,
        value=defaults[ORIGINS],
        step=1,
        key=ORIGINS,
        on_change=_on_change,
        help=_(
            "Stories whose reports come from at least this many independent origins: outlets "
            "of one owner, and reports relaying a source, count as one."
        ),
    )
    sidebar.button(_("Reset filters"), on_click=_reset, icon=":material/restart_alt:")
    return view.current_filter()


def _reset() -> None:
    view.reset_view()
    sync_widgets()
