"""The selected event: what, when (and how precisely), where, who, said what, and the
article's own words with the evidence highlighted."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data_access, view
from components.i18n import _, topic_label, words
from components.profile_links import actor_button
from components.quotes import source_chain, source_names
from components.safe import html_text, md, present
from components.timeline_figure import PRECISION_WORDS
from components.words import ENGLISH, EVENT_KIND_WORDS, N_, Words

CONTEXT_CHARS = 160
BASIS_WORDS = {
    "stated": N_("stated in the article"),
    "inferred": N_("inferred from the article"),
    "report": N_("reported without a date"),
    "unknown": N_("basis unknown"),
}
GEO_WORDS = {
    "point": N_("a precise place"),
    "region": N_("a region"),
    "country": N_("country level"),
}


def date_line(event: dict, words: Words = ENGLISH) -> str:
    start, end = event["date_start"], event["date_end"]
    basis = words(BASIS_WORDS.get(event["date_basis"], event["date_basis"]))
    if pd.isna(start):
        return words("Date not given — {basis}").format(basis=basis)
    precision = event["date_precision"]
    if precision == "day" and (pd.isna(end) or end == start):
        when = words.long_date(start)
    elif precision == "month":
        when = words.month(start)
    elif precision == "year":
        when = f"{start:%Y}"
    else:
        when = f"{words.long_date(start)} – {words.long_date(end)}"
    precise = words(PRECISION_WORDS.get(precision, precision))
    return words("{when} · precision: {precision} · {basis}").format(
        when=when, precision=precise, basis=basis
    )


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
            _(
                "Select an event on the map or the timeline, or from a quote, to see its "
                "detail and evidence."
            ),
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
            help=_("Close"),
            on_click=view.set_view,
            kwargs={"event": None},
            key=view.CLOSE_EVENT,
        )
        badges = " ".join(
            f":violet-badge[{md(topic_label(topics[t]) if t in topics else t, 40)}]"
            for t in event["topics"]
        )
        not_reviewed = _("draft — not reviewed")
        draft = f" :orange-badge[{not_reviewed}]" if event["status"] == "draft" else ""
        kind = md(words().kind(EVENT_KIND_WORDS, event["kind"]))
        st.markdown(f"{badges} :gray-badge[{kind}]{draft}")
        if present(event["summary"]):
            st.markdown(md(event["summary"], 2000))
        places = ", ".join(md(p, 80) for p in event["place_names"]) or _("no named place")
        here = words()
        countries = ", ".join(md(here.country(c)) for c in event["countries"]) or _("none")
        geo = _(GEO_WORDS.get(event["geo_precision"], event["geo_precision"]))
        st.markdown(
            _("**When** {date}").format(date=md(date_line(event, here), None))
            + "  \n"
            + _("**Where** {places} · {countries} · located at {precision}").format(
                places=places, countries=countries, precision=md(geo)
            )
            + "  \n"
            + _("**Source** {chain}").format(
                chain=source_chain(event["source_ids"], source_names(), here)
            )
        )
        actors = store.actors_by_id(list(event["actor_ids"]))
        if len(actors):
            st.markdown(_("**Actors** "))
            for a in actors.itertuples():
                name, role = st.columns([2, 3], vertical_alignment="center")
                with name:
                    actor_button(a.actor_id, a.name, f"detail:{event['event_id']}:{a.actor_id}")
                if present(a.role):
                    role.caption(md(a.role, 120))
        quotes = store.event_quotes(event["event_id"])
        for quote in quotes.itertuples():
            mode = _("said") if quote.mode == "direct" else _("reported")
            st.markdown(
                f"> {md(quote.text, 1200)}  \n> — **{md(quote.speaker_name, 120)}** ({mode})"
            )
        st.markdown(_("**Evidence in the article**"))
        text = store.article_text(event["article_id"])
        first = event["topics"][0] if len(event["topics"]) else None
        colour = topics[first].colour + "55" if first in topics else "#fde68a"
        for span in store.evidence(event["event_id"]).itertuples():
            st.html(highlighted_context(text, span.start, span.end, colour))
        st.page_link(
            "app_pages/article.py",
            label=_("Open the article at this evidence"),
            icon=":material/article:",
            query_params={"article": event["article_id"], "event": event["event_id"]},
        )
