"""Sentence boundaries for French news text, as a spaCy component.

`sahel_sentences` runs before the parser and sets `Token.is_sent_start` on every token, so the
parser keeps these boundaries and `doc.sents` is the only segmentation the pipeline uses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

ABBREVIATIONS = frozenset(
    [
        "m",
        "mm",
        "mme",
        "mmes",
        "mlle",
        "dr",
        "pr",
        "me",
        "mgr",
        "st",
        "ste",
        "etc",
        "cf",
        "av",
        "apr",
        "env",
        "n°",
        "no",
        "art",
        "gal",
        "lt",
        "col",
        "cdt",
    ]
)
# After sentence-final punctuation: a space then a capital, a digit or an opening quote; or,
# as pasted web text often has it, no space between a lowercase word and a capitalised one
# ("…d'un commandant.Ces combats"), the space sometimes put before the stop ("à Gao .Dimanche").
NOT_A_START = 2**64 - 1
_BOUNDARY = re.compile(
    r"[.!?…]+[»”\"]?(?=\s+[«“\"A-ZÀ-Ý0-9])|(?<=[a-zà-ÿ]{2}) ?[.!?]+(?=[\"«“]?[A-ZÀ-Ý][a-zà-ÿ])"
)


def ends_with_abbreviation(head: str) -> bool:
    """True when the text before a full stop ends with an abbreviation or an initial.

    >>> ends_with_abbreviation("Selon M")        # "Selon M. Diallo"
    True
    >>> ends_with_abbreviation("le général J")   # "le général J. Traoré"
    True
    >>> ends_with_abbreviation("Il est parti")
    False
    """
    last_word = re.split(r"[\s(]", head)[-1].lower() if head else ""
    return last_word in ABBREVIATIONS or bool(re.fullmatch(r"[a-zà-ý]", last_word))


def inside_guillemets(head: str) -> bool:
    """True when a « (or “, or a straight ") is still open: a quotation is one sentence,
    whatever it holds.

    >>> inside_guillemets("« Nous viendrons. Bientôt")
    True
    >>> inside_guillemets("« Nous viendrons », a-t-il dit")
    False
    >>> inside_guillemets('"Ils partiront. Demain')
    True
    """
    straight = head.count('"') % 2 == 1
    return head.count("«") > head.count("»") or head.count("“") > head.count("”") or straight


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets: a line is a paragraph, cut after sentence-final punctuation followed by
    a capital, a digit or an opening quote, except after an abbreviation or inside « »."""
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        start, line = paragraph.start(), paragraph.group(0)
        cut = 0
        for boundary in _BOUNDARY.finditer(line):
            head = line[cut : boundary.start()]
            if ends_with_abbreviation(head) or inside_guillemets(head):
                continue
            spans.append((start + cut, start + boundary.end()))
            cut = boundary.end()
        spans.append((start + cut, start + len(line)))
    stripped = []
    for begin, end in spans:
        piece = text[begin:end]
        left, right = len(piece) - len(piece.lstrip()), len(piece) - len(piece.rstrip())
        if piece.strip():
            stripped.append((begin + left, end - right))
    return stripped


def is_clause(tokens: Sequence[Token]) -> bool:
    """A sentence that states something: it has a verb, or its root has a subject (the tagger
    took "entame" in "Le général entame ce jour une visite" for a noun; the parser still
    gave it "général" as subject). A heading such as "Visite officielle en Russie" is not."""
    return any(
        t.pos_ in ("VERB", "AUX")
        or (t.dep_ == "ROOT" and any(c.dep_ in ("nsubj", "nsubj:pass") for c in t.children))
        for t in tokens
    )


@Language.component("sahel_sentences")
def sahel_sentences(doc: Doc) -> Doc:
    """Mark the first token of every sentence of `split_sentences`; every other token is not a
    sentence start (whitespace between sentences stays with the sentence before it)."""
    starts = {start for start, _ in split_sentences(doc.text)}  # doc.text is built: read once
    # One array write: setting Token.is_sent_start one by one re-checks the whole document
    # each time (quadratic; 25 s on a 116 KB paste).
    column = doc.to_array([SENT_START])  # uint64: "not a start" is -1 wrapped around
    column[:] = NOT_A_START
    column[[t.i for t in doc if t.i == 0 or t.idx in starts]] = 1
    doc.from_array([SENT_START], column.reshape(-1, 1))
    return doc
