"""An article's text with its evidence spans highlighted, coloured by the event's first topic.
Each highlight links to its event; overlapping spans are split at every boundary."""

from __future__ import annotations

import itertools
from urllib.parse import urlencode

import streamlit as st

from components import data_access
from components.i18n import _, topic_label
from components.safe import html_text


def segments(length: int, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, list[str]]]:
    """Cut [0, length) at every span boundary; each piece lists the events covering it."""
    cuts = sorted({0, length, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        covering = [event for s, e, event in spans if s <= start and end <= e]
        pieces.append((start, end, covering))
    return pieces


def article_html(
    article_id: str,
    text: str,
    spans: list[tuple[int, int, str]],
    event_info: dict[str, tuple[str, str]],
    selected: str | None,
) -> str:
    """`event_info`: event id → (title, colour)."""
    parts = []
    for start, end, events in segments(len(text), spans):
        piece = html_text(text[start:end], None).replace("\n", "<br/>")
        if not events:
            parts.append(piece)
            continue
        event = selected if selected in events else events[0]
        title, colour = event_info[event]
        outline = "outline:2px solid #111827;" if event == selected else ""
        href = "?" + urlencode({"article": article_id, "event": event}, safe=":")
        parts.append(
            f"<a href='{html_text(href, None)}' target='_self' title='{html_text(title, 200)}' "
            "style='color:inherit;text-decoration:none'>"
            f"<mark data-event='{html_text(event, None)}' style='background:{colour}40;"
            f"border-bottom:2px solid {colour};padding:1px 0;{outline}'>{piece}</mark></a>"
        )
    return (
        "<div class='sw-article' style='font-size:16px;line-height:1.75;max-width:75ch'>"
        + "".join(parts)
        + "</div>"
    )


def render_article_text(article_id: str, selected: str | None) -> None:
    store = data_access.store()
    text = store.article_text(article_id)
    evidence = store.article_evidence(article_id)
    colours = {topic.id: topic.colour for topic in data_access.topics()}
    info = {
        row.event_id: (
            row.title,
            colours.get(row.topics[0], "#6b7280") if len(row.topics) else "#6b7280",
        )
        for row in evidence.itertuples()
    }
    spans = [(int(r.start), int(r.end), r.event_id) for r in evidence.itertuples()]
    legend = " ".join(
        f"<span style='background:{t.colour}40;border-bottom:2px solid {t.colour};"
        f"padding:0 4px;margin-right:6px'>{html_text(topic_label(t))}</span>"
        for t in data_access.topics()
    )
    st.html(
        "<div style='font-size:13px;margin-bottom:6px'>"
        + html_text(_("Highlight colour:"))
        + f" {legend}</div>"
    )
    st.html(article_html(article_id, text, spans, info, selected))
