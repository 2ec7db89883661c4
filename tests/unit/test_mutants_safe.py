"""`components/safe.py`: article text shown as text, never as Markdown, HTML or script
(written to kill its mutants, issue 10)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from components.safe import clip, html_text, inert, md, present, relative_paths, table

MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|<>$~:&=\"'^"


@pytest.mark.parametrize("char", list(MARKDOWN_SPECIALS))
def test_md_escapes_every_markdown_and_html_special_character(char):
    assert md(f"a{char}b") == f"a\\{char}b"


def test_md_keeps_other_text_and_breaks_lines_as_markdown_does():
    assert md("Niamey, 6 août\nBamako") == "Niamey, 6 août  \nBamako"
    assert md("**gras** <b>") == "\\*\\*gras\\*\\* \\<b\\>"


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
                                     "\u2067", "\u2068", "\u2069"])  # fmt: skip
def test_bidirectional_controls_are_removed(control):
    assert md(f"abc{control}def") == "abcdef"
    assert html_text(f"abc{control}def") == "abcdef"


def test_neighbours_of_the_bidirectional_controls_are_kept():
    for kept in ("\u2029", "\u2065", "\u206a", "\u200f"):
        assert html_text(f"a{kept}b") == f"a{kept}b"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("abcdef", 6, "abcdef"),
        ("abcdefg", 6, "abcde…"),
        ("abcdefg", None, "abcdefg"),
        (None, 6, ""),
        (42, 6, "42"),
    ],
)
def test_clip_keeps_text_within_the_limit(text, limit, expected):
    assert clip(text, limit) == expected


def test_clip_defaults_to_300_characters():
    assert clip("x" * 300) == "x" * 300
    assert clip("x" * 301) == "x" * 299 + "…"


def test_md_and_html_text_clip_before_escaping_and_by_default_at_300():
    assert md("x" * 301) == "x" * 299 + "…"
    assert md("ab.cd", limit=4) == "ab\\.…"
    assert md("x" * 400, limit=None) == "x" * 400
    assert html_text("x" * 301) == "x" * 299 + "…"
    assert html_text("a<b>c", limit=4) == "a&lt;b…"
    assert html_text("x" * 400, limit=None) == "x" * 400


def test_html_text_escapes_markup_and_both_quotes():
    assert html_text("<a href=\"x\" title='y'>&</a>") == (
        "&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, False), (math.nan, False), ("", False), ("x", True), (0, True), (0.0, True),
     (1.5, True)],
)  # fmt: skip
def test_present(value, expected):
    assert present(value) is expected


def test_table_clips_at_300_characters_unless_told_otherwise():
    frame = pd.DataFrame({"title": ["x" * 400], "names": [["y" * 400]]})
    assert [len(table(frame)["title"][0]), len(table(frame)["names"][0][0])] == [300, 300]
    shown = table(frame, limit=20)
    assert shown["title"][0] == "x" * 19 + "…"
    assert shown["names"][0] == ["y" * 19 + "…"]


def test_inert_leaves_every_other_string_as_it_is():
    """deck.gl reads `type` and the like in the data: only strings starting with `@@` change."""
    data = {"type": "FeatureCollection", "features": [{"type": "Feature", "name": "Gao @@"}]}
    assert inert(data) == data


def test_relative_paths_hide_the_data_folder_by_its_link_and_by_its_target(tmp_path):
    """A data folder reached through a symbolic link is named by either path in messages."""
    target = tmp_path / "real-data"
    (target / "articles" / "x").mkdir(parents=True)
    link = tmp_path / "data"
    link.symlink_to(target)
    for root in (target, link):
        shown = relative_paths(f"{root}/articles/x/record.json: bad", link)
        assert shown == "articles/x/record.json: bad"
