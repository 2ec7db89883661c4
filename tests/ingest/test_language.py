"""Which language an article is in, and what a draft of a text that is not French holds.

The sentences below are written for these tests (no article text)."""

from __future__ import annotations

import pytest

from sahelwatch.checks import check_record
from sahelwatch.extract.language import detect_language, language_name
from sahelwatch.extract.pipeline import ArticleInput, extract_records
from sahelwatch.taxonomy import load_topics
from tests.conftest import ROOT, SEED_DATA

REAL = ROOT.parent / "shared" / "eval" / "real" / "articles"
WRITTEN = {
    "fr": "Le ministre de la Défense a affirmé mardi que l'armée avait repris la ville après "
    "trois jours de combats, selon un communiqué du gouvernement de transition.",
    "en": "The defence minister said on Tuesday that the army had retaken the town after three "
    "days of fighting, according to a statement by the transitional government.",
    "es": "El ministro de Defensa afirmó el martes que el ejército había recuperado la ciudad "
    "tras tres días de combates, según un comunicado del gobierno de transición.",
    "pt": "O ministro da Defesa afirmou na terça-feira que o exército tinha retomado a cidade "
    "depois de três dias de combates, segundo um comunicado do governo de transição.",
    "it": "Il ministro della Difesa ha dichiarato martedì che l'esercito aveva ripreso la città "
    "dopo tre giorni di combattimenti, secondo un comunicato del governo di transizione.",
    "de": "Der Verteidigungsminister sagte am Dienstag, die Armee habe die Stadt nach dreitägigen "
    "Kämpfen zurückerobert, wie aus einer Erklärung der Übergangsregierung hervorgeht.",
    "ar": "قال وزير الدفاع يوم الثلاثاء إن الجيش استعاد السيطرة على المدينة بعد ثلاثة أيام من "
    "القتال، وفقا لبيان صادر عن الحكومة الانتقالية.",
    "ru": "Министр обороны заявил во вторник, что армия вернула контроль над городом после трёх "
    "дней боёв, говорится в заявлении переходного правительства.",
}
ENGLISH = "Russia pledges support to the Sahel alliance\n" + WRITTEN["en"] + "\n"


@pytest.mark.parametrize("code", sorted(WRITTEN))
def test_the_language_of_a_paragraph_is_detected(code):
    assert detect_language(WRITTEN[code]) == code


@pytest.mark.parametrize("text", ["", "Gao, 12 mars 2024", "[sans titre]", "1 2 3 4 5 6 7 8 9"])
def test_too_few_words_leave_the_language_undecided(text):
    assert detect_language(text) is None


def test_a_language_is_named_for_people():
    assert language_name("en") == "English"
    assert language_name("xq") == "xq"  # no such code: shown as it is


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/eval is not here")
def test_every_real_article_is_detected_as_french():
    texts = sorted(REAL.glob("*.txt"))
    assert len(texts) == 18
    assert {p.name: detect_language(p.read_text("utf-8")) for p in texts} == {
        p.name: "fr" for p in texts
    }


def test_a_text_in_another_language_gets_a_draft_of_the_article_alone(caplog):
    [record] = extract_records([ArticleInput(text=ENGLISH, id="en-article")], SEED_DATA)
    assert record.article.language == "en"
    assert record.article.title == "Russia pledges support to the Sahel alliance"
    assert (record.actors, record.places, record.events, record.quotes) == ([], [], [], [])
    assert "en-article: the text is in English (en), not French" in caplog.text
    topic_ids = frozenset(t.id for t in load_topics(SEED_DATA))
    assert check_record(record, ENGLISH, topic_ids, "en-article") == []


@pytest.mark.nlp
def test_a_batch_mixes_languages_and_a_given_language_is_trusted():
    french = "Reprise de Gao\n" + WRITTEN["fr"] + " « Nous tenons la ville », a déclaré le "
    french += "colonel Souleymane Dembélé à Bamako.\n"
    inputs = [
        ArticleInput(text=ENGLISH, id="a"),
        ArticleInput(text=french, id="b"),
        ArticleInput(text=ENGLISH, id="c", language="fr"),
    ]
    records = extract_records(inputs, SEED_DATA)
    assert [r.article.id for r in records] == ["a", "b", "c"]
    assert [r.article.language for r in records] == ["en", "fr", "fr"]
    assert not records[0].events and records[1].events and records[1].quotes
    assert records[2].events  # told it is French: the French rules ran


@pytest.mark.nlp
def test_a_title_alone_is_an_honest_french_draft():
    [record] = extract_records([ArticleInput(text="Attaque près de Gao\n", id="t")], SEED_DATA)
    assert record.article.language == "fr"
    assert record.article.title == "Attaque près de Gao"
    assert record.events == [] and record.quotes == []
