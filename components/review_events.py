"""The Review page's events: accept, edit (title, kind, date, topics, countries, places,
actors), merge, split or delete each one."""

from __future__ import annotations

from functools import cache
from typing import get_args

import streamlit as st

from components import data_access
from components import review_state as state
from components.review_quotes import item_buttons
from components.safe import md, plain
from sahelwatch.geo import Gazetteer
from sahelwatch.model import EVENT_KINDS, DateBasis, DatePrecision, Event, GeoPrecision
from sahelwatch.review import edit_item, merge_events, split_event

PRECISIONS: tuple[str, ...] = get_args(DatePrecision)
BASES: tuple[str, ...] = get_args(DateBasis)
GEO_PRECISIONS: tuple[str, ...] = get_args(GeoPrecision)


@cache
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-3 code → English name, from the gazetteer."""
    gazetteer = Gazetteer.load()
    return {e.country: e.name_en for e in gazetteer.entries if e.kind == "country"}


def render_events(current: state.Pending, checked: set[str]) -> None:
    if not current.record.events:
        st.caption("No events. Select words in the text to add one.")
    for event in current.record.events:
        mark = "✓ " if event.id in checked else ""
        when = event.date.start.isoformat() if event.date.start else "date not given"
        with st.expander(f"{mark}**{md(event.title, 80)}** · {md(when)} · {event.kind}"):
            st.caption(f"`{event.id}` · {len(event.evidence)} evidence span(s)")
            item_buttons(current, event.id)
            _event_form(current, event)
            _merge_and_split(current, event)


def _event_form(current: state.Pending, event: Event) -> None:
    record = current.record
    k = lambda field: state.key(current, event.id, field)  # noqa: E731
    countries = country_names()
    places = {place.id: place.name for place in record.places}
    actors = {actor.id: actor.name for actor in record.actors}
    with st.form(k("form")):
        st.text_input("Title", event.title, max_chars=300, key=k("title"))
        st.selectbox("Kind", EVENT_KINDS, index=EVENT_KINDS.index(event.kind), key=k("kind"))
        start, end = st.columns(2)
        start.date_input("Date (start)", event.date.start, format="YYYY-MM-DD", key=k("start"))
        end.date_input("Date (end)", event.date.end, format="YYYY-MM-DD", key=k("end"))
        precision, basis = st.columns(2)
        precision.selectbox("Precision", PRECISIONS, index=PRECISIONS.index(event.date.precision),
                            key=k("precision"))  # fmt: skip
        basis.selectbox("Basis", BASES, index=BASES.index(event.date.basis), key=k("basis"))
        st.multiselect("Topics", sorted(data_access.topic_ids() | set(event.topics)),
                       default=event.topics, key=k("topics"))  # fmt: skip
        st.multiselect("Countries", sorted(set(countries) | set(event.countries)),
                       default=event.countries, format_func=lambda c: countries.get(c, c),
                       key=k("countries"))  # fmt: skip
        st.multiselect("Places", list(places), default=event.place_ids,
                       format_func=lambda p: plain(places[p], 80), key=k("places"),
                       help="Add a place by selecting its name in the text.")  # fmt: skip
        st.selectbox("Geo precision", GEO_PRECISIONS,
                     index=GEO_PRECISIONS.index(event.geo_precision), key=k("geo"))  # fmt: skip
        st.multiselect("Actors", list(actors), default=event.actor_ids,
                       format_func=lambda a: plain(actors[a], 80), key=k("actors"))  # fmt: skip
        st.form_submit_button("Apply", key=k("apply"), on_click=_edit_event, args=(current, event))


def _edit_event(current: state.Pending, event: Event) -> None:
    value = lambda field: st.session_state[state.key(current, event.id, field)]  # noqa: E731
    date = event.date.model_dump(mode="json")
    start, end = value("start"), value("end")
    date.update(
        start=start.isoformat() if start else None,
        end=end.isoformat() if end else None,
        precision=value("precision"),
        basis=value("basis"),
    )
    fields = {
        "title": value("title").strip(),
        "kind": value("kind"),
        "date": date,
        "topics": value("topics"),
        "countries": value("countries"),
        "place_ids": value("places"),
        "geo_precision": value("geo"),
        "actor_ids": value("actors"),
    }
    before = event.model_dump(mode="json")
    changed = {field: new for field, new in fields.items() if before[field] != new}
    if changed:
        topic_ids = data_access.topic_ids()
        state.apply(
            current.article_id,
            lambda r, t: edit_item(r, t, topic_ids, event.id, changed),
        )


def _merge_and_split(current: state.Pending, event: Event) -> None:
    k = lambda field: state.key(current, event.id, field)  # noqa: E731
    others = {e.id: e.title for e in current.record.events if e.id != event.id}
    topic_ids = data_access.topic_ids()
    if others:
        merge, button = st.columns([3, 1], vertical_alignment="bottom")
        merge.selectbox("Merge into this event", list(others),
                        format_func=lambda e: plain(others[e], 80), key=k("merge"))  # fmt: skip
        button.button(
            "Merge",
            key=k("merge-go"),
            on_click=lambda: state.apply(
                current.article_id,
                lambda r, t: merge_events(r, t, topic_ids, event.id, st.session_state[k("merge")]),
            ),
        )
    if len(event.evidence) > 1:
        spans = list(range(len(event.evidence)))
        split, button = st.columns([3, 1], vertical_alignment="bottom")
        split.multiselect("Split these spans off into a new event", spans,
                          format_func=lambda i: plain(event.evidence[i].text, 80),
                          key=k("split"))  # fmt: skip
        button.button(
            "Split",
            key=k("split-go"),
            on_click=lambda: state.apply(
                current.article_id,
                lambda r, t: split_event(r, t, topic_ids, event.id, st.session_state[k("split")]),
            ),
        )
