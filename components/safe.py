"""Text from articles shown safely: as text, never as Markdown, HTML, script or map code.

Every place that shows record text goes through one of these: `md` (Markdown), `html_text`
(HTML, tooltips), `plain` (widget labels, plain text), `table` (dataframes) and `inert`
(data handed to deck.gl). None of them imports Streamlit, so figure builders can use them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from sahelwatch.text import BIDI_CONTROLS, clip, html_text, plain

__all__ = ["clip", "html_text", "inert", "md", "plain", "present", "relative_paths", "table"]

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:&=\"'^])")
# Streamlit's Markdown (remark-gfm) turns bare URLs and e-mail addresses into links after
# parsing, so backslash escapes do not stop it. A zero-width space breaks each pattern it
# looks for (`http(s)://`, `www.`, `name@domain`) while the text reads the same.
# https://github.com/syntax-tree/mdast-util-gfm-autolink-literal
_ZERO_WIDTH_SPACE = "\u200b"
_AUTOLINK_TRIGGERS = re.compile(r"(:)(//)|(?i:(www))(\.)|(@)()")
# deck.gl's JSON converter, which Streamlit runs over the whole deck, data included, reads a
# string starting with `@@=` as code and `@@#` as a constant (an unknown one throws and blanks
# the map for everyone). https://deck.gl/docs/api-reference/json/conversion-reference
_DECK_PREFIX = "@@"
_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])/(?:[^\s/:'\"]+/)*([^\s/:'\"]+)")


def md(text: object, limit: int | None = 300) -> str:
    """Escape every character Markdown, Streamlit directives or HTML would interpret, and
    break bare URLs and e-mail addresses so they stay text."""
    value = _AUTOLINK_TRIGGERS.sub(_break_autolink, plain(text, limit))
    return _MARKDOWN_SPECIALS.sub(r"\\\1", value).replace("\n", "  \n")


def _break_autolink(match: re.Match) -> str:
    head, tail = [g for g in match.groups() if g is not None]
    return head + _ZERO_WIDTH_SPACE + tail


def table(frame: pd.DataFrame, limit: int = 300) -> pd.DataFrame:
    """A copy of `frame` for display: strings (also inside list cells) clipped to `limit`
    characters and without bidirectional controls. A 20 MB title would otherwise be sent
    whole to the browser on every rerun."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda value: _display_value(value, limit))
    return out


def _display_value(value: object, limit: int) -> object:
    if isinstance(value, str):
        return plain(value, limit)
    if isinstance(value, list | tuple | np.ndarray):
        return [_display_value(item, limit) for item in value]
    return value


def inert(value: object) -> object:
    """`value` (nested lists and dicts) with every string safe to hand to deck.gl: without
    bidirectional controls, and never starting with `@@` (a zero-width space goes first)."""
    if isinstance(value, str):
        value = BIDI_CONTROLS.sub("", value)
        return _ZERO_WIDTH_SPACE + value if value.startswith(_DECK_PREFIX) else value
    if isinstance(value, dict):
        return {key: inert(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [inert(item) for item in value]
    return value


def relative_paths(text: object, data_dir: Path) -> str:
    """`text` with the server's paths hidden: a file under the data folder is named relative
    to it (`articles/x/record.json`), any other absolute path by its last part."""
    value = str(text)
    for root in {str(Path(data_dir).resolve()), str(Path(data_dir).absolute())}:
        value = value.replace(os.path.join(root, ""), "")  # with one trailing slash
    return _ABSOLUTE_PATH.sub(r"…/\1", value)


def present(value: object) -> bool:
    """False for None, NaN (how pandas shows a missing string) and empty text."""
    if value is None or (isinstance(value, float) and value != value):
        return False
    return str(value) != ""
