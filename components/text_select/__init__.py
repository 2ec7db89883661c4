"""The article text in which an analyst selects words with the mouse (issue 12).

A `st.components.v2` component: inline JS and CSS from this folder, rendered in the page's own
DOM (no iframe, nothing from a CDN). The text reaches the browser as data and becomes text
nodes, so hostile text stays text. A selection comes back as character offsets into the
original Python string (see text_select.js for how UTF-16 offsets are converted)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from components.article_text import segments

_HERE = Path(__file__).parent
KINDS = ("event", "quote", "actor", "place", "focus", "selected")


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    kind: str  # one of KINDS: the CSS class of the mark
    label: str = ""


@dataclass(frozen=True)
class Selection:
    start: int
    end: int
    text: str


def pieces(text: str, highlights: Iterable[Highlight]) -> list[list]:
    """`text` cut at every highlight boundary: [start, end, text, kinds, tooltip] per piece."""
    marks = [h for h in highlights if 0 <= h.start < h.end <= len(text)]
    spans = [(h.start, h.end, str(i)) for i, h in enumerate(marks)]
    out = []
    for start, end, covering in segments(len(text), spans):
        over = [marks[int(i)] for i in covering]
        kinds = sorted({h.kind for h in over}, key=KINDS.index)
        labels = list(dict.fromkeys(h.label for h in over if h.label))
        out.append([start, end, text[start:end], kinds, " · ".join(labels)[:300]])
    return out


def selection_from(value: object, text: str) -> Selection | None:
    """The browser's {start, end} as a Selection of `text`, without the white space at either
    end (a mouse drag often takes a space along); None when it is not a selection of it. Its
    text is taken from `text`, never from the browser."""
    if not isinstance(value, dict):
        return None
    start, end = value.get("start"), value.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return None
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    return Selection(start, end, text[start:end])


_component = st.components.v2.component(
    "sahelwatch.text_select",
    js=(_HERE / "text_select.js").read_text("utf-8"),
    css=(_HERE / "text_select.css").read_text("utf-8"),
    isolate_styles=False,  # a selection inside a shadow root is not the document's selection
)


def render_text_select(
    text: str,
    highlights: Iterable[Highlight],
    *,
    key: str,
    on_select: Callable[[Selection], None],
) -> None:
    """Show `text` with `highlights`; `on_select(selection)` runs (as a widget callback,
    before the rerun) each time the analyst selects words in it."""

    def received() -> None:
        selection = selection_from(st.session_state[key].get("selected"), text)
        if selection is not None:
            on_select(selection)

    _component(
        key=key,
        data={"length": len(text), "pieces": pieces(text, highlights)},
        on_selected_change=received,
    )
