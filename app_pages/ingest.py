"""Ingest: paste or upload an article, preview the draft record, save it as a draft."""

import datetime as dt

import streamlit as st

from components import access, data_access
from components.article_text import article_html
from components.safe import md, relative_paths
from components.view import INGEST_DRAFT
from sahelwatch.checks import check_record
from sahelwatch.extract.cli import read_text_bytes
from sahelwatch.extract.pipeline import ArticleInput, ExtractionError, extract_record, slug
from sahelwatch.review import save_draft
from sahelwatch.storage import StorageError

if not access.can_edit():
    st.error("Editing is switched off on this deployment.", icon=":material/lock:")
    st.stop()

st.title("Ingest an article", anchor=False)
st.caption(
    "Paste a French article (first line: its title) or upload a UTF-8 .txt file. The draft is "
    "made by the NLP pipeline; it is saved with status *draft* until an analyst reviews it."
)

with st.form("ingest"):
    upload = st.file_uploader("Text file", type=["txt"])
    pasted = st.text_area("…or paste the text", height=220, max_chars=200_000)
    left, middle, right = st.columns(3)
    published = left.date_input("Published", value=None, format="YYYY-MM-DD",
                                max_value=dt.date.today())  # fmt: skip
    outlet = middle.text_input("Outlet", max_chars=200)
    url = right.text_input("URL", max_chars=2000, placeholder="https://…")
    article_id = st.text_input("Article id (optional)", max_chars=80,
                               help="Lowercase letters, digits and dashes; made from the title "
                               "when empty.")  # fmt: skip
    submitted = st.form_submit_button("Preview the draft", type="primary")

if submitted:
    st.session_state.pop(INGEST_DRAFT, None)
    try:
        text = read_text_bytes(upload.getvalue(), upload.name) if upload else pasted
        item = ArticleInput(
            text=text.replace("\r\n", "\n"),
            id=slug(article_id) if article_id.strip() else None,
            published=published,
            outlet=outlet.strip() or None,
            url=url.strip() or None,
        )
        with st.spinner("Reading the article…"):
            record = extract_record(item, data_access.data_dir())
        st.session_state[INGEST_DRAFT] = (record, item.text)
    except (ExtractionError, ValueError) as error:
        st.error(md(relative_paths(error, data_access.data_dir()), 500), icon=":material/error:")

if INGEST_DRAFT in st.session_state:
    record, text = st.session_state[INGEST_DRAFT]
    problems = check_record(record, text, data_access.topic_ids(), record.article.id)
    st.subheader(md(record.article.title, 300), anchor=False)
    st.markdown(
        f":orange-badge[draft] id `{record.article.id}` · {len(record.events)} events · "
        f"{len(record.quotes)} quotes · {len(record.actors)} actors · "
        f"{len(record.places)} places · cites "
        + (", ".join(md(s.name, 60) for s in record.sources) or "no known source")
    )
    colours = {t.id: t.colour for t in data_access.topics()}
    info = {
        e.id: (e.title, colours.get(e.topics[0], "#6b7280") if e.topics else "#6b7280")
        for e in record.events
    }
    spans = [(v.start, v.end, e.id) for e in record.events for v in e.evidence]
    text_col, items_col = st.columns([3, 2], gap="medium")
    with text_col:
        st.html(article_html(record.article.id, text, spans, info, None))
    with items_col:
        events, quotes, actors, places = st.tabs(["Events", "Quotes", "Actors", "Places"])
        with events:
            for event in record.events:
                when = str(event.date.start) if event.date.is_dated else "date not given"
                topics = ", ".join(event.topics) or "no topic"
                st.markdown(f"- **{md(event.kind)}** · {md(when)} · {md(topics)}  \n"
                            f"  {md(event.title, 200)}")  # fmt: skip
        with quotes:
            names = {a.id: a.name for a in record.actors} | {None: "speaker not resolved"}
            for quote in record.quotes:
                st.markdown(f"> {md(quote.text, 400)}  \n> — {md(names[quote.speaker_id], 80)}"
                            f" ({quote.mode})")  # fmt: skip
        with actors:
            for actor in record.actors:
                role = f" — {md(actor.role, 120)}" if actor.role else ""
                st.markdown(f"- {md(actor.name, 120)} ({actor.kind}){role}")
        with places:
            for place in record.places:
                st.markdown(f"- {md(place.name, 120)} ({place.country}, {place.kind})")
    if problems:
        st.error("The draft does not validate:  \n" + "  \n".join(md(p, 300) for p in problems))
    elif st.button("Save as draft", type="primary", icon=":material/save:"):
        try:
            folder = save_draft(data_access.data_dir(), record, text)
        except (StorageError, OSError) as error:
            st.error(
                f"Not saved: {md(relative_paths(error, data_access.data_dir()), 500)}",
                icon=":material/error:",
            )
        else:
            st.session_state.pop(INGEST_DRAFT, None)
            data_access.corpus_fingerprint.clear()
            st.success(f"Saved {md(folder.name)} as a draft. It now shows on the map, the "
                       "timeline and the quotes panel (marked as a draft).")  # fmt: skip
            st.page_link("app_pages/overview.py", label="Open the overview", icon=":material/map:")
