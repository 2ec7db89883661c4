"""Text from articles shown safely: as text, never as Markdown, HTML or script."""

from __future__ import annotations

import html
import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:&=\"'^])")
# Bidirectional controls would let a name reorder the text around it.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clip(text: object, limit: int | None = 300) -> str:
    value = "" if text is None else str(text)
    if limit is not None and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


def md(text: object, limit: int | None = 300) -> str:
    """Escape every character Markdown, Streamlit directives or HTML would interpret."""
    value = _BIDI_CONTROLS.sub("", clip(text, limit))
    return _MARKDOWN_SPECIALS.sub(r"\\\1", value).replace("\n", "  \n")


def html_text(text: object, limit: int | None = 300) -> str:
    """Text escaped for an HTML context (st.html, tooltips)."""
    return html.escape(_BIDI_CONTROLS.sub("", clip(text, limit)), quote=True)


def present(value: object) -> bool:
    """False for None, NaN (how pandas shows a missing string) and empty text."""
    if value is None or (isinstance(value, float) and value != value):
        return False
    return str(value) != ""
