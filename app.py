"""Sahel Watch: the analyst dashboard. Run with `make run` (or `streamlit run app.py`).

The frame and router: page config, the pages, the shared sidebar filters (drawn here once, for
the pages that use them, so they keep their values across those pages), then the page."""

import streamlit as st

from components import access, data_access, view
from components.account import render_account
from components.filters import render_sidebar_filters
from components.i18n import _, link_words
from components.language import render_language_switch
from components.safe import md
from sahelwatch.taxonomy import TaxonomyError

st.set_page_config(
    page_title="Sahel Watch",
    page_icon="assets/icon.png",
    layout="wide",
    initial_sidebar_state="expanded",
)
try:
    data_access.topics()
except TaxonomyError as error:
    words = link_words()  # the view needs the taxonomy: the link's language only
    st.error(words("The topic taxonomy cannot be used: {error}").format(error=md(error, 300)),
             icon=":material/error:")  # fmt: skip
    st.stop()

overview = st.Page(
    "app_pages/overview.py", title=_("Overview"), icon=":material/map:", default=True
)
data = st.Page("app_pages/data.py", title=_("Data"), icon=":material/table:")
actor = st.Page("app_pages/actor.py", title=_("Actor"), icon=":material/person:")
outlet = st.Page("app_pages/outlet.py", title=_("Outlet"), icon=":material/newspaper:")
pages = [
    overview,
    st.Page("app_pages/article.py", title=_("Article"), icon=":material/article:"),
    actor,
    outlet,
    data,
    st.Page("app_pages/about.py", title=_("About"), icon=":material/info:"),
]
if access.can_edit():
    pages.append(st.Page("app_pages/ingest.py", title=_("Ingest"), icon=":material/add_notes:"))
    pages.append(st.Page("app_pages/review.py", title=_("Review"), icon=":material/rate_review:"))
FILTERED_PAGES = {overview.url_path, data.url_path, actor.url_path, outlet.url_path}

st.logo("assets/logo.svg", size="large")
render_language_switch()
render_account()
page = st.navigation(pages)
if target := st.session_state.pop(view.SWITCH_TO, None):
    st.switch_page(target)
if page.url_path in FILTERED_PAGES:
    render_sidebar_filters()
page.run()
