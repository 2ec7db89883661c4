"""Editor sign-in (OIDC through `st.login`), shown only when editing is set to `login`."""

from __future__ import annotations

import streamlit as st

from components import access
from components.i18n import _
from components.safe import md


def render_account() -> None:
    if access.editing_mode() != "login":
        return
    if access.signed_in():
        who = md(st.user.get("email") or st.user.get("name") or _("editor"), 80)
        st.sidebar.caption(_("Signed in as {who}").format(who=who))
        if not access.can_edit():
            st.sidebar.caption(_("This account is not on the editors list: read-only."))
        st.sidebar.button(_("Sign out"), on_click=st.logout, icon=":material/logout:")
    else:
        st.sidebar.button(_("Editor sign-in"), on_click=st.login, icon=":material/login:")
