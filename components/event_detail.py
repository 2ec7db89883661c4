"""The selected event: what, when (and how precisely), where, who, said what, and the
article's own words with the evidence highlighted."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data_access, view
from components.quotes import source_chain, source_names
from components.safe import html_text, md, present
from components.timeline_figure import PRECISION_WORDS
from sahelwatch.geo import country_name

CONTEXT_CHARS = 160
BASIS_WORDS = {
    "stated": "stated in the article",
    "inferred": "inferred from the article",
    "report": "reported without a date",
    "unknown": "basis unknown",
}
GEO_WORDS = {"point": "a precise place", "region": "a region", "country": "country level"}


def date_line(event: dict) -> str:
    start, end = event["date_start"], event["date_end"]
    basis = BASIS_WORDS.get(event["date_basis"], event["date_basis"])
    if pd.isna(start):
        return f"Date not given — {basis}"
    precision = event["date_precision"]
    if precision == "day" and (pd.isna(end) or end == start):
        when = f"{start:%d %B %Y}"
    elif precision == "month":
        when = f"{start:%B %Y}"
    elif precision == "year":
        when = f"{start:%Y}"
    else:
        when = f"{start:%d %B %Y} – {end:%d %B %Y}"
    return f"{when} · precision: {PRECISION_WORDS.get(precision, precision)} · {basis}"


def highlighted_context(text: str, start: int, end: int, colour: str = "#fde68a") -> str:
    """The evidence with some text either side, escaped, the span itself marked."""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    return (
        "<div style='line-height:1.6;font-size:15px;padding:8px 12px;border-left:3px solid "
        f"#9ca3af;background:#f9fafb'>{'…' if start > CONTEXT_CHARS else ''}"
        f"{html_text(before, None)}<mark style='background:{colour};padding:1px 2px'>"
        f"{html_text(text[start:end], None)}</mark>{html_text(after, None)}"
        f"{'…' if end + CONTEXT_CHARS < len(text) else ''}</div>"
    )


def render_event_detail(event_id: str | None) -> None:
    store = data_access.store()
    event = store.event(event_id) if event_id else None
    if event is None:
        st.info(
            "Select an event on the map or the timeline, or from a quote, to see its detail "
            "and evidence.",
            icon=":material/touch_app:",
        )
        return
    topics = {t.id: t for t in data_access.topics()}
    with st.container(border=True, key=view.EVENT_DETAIL):
        top, close = st.columns([12, 1])
        top.markdown(f"#### {md(event['title'], 400)}")
        close.button(
            "",
            icon=":material/close:",
            help="Close",
            on_click=view.set_view,
            kwargs={"event": None},
            key=view.CLOSE_EVENT,
        )
        badges = " ".join(
            f":violet-badge[{md(topics[t].label_en if t in topics else t, 40)}]"
            for t in event["topics"]
        )
        draft = " :orange-badge[draft — not reviewed]" if event["status"] == "draft" else ""
        st.markdown(f"{badges} :gray-badge[{md(event['kind'].replace('_', ' '))}]{draft}")
        if present(event["summary"]):
            st.markdown(md(event["summary"], 2000))
        places = ", ".join(md(p, 80) for p in event["place_names"]) or "no named place"
        countries = ", ".join(md(country_name(c)) for c in event["countries"]) or "none"
        geo = GEO_WORDS.get(event["geo_precision"], event["geo_precision"])
        st.markdown(
            f"**When** {md(date_line(event), None)}  \n"
            f"**Where** {places} · {countries} · located at {md(geo)}  \n"
            f"**Source** {source_chain(event['source_ids'], source_names())}"
        )
        actors = store.actors_by_id(list(event["actor_ids"]))
        if len(actors):
            st.markdown(
                "**Actors** "
                + "; ".join(
                    f"{md(a.name, 120)}" + (f" ({md(a.role, 120)})" if present(a.role) else "")
                    for a in actors.itertuples()
                )
            )
        quotes = store.event_quotes(event["event_id"])
        for quote in quotes.itertuples():
            mode = "said" if quote.mode == "direct" else "reported"
            st.markdown(
                f"> {md(quote.text, 1200)}  \n> — **{md(quote.speaker_name, 120)}** ({mode})"
            )
        st.markdown("**Evidence in the article**")
        text = store.article_text(event["article_id"])
        first = event["topics"][0] if len(event["topics"]) else None
        colour = topics[first].colour + "55" if first in topics else "#fde68a"
        for span in store.evidence(event["event_id"]).itertuples():
            st.html(highlighted_context(text, span.start, span.end, colour))
        st.page_link(
            "app_pages/article.py",
            label="Open the article at this evidence",
            icon=":material/article:",
            query_params={"article": event["article_id"], "event": event["event_id"]},
        )
