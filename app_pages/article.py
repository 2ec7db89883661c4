"""Article: the text with every evidence span highlighted and coloured by topic."""

import streamlit as st

from components import data_access, view
from components.article_text import render_article_text
from components.event_detail import render_event_detail
from components.header import render_notices, render_share
from components.i18n import _, number, words
from components.quotes import source_chain, source_names
from components.review_history import render_history, reviewed_line
from components.safe import md, plain, present
from sahelwatch.model import Record

view.adopt_link("article", "event")
store = data_access.store()
articles = store.articles()
if articles.empty:
    st.info(_("The corpus has no articles yet."))
    st.stop()

ids = list(articles["article_id"])
if view.view().article not in ids:
    view.set_view(article=ids[0])
titles = dict(zip(articles["article_id"], articles["title"], strict=True))
st.selectbox(
    _("Article"),
    ids,
    index=ids.index(view.view().article),
    format_func=lambda a: plain(titles[a], 120),
    key=view.ARTICLE_PICKER,
    on_change=lambda: view.set_view(article=st.session_state[view.ARTICLE_PICKER], event=None),
)
article = articles.set_index("article_id").loc[view.view().article]
head, share = st.columns([5, 1], vertical_alignment="bottom")
head.subheader(md(article["title"], 400), anchor=False)
with share:
    render_share("article", with_article=True)
render_notices()
reviewed = reviewed_line(article["reviewed_by"], article["reviewed_at"])
not_reviewed, synthetic_data = _("draft — not reviewed"), _("synthetic test data")
if article["status"] == "draft":
    status = f":orange-badge[{not_reviewed}]"
else:
    status = f":green-badge[{reviewed}]" if reviewed else ""
synthetic = f":red-badge[{synthetic_data}]" if article["synthetic"] else ""
outlet = md(article["outlet"], 80) if present(article["outlet"]) else _("outlet not known")
chain = source_chain(article["attributed_to"], source_names(), words())
record = Record.model_validate_json(store.record_json(view.view().article))
counts = _("{events} events, {quotes} quotes, {actors} actors, {places} places").format(
    events=number(article["n_events"]),
    quotes=number(article["n_quotes"]),
    actors=number(len(record.actors)),
    places=number(len(record.places)),
)
language = _("language {code}").format(code=md(article["language"]))
st.markdown(f"{status} {synthetic} {chain} · {outlet} · {language} · {counts}")
render_history(view.view().article)

text_col, detail_col = st.columns([3, 2], gap="medium")
with text_col:
    render_article_text(view.view().article, view.view().event)
with detail_col:
    evidence = store.article_evidence(view.view().article)
    events = dict(zip(evidence["event_id"], evidence["title"], strict=False))
    options = [None, *events]
    current = view.view().event if view.view().event in events else None
    st.selectbox(
        _("Event"),
        options,
        index=options.index(current),
        format_func=lambda e: (
            _("Click a highlight or pick an event") if e is None else plain(events[e], 120)
        ),
        key=f"{view.ARTICLE_EVENT}{view.view().article}:{current}",
        on_change=lambda key: view.set_view(event=st.session_state[key]),
        args=(f"{view.ARTICLE_EVENT}{view.view().article}:{current}",),
    )
    render_event_detail(view.view().event if current else None)

view.sync_query_params(with_article=True)
