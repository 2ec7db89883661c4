"""Who speaks, when the tagger or the parser got the sentence wrong, and two speakers in one
sentence (made-up French sentences, the real model)."""

from __future__ import annotations

import datetime as dt

import pytest

from sahelwatch.extract.pipeline import ArticleInput, extract_record
from tests.conftest import SEED_DATA

pytestmark = pytest.mark.nlp


def _quotes(text: str) -> list[tuple[str, str | None]]:
    record = extract_record(ArticleInput(text=text, id="t", published=dt.date(2025, 6, 6)),
                            SEED_DATA)  # fmt: skip
    names = {a.id: a.name for a in record.actors}
    return [(q.text, names.get(q.speaker_id)) for q in record.quotes]


def test_the_noun_before_the_verb_speaks_when_the_parse_gives_no_subject():
    # "signalé" is tagged an adverb and "armée" hangs from "malienne": no subject in the parse
    text = ("Titre\nLe 3 mai, l’armée malienne avait signalé avoir \"repoussé une attaque "
            "terroriste\" près de Gao.")  # fmt: skip
    assert ("repoussé une attaque terroriste", "Forces armées maliennes (FAMa)") in _quotes(text)


def test_a_document_noun_is_not_a_reporting_verb():
    # "communiqué" after "Le" is the noun: the verb of the sentence is "souligne"
    text = "Titre\nLe communiqué de Rosatom souligne que la centrale sera construite en 2030."
    assert _quotes(text) == [("la centrale sera construite en 2030", "Rosatom")]


def test_a_second_speaker_inside_reported_words_gets_their_own_quote():
    text = ("Titre\nLe communiqué de Rosatom souligne que l’accord est le troisième signé, deux "
            "ans après que le président Assimi Goïta a affirmé sa volonté, en mai 2023, de "
            "disposer d’une centrale nucléaire.")  # fmt: skip
    quotes = _quotes(text)
    assert [speaker for _, speaker in quotes] == ["Rosatom", "Assimi Goïta"]
    assert "de disposer d’une centrale nucléaire" in quotes[1][0]
    assert "Goïta" not in quotes[0][0]


def test_an_incise_in_mid_sentence_reports_the_words_after_it():
    text = ("Titre\nLe ministre de l’Énergie, Jean Koné, a reçu la délégation. Il a été question "
            "de l’usine, sachant qu’après la signature, poursuit-il, il est prévu de lancer les "
            "travaux avant la fin de l’année.")  # fmt: skip
    assert ("il est prévu de lancer les travaux avant la fin de l’année", "Jean Koné") in (
        _quotes(text)
    )


def test_the_general_staff_is_the_army_named_last():
    text = ("Titre\nLes forces armées maliennes ont patrouillé trois jours près de Gao. "
            "L’État-major a mentionné \"de lourdes pertes ennemies\" dans la zone.")  # fmt: skip
    assert ("de lourdes pertes ennemies", "Forces armées maliennes (FAMa)") in _quotes(text)
