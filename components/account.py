"""Editor sign-in (OIDC through `st.login`), shown only when editing is set to `login`."""

from __future__ import annotations

import streamlit as st

from components import access
from components.safe import md


def render_account() -> None:
    if access.editing_mode() != "login":
        return
    if access.signed_in():
        who = md(st.user.get("email") or st.user.get("name") or "editor", 80)
        st.sidebar.caption(f"Signed in as {who}")
        if not access.can_edit():
            st.sidebar.caption("This account is not on the editors list: read-only.")
        st.sidebar.button("Sign out", on_click=st.logout, icon=":material/logout:")
    else:
        st.sidebar.button("Editor sign-in", on_click=st.login, icon=":material/login:")
