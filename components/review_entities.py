"""The Review page's actors and places: accept, edit, delete (a false person or place), add
the selected words as one more mention, link an actor to its knowledge-base entry."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import streamlit as st

from components import data_access
from components import review_state as state
from components.i18n import _, words
from components.review_display import PLACE_KIND_WORDS
from components.review_events import country_names, kind_options
from components.review_quotes import ACTOR_KINDS, item_buttons
from components.safe import md, plain
from components.words import ACTOR_KIND_WORDS
from sahelwatch.actors import KnownActor, load_actors
from sahelwatch.model import Actor, Place, PlaceKind
from sahelwatch.review import add_mention, edit_item, link_actor

PLACE_KINDS: tuple[str, ...] = get_args(PlaceKind)


def render_actors(current: state.Pending, checked: set[str]) -> None:
    if not current.record.actors:
        st.caption(_("No actors. Select a name in the text to add one."))
    here = words()
    for actor in current.record.actors:
        mark = "✓ " if actor.id in checked else ""
        kind = here.kind(ACTOR_KIND_WORDS, actor.kind)
        with st.expander(f"{mark}**{md(actor.name, 80)}** · {kind}"):
            mentions = _("{n} mention(s)").format(n=len(actor.mentions))
            st.caption(f"`{actor.id}` · {mentions}")
            item_buttons(current, actor.id)
            _mention_button(current, actor.id)
            _actor_form(current, actor)
            _link_form(current, actor)


def render_places(current: state.Pending, checked: set[str]) -> None:
    if not current.record.places:
        st.caption(_("No places. Select a place name in the text to add one."))
    here = words()
    for place in current.record.places:
        mark = "✓ " if place.id in checked else ""
        kind = here.kind(PLACE_KIND_WORDS, place.kind)
        with st.expander(f"{mark}**{md(place.name, 80)}** · {kind}, {place.country}"):
            mentions = _("{n} mention(s)").format(n=len(place.mentions))
            st.caption(f"`{place.id}` · {mentions}")
            item_buttons(current, place.id)
            _mention_button(current, place.id)
            _place_form(current, place)


def _mention_button(current: state.Pending, item_id: str) -> None:
    chosen = state.selection(current.article_id)
    if chosen is None:
        return
    span = (chosen.start, chosen.end)
    st.button(
        _("Add « {words} » as a mention").format(words=md(chosen.text, 40)),
        key=state.key(current, item_id, "mention"),
        icon=":material/add:",
        on_click=state.apply,
        args=(current.article_id, lambda r, t: add_mention(r, t, item_id, span)),
    )


def _actor_form(current: state.Pending, actor: Actor) -> None:
    k = lambda field: state.key(current, actor.id, field)  # noqa: E731
    countries = country_names()
    affiliations = [None, *sorted(countries)]
    with st.form(k("form")):
        st.text_input(_("Name"), actor.name, max_chars=200, key=k("name"))
        st.selectbox(_("Kind"), ACTOR_KINDS, index=ACTOR_KINDS.index(actor.kind),
                     format_func=kind_options(ACTOR_KIND_WORDS), key=k("kind"))  # fmt: skip
        st.text_input(_("Role"), actor.role or "", max_chars=300, key=k("role"))
        none = _("none")
        st.selectbox(_("Affiliation"), affiliations, index=affiliations.index(actor.affiliation),
                     format_func=lambda c: none if c is None else countries.get(c, c),
                     key=k("affiliation"))  # fmt: skip
        st.form_submit_button(
            _("Apply"), key=k("apply"), on_click=_edit, args=(current, actor, _actor_fields)
        )


def _place_form(current: state.Pending, place: Place) -> None:
    k = lambda field: state.key(current, place.id, field)  # noqa: E731
    countries = country_names()
    codes = sorted(set(countries) | {place.country})
    with st.form(k("form")):
        st.text_input(_("Name"), place.name, max_chars=200, key=k("name"))
        st.selectbox(_("Kind"), PLACE_KINDS, index=PLACE_KINDS.index(place.kind),
                     format_func=kind_options(PLACE_KIND_WORDS), key=k("kind"))  # fmt: skip
        st.selectbox(_("Country"), codes, index=codes.index(place.country),
                     format_func=lambda c: plain(countries.get(c, c), 80),
                     key=k("country"))  # fmt: skip
        st.form_submit_button(
            _("Apply"), key=k("apply"), on_click=_edit, args=(current, place, _place_fields)
        )


@st.cache_data(show_spinner=False)
def known_actors(folder: str) -> list[KnownActor]:
    """The knowledge base (`data/actors.yaml`)."""
    return load_actors(Path(folder))


def _link_form(current: state.Pending, actor: Actor) -> None:
    known = known_actors(str(data_access.data_dir()))
    entries = {entry.id: entry for entry in known if entry.id != actor.id}
    if not entries:
        return
    k = lambda field: state.key(current, actor.id, field)  # noqa: E731
    pick, button = st.columns([3, 1], vertical_alignment="bottom")
    pick.selectbox(_("Knowledge-base entry"), list(entries),
                   format_func=lambda a: plain(f"{entries[a].name} ({a})", 100),
                   key=k("kb"))  # fmt: skip
    button.button(_("Link"), key=k("link"), on_click=_link, args=(current, actor.id, known))


def _link(current: state.Pending, actor_id: str, known: list[KnownActor]) -> None:
    kb_id = st.session_state[state.key(current, actor_id, "kb")]
    topic_ids = data_access.topic_ids()
    state.apply(
        current.article_id,
        lambda r, t: link_actor(r, t, topic_ids, actor_id, kb_id, known),
    )


def _actor_fields(value) -> dict:
    return {
        "name": value("name").strip(),
        "kind": value("kind"),
        "role": value("role").strip() or None,
        "affiliation": value("affiliation"),
    }


def _place_fields(value) -> dict:
    return {"name": value("name").strip(), "kind": value("kind"), "country": value("country")}


def _edit(current: state.Pending, item: Actor | Place, read_fields) -> None:
    fields = read_fields(lambda field: st.session_state[state.key(current, item.id, field)])
    before = item.model_dump(mode="json")
    changed = {field: new for field, new in fields.items() if before[field] != new}
    if changed:
        topic_ids = data_access.topic_ids()
        state.apply(current.article_id, lambda r, t: edit_item(r, t, topic_ids, item.id, changed))
