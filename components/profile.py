"""The parts of an Actor or Outlet page: the subject's picker when the view names none, its
card, its quotes with their evidence, and the short lists of who and what goes with it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data_access, view
from components.event_detail import highlighted_context
from components.filters import sync_widgets
from components.i18n import _, number, words
from components.profile_links import actor_button
from components.quotes import quote_badges, quote_event_button, source_chain, source_names
from components.safe import md, present
from components.words import ACTOR_KIND_WORDS
from sahelwatch.actors import KnownActor
from sahelwatch.filters import Filter
from sahelwatch.profiles import QUOTES_PAGE


def _pick(field: str) -> None:
    chosen = st.session_state[view.PROFILE_PICKER]
    view.set_filter(**{field: (chosen,) if chosen else ()})
    view.set_view(event=None)
    sync_widgets()


def render_picker(field: str, options: pd.DataFrame, id_column: str, noun: str) -> None:
    """A choice of the entities in view, for a page opened without exactly one."""
    labels = dict(zip(options[id_column], options["name"], strict=True))
    st.selectbox(
        noun,
        list(labels),
        index=None,
        format_func=lambda value: labels.get(value, value),
        key=view.PROFILE_PICKER,
        on_change=_pick,
        args=(field,),
        placeholder=_("{n} in the current view").format(n=number(len(labels))),
    )


def render_actor_card(actor: dict, known: KnownActor | None) -> None:
    st.title(md(actor["name"], 200), anchor=False)
    here = words()
    facts = [md(here.kind(ACTOR_KIND_WORDS, actor["kind"]))]
    if present(actor["role"]):
        facts.append(md(actor["role"], 200))
    if present(actor["affiliation"]):
        facts.append(md(here.country(actor["affiliation"])))
    st.caption(" · ".join(facts))
    cols = st.columns(2)
    cols[0].metric(_("Events"), number(actor["n_events"]))
    cols[1].metric(_("Quotes"), number(actor["n_quotes"]))
    if known is None:
        st.caption(_("Not in the knowledge base of recurring actors: known from its records only."))
        return
    others = [name for name in known.names if name != actor["name"]]
    if others:
        st.markdown(
            _("**Also written** {names}").format(names=", ".join(md(n, 80) for n in others))
        )
    for role in known.roles:
        since = here.date(role.from_) if role.from_ else "?"
        until = here.date(role.to) if role.to else _("today")
        st.markdown(f"- {md(role.fr[0], 160)} ({since} – {until})")
    st.caption(
        _("Knowledge base entry {id}, source: {source}").format(
            id=md(known.id), source=md(str(known.source), 200)
        )
    )


def render_actor_quotes(actor_id: str, flt: Filter, total: int) -> None:
    """The actor's quotes in date order, a page at a time, each with its evidence in the
    article, its source chain and a button to its event."""
    st.subheader(_("Quotes ({n})").format(n=number(total)), anchor=False)
    if not total:
        st.caption(_("No quotes credited to this actor in the current view."))
        return
    pages = (total - 1) // QUOTES_PAGE + 1
    page = min(st.session_state.get(view.PROFILE_QUOTES_PAGE, 1), pages)
    quotes = data_access.profile(
        "actor_quotes", actor_id, flt, QUOTES_PAGE, (page - 1) * QUOTES_PAGE
    )
    sources = source_names()
    store = data_access.store()
    here = words()
    for row in quotes.itertuples():
        with st.container(border=True):
            when = here.date(row.date_start) if pd.notna(row.date_start) else _("undated")
            mode, draft = quote_badges(row.mode, row.status)
            st.markdown(f"**{md(when)}** {mode}{draft}")
            text = store.article_text(row.article_id)
            st.html(highlighted_context(text, row.start, row.end))
            chain = source_chain(row.source_ids, sources, here)
            st.caption(f"{chain} · " + _("language {code}").format(code=md(row.language)))
            quote_event_button(row)
    if pages > 1:
        st.number_input(
            _("Page (of {n})").format(n=pages), min_value=1, max_value=pages, value=page,
            key=view.PROFILE_QUOTES_PAGE,
        )  # fmt: skip


def render_actor_list(frame: pd.DataFrame, count_column: str, empty: str, key: str) -> None:
    """Actors as buttons to their pages, with a count (shared events or quotes)."""
    if frame.empty:
        st.caption(empty)
        return
    for row in frame.itertuples():
        left, right = st.columns([4, 1], vertical_alignment="center")
        with left:
            actor_button(row.actor_id, row.name, f"{key}:{row.actor_id}")
        right.caption(number(getattr(row, count_column)))
