"""The quotes and sources panel: who said what, reported how, citing whom."""

from __future__ import annotations

import streamlit as st

from components import data_access, view
from components.i18n import _, number, words
from components.profile_links import actor_button, source_button
from components.review_history import reviewed_line
from components.safe import md, present
from components.words import ENGLISH, SOURCE_KIND_WORDS, Words
from sahelwatch.filters import Filter

PAGE_SIZE = 8
MAX_SOURCES = 15


def source_chain(source_ids, sources: dict[str, tuple[str, str]], words: Words = ENGLISH) -> str:
    """ "Article, citing Sputnik (state media)" — or "Article, no source cited"."""
    cited = [
        f"{md(sources[s][0], 60)} ({md(words.kind(SOURCE_KIND_WORDS, sources[s][1]))})"
        if s in sources
        else md(s, 60)
        for s in source_ids
    ]
    if not cited:
        return words("Article, no source cited")
    return words("Article, citing {sources}").format(sources=", ".join(cited))


def quote_badges(mode: str, status: str) -> tuple[str, str]:
    """The badges of a quote: direct or reported, and draft."""
    direct, reported, draft = _("direct"), _("reported"), _("draft")
    mode_badge = f":blue-badge[{direct}]" if mode == "direct" else f":gray-badge[{reported}]"
    return mode_badge, f" :orange-badge[{draft}]" if status == "draft" else ""


def quote_event_button(row) -> None:
    """The button under a quote that opens its event."""
    st.button(
        _("Event: {title}").format(title=md(row.event_title, 90)),
        key=f"{view.QUOTE_EVENT}{row.quote_id}",
        on_click=view.set_view,
        kwargs={"event": row.event_id},
        type="tertiary",
        icon=":material/event:",
    )


def source_names() -> dict[str, tuple[str, str]]:
    frame = data_access.store().sources()
    return {row.source_id: (row.name, row.kind) for row in frame.itertuples()}


def render_quotes(flt: Filter) -> None:
    total = int(data_access.headline(flt)["quotes"])  # the headline's count, cached
    st.subheader(_("Quotes ({n})").format(n=number(total)), anchor=False)
    if not total:
        st.caption(_("No quotes in the matching events."))
    else:
        pages = (total - 1) // PAGE_SIZE + 1
        page = min(st.session_state.get(view.QUOTES_PAGE, 1), pages)
        frame = data_access.quotes(flt, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        sources = source_names()
        here = words()
        for row in frame.itertuples():
            with st.container(border=True):
                role = f", {md(row.speaker_role, 120)}" if present(row.speaker_role) else ""
                mode, draft = quote_badges(row.mode, row.status)
                if present(row.speaker_id):
                    actor_button(row.speaker_id, row.speaker_name, f"quote:{row.quote_id}")
                    st.markdown(f"{role.removeprefix(', ')} {mode}{draft}")
                else:
                    st.markdown(_("**speaker not resolved**") + f" {mode}{draft}")
                marks = ("« ", " »") if row.mode == "direct" else ("", "")
                st.markdown(f"> {marks[0]}{md(row.text, 600)}{marks[1]}")
                chain = source_chain(row.source_ids, sources, here)
                reviewed = reviewed_line(row.reviewed_by, row.reviewed_at)
                st.caption(
                    f"{chain} · "
                    + _("language {code}").format(code=md(row.language))
                    + (f" · {reviewed}" if reviewed else "")
                )
                quote_event_button(row)
        if pages > 1:
            st.number_input(
                _("Page (of {n})").format(n=pages),
                min_value=1,
                max_value=pages,
                value=page,
                key=view.QUOTES_PAGE,
            )
    _render_sources(flt)


def _render_sources(flt: Filter) -> None:
    """The sources the matching events cite, most cited first, each a link to its page."""
    sources = data_access.source_counts(flt)
    st.subheader(_("Sources"), anchor=False)
    if sources.empty:
        st.caption(_("No cited sources in the matching events."))
        return
    here = words()
    for row in sources.head(MAX_SOURCES).itertuples():
        name, count = st.columns([4, 1], vertical_alignment="center")
        with name:
            source_button(row.source_id, row.name, f"panel:{row.source_id}")
        kind = md(here.kind(SOURCE_KIND_WORDS, row.kind))
        count.caption(f"{kind} · " + _("{n} events").format(n=number(row.n_events)))
    if len(sources) > MAX_SOURCES:
        st.caption(
            _("and {n} more: narrow the filters or open the Outlet page.").format(
                n=number(len(sources) - MAX_SOURCES)
            )
        )
