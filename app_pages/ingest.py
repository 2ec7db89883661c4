"""Ingest: paste or upload an article, preview the draft record, save it as a draft."""

import streamlit as st

from components import state

if not state.can_edit():
    st.error("Editing is switched off on this deployment.", icon=":material/lock:")
    st.stop()

st.title("Ingest an article", anchor=False)
st.info("The extraction pipeline is not available in this build yet.")
