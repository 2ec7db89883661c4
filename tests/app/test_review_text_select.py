"""Pure helpers of the text-selection component: pieces and the selection the app accepts."""

from __future__ import annotations

import pytest

from components.text_select import Highlight, Selection, pieces, selection_from

TEXT = "Le 🇲🇱 ministre\r\na dit « non »."


def test_pieces_cut_the_text_at_every_highlight_boundary_and_name_the_kinds():
    quote = TEXT.index("« non »")
    out = pieces(TEXT, [Highlight(quote, quote + 7, "quote", "q1"),
                        Highlight(quote + 2, quote + 5, "actor", "a <b>")])  # fmt: skip
    assert "".join(p[2] for p in out) == TEXT
    assert [p[:2] for p in out] == [[0, quote], [quote, quote + 2], [quote + 2, quote + 5],
                                    [quote + 5, quote + 7], [quote + 7, len(TEXT)]]  # fmt: skip
    assert out[2][3:] == [["quote", "actor"], "q1 · a <b>"]
    assert out[0][3] == []


def test_pieces_drop_highlights_outside_the_text():
    assert pieces("abc", [Highlight(2, 9, "event"), Highlight(1, 1, "event")]) == [
        [0, 3, "abc", [], ""]
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"start": 3, "end": 5, "text": "ignored"}, Selection(3, 5, "🇲🇱")),
        ({"start": 2, "end": 16}, Selection(3, 14, "🇲🇱 ministre")),  # white space trimmed
        ({"start": 14, "end": 16}, None),  # only white space (the CRLF)
        ({"start": 5, "end": 5}, None),
        ({"start": 0, "end": len(TEXT) + 1}, None),
        ({"start": -1, "end": 2}, None),
        ({"start": "0", "end": 2}, None),
        (None, None),
    ],
)
def test_selection_from_the_browser(value, expected):
    assert selection_from(value, TEXT) == expected
