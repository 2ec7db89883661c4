"""Typography the model was not trained on: the curly apostrophe and a full stop glued to the
next sentence."""

from __future__ import annotations

import pytest
import spacy

from sahelwatch.extract.sentences import split_sentences
from sahelwatch.extract.typography import split_glued_full_stops


def test_a_glued_full_stop_is_its_own_token():
    nlp = spacy.blank("fr")
    split_glued_full_stops(nlp)
    words = [t.text for t in nlp("Le convoi est arrivé à Gao .Samedi, il est reparti.")]
    assert words[5:8] == ["Gao", ".", "Samedi"]
    assert [t.text for t in nlp("le site web.fr")][-1] == "web.fr"  # lowercase after: a word


def test_a_glued_full_stop_ends_a_sentence():
    text = "Le convoi est arrivé à Gao .Samedi, il est reparti."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Le convoi est arrivé à Gao .",
        "Samedi, il est reparti.",
    ]


@pytest.mark.nlp
@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Hier, l’armée nigérienne a annoncé la fin des combats près de Diffa.", "armée"),
        ("Selon l’agence, l’envoyé spécial a promis une aide rapide.", "envoyé"),
    ],
)
def test_a_curly_apostrophe_is_parsed_as_a_straight_one(text, subject):
    from sahelwatch.extract.pipeline import load_nlp

    doc = load_nlp()(text)
    article = next(t for t in doc if t.text == "l’" and t.nbor().text == subject)
    assert article.pos_ == "DET" and article.nbor().dep_ == "nsubj"
    assert doc.text == text  # the text keeps its spelling
