"""The Review page's events: accept, edit (title, kind, date, topics, countries, places,
actors), merge, split or delete each one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import get_args

import streamlit as st

from components import data_access
from components import review_state as state
from components.i18n import _, words
from components.review_quotes import item_buttons
from components.safe import md, plain
from components.words import EVENT_KIND_WORDS, N_
from sahelwatch.geo import Gazetteer
from sahelwatch.model import EVENT_KINDS, DateBasis, DatePrecision, Event, GeoPrecision
from sahelwatch.review import edit_item, merge_events, split_event

PRECISIONS: tuple[str, ...] = get_args(DatePrecision)
BASES: tuple[str, ...] = get_args(DateBasis)
GEO_PRECISIONS: tuple[str, ...] = get_args(GeoPrecision)
# The record's date and place vocabularies (`sahelwatch.model`) as the Review page names them.
PRECISION_WORDS = {"day": N_("day"), "month": N_("month"), "year": N_("year"),
                   "unknown": N_("unknown")}  # fmt: skip
BASIS_WORDS = {"stated": N_("stated"), "inferred": N_("inferred"), "report": N_("report"),
               "unknown": N_("unknown")}  # fmt: skip
GEO_PRECISION_WORDS = {"point": N_("point"), "region": N_("region"), "country": N_("country")}


def kind_options(vocabulary: Mapping[str, str]) -> Callable[[str], str]:
    """A `format_func` showing a closed vocabulary's values in the interface's language."""
    here = words()
    return lambda value: here.kind(vocabulary, value)


@cache
def _country_codes() -> tuple[str, ...]:
    """The ISO 3166-1 alpha-3 codes of the gazetteer's countries."""
    return tuple(e.country for e in Gazetteer.load().entries if e.kind == "country")


def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-3 code → the country's name in the interface's language."""
    here = words()
    return {code: here.country(code) for code in _country_codes()}


def render_events(current: state.Pending, checked: set[str]) -> None:
    if not current.record.events:
        st.caption(_("No events. Select words in the text to add one."))
    here = words()
    for event in current.record.events:
        mark = "✓ " if event.id in checked else ""
        when = here.date(event.date.start) if event.date.start else _("date not given")
        kind = here.kind(EVENT_KIND_WORDS, event.kind)
        with st.expander(f"{mark}**{md(event.title, 80)}** · {md(when)} · {kind}"):
            spans = _("{n} evidence span(s)").format(n=len(event.evidence))
            st.caption(f"`{event.id}` · {spans}")
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
        st.text_input(_("Title"), event.title, max_chars=300, key=k("title"))
        st.selectbox(_("Kind"), EVENT_KINDS, index=EVENT_KINDS.index(event.kind),
                     format_func=kind_options(EVENT_KIND_WORDS), key=k("kind"))  # fmt: skip
        start, end = st.columns(2)
        start.date_input(_("Date (start)"), event.date.start, format="YYYY-MM-DD", key=k("start"))
        end.date_input(_("Date (end)"), event.date.end, format="YYYY-MM-DD", key=k("end"))
        precision, basis = st.columns(2)
        precision.selectbox(_("Precision"), PRECISIONS,
                            index=PRECISIONS.index(event.date.precision),
                            format_func=kind_options(PRECISION_WORDS),
                            key=k("precision"))  # fmt: skip
        basis.selectbox(_("Basis"), BASES, index=BASES.index(event.date.basis),
                        format_func=kind_options(BASIS_WORDS), key=k("basis"))  # fmt: skip
        st.multiselect(_("Topics"), sorted(data_access.topic_ids() | set(event.topics)),
                       default=event.topics, key=k("topics"))  # fmt: skip
        st.multiselect(_("Countries"), sorted(set(countries) | set(event.countries)),
                       default=event.countries, format_func=lambda c: countries.get(c, c),
                       key=k("countries"))  # fmt: skip
        st.multiselect(_("Places"), list(places), default=event.place_ids,
                       format_func=lambda p: plain(places[p], 80), key=k("places"),
                       help=_("Add a place by selecting its name in the text."))  # fmt: skip
        st.selectbox(_("Geo precision"), GEO_PRECISIONS,
                     index=GEO_PRECISIONS.index(event.geo_precision),
                     format_func=kind_options(GEO_PRECISION_WORDS), key=k("geo"))  # fmt: skip
        st.multiselect(_("Actors"), list(actors), default=event.actor_ids,
                       format_func=lambda a: plain(actors[a], 80), key=k("actors"))  # fmt: skip
        st.form_submit_button(
            _("Apply"), key=k("apply"), on_click=_edit_event, args=(current, event)
        )


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
        merge.selectbox(_("Merge into this event"), list(others),
                        format_func=lambda e: plain(others[e], 80), key=k("merge"))  # fmt: skip
        button.button(
            _("Merge"),
            key=k("merge-go"),
            on_click=lambda: state.apply(
                current.article_id,
                lambda r, t: merge_events(r, t, topic_ids, event.id, st.session_state[k("merge")]),
            ),
        )
    if len(event.evidence) > 1:
        spans = list(range(len(event.evidence)))
        split, button = st.columns([3, 1], vertical_alignment="bottom")
        split.multiselect(_("Split these spans off into a new event"), spans,
                          format_func=lambda i: plain(event.evidence[i].text, 80),
                          key=k("split"))  # fmt: skip
        button.button(
            _("Split"),
            key=k("split-go"),
            on_click=lambda: state.apply(
                current.article_id,
                lambda r, t: split_event(r, t, topic_ids, event.id, st.session_state[k("split")]),
            ),
        )
