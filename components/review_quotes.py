"""The Review page's quotes: accept, edit (speaker, mode, event) or delete each one."""

from __future__ import annotations

from typing import get_args

import streamlit as st

from components import data_access
from components import review_state as state
from components.i18n import _, words
from components.review_display import MODE_WORDS, UNATTRIBUTED, speaker_name
from components.safe import md, plain
from components.words import ACTOR_KIND_WORDS
from sahelwatch.model import ActorKind, Quote
from sahelwatch.review import accept_item, add_item, delete_item, edit_item

ACTOR_KINDS: tuple[str, ...] = get_args(ActorKind)
NEW_SPEAKER = "+new"  # the speaker option "a new actor from the selected words"


def item_buttons(current: state.Pending, item_id: str) -> None:
    """Show (outline its words in the text), accept, delete: the same three for every item."""
    aid = current.article_id
    topic_ids = data_access.topic_ids()
    show, accept, delete = st.columns(3)
    show.button(
        _("Show"),
        key=state.key(current, item_id, "show"),
        icon=":material/visibility:",
        on_click=state.set_focus,
        args=(aid, item_id),
    )
    accept.button(
        _("Accept"),
        key=state.key(current, item_id, "accept"),
        icon=":material/check:",
        on_click=state.apply,
        args=(aid, lambda record, _text: accept_item(record, item_id)),
    )
    delete.button(
        _("Delete"),
        key=state.key(current, item_id, "delete"),
        icon=":material/delete:",
        on_click=state.apply,
        args=(aid, lambda record, text: delete_item(record, text, topic_ids, item_id)),
    )


def render_quotes(current: state.Pending, checked: set[str]) -> None:
    if not current.record.quotes:
        st.caption(_("No quotes. Select words in the text to add one."))
    here = words()
    to_check = _("speaker to check")
    for quote in current.record.quotes:
        mark = "✓ " if quote.id in checked else ""
        flag = f" :orange-badge[{to_check}]" if quote.needs_review else ""
        who = md(speaker_name(current.record, quote.speaker_id, here), 60)
        with st.expander(f"{mark}**{who}** — {md(quote.text, 80)}{flag}"):
            st.caption(f"`{quote.id}` · {here.kind(MODE_WORDS, quote.mode)}")
            st.markdown(f"> {md(quote.text, 600)}")
            item_buttons(current, quote.id)
            _quote_form(current, quote)


def _quote_form(current: state.Pending, quote: Quote) -> None:
    record = current.record
    actors = {actor.id: actor.name for actor in record.actors}
    events = {event.id: event.title for event in record.events}
    speakers = [None, *actors, NEW_SPEAKER]
    names = {None: _(UNATTRIBUTED), NEW_SPEAKER: _("a new actor: the words selected in the text")}
    event_options = [None, *events]
    here, no_event = words(), _("no event")
    with st.form(state.key(current, quote.id, "form")):
        st.selectbox(_("Speaker"), speakers, index=speakers.index(quote.speaker_id),
                     format_func=lambda a: plain(names.get(a) or actors[a], 80),
                     key=state.key(current, quote.id, "speaker"))  # fmt: skip
        st.selectbox(_("New speaker's kind"), ACTOR_KINDS,
                     format_func=lambda kind: here.kind(ACTOR_KIND_WORDS, kind),
                     key=state.key(current, quote.id, "speaker-kind"))  # fmt: skip
        st.radio(_("Mode"), list(MODE_WORDS), index=list(MODE_WORDS).index(quote.mode),
                 format_func=lambda mode: here.kind(MODE_WORDS, mode), horizontal=True,
                 key=state.key(current, quote.id, "mode"))  # fmt: skip
        st.selectbox(_("Event"), event_options, index=event_options.index(quote.event_id),
                     format_func=lambda e: no_event if e is None else plain(events[e], 80),
                     key=state.key(current, quote.id, "event"))  # fmt: skip
        st.form_submit_button(
            _("Apply"),
            key=state.key(current, quote.id, "apply"),
            on_click=_edit_quote,
            args=(current, quote),
        )


def _edit_quote(current: state.Pending, quote: Quote) -> None:
    aid = current.article_id
    value = lambda field: st.session_state[state.key(current, quote.id, field)]  # noqa: E731
    speaker = value("speaker")
    if speaker == NEW_SPEAKER:
        chosen = state.selection(aid)
        if chosen is None:
            state.tell(aid, "error", _("Select the speaker's name in the text first."))
            return
        fields = {"name": chosen.text, "kind": value("speaker-kind")}
        span = (chosen.start, chosen.end)
        added = state.apply(
            aid, lambda r, t: add_item(r, t, data_access.topic_ids(), "actor", span, fields)
        )
        if added is None:
            return
        speaker = added.changes[0].item
        state.select(aid, None)
    fields = {"speaker_id": speaker, "mode": value("mode"), "event_id": value("event")}
    changed = {k: v for k, v in fields.items() if getattr(quote, k) != v}
    if quote.needs_review and "speaker_id" not in changed:
        changed["speaker_id"] = speaker  # choosing the same speaker settles the quote
    if changed:
        topic_ids = data_access.topic_ids()
        if state.apply(aid, lambda r, t: edit_item(r, t, topic_ids, quote.id, changed)):
            speaker_joins_event(aid, speaker, fields["event_id"])


def speaker_joins_event(article_id: str, speaker: str | None, event_id: str | None) -> None:
    """A quote's speaker is an actor of the quote's event (so the actor filter finds the
    quote): added to the event's actors when missing, as a change of its own."""
    record = state.pending(article_id).record
    event = next((e for e in record.events if e.id == event_id), None)
    if speaker is None or event is None or speaker in event.actor_ids:
        return
    fields = {"actor_ids": [*event.actor_ids, speaker]}
    topic_ids = data_access.topic_ids()
    state.apply(article_id, lambda r, t: edit_item(r, t, topic_ids, event.id, fields))
