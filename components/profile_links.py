"""Buttons that open the Actor or Outlet page of a name: the view's actor (or source) filter
becomes that one entity, then the page switches (`app.py` does it at the start of the next
run, so a button that the change hides still leads there), and the sidebar shows what the page
shows."""

from __future__ import annotations

import streamlit as st

from components import view
from components.filters import sync_widgets
from components.i18n import _
from components.safe import md

ACTOR_PAGE = "app_pages/actor.py"
OUTLET_PAGE = "app_pages/outlet.py"


def _focus(page: str, **changes) -> None:
    view.set_filter(**changes)
    view.set_view(event=None)
    sync_widgets()
    st.session_state[view.SWITCH_TO] = page


def _name_button(name: str, key: str, icon: str, hint: str, page: str, **focus) -> None:
    st.button(md(name, 120), key=key, type="tertiary", icon=icon, help=hint, on_click=_focus,
              args=(page,), kwargs=focus)  # fmt: skip


def actor_button(actor_id: str, name: str, key: str) -> None:
    """The actor's name as a link-like button to their page."""
    _name_button(name, f"{view.ACTOR_LINK}{key}", ":material/person:",
                 _("Open this actor's page"), ACTOR_PAGE, actors=(actor_id,))  # fmt: skip


def source_button(source_id: str, name: str, key: str) -> None:
    """The source's name as a link-like button to its page."""
    _name_button(name, f"{view.SOURCE_LINK}{key}", ":material/newspaper:",
                 _("Open this source's page"), OUTLET_PAGE, sources=(source_id,))  # fmt: skip
