"""The store the app queries: the compiled Parquet tables in DuckDB (filter, aggregate, page).

Every method takes a `Filter` and returns a small pandas frame (or a dict), so what the UI
receives stays bounded however large the corpus is.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from sahelwatch import published
from sahelwatch.compiler import CompileReport, default_store_dir
from sahelwatch.filters import Filter, Vocabulary
from sahelwatch.geo import AES_COUNTRIES
from sahelwatch.published import DERIVED_EVENT_COLUMNS
from sahelwatch.storage import ARTICLE_TEXT, RECORD_JSON, article_dir

# Each reader may hold this much of a version in memory (the rest stays on disk); a server holds
# at most two versions while it switches from one to the next.
_READER_CONFIG = {"memory_limit": "512MB", "threads": 2}


def entity_table(entity: str, flt: Filter | None) -> str:
    """The table of `entity` (actor, place, source) for the records a filter shows."""
    return entity if flt is None or flt.include_drafts else f"{entity}_reviewed"


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class Where:
    sql: str
    params: list


_MAX_CONTAINS = 16
# An event row as the store returns it: without the columns computed for its own queries.
_EVENT_ROW = f"* EXCLUDE ({', '.join(DERIVED_EVENT_COLUMNS)})"


def where_clause(
    flt: Filter, alias: str = "e", bits: dict[str, dict[str, int]] | None = None
) -> Where:
    """SQL over the `events` table (aliased) for a filter, with bound parameters. With `bits`
    (a published version's `facet_bits`: facet, value, bit), the facets it numbers are
    tested on their `<facet>_bits` column, a few times faster than on their lists."""
    parts: list[str] = []
    params: list = []
    for column, values in (
        ("topics", flt.topics),
        ("countries", flt.countries),
        ("actor_ids", flt.actors),
        ("source_ids", flt.sources),
    ):
        numbered = (bits or {}).get(column)
        if values and numbered is not None:
            mask = 0  # a value no event lists has no bit: it matches nothing
            for value in values:
                mask |= 1 << numbered[value] if value in numbered else 0
            parts.append(f"({alias}.{column}_bits & ?) <> 0")
            params.append(mask)
        elif len(values) > _MAX_CONTAINS:
            parts.append(f"list_has_any({alias}.{column}, ?::VARCHAR[])")
            params.append(list(values))
        elif values:
            # A few `list_contains` run two to three times faster than one `list_has_any`
            # in DuckDB (100k events: 6 ms against 16 ms for two topics).
            parts.append(
                "(" + " OR ".join([f"list_contains({alias}.{column}, ?)"] * len(values)) + ")"
            )
            params.extend(values)
    dated = []
    if flt.date_from:
        dated.append(f"coalesce({alias}.date_end, {alias}.date_start) >= ?")
        params.append(pd.Timestamp(flt.date_from))
    if flt.date_to:
        dated.append(f"{alias}.date_start < ?")
        params.append(pd.Timestamp(flt.date_to + dt.timedelta(days=1)))
    is_dated = f"{alias}.date_start IS NOT NULL"
    dated_sql = " AND ".join([is_dated, *dated])
    if flt.include_undated and dated:
        parts.append(f"(({dated_sql}) OR {alias}.date_start IS NULL)")
    elif not flt.include_undated:
        parts.append(f"({dated_sql})")
    if not flt.include_drafts:
        parts.append(f"{alias}.status = 'reviewed'")
    if flt.min_origins > 1:
        parts.append(
            f"{alias}.story_id IN (SELECT story_id FROM stories WHERE independent_origins >= ?)"
        )
        params.append(flt.min_origins)
    if flt.q:
        parts.append(
            f"{alias}.event_id IN (SELECT event_id FROM event_search "
            "WHERE haystack LIKE strip_accents(lower(?)) ESCAPE '\\')"
        )
        params.append(_like_pattern(flt.q))
    return Where(" AND ".join(parts) or "TRUE", params)


class Store:
    """A published version of the compiled store of one corpus (`sahelwatch.published`),
    opened read-only: any number of processes read it while the next version is written."""

    def __init__(self, data_dir: Path, store_dir: Path, version: int):
        self.data_dir = Path(data_dir)
        self.store_dir = Path(store_dir)
        self.version = version
        summary = published.Summary.read(published.version_dir(store_dir, version))
        if summary is None:
            raise FileNotFoundError(f"no published version {version} in {store_dir}")
        self.report = CompileReport(self.store_dir, summary.articles, problems=summary.problems)
        database = published.database_path(store_dir, version)
        self._con = duckdb.connect(str(database), read_only=True, config=_READER_CONFIG)
        self._lock = threading.Lock()
        self._bits: dict[str, dict[str, int]] = {}
        for facet, value, bit in self._con.execute("SELECT * FROM facet_bits").fetchall():
            self._bits.setdefault(facet, {})[value] = bit
        self._key_ranges = self._read_key_ranges()

    @classmethod
    def current(cls, data_dir: Path, store_dir: Path | None = None) -> Store:
        """The version the store's `CURRENT` names, without compiling."""
        store_dir = Path(store_dir) if store_dir else default_store_dir(data_dir)
        version = published.current_version(store_dir)
        if version is None:
            raise FileNotFoundError(f"no published store in {store_dir}: run sahelwatch compile")
        return cls(data_dir, store_dir, version)

    @classmethod
    def open(cls, data_dir: Path, store_dir: Path | None = None) -> Store:
        """Compile what changed in `data_dir`, publish it if needed, and open that version."""
        store_dir = Path(store_dir) if store_dir else default_store_dir(data_dir)
        _, version = published.compile_and_publish(data_dir, store_dir)
        return cls(data_dir, store_dir, version)

    def close(self) -> None:
        self._con.close()

    def _read_key_ranges(self) -> dict[str, tuple[int, int]]:
        """The least and greatest story and article number of this version (a few ms at a
        million events): many distinct numbers count faster as bits set in a bit string of
        that range than with `count(DISTINCT ...)`."""
        row = self._con.execute(
            "SELECT min(story_key), max(story_key), min(article_key), max(article_key) FROM events"
        ).fetchone()
        ranges = zip(("story_key", "article_key"), row[0::2], row[1::2], strict=True)
        return {key: (int(low or 0), int(high or 0)) for key, low, high in ranges}

    def _distinct_count(self, key: str) -> str:
        """SQL counting the distinct values of the `key` column (`story_key`, `article_key`)."""
        low, high = self._key_ranges[key]
        return f"coalesce(bit_count(bitstring_agg({key}, {low}, {high})), 0)::BIGINT"

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        # A cursor per query: DuckDB connections are not shared across threads.
        with self._lock:
            cursor = self._con.cursor()
        try:
            return cursor.execute(query, params or []).df()
        finally:
            cursor.close()

    def _where(self, flt: Filter) -> Where:
        return where_clause(flt, bits=self._bits)

    def _filtered(self, flt: Filter, select: str, tail: str = "") -> pd.DataFrame:
        where = self._where(flt)
        return self.sql(f"SELECT {select} FROM events e WHERE {where.sql} {tail}", where.params)

    # --- vocabulary --------------------------------------------------------------------

    def vocabulary(self, topic_ids: frozenset[str]) -> Vocabulary:
        ids = self.sql(
            "SELECT 'actor' AS k, actor_id AS v FROM actor UNION ALL "
            "SELECT 'source', source_id FROM source UNION ALL "
            "SELECT 'event', event_id FROM events UNION ALL "
            "SELECT 'article', article_id FROM articles UNION ALL "
            "SELECT 'story', story_id FROM stories UNION ALL "
            "SELECT DISTINCT 'country', unnest(countries) FROM events"
        )
        by_kind = {k: frozenset(g["v"]) for k, g in ids.groupby("k")}
        return Vocabulary(
            topics=topic_ids,
            countries=by_kind.get("country", frozenset()) | frozenset(AES_COUNTRIES),
            actors=by_kind.get("actor", frozenset()),
            sources=by_kind.get("source", frozenset()),
            events=by_kind.get("event", frozenset()),
            articles=by_kind.get("article", frozenset()),
            stories=by_kind.get("story", frozenset()),
        )

    # --- aggregates --------------------------------------------------------------------

    def headline(self, flt: Filter) -> dict:
        where = self._where(flt)
        row = self.sql(
            f"""
            WITH f AS NOT MATERIALIZED (
              SELECT story_key, article_key, n_quotes, date_start, date_end, story_origin_keys
              FROM events e WHERE {where.sql})
            SELECT {self._distinct_count("story_key")} AS stories,
                   (SELECT count(DISTINCT o) FROM (SELECT unnest(story_origin_keys) AS o FROM f))
                     AS origins,
                   {self._distinct_count("article_key")} AS articles,
                   count(*) AS events,
                   coalesce(sum(n_quotes), 0)::BIGINT AS quotes,
                   min(date_start) AS date_min,
                   max(coalesce(date_end, date_start)) AS date_max,
                   count(*) FILTER (WHERE date_start IS NULL) AS undated
            FROM f
            """,
            where.params,
        ).iloc[0]
        return row.to_dict()

    def facet_counts(self, flt: Filter, facet: str) -> pd.DataFrame:
        """Events per value of a list facet (`topics`, `countries`, `actor_ids`,
        `source_ids`), counted under every other filter so options show what a click adds."""
        attr = {"topics": "topics", "countries": "countries", "actor_ids": "actors",
                "source_ids": "sources"}[facet]  # fmt: skip
        others = Filter(**{**vars(flt), attr: ()})
        if others == Filter(include_drafts=others.include_drafts):
            # Nothing but drafts filtered: the counts made at publish time.
            reviewed = "" if others.include_drafts else "AND status = 'reviewed'"
            return self.sql(
                f"SELECT value, sum(n)::BIGINT AS n FROM facet_totals WHERE facet = ? {reviewed} "
                "GROUP BY value ORDER BY n DESC",
                [facet],
            )
        return self._filtered(
            others, f"unnest({facet}) AS value, count(*) AS n", "GROUP BY value ORDER BY n DESC"
        )

    def country_counts(self, flt: Filter) -> pd.DataFrame:
        """Matching stories per country (a story about three countries counts for each; its
        reports count once)."""
        where = self._where(flt)
        return self.sql(
            f"""
            SELECT country, {self._distinct_count("story_key")} AS n
            FROM (SELECT story_key, unnest(countries) AS country FROM events e WHERE {where.sql})
            GROUP BY country
            """,
            where.params,
        )

    def story_leads(self, flt: Filter, select: str, tail: str = "") -> pd.DataFrame:
        """`select` over one event per story among the matching events (a reviewed, located,
        dated report first), with `n_reports`: the story's matching events."""
        return self._story_leads(flt, select, tail, with_reports=True)

    def _story_leads(self, flt: Filter, select: str, tail: str, with_reports: bool) -> pd.DataFrame:
        # The lead of a story's matching events is the one with the smallest `lead_key`.
        where = self._where(flt)
        reports = ", count(*) AS n_reports" if with_reports else ""
        return self.sql(
            f"""
            WITH leads AS (SELECT min(e.lead_key) AS lead_key{reports}
                           FROM events e WHERE {where.sql} GROUP BY e.story_key)
            SELECT {select} FROM (
              SELECT e.*{", leads.n_reports" if with_reports else ""}
              FROM events e JOIN leads USING (lead_key)
            ) e WHERE TRUE {tail}
            """,
            where.params,
        )

    def place_markers(self, flt: Filter) -> pd.DataFrame:
        """Point-located stories grouped by spot: one marker per place, however many stories;
        each story is drawn once, at its lead report's place. `event_ids`, `titles` and
        `topics` (a list of topic ids per event) are of the spot's first five events."""
        return self._story_leads(
            flt,
            # The first five events of each spot, earliest first and undated last: `min_by`
            # with a count keeps five per group instead of sorting every group's full list.
            "lat, lon, arg_min_null(place_names[1], event_id) AS place, count(*) AS n, "
            "min_by(event_id, first_key, 5) AS event_ids, min_by(title, first_key, 5) AS titles, "
            "min_by(topics, first_key, 5) AS topics",
            "AND lat IS NOT NULL GROUP BY lat, lon ORDER BY n DESC, lat, lon",
            with_reports=False,
        )

    def source_counts(self, flt: Filter) -> pd.DataFrame:
        where = self._where(flt)
        return self.sql(
            f"""
            SELECT s.source_id, s.name, s.kind, s.country, x.n_events
            FROM (SELECT unnest(source_ids) AS source_id, count(*) AS n_events
                  FROM events e WHERE {where.sql} GROUP BY source_id) x
            JOIN {entity_table("source", flt)} s USING (source_id)
            ORDER BY n_events DESC, s.name
            """,
            where.params,
        )

    def date_bounds(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day any event covers."""
        row = self.sql(
            "SELECT min(date_start) AS lo, max(coalesce(date_end, date_start)) AS hi FROM events"
        ).iloc[0]
        lo, hi = (None if pd.isna(value) else value.date() for value in (row["lo"], row["hi"]))
        return lo, hi

    def timeline_events(self, flt: Filter, limit: int) -> pd.DataFrame:
        """One row per matching story (its lead report) and topic lane (an event without
        topics gets `none`), with the story's number of matching reports."""
        return self.story_leads(
            flt,
            "event_id, title, date_start, date_end, date_precision, date_basis, countries, "
            "status, story_id, n_reports, "
            "unnest(CASE WHEN len(topics) = 0 THEN ['none'] ELSE topics END) AS topic",
            f"ORDER BY date_start NULLS LAST, event_id LIMIT {int(limit)}",
        )

    def timeline_bins(self, flt: Filter, unit: str = "month") -> pd.DataFrame:
        """Matching events counted per topic lane and `unit` (month or year); undated
        events fall in a bin whose `period` is null."""
        if unit not in ("month", "year"):
            raise ValueError(f"unknown timeline unit {unit!r}")
        where = self._where(flt)
        return self.sql(
            f"""
            SELECT period, topic, count(*) AS n FROM (
              SELECT date_trunc('{unit}', date_start) AS period,
                     unnest(CASE WHEN len(topics) = 0 THEN ['none'] ELSE topics END) AS topic
              FROM events e WHERE {where.sql})
            GROUP BY ALL ORDER BY period NULLS LAST, topic
            """,
            where.params,
        )

    # --- rows ----------------------------------------------------------------------------

    def count_events(self, flt: Filter) -> int:
        return int(self._filtered(flt, "count(*) AS n").iloc[0]["n"])

    def events(self, flt: Filter, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
        tail = "ORDER BY date_start NULLS LAST, event_id"
        if limit is not None:
            tail += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return self._filtered(flt, _EVENT_ROW, tail)

    def quotes(self, flt: Filter, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
        """Quotes of the matching events, with their event, the source chain and who reviewed
        their record when (`reviewed_by`, `reviewed_at`; empty for drafts)."""
        where = self._where(flt)
        page = candidates = ""
        if limit is not None:
            page = f"LIMIT {int(limit)} OFFSET {int(offset)}"
        if limit is not None and limit > 0:
            # Each event here has a quote at least, so the page's quotes belong to events dated
            # no later than the (offset + limit)-th of them (all when it is undated): a cut that
            # leaves few events to join to the quotes.
            candidates = f"""
              , cut AS (SELECT date_start FROM quoted ORDER BY date_start NULLS LAST
                        LIMIT 1 OFFSET {int(offset) + int(limit) - 1})
              , candidates AS (SELECT * FROM quoted WHERE date_start <= (SELECT * FROM cut)
                                                     OR (SELECT * FROM cut) IS NULL)"""
        # The page is chosen on narrow columns; only its rows' texts are read, by row number.
        return self.sql(
            f"""
            WITH quoted AS NOT MATERIALIZED (
              SELECT e.rowid AS event_row, e.event_id, e.date_start
              FROM events e WHERE e.n_quotes > 0 AND {where.sql}) {candidates}
            , page AS (
              SELECT q.rowid AS quote_row, c.event_row, c.date_start
              FROM quotes q JOIN {"candidates" if candidates else "quoted"} c
                ON c.event_id = q.event_id
              ORDER BY c.date_start NULLS LAST, q.article_id, q.start {page})
            SELECT q.*, e.title AS event_title, page.date_start, e.date_precision,
                   a.kind AS speaker_kind, art.reviewed_by, art.reviewed_at
            FROM page JOIN quotes q ON q.rowid = page.quote_row
            JOIN events e ON e.rowid = page.event_row
            JOIN articles art ON art.article_id = q.article_id
            LEFT JOIN {entity_table("actor", flt)} a ON a.actor_id = q.speaker_id
            ORDER BY page.date_start NULLS LAST, q.article_id, q.start
            """,
            where.params,
        )

    def actors(self, flt: Filter | None = None) -> pd.DataFrame:
        """Actors, with how many matching events involve each."""
        return self._with_event_counts("actor", flt)

    def places(self, flt: Filter | None = None) -> pd.DataFrame:
        """Places, with how many matching events happen at each."""
        return self._with_event_counts("place", flt)

    def _with_event_counts(self, entity: str, flt: Filter | None) -> pd.DataFrame:
        """The `entity` table (actor or place) for the records in view, each row with the
        number of matching events listing it in `<entity>_ids`, most first."""
        where = self._where(flt or Filter())
        return self.sql(
            f"""
            SELECT x.*, coalesce(n.n_events, 0) AS n_events FROM {entity_table(entity, flt)} x
            LEFT JOIN (SELECT unnest({entity}_ids) AS {entity}_id, count(*) AS n_events
                       FROM events e WHERE {where.sql} GROUP BY {entity}_id) n
                 USING ({entity}_id)
            ORDER BY n_events DESC, x.name
            """,
            where.params,
        )

    def sources(self, flt: Filter | None = None) -> pd.DataFrame:
        return self.sql(f"SELECT * FROM {entity_table('source', flt)} ORDER BY name")

    def articles(self) -> pd.DataFrame:
        return self.sql("SELECT * FROM articles ORDER BY article_id")

    def event(self, event_id: str) -> dict | None:
        rows = self.sql(f"SELECT {_EVENT_ROW} FROM events WHERE event_id = ?", [event_id])
        return rows.iloc[0].to_dict() if len(rows) else None

    def evidence(self, event_id: str) -> pd.DataFrame:
        return self.sql("SELECT * FROM evidence WHERE event_id = ? ORDER BY start", [event_id])

    def event_quotes(self, event_id: str) -> pd.DataFrame:
        return self.sql("SELECT * FROM quotes WHERE event_id = ? ORDER BY start", [event_id])

    def article_evidence(self, article_id: str) -> pd.DataFrame:
        """Every evidence span of an article with its event's title and topics."""
        return self.sql(
            """
            SELECT v.start, v.end, v.text, v.event_id, e.title, e.topics
            FROM evidence v JOIN events e USING (event_id)
            WHERE v.article_id = ? ORDER BY v.start, v.end DESC
            """,
            [article_id],
        )

    # --- files ---------------------------------------------------------------------------

    def _article_file(self, article_id: str, name: str) -> Path:
        known = self.sql("SELECT 1 FROM articles WHERE article_id = ?", [article_id])
        if known.empty:
            raise KeyError(f"no article {article_id!r} in the corpus")
        return article_dir(self.data_dir, article_id) / name

    def article_text(self, article_id: str) -> str:
        return self._article_file(article_id, ARTICLE_TEXT).read_text("utf-8")

    def record_json(self, article_id: str) -> str:
        return self._article_file(article_id, RECORD_JSON).read_text("utf-8")

    # --- lookups by id, for the UI -------------------------------------------------------

    def actors_by_id(self, actor_ids: list[str] | tuple[str, ...]) -> pd.DataFrame:
        """Name, role and kind of the named actors, by name."""
        return self.sql(
            "SELECT actor_id, name, role, kind FROM actor WHERE list_contains(?, actor_id) "
            "ORDER BY name, actor_id",
            [list(actor_ids)],
        )

    # --- stories ---------------------------------------------------------------------------

    def stories(self, flt: Filter | None = None, min_origins: int = 1) -> pd.DataFrame:
        """Stories with a report matching the filter and at least `min_origins` independent
        origins, each with how many of its events match; most reported first."""
        where = self._where(flt or Filter())
        return self.sql(
            f"""
            SELECT s.* EXCLUDE (detail), m.n_matching FROM stories s
            JOIN (SELECT se.story_id, count(*) AS n_matching
                  FROM story_events se JOIN events e USING (event_id)
                  WHERE {where.sql} GROUP BY se.story_id) m USING (story_id)
            WHERE s.independent_origins >= ?
            ORDER BY s.n_articles DESC, s.date_start NULLS LAST, s.story_id
            """,
            [*where.params, int(min_origins)],
        )

    def story(self, story_id: str) -> dict | None:
        """A story's detail: its reports, origins, reasons and disagreements."""
        rows = self.sql("SELECT detail FROM stories WHERE story_id = ?", [story_id])
        return json.loads(rows.iloc[0]["detail"]) if len(rows) else None

    def story_of_event(self, event_id: str) -> str | None:
        rows = self.sql("SELECT story_id FROM story_events WHERE event_id = ?", [event_id])
        return rows.iloc[0]["story_id"] if len(rows) else None
