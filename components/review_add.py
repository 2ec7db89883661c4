"""Add a quote, event, actor or place from the words the analyst selected in the text."""

from __future__ import annotations

import streamlit as st

from components import data_access
from components import review_state as state
from components.i18n import _, words
from components.review_display import (
    MODE_WORDS,
    UNATTRIBUTED,
    event_covering,
    gazetteer_matches,
    place_label,
)
from components.review_events import country_names, kind_options
from components.review_quotes import ACTOR_KINDS, speaker_joins_event
from components.safe import md, plain
from components.words import ACTOR_KIND_WORDS, EVENT_KIND_WORDS
from sahelwatch.geo import Gazetteer
from sahelwatch.model import EVENT_KINDS
from sahelwatch.review import Edit, add_item, add_mention


def render_add_from_selection(current: state.Pending) -> None:
    chosen = state.selection(current.article_id)
    if chosen is None:
        st.caption(_("Select words in the text with the mouse to add a quote, an event, an "
                     "actor or a place, or a mention of one."))  # fmt: skip
        return
    head, clear = st.columns([5, 1], vertical_alignment="center")
    head.markdown(
        _("**Selected** ({start}–{end}): « {text} »").format(
            start=chosen.start, end=chosen.end, text=md(chosen.text, 300)
        )
    )
    clear.button(_("Clear"), key=state.key(current, "selection-clear"),
                 on_click=state.select, args=(current.article_id, None))  # fmt: skip
    quote, event, actor, place = st.tabs(
        [_("Add a quote"), _("an event"), _("an actor"), _("a place")]
    )
    with quote:
        _quote_form(current)
    with event:
        _event_form(current)
    with actor:
        _actor_form(current)
    with place:
        _place_form(current)


def _value(current: state.Pending, field: str):
    return st.session_state[state.key(current, "add", field)]


def _add(current: state.Pending, kind: str, fields: dict) -> Edit | None:
    chosen = state.selection(current.article_id)
    topic_ids = data_access.topic_ids()
    span = (chosen.start, chosen.end)
    added = state.apply(
        current.article_id, lambda r, t: add_item(r, t, topic_ids, kind, span, fields)
    )
    if added is not None:
        state.select(current.article_id, None)
        state.set_focus(current.article_id, added.changes[0].item)
    return added


def _quote_form(current: state.Pending) -> None:
    record = current.record
    chosen = state.selection(current.article_id)
    around = event_covering(record, chosen.start, chosen.end)
    actors = {None: _(UNATTRIBUTED)} | {actor.id: actor.name for actor in record.actors}
    events = {None: _("no event")} | {event.id: event.title for event in record.events}
    k = lambda field: state.key(current, "add", field)  # noqa: E731
    with st.form(k("quote")):
        st.selectbox(_("Speaker"), list(actors), format_func=lambda a: plain(actors[a], 80),
                     key=k("quote-speaker"))  # fmt: skip
        st.radio(_("Mode"), list(MODE_WORDS), format_func=kind_options(MODE_WORDS),
                 horizontal=True, key=k("quote-mode"))  # fmt: skip
        st.selectbox(_("Event"), list(events), index=list(events).index(around),
                     format_func=lambda e: plain(events[e], 80), key=k("quote-event"))  # fmt: skip
        st.form_submit_button(
            _("Add the quote"),
            type="primary",
            key=k("quote-go"),
            on_click=_add_quote,
            args=(current,),
        )


def _add_quote(current: state.Pending) -> None:
    fields = {
        "speaker_id": _value(current, "quote-speaker"),
        "mode": _value(current, "quote-mode"),
        "event_id": _value(current, "quote-event"),
    }
    if _add(current, "quote", fields):
        speaker_joins_event(current.article_id, fields["speaker_id"], fields["event_id"])


def _event_form(current: state.Pending) -> None:
    chosen = state.selection(current.article_id)
    countries = country_names()
    k = lambda field: state.key(current, "add", field)  # noqa: E731
    with st.form(k("event")):
        st.text_input(_("Title"), chosen.text[:200], max_chars=300, key=k("event-title"))
        st.selectbox(_("Kind"), EVENT_KINDS, index=EVENT_KINDS.index("other"),
                     format_func=kind_options(EVENT_KIND_WORDS), key=k("event-kind"))  # fmt: skip
        st.multiselect(_("Topics"), sorted(data_access.topic_ids()), key=k("event-topics"))
        st.multiselect(_("Countries"), sorted(countries), format_func=lambda c: countries[c],
                       key=k("event-countries"))  # fmt: skip
        st.form_submit_button(
            _("Add the event"),
            type="primary",
            key=k("event-go"),
            on_click=_add_event,
            args=(current,),
        )


def _add_event(current: state.Pending) -> None:
    fields = {
        "title": _value(current, "event-title").strip(),
        "kind": _value(current, "event-kind"),
        "topics": _value(current, "event-topics"),
        "countries": _value(current, "event-countries"),
    }
    _add(current, "event", fields)


def _actor_form(current: state.Pending) -> None:
    chosen = state.selection(current.article_id)
    k = lambda field: state.key(current, "add", field)  # noqa: E731
    with st.form(k("actor")):
        st.text_input(_("Name"), chosen.text[:200], max_chars=200, key=k("actor-name"))
        st.selectbox(_("Kind"), ACTOR_KINDS, format_func=kind_options(ACTOR_KIND_WORDS),
                     key=k("actor-kind"))  # fmt: skip
        st.text_input(_("Role"), max_chars=300, key=k("actor-role"))
        st.form_submit_button(
            _("Add the actor"),
            type="primary",
            key=k("actor-go"),
            on_click=_add_actor,
            args=(current,),
        )


def _add_actor(current: state.Pending) -> None:
    fields = {
        "name": _value(current, "actor-name").strip(),
        "kind": _value(current, "actor-kind"),
        "role": _value(current, "actor-role").strip() or None,
    }
    _add(current, "actor", fields)


def _place_form(current: state.Pending) -> None:
    chosen = state.selection(current.article_id)
    k = lambda field: state.key(current, "add", field)  # noqa: E731
    query = st.text_input(_("Search the gazetteer"), chosen.text[:100], max_chars=100,
                          key=k("place-query"))  # fmt: skip
    matches = {entry.id: entry for entry in gazetteer_matches(Gazetteer.load(), query)}
    if not matches:
        st.caption(_("No gazetteer entry starts with these words."))
        return
    with st.form(k("place")):
        here = words()
        st.selectbox(_("Gazetteer entry"), list(matches),
                     format_func=lambda p: plain(place_label(matches[p], here), 120),
                     key=k("place-entry"))  # fmt: skip
        st.form_submit_button(
            _("Add the place"),
            type="primary",
            key=k("place-go"),
            on_click=_add_place,
            args=(current,),
        )


def _add_place(current: state.Pending) -> None:
    """A gazetteer entry already in the record gets one more mention instead."""
    entry = Gazetteer.load().by_id(_value(current, "place-entry"))
    if entry.id in {place.id for place in current.record.places}:
        chosen = state.selection(current.article_id)
        span = (chosen.start, chosen.end)
        if state.apply(current.article_id, lambda r, t: add_mention(r, t, entry.id, span)):
            state.select(current.article_id, None)
        return
    fields = {"id": entry.id, "name": entry.name_fr, "kind": entry.kind,
              "country": entry.country, "lat": entry.lat, "lon": entry.lon}  # fmt: skip
    _add(current, "place", fields)
