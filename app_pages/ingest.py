"""Ingest: paste or upload an article, preview the draft record, save it as a draft."""

import datetime as dt

import streamlit as st

from components import access, data_access
from components.article_text import article_html
from components.i18n import _
from components.safe import md, relative_paths
from components.view import INGEST_DRAFT
from sahelwatch.checks import check_record
from sahelwatch.extract.files import read_text_bytes
from sahelwatch.extract.language import language_name
from sahelwatch.extract.pipeline import ArticleInput, ExtractionError, extract_record
from sahelwatch.extract.webpage import HTML_SUFFIXES, WebPage, read_webpage, save_source_html
from sahelwatch.review import save_draft
from sahelwatch.storage import StorageError
from sahelwatch.text import slug

if not access.can_edit():
    st.error(_("Editing is switched off on this deployment."), icon=":material/lock:")
    st.stop()

st.title(_("Ingest an article"), anchor=False)
st.caption(
    _(
        "Paste a French article (first line: its title), upload a UTF-8 .txt file, or upload a "
        "web page saved from the browser (.html: its article text, title, date and outlet are "
        "read from it, and the page is kept beside the text). The draft is made by the NLP "
        "pipeline; it is saved with status *draft* until an analyst reviews it."
    )
)

with st.form("ingest"):
    upload = st.file_uploader(_("Text file or saved web page"), type=["txt", "html", "htm"])
    pasted = st.text_area(_("…or paste the text"), height=220, max_chars=200_000)
    left, middle, right = st.columns(3)
    published = left.date_input(_("Published"), value=None, format="YYYY-MM-DD",
                                max_value=dt.date.today())  # fmt: skip
    outlet = middle.text_input(_("Outlet"), max_chars=200)
    url = right.text_input(_("URL"), max_chars=2000, placeholder="https://…")
    article_id = st.text_input(_("Article id (optional)"), max_chars=80,
                               help=_("Lowercase letters, digits and dashes; made from the "
                                      "title when empty."))  # fmt: skip
    force_french = st.checkbox(
        _("The text is French"),
        help=_(
            "Skip language detection: run the French rules even if the text reads as another "
            "language."
        ),
    )
    submitted = st.form_submit_button(_("Preview the draft"), type="primary")

if submitted:
    st.session_state.pop(INGEST_DRAFT, None)
    try:
        if upload and upload.name.lower().endswith(HTML_SUFFIXES):
            page_html = upload.getvalue()
            with st.spinner(_("Reading the page…")):
                page = read_webpage(page_html, upload.name)
        else:
            page_html = None
            page = WebPage(read_text_bytes(upload.getvalue(), upload.name) if upload else pasted)
        item = ArticleInput(  # what the form says wins over what the page says
            text=page.text.replace("\r\n", "\n"),
            id=slug(article_id) if article_id.strip() else None,
            published=published or page.published,
            outlet=outlet.strip() or page.outlet,
            url=url.strip() or page.url,
            language="fr" if force_french else None,
        )
        with st.spinner(_("Reading the article…")):
            record = extract_record(item, data_access.data_dir())
        st.session_state[INGEST_DRAFT] = (record, item.text, page_html)
    except (ExtractionError, ValueError) as error:
        st.error(md(relative_paths(error, data_access.data_dir()), 500), icon=":material/error:")

if INGEST_DRAFT in st.session_state:
    record, text, page_html = st.session_state[INGEST_DRAFT]
    problems = check_record(record, text, data_access.topic_ids(), record.article.id)
    st.subheader(md(record.article.title, 300), anchor=False)
    if record.article.language != "fr":
        st.warning(
            _(
                "This text reads as {language} (`{code}`), not French: the draft keeps the "
                "article without events, people, places or quotes, which the French rules would "
                "only guess. If it is French, tick *The text is French* and preview again."
            ).format(
                language=md(language_name(record.article.language), 60),
                code=record.article.language,
            ),
            icon=":material/translate:",
        )
    if not record.article.published.is_dated:
        st.warning(
            _(
                'No publication date: weekdays and relative dates ("mardi", "hier") are left '
                "undated. Set *Published* and preview again."
            ),
            icon=":material/event:",
        )
    cited = ", ".join(md(s.name, 60) for s in record.sources) or _("no known source")
    draft = _("draft")
    st.markdown(
        f":orange-badge[{draft}] "
        + _(
            "id `{id}` · {events} events · {quotes} quotes · {actors} actors · {places} places "
            "· cites {sources}"
        ).format(
            id=record.article.id,
            events=len(record.events),
            quotes=len(record.quotes),
            actors=len(record.actors),
            places=len(record.places),
            sources=cited,
        )
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
        events, quotes, actors, places = st.tabs(
            [_("Events"), _("Quotes"), _("Actors"), _("Places")]
        )
        with events:
            for event in record.events:
                when = str(event.date.start) if event.date.is_dated else _("date not given")
                topics = ", ".join(event.topics) or _("no topic")
                st.markdown(f"- **{md(event.kind)}** · {md(when)} · {md(topics)}  \n"
                            f"  {md(event.title, 200)}")  # fmt: skip
        with quotes:
            names = {a.id: a.name for a in record.actors} | {None: _("speaker not resolved")}
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
        st.error(
            _("The draft does not validate:") + "  \n" + "  \n".join(md(p, 300) for p in problems)
        )
    elif st.button(_("Save as draft"), type="primary", icon=":material/save:"):
        try:
            folder = save_draft(data_access.data_dir(), record, text)
            if page_html is not None:
                save_source_html(data_access.data_dir(), folder, page_html)
        except (StorageError, ExtractionError, OSError) as error:
            st.error(
                _("Not saved: {error}").format(
                    error=md(relative_paths(error, data_access.data_dir()), 500)
                ),
                icon=":material/error:",
            )
        else:
            st.session_state.pop(INGEST_DRAFT, None)
            data_access.refresh()
            st.success(
                _(
                    "Saved {id} as a draft. It now shows on the map, the timeline and the quotes "
                    "panel (marked as a draft)."
                ).format(id=md(folder.name))
            )
            st.page_link(
                "app_pages/review.py", label=_("Review this draft"), icon=":material/rate_review:",
                query_params={"article": folder.name},
            )  # fmt: skip
            st.page_link(
                "app_pages/overview.py", label=_("Open the overview"), icon=":material/map:"
            )
