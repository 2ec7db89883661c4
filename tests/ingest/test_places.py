"""The place component: gazetteer names in French text, one entry per mention.

Rule tests run on `spacy.blank("fr")` with sentences written for them. The evaluation test
runs the component after the real model over ../shared/eval and scores it with the eval
README's place rule (it skips when the folder is absent).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import spacy

from sahelwatch.extract.places import COMPONENT, SPAN_KEY, draft_places

EVAL_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "real"
# The split shared with the extraction work: held-out = two clusters and d18, dev = the rest.
HELD_OUT = ("d05", "d06", "d07", "d11", "d12", "d13", "d18")


@pytest.fixture(scope="module")
def nlp():
    blank = spacy.blank("fr")
    blank.add_pipe(COMPONENT)
    return blank


def places(nlp, text: str) -> list[tuple[str, str, str]]:
    """(text, entry id, ISO3) of every place mention."""
    doc = nlp(text)
    return [(s.text, s._.place.id, s._.place.country) for s in doc.spans[SPAN_KEY]]


@pytest.mark.parametrize(
    ("text", "mention", "place_id"),
    [
        # accents optional, any case
        ("Le convoi est reparti vers Tillaberi lundi.", "Tillaberi", "plc:tillaberi"),
        ("Les renforts arrivent à TOMBOUCTOU.", "TOMBOUCTOU", "plc:timbuktu"),
        ("Une base a été ouverte à Menaka.", "Menaka", "plc:menaka"),
        # hyphen, space and apostrophe variants
        ("Le forum se tient à Saint Petersbourg.", "Saint Petersbourg", "plc:saint-petersburg"),
        ("Le forum se tient à Saint-Pétersbourg.", "Saint-Pétersbourg", "plc:saint-petersburg"),
        ("Un vol a relié Bobo Dioulasso.", "Bobo Dioulasso", "plc:bobo-dioulasso"),
        ("Le sommet de N’Djamena a eu lieu.", "N’Djamena", "plc:n-djamena"),
        ("Des combats près de Tin-Zaouatene.", "Tin-Zaouatene", "plc:tinzaouatene"),
        # French names of foreign places, countries and landmarks
        ("Un accord a été signé à Rostov-sur-le-Don.", "Rostov-sur-le-Don", "plc:rostov-on-don"),
        ("Des soldats venus de Centrafrique.", "Centrafrique", "plc:central-african-republic"),
        ("Il a atterri à l’aéroport de Vnoukovo.", "aéroport de Vnoukovo", "plc:vnukovo-airport"),
        ("Des villages de la région de Kidal.", "région de Kidal", "plc:region-kidal"),
    ],
)
def test_names_are_found_whatever_their_spelling(nlp, text, mention, place_id):
    assert (mention, place_id) in [(m, p) for m, p, _ in places(nlp, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Les autorités de Guinée-Bissau ont protesté.", [("Guinée-Bissau", "GNB")]),
        ("Il réside en Guinée équatoriale.", [("Guinée équatoriale", "GNQ")]),
        ("Le forum de Rostov-sur-le-Don s'ouvre.", [("Rostov-sur-le-Don", "RUS")]),
        ("La région du Sahel burkinabè est touchée.", [("région du Sahel", "BFA")]),
    ],
)
def test_the_longest_name_wins(nlp, text, expected):
    assert [(m, iso3) for m, _, iso3 in places(nlp, text)] == expected


@pytest.mark.parametrize(
    ("text", "place_id"),
    [
        ("Au Mali, des tirs ont visé Gao dans la nuit.", "plc:gao"),
        ("Au Burkina Faso, des tirs ont visé Gao dans la nuit.", "plc:gao-bfa"),
        ("Des tirs ont visé Gao dans la nuit.", "plc:gao"),  # no context: the AES town
    ],
)
def test_ambiguous_names_follow_the_article_countries(nlp, text, place_id):
    assert [p for m, p, _ in places(nlp, text) if m == "Gao"] == [place_id]


def test_a_country_beats_a_town_of_the_same_name(nlp):
    assert places(nlp, "Le Bénin a fermé sa frontière.") == [("Bénin", "plc:benin", "BEN")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a given name or a middle name that is also a town
        ("Le ministre Vladimir Ivanov est attendu à Niamey.", ["Niamey"]),
        ("Le ministre Amadou Manga Traoré a parlé.", []),
        # but the town itself, and the town with a capital neighbour that is a place
        ("La ville de Vladimir accueille un salon.", ["Vladimir"]),
        # a town's name that is an ordinary word, at the start of a sentence
        ("Manga est une ville du Burkina.", ["Burkina"]),
        ("Il est né à Manga, au Burkina.", ["Manga", "Burkina"]),
        # the stop list, and lower case
        ("Réunion des ministres à Bamako.", ["Bamako"]),
        ("Il a mal à la tete et du sucre.", []),
        # a seat of power that speaks is an institution; where one goes, a place
        ("Le Kremlin a démenti ces informations.", []),
        ("Les délégués ont été reçus au Kremlin.", ["Kremlin"]),
    ],
)
def test_false_friends_are_left_out(nlp, text, expected):
    assert [m for m, _, _ in places(nlp, text)] == expected


def test_metonymy_is_still_a_place(nlp):
    found = places(nlp, "Bamako et Moscou ont renforcé leur coopération militaire.")
    assert found == [("Bamako", "plc:bamako", "MLI"), ("Moscou", "plc:moscow", "RUS")]


def test_spans_carry_the_kind_and_the_entry(nlp):
    doc = nlp("Depuis Kidal, la route mène en Algérie puis à l’aéroport de Vnoukovo.")
    found = [(s.label_, s._.place.kind, s._.place.lat is not None) for s in doc.spans[SPAN_KEY]]
    assert found == [("city", "city", True), ("country", "country", False), ("site", "site", True)]


# --- evaluation on the real articles (eval README's place rule) ---


def _words(name: str) -> list[str]:
    text = unicodedata.normalize("NFC", name).replace("’", "'").casefold()
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.findall(r"\w+", bare)


def same_place_name(a: str, b: str) -> bool:
    """Equal after normalisation, or one inside the other as whole words."""
    short, long = sorted((_words(a), _words(b)), key=len)
    return bool(short) and any(
        long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1)
    )


def score_places(doc, gold: dict[str, str], neutral: list[str]) -> tuple[int, int, int]:
    """(gold places, found, extracted) for one article. An extracted place is one gazetteer
    entry with all the names it was written with; it matches a gold place with the same ISO3
    and a matching name, one to one. Extracted places named like a gold `regions` entry
    ("Sahel") are neither counted nor penalised."""
    extracted: dict[str, tuple[str, set[str]]] = {}
    for span in doc.spans[SPAN_KEY]:
        entry = span._.place
        extracted.setdefault(entry.id, (entry.country, {entry.name_fr}))[1].add(span.text)
    free = list(extracted.values())
    found = 0
    for name, iso3 in gold.items():
        match = next(
            (p for p in free if p[0] == iso3 and any(same_place_name(name, n) for n in p[1])),
            None,
        )
        if match:
            free.remove(match)
            found += 1
    unscored = [p for p in free if any(same_place_name(r, n) for r in neutral for n in p[1])]
    return len(gold), found, found + len(free) - len(unscored)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Saint Petersbourg", "Saint-Pétersbourg", True),
        ("Vnoukova", "Aéroport Vnoukova II", True),
        ("Tinzaouatene", "TINZAOUATÈNE", True),
        ("Mali", "Malien", False),
        ("Niger", "Nigeria", False),
    ],
)
def test_the_place_name_rule(a, b, same):
    assert same_place_name(a, b) is same


@pytest.mark.nlp
@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="../shared/eval is absent")
def test_place_recall_and_precision_on_real_articles():
    model = spacy.load("fr_core_news_sm")
    model.add_pipe(COMPONENT)
    gold = json.loads((EVAL_DIR / "gold.json").read_text(encoding="utf-8"))
    totals = {"dev": [0, 0, 0], "held-out": [0, 0, 0]}
    for name, article in sorted(gold.items()):
        if not name.startswith("d"):
            continue
        text = (EVAL_DIR / "articles" / name).read_text(encoding="utf-8")
        counts = score_places(model(text), article["places"], article.get("regions", []))
        part = totals["held-out" if name[:3] in HELD_OUT else "dev"]
        for i, n in enumerate(counts):
            part[i] += n
    figures = {
        part: (found / n_gold, found / extracted)
        for part, (n_gold, found, extracted) in totals.items()
    }
    for part, (recall, precision) in figures.items():
        print(f"places {part}: recall {recall:.2f}, precision {precision:.2f}")
    assert all(recall >= 0.9 and precision >= 0.9 for recall, precision in figures.values())


def test_draft_places_give_one_place_per_entry_with_every_mention(nlp):
    text = "À Ménaka, puis à Menaka encore, et au Mali."
    places = draft_places(nlp(text))
    assert [(p.id, p.kind, p.country) for p in places] == [
        ("plc:menaka", "city", "MLI"),
        ("plc:mali", "country", "MLI"),
    ]
    assert [m.text for m in places[0].mentions] == ["Ménaka", "Menaka"]
    assert all(text[m.start : m.end] == m.text for p in places for m in p.mentions)
    assert places[0].lat is not None and places[1].lat is None
