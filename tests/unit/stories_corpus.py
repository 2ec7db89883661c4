"""Small corpora written for the stories tests: each article a few sentences, each event one
sentence with its evidence span, places and actors given by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sahelwatch.corpus import Frames, LoadedArticle, frames_from_articles
from sahelwatch.model import Actor, Article, Event, FuzzyDate, Place, Record, Source, Span
from sahelwatch.storage import text_sha256
from sahelwatch.taxonomy import load_sources
from tests.conftest import SEED_DATA

PLACES = {
    "bamako": Place(id="plc:bamako", name="Bamako", kind="city", country="MLI", lat=12.64,
                    lon=-8.0),
    "gao": Place(id="plc:gao", name="Gao", kind="city", country="MLI", lat=16.27, lon=-0.04),
    "mali": Place(id="plc:mali", name="Mali", kind="country", country="MLI"),
}  # fmt: skip
ACTORS = {
    "diallo": Actor(id="act:amadou-diallo", name="Amadou Diallo", kind="person"),
    "keita": Actor(id="act:mariam-keita", name="Mariam Keïta", kind="person"),
    "wagner": Actor(id="act:wagner", name="Wagner", kind="armed_group"),
    "mali": Actor(id="act:mali", name="Mali", kind="state", affiliation="MLI"),
}
KNOWN_SOURCES = {s.id: s for s in load_sources(SEED_DATA)}


@dataclass(frozen=True)
class Said:
    """One sentence of an article and the event it reports."""

    text: str
    kind: str = "other"
    day: str | None = None  # ISO day the sentence states
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


def article(
    article_id: str,
    *sentences: Said,
    outlet: str | None = None,
    published: str = "2024-07-29",
    cites: tuple[str, ...] = (),
) -> LoadedArticle:
    text = f"{article_id}\n"
    events, places, actors = [], {}, {}
    for n, said in enumerate(sentences, 1):
        start = len(text)
        text += said.text + "\n"
        date = (
            FuzzyDate(start=said.day, end=said.day, precision="day", basis="stated")
            if said.day
            else FuzzyDate(precision="unknown", basis="report")
        )
        for key in said.places:
            places[key] = PLACES[key]
        for key in said.actors:
            actors[key] = ACTORS[key]
        countries = sorted({PLACES[p].country for p in said.places})
        events.append(
            Event(
                id=f"evt:{article_id}-{n}", title=said.text[:60], kind=said.kind, date=date,
                place_ids=[PLACES[p].id for p in said.places], countries=countries,
                geo_precision="point" if said.places else "country",
                actor_ids=[ACTORS[a].id for a in said.actors],
                evidence=[Span(start=start, end=start + len(said.text), text=said.text)],
            )
        )  # fmt: skip
    day = dt.date.fromisoformat(published)
    record = Record(
        article=Article(
            id=article_id, title=article_id, language="fr", outlet=outlet,
            published=FuzzyDate(start=day, end=day, precision="day", basis="stated"),
            attributed_to=list(cites), text_sha256=text_sha256(text), status="draft",
        ),
        sources=[Source(id=s, name=KNOWN_SOURCES[s].name, kind=KNOWN_SOURCES[s].kind)
                 for s in cites],
        actors=list(actors.values()), places=list(places.values()), events=events,
    )  # fmt: skip
    return LoadedArticle(record, text, Path(article_id))


def frames(*articles: LoadedArticle) -> Frames:
    return frames_from_articles(articles)
