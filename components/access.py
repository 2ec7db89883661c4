"""Who may edit: the editing mode of this deployment and the signed-in editor.

Hosted dashboards are read-only by default; see the README's "Access"."""

from __future__ import annotations

import os

import streamlit as st

MODES = ("off", "open", "login")


def editing_mode() -> str:
    """`off` (the default: read-only), `open` (anyone may add drafts, for local use) or
    `login` (only signed-in editors). Set with SAHELWATCH_EDITING or `[sahelwatch] editing`
    in secrets.toml."""
    mode = deployment_setting("SAHELWATCH_EDITING", "editing", "off")
    return mode if mode in MODES else "off"


def deployment_setting(variable: str, key: str, default: str) -> str:
    """A deployment's choice: the environment variable, else `[sahelwatch] <key>` in
    secrets.toml, else `default`; trimmed and lowercase."""
    value = os.environ.get(variable)
    if value is None:
        try:
            value = st.secrets.get("sahelwatch", {}).get(key)
        except FileNotFoundError:
            value = None
    return str(value or default).strip().lower()


def editors() -> frozenset[str]:
    """E-mail addresses allowed to edit in `login` mode (`[sahelwatch] editors`)."""
    try:
        listed = st.secrets.get("sahelwatch", {}).get("editors", [])
    except FileNotFoundError:
        listed = []
    return frozenset(str(email).strip().lower() for email in listed)


def signed_in() -> bool:
    # `st.user` has no `is_logged_in` until authentication is configured in secrets.toml.
    return bool(st.user.get("is_logged_in", False))


def can_edit() -> bool:
    mode = editing_mode()
    if mode == "open":
        return True
    if mode == "login" and signed_in():
        email = str(st.user.get("email", "")).lower()
        allowed = editors()
        return not allowed or email in allowed
    return False
