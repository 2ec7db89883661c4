"""`components.safe`: record text shown as text in Markdown, HTML, tables and deck.gl data."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from components.safe import html_text, inert, md, plain, relative_paths, table

# What Streamlit's Markdown (remark-gfm, mdast-util-gfm-autolink-literal) turns into links,
# applied as it is, to the text left once Markdown's backslash escapes are read.
_GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)", re.IGNORECASE | re.ASCII)
_GFM_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII)
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def autolinks(markdown: str) -> list[str]:
    """The bare URLs and e-mail addresses Streamlit would make clickable in `markdown`."""
    text = re.sub(r"\\(.)", r"\1", markdown)
    return [m.group(0) for pattern in (_GFM_URL, _GFM_EMAIL) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "voir https://evil.example/x maintenant",
        "HTTP://EVIL.EXAMPLE",
        "écrire à bob@example.com",
        "mailto:bob@example.com",
        "www.example.com/path",
        "WWW.Example.org",
    ],
)
def test_bare_urls_and_emails_stay_text_in_markdown(text):
    assert autolinks(text)  # the pattern itself is a link to Streamlit
    shown = md(text)
    assert autolinks(shown) == []
    assert re.sub(r"\\(.)", r"\1", shown).replace("\u200b", "") == text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("**gras**", r"\*\*gras\*\*"),
        ("<b>x</b>", r"\<b\>x\</b\>"),
        (":red[x]", r"\:red\[x\]"),
        ("$x$", r"\$x\$"),
        ("a\nb", "a  \nb"),
    ],
)
def test_md_escapes_markdown_directives_and_html(text, escaped):
    assert md(text) == escaped


@pytest.mark.parametrize("show", [md, html_text, plain])
def test_bidirectional_controls_are_removed(show):
    assert show(f"a{BIDI}b") in ("ab", "a\u200bb")
    assert not set(BIDI) & set(show(f"x{BIDI}"))


def test_html_text_escapes_quotes_and_tags():
    assert html_text("<img src=x onerror='1'>") == "&lt;img src=x onerror=&#x27;1&#x27;&gt;"


def test_table_clips_strings_and_list_cells_and_keeps_other_columns():
    frame = pd.DataFrame(
        {
            "title": ["x" * 20_000_000, f"ok{BIDI}"],
            "names": [np.array(["y" * 1000]), ["z"]],
            "n": [1, 2],
        }
    )
    shown = table(frame, limit=300)
    assert [len(v) for v in shown["title"]] == [300, 2]
    assert shown["title"][1] == "ok"
    assert [len(v[0]) for v in shown["names"]] == [300, 1]
    assert list(shown["n"]) == [1, 2]
    assert len(frame["title"][0]) == 20_000_000  # the original is left whole (downloads)


@pytest.mark.parametrize("text", ["@@=1+1", "@@#foo", "@@function", f"{BIDI[0]}@@=x"])
def test_inert_strings_never_start_with_deck_gl_code_markers(text):
    value = inert({"rows": [{"title": text, "n": 3, "position": [1.5, 2.0]}]})
    title = value["rows"][0]["title"]
    assert not title.startswith("@@")
    assert title.replace("\u200b", "") == text.replace(BIDI[0], "")
    assert value["rows"][0]["n"] == 3 and value["rows"][0]["position"] == [1.5, 2.0]


def test_relative_paths_hide_the_server_folders(tmp_path):
    data = tmp_path / "data"
    record = data / "articles" / "x" / "record.json"
    message = f"{record}: $: [Errno 13] Permission denied: '/srv/store/events.parquet'"
    shown = relative_paths(message, data)
    assert shown == "articles/x/record.json: $: [Errno 13] Permission denied: '…/events.parquet'"
    assert str(tmp_path) not in relative_paths(str(record), Path(str(data) + "/"))
    assert relative_paths("see https://a.example/b", data) == "see https://a.example/b"
