"""Article: the text with every evidence span highlighted and coloured by topic."""

import streamlit as st

from components import state
from components.article_text import render_article_text
from components.event_detail import render_event_detail
from components.header import render_notices, render_share
from components.quotes import source_chain, source_names
from components.safe import md, plain, present

state.adopt_link("article", "event")
store = state.store()
articles = store.articles()
if articles.empty:
    st.info("The corpus has no articles yet.")
    st.stop()

ids = list(articles["article_id"])
view = state.view()
if view.article not in ids:
    state.set_view(article=ids[0])
titles = dict(zip(articles["article_id"], articles["title"], strict=True))
st.selectbox(
    "Article",
    ids,
    index=ids.index(state.view().article),
    format_func=lambda a: plain(titles[a], 120),
    key="article-picker",
    on_change=lambda: state.set_view(article=st.session_state["article-picker"], event=None),
)
article = articles.set_index("article_id").loc[state.view().article]
head, share = st.columns([5, 1], vertical_alignment="bottom")
head.subheader(md(article["title"], 400), anchor=False)
with share:
    render_share("article", with_article=True)
render_notices()
status = ":orange-badge[draft — not reviewed]" if article["status"] == "draft" else ""
synthetic = ":red-badge[synthetic test data]" if article["synthetic"] else ""
outlet = md(article["outlet"], 80) if present(article["outlet"]) else "outlet not known"
st.markdown(
    f"{status} {synthetic} {source_chain(article['attributed_to'], source_names())} · "
    f"{outlet} · language {md(article['language'])} · {article['n_events']} events, "
    f"{article['n_quotes']} quotes"
)

text_col, detail_col = st.columns([3, 2], gap="medium")
with text_col:
    render_article_text(state.view().article, state.view().event)
with detail_col:
    evidence = store.article_evidence(state.view().article)
    events = dict(zip(evidence["event_id"], evidence["title"], strict=False))
    options = [None, *events]
    current = state.view().event if state.view().event in events else None
    st.selectbox(
        "Event",
        options,
        index=options.index(current),
        format_func=lambda e: (
            "Click a highlight or pick an event" if e is None else plain(events[e], 120)
        ),
        key=f"article-event:{state.view().article}:{current}",
        on_change=lambda key: state.set_view(event=st.session_state[key]),
        args=(f"article-event:{state.view().article}:{current}",),
    )
    render_event_detail(state.view().event if current else None)

state.sync_query_params(with_article=True)
