"""The extraction rules one by one: sentence boundaries on `spacy.blank("fr")`, the docstring
examples of every rule module, the knowledge base of actors, and (with the real model) who
speaks in made-up French sentences."""

from __future__ import annotations

import datetime as dt
import doctest
import shutil

import pandas as pd
import pytest
import spacy

from sahelwatch.actors import load_actors
from sahelwatch.cli import main
from sahelwatch.corpus import frames_from_articles, load_corpus
from sahelwatch.extract import people, quotes, sentences, speakers, text, topics
from sahelwatch.extract.pipeline import ArticleInput, extract_record, load_nlp
from sahelwatch.extract.topics import sentence_topics
from sahelwatch.taxonomy import load_topics
from tests.conftest import SEED_DATA


@pytest.mark.parametrize("module", [sentences, people, speakers, quotes, text, topics])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 or module in (quotes, text, topics)
    assert result.failed == 0


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("fr")
    nlp.add_pipe("sahel_sentences")
    return nlp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # never after an abbreviation or an initial
        ("Selon M. Diallo, tout va bien. Le 3 mai, rien.", ["Selon M. Diallo, tout va bien.",
                                                             "Le 3 mai, rien."]),
        ("Le général J. Koné arrive. Il parle.", ["Le général J. Koné arrive.", "Il parle."]),
        # never inside « », “ ” or straight quotes
        ("« Nous irons. Bientôt », a-t-il dit. Fin.", ["« Nous irons. Bientôt », a-t-il dit.",
                                                      "Fin."]),
        ('"Ils partiront. Demain", dit-elle. Fin.', ['"Ils partiront. Demain", dit-elle.', "Fin."]),
        # a line is a paragraph
        ("Un titre\nUne phrase. Une autre.", ["Un titre", "Une phrase.", "Une autre."]),
    ],
)  # fmt: skip
def test_doc_sents_are_the_sentence_rules(blank, text, expected):
    assert [s.text.strip() for s in blank(text).sents] == expected


def test_knowledge_base_entries_are_sourced_and_unique():
    actors = load_actors(SEED_DATA)
    assert len(actors) >= 15 and len({a.id for a in actors}) == len(actors)
    assert all(str(a.source).startswith("https://") for a in actors)
    putin = next(a for a in actors if a.id == "act:vladimir-poutine")
    assert "président russe" in putin.descriptors(dt.date(2024, 1, 1))
    assert putin.descriptors(dt.date(2010, 1, 1)) == []  # Prime Minister then, not president
    prigojine = next(a for a in actors if a.id == "act:evgueni-prigojine")
    assert prigojine.descriptors(dt.date(2024, 1, 1)) == []  # died in August 2023


def _speakers(text: str, published=dt.date(2025, 6, 6)) -> list[tuple[str, str | None]]:
    record = extract_record(ArticleInput(text=text, id="t", published=published), SEED_DATA)
    names = {a.id: a.name for a in record.actors}
    return [(q.text, names.get(q.speaker_id)) for q in record.quotes]


@pytest.mark.nlp
@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # inverted subject after the verb, resolved through the knowledge base's roles
        ("Titre\nLes soldats sont partis hier, a affirmé le chef de la diplomatie russe.",
         "Les soldats sont partis hier", "Sergueï Lavrov"),
        # the clitic "a-t-il" is the person who was the last subject
        ("Titre\nLe ministre Abdoulaye Diop a salué la coopération. « Nous restons partenaires "
         "de la Russie », a-t-il déclaré.", "Nous restons partenaires de la Russie",
         "Abdoulaye Diop"),
        # an organisation speaks as an organisation; "indique" is missed by the lemmatizer
        ("Titre\nDans un message, Africa Corps indique que la Russie reste au Mali.",
         "la Russie reste au Mali", "Africa Corps"),
        # "peut-on lire dans le message": the author of that message
        ("Titre\nWagner a déclaré dans un message publié sur Telegram : « Nous avons accompli "
         "notre mission ». « Le travail continue avec nos partenaires », peut-on lire dans le "
         "message.", "Le travail continue avec nos partenaires", "Wagner"),
        # an apposition is the in-article role index; "D'après le ministre" beats "poursuit-il"
        ("Titre\nLe ministre de l’Énergie, Yacouba Kaboré, a signé l’accord. D’après le ministre, "
         "il s’agit d’une « étape très importante pour le pays », poursuit-il.",
         "étape très importante pour le pays", "Yacouba Kaboré"),
        # a reflexive and a future speech verb
        ("Titre\nLe président Assimi Goïta s’est réjoui que la coopération avance vite.",
         "la coopération avance vite", "Assimi Goïta"),
        # "un communiqué du groupe": the organisation named last; "le communiqué" later: the same
        ("Titre\nLe groupe Wagner a perdu des hommes au Mali. Selon un communiqué du groupe, les "
         "combattants ont tenu trois jours. La relève arrivera avant la fin du mois, toujours "
         "selon le communiqué.", "les combattants ont tenu trois jours", "Wagner"),
        ("Titre\nLe groupe Wagner a perdu des hommes au Mali. Selon un communiqué du groupe, les "
         "combattants ont tenu trois jours. La relève arrivera avant la fin du mois, toujours "
         "selon le communiqué.", "La relève arrivera avant la fin du mois, toujours", "Wagner"),
        # a speech verb with no subject of its own ("relayée") tells the "selon" phrase's words
        ("Titre\nSelon une note de Africa Corps relayée par la presse locale, c’est une unité de "
         "cent hommes qui est arrivée au pays.",
         "c’est une unité de cent hommes qui est arrivée au pays", "Africa Corps"),
        # nobody named: kept, without a speaker
        ("Titre\n« Nous ne savons rien de plus », a déclaré une source sécuritaire.",
         "Nous ne savons rien de plus", None),
    ],
)  # fmt: skip
def test_speakers(text, quote, speaker):
    assert (quote, speaker) in _speakers(text)


@pytest.mark.nlp
def test_a_known_actor_has_the_same_id_in_every_article():
    first = extract_record(ArticleInput(text="Titre\nVladimir Poutine a reçu Assimi Goïta.",
                                        id="a"), SEED_DATA)  # fmt: skip
    second = extract_record(ArticleInput(text="Titre\nLe président Poutine a parlé à Moscou "
                                         "avec M. Goïta.", id="b"), SEED_DATA)  # fmt: skip
    ids = [{a.id for a in r.actors if a.kind == "person"} for r in (first, second)]
    assert ids[0] == ids[1] == {"act:vladimir-poutine", "act:assimi-goita"}


@pytest.mark.nlp
def test_an_unresolved_quote_is_kept_and_flagged():
    record = extract_record(ArticleInput(text="Titre\n« Nous ne savons rien de plus », a "
                                         "déclaré une source.", id="u"), SEED_DATA)  # fmt: skip
    (quote,) = record.quotes
    assert quote.speaker_id is None and quote.needs_review


@pytest.mark.nlp
@pytest.mark.parametrize(
    ("text", "persons"),
    [
        ("Titre\nLe groupe Wagner et Rosatom ont parlé avec Sputnik.", set()),
        ("Titre\nLe Président Jean Koulibaly est venu. Renforcer la sécurité.", {"Jean Koulibaly"}),
        ("Titre\nLa visite d’Amadou Sanogo à Gao.", {"Amadou Sanogo"}),
    ],
)  # fmt: skip
def test_persons_are_people(text, persons):
    record = extract_record(ArticleInput(text=text, id="p"), SEED_DATA)
    assert {a.name for a in record.actors if a.kind == "person"} == persons


@pytest.mark.nlp
def test_a_draft_with_an_unattributed_quote_validates_and_compiles(tmp_path):
    corpus = tmp_path / "data"
    shutil.copytree(SEED_DATA, corpus, ignore=shutil.ignore_patterns("geo", "schema"))
    source = tmp_path / "new.txt"
    source.write_text("Titre\n« Nous ne savons rien de plus », a déclaré une source à Gao.\n")
    assert main(["ingest", str(source), "--id", "unattributed", "--into", str(corpus)]) == 0
    assert main(["validate", str(corpus)]) == 0
    assert main(["compile", str(corpus), "--store", str(tmp_path / "store")]) == 0
    frames = frames_from_articles(load_corpus(corpus).articles)
    quote = frames.quotes.set_index("article_id").loc["unattributed"]
    assert pd.isna(quote.speaker_id) and quote.speaker_name == "speaker not resolved"


@pytest.mark.nlp
@pytest.mark.parametrize(
    ("text", "topics"),
    [
        # generic words alone do not make a topic
        ("Selon un communiqué lu à la télévision publique, le convoi est arrivé à Gao.", set()),
        ("L'agence de presse officielle a publié la liste des participants au tournoi.", set()),
        # a metaphor is not the literal topic
        ("Le gouvernement dénonce les attaques des médias étrangers contre le pays.", set()),
        # strong cues, or two weak ones
        ("La désinformation inquiète les journalistes de Bamako.", {"information"}),
        ("Le ministre a reçu la délégation russe à Niamey.", {"diplomacy"}),
        ("Des soldats ont repoussé une attaque terroriste près de Gao.", {"security"}),
        # a rank title names the person: no military story in "Général d'armée"
        ("Le Général d'armée Amadou Koné a reçu la délégation russe à Niamey.", {"diplomacy"}),
        ("L'armée a reçu le Général Amadou Koné à Gao.", {"security"}),
    ],
)  # fmt: skip
def test_topics_need_evidence(text, topics):
    doc = load_nlp()(text)
    assert set(sentence_topics(list(doc), tuple(load_topics(SEED_DATA)))) == topics


@pytest.mark.nlp
def test_events_and_quotes_are_capped_with_a_note(monkeypatch, caplog):
    from sahelwatch.extract import pipeline

    monkeypatch.setattr(pipeline, "MAX_EVENTS", 3)
    monkeypatch.setattr(pipeline, "MAX_QUOTES", 2)
    body = " ".join(
        f"« Nous resterons ici {n} ans », a déclaré hier le ministre." for n in range(6)
    )
    record = extract_record(ArticleInput(text=f"Titre\n{body}", id="cap"), SEED_DATA)
    assert len(record.events) == 3 and len(record.quotes) == 2
    assert "first 3 events" in caplog.text and "first 2 of 6 quotes" in caplog.text


@pytest.mark.parametrize(
    ("option", "message"),
    [(["--id", "Bad Id!"], "--id 'Bad Id!'"), (["--url", "notaurl"], "not an http(s) address")],
)
def test_bad_id_or_url_is_a_message(tmp_path, capsys, option, message):
    source = tmp_path / "a.txt"
    source.write_text("Titre\nLe ministre a signé un accord à Niamey.\n", "utf-8")
    assert main(["ingest", str(source), *option, "--out", "-"]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.nlp
def test_a_sentence_whose_verb_was_tagged_a_noun_is_still_an_event():
    # the tagger takes "entame" for a noun; the parser still gives it a subject
    text = "Visite au Mali\nLe colonel Amadou Diallo entame ce jour une tournée à Gao."
    record = extract_record(ArticleInput(text=text, id="c", published=dt.date(2025, 3, 4)),
                            SEED_DATA)  # fmt: skip
    assert [str(e.date.start) for e in record.events] == ["2025-03-04"]
