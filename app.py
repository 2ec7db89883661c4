"""Sahel Watch: the analyst dashboard. Run with `make run` (or `streamlit run app.py`)."""

import streamlit as st

from components import state
from components.account import render_account
from components.safe import md
from sahelwatch.taxonomy import TaxonomyError

st.set_page_config(
    page_title="Sahel Watch",
    page_icon="assets/icon.png",
    layout="wide",
    initial_sidebar_state="expanded",
)

try:
    state.topics()
except TaxonomyError as error:
    st.error(f"The topic taxonomy cannot be used: {md(error, 300)}", icon=":material/error:")
    st.stop()

pages = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/map:", default=True),
    st.Page("app_pages/article.py", title="Article", icon=":material/article:"),
    st.Page("app_pages/data.py", title="Data", icon=":material/table:"),
    st.Page("app_pages/about.py", title="About", icon=":material/info:"),
]
if state.can_edit():
    pages.append(st.Page("app_pages/ingest.py", title="Ingest", icon=":material/add_notes:"))

st.logo("assets/logo.svg", size="large")
render_account()
st.navigation(pages).run()
