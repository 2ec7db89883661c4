"""The interface language switch in the sidebar; the choice is part of the link (`lang=`)."""

from __future__ import annotations

import streamlit as st

from components import view
from components.i18n import _, language

NAMES = {"en": "English", "fr": "Français"}


def _on_switch() -> None:
    chosen = st.session_state[view.LANGUAGE]
    if chosen:  # a click on the chosen option deselects it: keep the language
        view.set_view(lang=chosen)


def render_language_switch() -> None:
    st.sidebar.segmented_control(
        _("Language"),
        list(NAMES),
        default=language(),
        format_func=NAMES.get,
        key=view.LANGUAGE,
        on_change=_on_switch,
        label_visibility="collapsed",
    )
