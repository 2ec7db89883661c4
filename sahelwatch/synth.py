"""Synthetic corpora for benchmarks and scale tests: valid records, marked synthetic.

Each article holds a few events, each event one sentence of its own text with its evidence
span, a realistic mix of topics, countries, date precisions (day, month, year, undated),
point- and country-level places, actors and quotes. Never written into the bundled `data/`.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import unicodedata
from pathlib import Path

from sahelwatch.geo import AES_COUNTRIES, Gazetteer
from sahelwatch.model import (
    Actor,
    Article,
    Event,
    FuzzyDate,
    Place,
    Quote,
    Record,
    Source,
    Span,
)
from sahelwatch.storage import ARTICLE_TEXT, ARTICLES, RECORD_JSON, text_sha256

TOPICS = ("security", "energy", "information", "economy", "diplomacy")
KINDS = ("statement", "conference", "visit", "agreement", "negotiation", "offer", "delivery",
         "training", "other")  # fmt: skip
SOURCES = (("src:sputnik", "Sputnik", "state_media", "RUS"),
           ("src:afp", "Agence France-Presse", "news_agency", "FRA"),
           ("src:rfi", "RFI", "state_media", "FRA"),
           ("src:amap", "AMAP", "state_media", "MLI"),
           ("src:anp", "ANP", "state_media", "NER"),
           ("src:aib", "AIB", "state_media", "BFA"))  # fmt: skip
PEOPLE = [f"{first} {last}" for first in ("Amadou", "Fatoumata", "Issa", "Mariam", "Oumar",
          "Aïcha", "Boubacar", "Salif", "Awa", "Ibrahim") for last in ("Traoré", "Diallo",
          "Ouédraogo", "Maïga", "Coulibaly", "Sawadogo", "Keïta", "Issoufou")]  # fmt: skip
VERBS = ("a annoncé", "a signé", "a discuté de", "a visité", "a proposé", "a livré")
FIRST_DAY = dt.date(2019, 1, 1)
DAYS = 6 * 365


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _date(rng: random.Random) -> FuzzyDate:
    roll = rng.random()
    if roll < 0.15:
        return FuzzyDate(precision="unknown", basis="report")
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    if roll < 0.75:
        return FuzzyDate(start=day, end=day, precision="day", basis="stated")
    if roll < 0.92:
        first = day.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return FuzzyDate(start=first, end=last, precision="month", basis="stated")
    return FuzzyDate(start=dt.date(day.year, 1, 1), end=dt.date(day.year, 12, 31),
                     precision="year", basis="stated")  # fmt: skip


def synthetic_record(index: int, events_per_article: int, rng: random.Random,
                     cities: list) -> tuple[Record, str]:  # fmt: skip
    article_id = f"synthetic-{index:07d}"
    source = rng.choice(SOURCES)
    lines = [f"[synthetic] Article {index}"]
    offset = len(lines[0]) + 1
    actors: dict[str, Actor] = {}
    places: dict[str, Place] = {}
    events: list[Event] = []
    quotes: list[Quote] = []
    for n in range(events_per_article):
        person = rng.choice(PEOPLE)
        city = rng.choice(cities)
        topics = rng.sample(TOPICS, rng.choice((1, 1, 2, 3)))
        sentence = (f"{person} {rng.choice(VERBS)} un projet de {' et '.join(topics)} "
                    f"à {city.name_fr}.")  # fmt: skip
        said = f"Nous avançons ensemble sur le dossier {n + 1}"
        quote_line = f"« {said} », a déclaré {person}."
        person_id = "act:" + _ascii(person).lower().replace(" ", "-")
        start = offset
        lines.append(sentence)
        offset += len(sentence) + 1
        actors.setdefault(person_id, Actor(id=person_id, name=person, kind="person",
                                           role="porte-parole", mentions=[]))  # fmt: skip
        place_ids: list[str] = []
        point = rng.random() < 0.6
        if point:
            place_ids = [city.id]
            places.setdefault(city.id, Place(id=city.id, name=city.name_fr, kind="city",
                                             country=city.country, lat=city.lat,
                                             lon=city.lon))  # fmt: skip
        countries = [city.country] if point else rng.sample(AES_COUNTRIES, rng.choice((1, 1, 3)))
        event_id = f"evt:{article_id}-{n + 1}"
        events.append(Event(
            id=event_id, title=f"[synthetic] {person} — {', '.join(topics)} ({city.name_en})",
            summary="Synthetic event for benchmarks.", kind=rng.choice(KINDS), date=_date(rng),
            place_ids=place_ids, countries=countries,
            geo_precision="point" if point else "country", actor_ids=[person_id],
            topics=topics, evidence=[Span(start=start, end=start + len(sentence), text=sentence)],
        ))  # fmt: skip
        if rng.random() < 0.4:
            quote_start = offset + 2
            lines.append(quote_line)
            quotes.append(Quote(
                id=f"q:{article_id}-{n + 1}", speaker_id=person_id, text=said, mode="direct",
                event_id=event_id,
                evidence=Span(start=quote_start, end=quote_start + len(said), text=said),
            ))  # fmt: skip
            offset += len(quote_line) + 1
    text = "\n".join(lines) + "\n"
    article = Article(
        id=article_id, title=lines[0], language="fr",
        published=FuzzyDate(precision="unknown", basis="unknown"),
        attributed_to=[source[0]], text_sha256=text_sha256(text), status="reviewed",
        synthetic=True,
    )  # fmt: skip
    record = Record(
        article=article,
        sources=[Source(id=source[0], name=source[1], kind=source[2], country=source[3])],
        actors=list(actors.values()), places=list(places.values()), events=events, quotes=quotes,
    )  # fmt: skip
    return record, text


def write_corpus(out: Path, n_events: int, *, events_per_article: int = 5, seed: int = 7,
                 taxonomy_from: Path = Path("data")) -> int:  # fmt: skip
    """Write about `n_events` synthetic events into `out` (a corpus folder). Returns articles."""
    out = Path(out)
    if (out.resolve() / ARTICLES).is_relative_to(Path(taxonomy_from).resolve()):
        raise ValueError("synthetic corpora never go into the bundled data folder")
    rng = random.Random(seed)
    gazetteer = Gazetteer.load()
    cities = [gazetteer.lookup(name) for name in gazetteer.place_names()]
    cities = sorted({c.id: c for c in cities if c and c.in_aes}.values(), key=lambda c: c.id)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("topics.yaml", "sources.yaml"):
        shutil.copy(Path(taxonomy_from) / name, out / name)
    articles = max(1, n_events // events_per_article)
    for index in range(articles):
        record, text = synthetic_record(index, events_per_article, rng, cities)
        folder = out / ARTICLES / record.article.id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ARTICLE_TEXT).write_text(text, "utf-8")
        (folder / RECORD_JSON).write_text(record.to_json(), "utf-8")
    return articles
