"""Load and validate a corpus folder (`data/articles/*/`) and derive tidy frames from it.

One bad record never stops the others: it is reported as problems and left out, and the
rest of the corpus loads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pydantic import ValidationError

from sahelwatch.checks import Problem, check_record, validation_problems
from sahelwatch.model import Record
from sahelwatch.storage import ARTICLE_TEXT, ARTICLES, RECORD_JSON
from sahelwatch.taxonomy import load_topics


@dataclass(frozen=True)
class LoadedArticle:
    record: Record
    text: str
    folder: Path


@dataclass
class Corpus:
    data_dir: Path
    articles: list[LoadedArticle] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        records = [a.record for a in self.articles]
        return {
            "articles": len(records),
            "events": sum(len(r.events) for r in records),
            "quotes": sum(len(r.quotes) for r in records),
            "actors": len({a.id for r in records for a in r.actors}),
            "places": len({p.id for r in records for p in r.places}),
        }

    def article(self, article_id: str) -> LoadedArticle | None:
        return next((a for a in self.articles if a.record.article.id == article_id), None)


def article_folders(data_dir: Path) -> list[Path]:
    root = Path(data_dir) / ARTICLES
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def load_article(
    folder: Path, topic_ids: frozenset[str]
) -> tuple[LoadedArticle | None, list[Problem]]:
    """Read and fully check one article folder; the article is None when it has problems."""
    record_file = folder / RECORD_JSON
    try:
        text = (folder / ARTICLE_TEXT).read_bytes().decode("utf-8")
        raw = record_file.read_text("utf-8")
    except FileNotFoundError as exc:
        return None, [Problem(str(folder), "$", f"missing file {Path(exc.filename).name}")]
    except UnicodeDecodeError as exc:
        return None, [Problem(str(folder / ARTICLE_TEXT), "$", f"not valid UTF-8: {exc}")]
    try:
        record = Record.model_validate_json(raw)
    except ValidationError as exc:
        if any(err["type"] == "json_invalid" for err in exc.errors()):
            return None, [Problem(str(record_file), "$", f"invalid JSON: {_json_error(raw)}")]
        return None, validation_problems(record_file, exc)
    problems = check_record(record, text, topic_ids, record_file)
    if record.article.id != folder.name:
        problems.append(
            Problem(
                str(record_file),
                "article.id",
                f"id {record.article.id!r} differs from its folder name {folder.name!r}",
            )
        )
    if problems:
        return None, problems
    return LoadedArticle(record, text, folder), []


def _json_error(raw: str) -> str:
    try:
        json.loads(raw)
    except json.JSONDecodeError as exc:
        return f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
    return "unreadable"


def cross_record_problems(
    articles: Iterable[LoadedArticle], taken_ids: Iterable[str] = ()
) -> tuple[list[LoadedArticle], list[Problem]]:
    """Keep the first of two records that claim the same event or quote id.

    `taken_ids` are ids already owned by records loaded earlier (an incremental rebuild).
    """
    owner: dict[str, str] = dict.fromkeys(taken_ids, "another record")
    kept: list[LoadedArticle] = []
    problems: list[Problem] = []
    for article in articles:
        clashes = [
            (f"{section}[{i}].id", item.id)
            for section in ("events", "quotes")
            for i, item in enumerate(getattr(article.record, section))
            if item.id in owner
        ]
        record_file = str(article.folder / RECORD_JSON)
        if clashes:
            problems += [
                Problem(record_file, path, f"duplicate id {item_id!r} (also in {owner[item_id]})")
                for path, item_id in clashes
            ]
            continue
        for section in ("events", "quotes"):
            for item in getattr(article.record, section):
                owner[item.id] = record_file
        kept.append(article)
    return kept, problems


def load_corpus(data_dir: Path) -> Corpus:
    data_dir = Path(data_dir)
    topic_ids = frozenset(t.id for t in load_topics(data_dir))
    loaded: list[LoadedArticle] = []
    problems: list[Problem] = []
    for folder in article_folders(data_dir):
        article, found = load_article(folder, topic_ids)
        problems += found
        if article is not None:
            loaded.append(article)
    kept, clashes = cross_record_problems(loaded)
    return Corpus(data_dir, kept, problems + clashes)


# --- tidy frames -------------------------------------------------------------------------


@dataclass
class Frames:
    """Tidy tables of a corpus: one row per thing, list columns for many-valued fields."""

    articles: pd.DataFrame
    events: pd.DataFrame
    evidence: pd.DataFrame
    quotes: pd.DataFrame
    actors: pd.DataFrame
    places: pd.DataFrame
    sources: pd.DataFrame

    TABLES = ("articles", "events", "evidence", "quotes", "actors", "places", "sources")

    def items(self) -> Iterable[tuple[str, pd.DataFrame]]:
        return ((name, getattr(self, name)) for name in self.TABLES)


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _date(value) -> pd.Timestamp | None:
    return pd.Timestamp(value) if value is not None else None


ARTICLE_COLUMNS = [
    "article_id", "title", "language", "outlet", "url", "published_start", "published_precision",
    "attributed_to", "status", "synthetic", "n_events", "n_quotes",
]  # fmt: skip
EVENT_COLUMNS = [
    "event_id", "article_id", "title", "summary", "kind", "date_start", "date_end",
    "date_precision", "date_basis", "geo_precision", "place_ids", "place_names", "lat", "lon",
    "countries", "actor_ids", "topics", "source_ids", "source_kinds", "status", "synthetic",
]  # fmt: skip
EVIDENCE_COLUMNS = ["event_id", "article_id", "start", "end", "text"]
QUOTE_COLUMNS = [
    "quote_id", "article_id", "event_id", "speaker_id", "speaker_name", "speaker_role", "text",
    "mode", "language", "start", "end", "source_ids", "status", "synthetic",
]  # fmt: skip
ACTOR_COLUMNS = ["actor_id", "article_id", "name", "kind", "role", "affiliation", "n_mentions"]
PLACE_COLUMNS = ["place_id", "article_id", "name", "kind", "country", "lat", "lon"]
SOURCE_COLUMNS = ["source_id", "article_id", "name", "kind", "country"]


def frames_from_articles(articles: Iterable[LoadedArticle]) -> Frames:
    """Derive the tidy tables.

    Actors, places and sources are shared across articles: their tables hold one row per
    entity per article that names it, so a changed article's rows can be replaced alone.
    """
    rows: dict[str, list[dict]] = {name: [] for name in Frames.TABLES}
    for loaded in articles:
        record = loaded.record
        art = record.article
        source_kinds = {s.id: s.kind for s in record.sources}
        chain = list(art.attributed_to)
        chain_kinds = sorted({source_kinds[s] for s in chain})
        record_places = {p.id: p for p in record.places}
        record_actors = {a.id: a for a in record.actors}
        rows["articles"].append(
            {
                "article_id": art.id, "title": art.title, "language": art.language,
                "outlet": art.outlet, "url": str(art.url) if art.url else None,
                "published_start": _date(art.published.start),
                "published_precision": art.published.precision, "attributed_to": chain,
                "status": art.status, "synthetic": art.synthetic,
                "n_events": len(record.events), "n_quotes": len(record.quotes),
            }
        )  # fmt: skip
        for event in record.events:
            point = next(
                (record_places[p] for p in event.place_ids if record_places[p].lat is not None),
                None,
            )
            rows["events"].append(
                {
                    "event_id": event.id, "article_id": art.id, "title": event.title,
                    "summary": event.summary, "kind": event.kind,
                    "date_start": _date(event.date.start), "date_end": _date(event.date.end),
                    "date_precision": event.date.precision, "date_basis": event.date.basis,
                    "geo_precision": event.geo_precision, "place_ids": list(event.place_ids),
                    "place_names": [record_places[p].name for p in event.place_ids],
                    "lat": point.lat if point and event.geo_precision == "point" else None,
                    "lon": point.lon if point and event.geo_precision == "point" else None,
                    "countries": list(event.countries), "actor_ids": list(event.actor_ids),
                    "topics": list(event.topics), "source_ids": chain,
                    "source_kinds": chain_kinds, "status": art.status,
                    "synthetic": art.synthetic,
                }
            )  # fmt: skip
            rows["evidence"] += [
                {"event_id": event.id, "article_id": art.id, "start": s.start, "end": s.end,
                 "text": s.text}
                for s in event.evidence
            ]  # fmt: skip
        for quote in record.quotes:
            speaker = record_actors.get(quote.speaker_id)  # None: kept unattributed, for review
            rows["quotes"].append(
                {
                    "quote_id": quote.id, "article_id": art.id, "event_id": quote.event_id,
                    "speaker_id": quote.speaker_id,
                    "speaker_name": speaker.name if speaker else "speaker not resolved",
                    "speaker_role": speaker and speaker.role, "text": quote.text,
                    "mode": quote.mode,
                    "language": art.language, "start": quote.evidence.start,
                    "end": quote.evidence.end, "source_ids": chain, "status": art.status,
                    "synthetic": art.synthetic,
                }
            )  # fmt: skip
        rows["actors"] += [
            {"actor_id": a.id, "article_id": art.id, "name": a.name, "kind": a.kind,
             "role": a.role, "affiliation": a.affiliation, "n_mentions": len(a.mentions)}
            for a in record.actors
        ]  # fmt: skip
        rows["places"] += [
            {"place_id": p.id, "article_id": art.id, "name": p.name, "kind": p.kind,
             "country": p.country, "lat": p.lat, "lon": p.lon}
            for p in record.places
        ]  # fmt: skip
        rows["sources"] += [
            {"source_id": s.id, "article_id": art.id, "name": s.name, "kind": s.kind,
             "country": s.country}
            for s in record.sources
        ]  # fmt: skip
    events = _frame(rows["events"], EVENT_COLUMNS)
    for column in ("date_start", "date_end"):
        events[column] = pd.to_datetime(events[column])
    events[["lat", "lon"]] = events[["lat", "lon"]].astype("float64")
    articles_frame = _frame(rows["articles"], ARTICLE_COLUMNS)
    articles_frame["published_start"] = pd.to_datetime(articles_frame["published_start"])
    places_frame = _frame(rows["places"], PLACE_COLUMNS)
    places_frame[["lat", "lon"]] = places_frame[["lat", "lon"]].astype("float64")
    return Frames(
        articles=articles_frame,
        events=events,
        evidence=_frame(rows["evidence"], EVIDENCE_COLUMNS),
        quotes=_frame(rows["quotes"], QUOTE_COLUMNS),
        actors=_frame(rows["actors"], ACTOR_COLUMNS),
        places=places_frame,
        sources=_frame(rows["sources"], SOURCE_COLUMNS),
    )


def places_geodataframe(places: pd.DataFrame) -> gpd.GeoDataFrame:
    """Places as points (WGS 84); country- or region-level places have no geometry."""
    geometry = gpd.points_from_xy(places["lon"], places["lat"], crs="EPSG:4326")
    frame = gpd.GeoDataFrame(places.copy(), geometry=geometry, crs="EPSG:4326")
    frame.loc[places["lat"].isna().to_numpy(), "geometry"] = None
    return frame
