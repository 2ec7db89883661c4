"""The quotes and sources panel: who said what, reported how, citing whom."""

from __future__ import annotations

import streamlit as st

from components import data_access, view
from components.review_history import reviewed_line
from components.safe import md, present, table
from sahelwatch.filters import Filter

PAGE_SIZE = 8


def source_chain(source_ids, sources: dict[str, tuple[str, str]]) -> str:
    """ "Article, citing Sputnik (state media)" — or "Article, no source cited"."""
    cited = [
        f"{md(sources[s][0], 60)} ({sources[s][1].replace('_', ' ')})"
        if s in sources
        else md(s, 60)
        for s in source_ids
    ]
    return "Article, citing " + ", ".join(cited) if cited else "Article, no source cited"


def source_names() -> dict[str, tuple[str, str]]:
    frame = data_access.store().sources()
    return {row.source_id: (row.name, row.kind) for row in frame.itertuples()}


def render_quotes(flt: Filter) -> None:
    total = int(data_access.headline(flt)["quotes"])  # the headline's count, cached
    st.subheader(f"Quotes ({total})", anchor=False)
    if not total:
        st.caption("No quotes in the matching events.")
    else:
        pages = (total - 1) // PAGE_SIZE + 1
        page = min(st.session_state.get(view.QUOTES_PAGE, 1), pages)
        frame = data_access.quotes(flt, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        sources = source_names()
        for row in frame.itertuples():
            with st.container(border=True):
                role = f", {md(row.speaker_role, 120)}" if present(row.speaker_role) else ""
                mode = ":blue-badge[direct]" if row.mode == "direct" else ":gray-badge[reported]"
                draft = " :orange-badge[draft]" if row.status == "draft" else ""
                st.markdown(f"**{md(row.speaker_name, 120)}**{role} {mode}{draft}")
                marks = ("« ", " »") if row.mode == "direct" else ("", "")
                st.markdown(f"> {marks[0]}{md(row.text, 600)}{marks[1]}")
                reviewed = reviewed_line(row.reviewed_by, row.reviewed_at)
                st.caption(
                    f"{source_chain(row.source_ids, sources)} · language {md(row.language)}"
                    + (f" · {reviewed}" if reviewed else "")
                )
                st.button(
                    f"Event: {md(row.event_title, 90)}",
                    key=f"{view.QUOTE_EVENT}{row.quote_id}",
                    on_click=view.set_view,
                    kwargs={"event": row.event_id},
                    type="tertiary",
                    icon=":material/event:",
                )
        if pages > 1:
            st.number_input(
                f"Page (of {pages})", min_value=1, max_value=pages, value=page, key=view.QUOTES_PAGE
            )
    _render_sources(flt)


def _render_sources(flt: Filter) -> None:
    sources = data_access.source_counts(flt)
    st.subheader("Sources", anchor=False)
    if sources.empty:
        st.caption("No cited sources in the matching events.")
        return
    st.dataframe(
        table(
            sources.assign(kind=sources["kind"].str.replace("_", " "))[["name", "kind", "n_events"]]
        ),
        column_config={
            "name": st.column_config.TextColumn("Source"),
            "kind": st.column_config.TextColumn("Kind"),
            "n_events": st.column_config.NumberColumn("Events citing it"),
        },
        hide_index=True,
        width="stretch",
    )
