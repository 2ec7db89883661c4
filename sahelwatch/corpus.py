"""Load and validate a corpus folder (`data/articles/*/`) and derive tidy frames from it.

One bad record never stops the others: it is reported as problems and left out, and the
rest of the corpus loads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pydantic import ValidationError

from sahelwatch.checks import Problem, check_record, validation_problems
from sahelwatch.model import Record
from sahelwatch.storage import (
    ARTICLE_TEXT,
    ARTICLES,
    RECORD_JSON,
    UnreadableFileError,
    corpus_name,
    is_inside,
    read_corpus_file,
)
from sahelwatch.taxonomy import TaxonomyError, load_topics


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
    try:
        if not root.is_dir():
            return []
        # Names, not paths, are sorted: at 200,000 folders comparing paths takes seconds.
        with os.scandir(root) as entries:
            return [root / name for name in sorted(e.name for e in entries if e.is_dir())]
    except OSError:  # an unreadable `articles` folder reads as an empty corpus
        return []


def load_article(
    data_dir: Path, folder: Path, topic_ids: frozenset[str]
) -> tuple[LoadedArticle | None, list[Problem]]:
    """Read and fully check one article folder; the article is None when it has problems.

    Never raises: whatever is wrong with the folder comes back as problems.
    """
    record_name = corpus_name(folder.name, RECORD_JSON)
    if not is_inside(data_dir, folder):
        return None, [Problem(corpus_name(folder.name), "$", _LINKED_OUT)]
    files: dict[str, bytes] = {}
    for name in (ARTICLE_TEXT, RECORD_JSON):
        try:
            files[name] = read_corpus_file(data_dir, folder / name)
        except FileNotFoundError:
            return None, [Problem(corpus_name(folder.name), "$", f"missing file {name}")]
        except UnreadableFileError as exc:
            return None, [Problem(corpus_name(folder.name, name), "$", str(exc))]
    try:
        text = files[ARTICLE_TEXT].decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(corpus_name(folder.name, ARTICLE_TEXT), "$", f"not valid UTF-8: {exc}")
        ]
    raw = files[RECORD_JSON]
    try:
        record = Record.model_validate_json(raw)
    except ValidationError as exc:
        invalid = [err for err in exc.errors() if err["type"] == "json_invalid"]
        if invalid:
            # pydantic-core's parser limits nesting, where `json.loads` overflows the stack.
            reason = invalid[0]["msg"].removeprefix("Invalid JSON: ")
            return None, [Problem(record_name, "$", f"invalid JSON: {reason}")]
        return None, validation_problems(record_name, exc)
    problems = check_record(record, text, topic_ids, record_name)
    if record.article.id != folder.name:
        problems.append(
            Problem(
                record_name,
                "article.id",
                f"id {record.article.id!r} differs from its folder name {folder.name!r}",
            )
        )
    if problems:
        return None, problems
    return LoadedArticle(record, text, folder), []


_LINKED_OUT = "a symbolic link leading out of the data folder; not read"


def claimed_ids(record: Record) -> Iterable[tuple[str, str]]:
    """The ids a record claims for the whole corpus, with their JSON paths."""
    for section in ("events", "quotes"):
        for i, item in enumerate(getattr(record, section)):
            yield f"{section}[{i}].id", item.id


def precedence(article: LoadedArticle) -> tuple[bool, str]:
    """Which of two records claiming one id keeps it: a reviewed record over a draft, then
    the one whose article id sorts first (deterministic, whatever the order of loading)."""
    return article.record.article.status != "reviewed", article.record.article.id


def resolve_clashes(
    articles: Iterable[LoadedArticle],
) -> tuple[list[LoadedArticle], list[Problem]]:
    """Keep, of records that claim the same event or quote id, the one `precedence` puts
    first; the others are left out and reported naming both files."""
    owner: dict[str, LoadedArticle] = {}
    kept: list[LoadedArticle] = []
    problems: list[Problem] = []
    for article in sorted(articles, key=precedence):
        clashes = [(path, i) for path, i in claimed_ids(article.record) if i in owner]
        if not clashes:
            owner.update((i, article) for _, i in claimed_ids(article.record))
            kept.append(article)
            continue
        name = corpus_name(article.record.article.id, RECORD_JSON)
        for path, item_id in clashes:
            winner = owner[item_id].record.article
            why = (
                "reviewed, which wins over a draft"
                if winner.status != article.record.article.status
                else f"also {'reviewed' if winner.status == 'reviewed' else 'a draft'} "
                "and first by article id"
            )
            also = f"also in {corpus_name(winner.id, RECORD_JSON)}, {why}"
            problems.append(Problem(name, path, f"duplicate id {item_id!r} ({also})"))
    kept.sort(key=lambda a: a.record.article.id)
    return kept, problems


def load_corpus(data_dir: Path) -> Corpus:
    """Every record of the corpus that passes every check, and the problems of the others;
    never raises (a taxonomy it cannot read is the one problem, and no record is checked)."""
    data_dir = Path(data_dir)
    try:
        topic_ids = frozenset(t.id for t in load_topics(data_dir))
    except TaxonomyError as error:
        return Corpus(data_dir, [], [Problem("topics.yaml", "$", str(error))])
    loaded: list[LoadedArticle] = []
    problems: list[Problem] = []
    for folder in article_folders(data_dir):
        article, found = load_article(data_dir, folder, topic_ids)
        problems += found
        if article is not None:
            loaded.append(article)
    kept, clashes = resolve_clashes(loaded)
    return Corpus(data_dir, kept, sorted(problems + clashes, key=lambda p: p.file))


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
    "attributed_to", "status", "synthetic", "n_events", "n_quotes", "reviewed_by", "reviewed_at",
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
                "reviewed_by": art.reviewed_by, "reviewed_at": art.reviewed_at,
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
    # In UTC without its zone, as the store keeps every time (DuckDB hands zones back shifted).
    reviewed_at = pd.to_datetime(articles_frame["reviewed_at"], utc=True).dt.tz_localize(None)
    articles_frame["reviewed_at"] = reviewed_at.astype("datetime64[ns]")
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
