"""Published versions of the compiled store: what the app's servers read.

The compile keeps its working tables (Parquet) in the store folder; publishing turns them into
one DuckDB database file with everything the queries need (the entity tables, the search
table, each event's story), written beside the versions already published and switched to
atomically:

    <store>/versions/<n>/store.duckdb   a complete version, never written again once published
    <store>/versions/<n>/summary.json   what the compile reported (articles, problems)
    <store>/CURRENT                     the number of the version to read (replaced atomically)

A version is built in a temporary folder, flushed to disk, renamed into `versions/` and only
then named in `CURRENT`, so a reader (any number of processes, read-only) never sees a half
written one. A small change copies the current version and replaces the changed articles' rows
in the copy; a new corpus, a new taxonomy or a copy grown past `_REBUILD_GROWTH` times the size of
a fresh build is built from scratch. Old versions are removed once `KEEP` newer ones exist and
they were replaced at least `GRACE_S` seconds ago (a reader that read `CURRENT` just before the
switch still opens its version; one that has it open keeps reading it after the removal).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from sahelwatch.checks import Problem
from sahelwatch.compiler import (
    SCHEMAS,
    CompileReport,
    compiled_store,
    default_store_dir,
    table_files,
)
from sahelwatch.storage import atomic_write_bytes, fsync_path
from sahelwatch.stories.compiled import STORY_SCHEMAS, stories_delta

VERSIONS = "versions"
CURRENT = "CURRENT"
DATABASE = "store.duckdb"
SUMMARY = "summary.json"
PUBLISHED_FORMAT = 2  # 2: events carry DERIVED_EVENT_COLUMNS
KEEP = 3
GRACE_S = 60.0
_REBUILD_GROWTH = 3.0
# Memory DuckDB may use while building a version; past it, it spills to the version's folder.
_BUILD_MEMORY = "1GB"

# Entity tables keep one row per entity per article in the compiled tables; the published store
# has one row per entity. Its attributes come from the records in view, reviewed ones first:
# `actor` reads every record, `actor_reviewed` only reviewed ones (the view with drafts hidden),
# so a draft never renames a source or gives a reviewed quote's speaker another role.
ENTITIES = {
    "actor": ("actors", "actor_id", ("name", "kind", "role", "affiliation"),
              ", sum(n_mentions) AS n_mentions"),
    "place": ("places", "place_id", ("name", "kind", "country", "lat", "lon"), ""),
    "source": ("sources", "source_id", ("name", "kind", "country"), ""),
}  # fmt: skip


@dataclass(frozen=True)
class Summary:
    """What a published version holds, as the compile that made it reported it."""

    version: int
    articles: int
    problems: list[Problem]
    work_stamp: list
    fresh_size: int  # bytes of the last version built from scratch, that this one descends from

    def to_json(self) -> bytes:
        payload = {"format": PUBLISHED_FORMAT, "version": self.version, "articles": self.articles,
                   "problems": [vars(p) for p in self.problems], "work_stamp": self.work_stamp,
                   "fresh_size": self.fresh_size}  # fmt: skip
        return json.dumps(payload).encode("utf-8")

    @classmethod
    def read(cls, folder: Path) -> Summary | None:
        try:
            data = json.loads((folder / SUMMARY).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("format") != PUBLISHED_FORMAT:
            return None
        problems = [Problem(**p) for p in data["problems"]]
        return cls(
            data["version"], data["articles"], problems, data["work_stamp"], data["fresh_size"]
        )


def version_dir(store_dir: Path, version: int) -> Path:
    return Path(store_dir) / VERSIONS / str(version)


def database_path(store_dir: Path, version: int) -> Path:
    return version_dir(store_dir, version) / DATABASE


def current_version(store_dir: Path) -> int | None:
    """The version `CURRENT` names, if it names a complete one."""
    try:
        version = int((Path(store_dir) / CURRENT).read_text("ascii").strip())
    except (OSError, ValueError):
        return None
    return version if database_path(store_dir, version).is_file() else None


def current_summary(store_dir: Path) -> Summary | None:
    version = current_version(store_dir)
    return None if version is None else Summary.read(version_dir(store_dir, version))


def work_stamp(store_dir: Path) -> list:
    """Size and time of each working table file: a version made from other ones is out of date
    (a compile that finds nothing changed rewrites none of them)."""
    paths = [path for name in SCHEMAS for path in table_files(store_dir, name)]
    paths += [Path(store_dir) / f"{name}.parquet" for name in STORY_SCHEMAS]
    stamp = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            stamp.append(None)
        else:
            stamp.append([stat.st_size, stat.st_mtime_ns])
    return stamp


def is_current(store_dir: Path, report: CompileReport) -> bool:
    """Whether the current version was published from the working tables as they are, with
    the problems `report` found."""
    summary = current_summary(store_dir)
    return (
        summary is not None
        and summary.work_stamp == work_stamp(store_dir)
        and (summary.articles, summary.problems) == (report.articles, report.problems)
    )


def compile_and_publish(data_dir: Path, store_dir: Path | None = None) -> tuple[CompileReport, int]:
    """Compile what changed in `data_dir` and, if the working tables are not what the current
    version was made from, publish a new version. Returns the report and the current version."""
    store_dir = Path(store_dir) if store_dir else default_store_dir(data_dir)
    # Read before taking the lock: if another compile runs in between, the current version will
    # not match it and the new one is built from scratch (slower, never wrong).
    before = work_stamp(store_dir)
    with compiled_store(data_dir, store_dir) as report:
        version = current_version(store_dir)
        if version is None or not is_current(store_dir, report):
            version = publish(store_dir, report, before)
    return report, version


def publish(store_dir: Path, report: CompileReport, base_stamp: list | None = None) -> int:
    """Publish the working tables of `store_dir` as a new version and switch `CURRENT` to it.

    The caller holds the store's lock (`compiler.store_lock`), so versions are numbered and
    written one at a time. If the current version was made from the working tables as they were
    at `base_stamp` (before the compile of `report`), a copy of it is updated with the articles
    `report` names; otherwise the version is built from scratch. Returns its number.
    """
    store_dir = Path(store_dir)
    versions = store_dir / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    previous = current_version(store_dir)
    number = max([previous or 0, *_version_numbers(store_dir)]) + 1
    building = versions / f".building-{number}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    try:
        database = building / DATABASE
        base = None if report.full else _base_to_update(store_dir, previous, base_stamp)
        if base is None:
            _build(database, store_dir)
            fresh_size = database.stat().st_size
        else:
            shutil.copyfile(database_path(store_dir, previous), database)
            _update(database, store_dir, sorted(set(report.rebuilt) | set(report.removed)))
            fresh_size = base.fresh_size
        fsync_path(database)
        summary = Summary(
            number, report.articles, report.problems, work_stamp(store_dir), fresh_size
        )
        atomic_write_bytes(building / SUMMARY, summary.to_json())
        os.replace(building, version_dir(store_dir, number))
        fsync_path(versions)
        atomic_write_bytes(store_dir / CURRENT, f"{number}\n".encode("ascii"))
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    _prune(store_dir, number)
    return number


def _version_numbers(store_dir: Path) -> list[int]:
    versions = Path(store_dir) / VERSIONS
    if not versions.is_dir():
        return []
    return [int(p.name) for p in versions.iterdir() if p.name.isdigit()]


def _base_to_update(
    store_dir: Path, previous: int | None, base_stamp: list | None
) -> Summary | None:
    """The current version's summary if a copy of it should be updated rather than a version
    built afresh: it must have been made from the working tables the compile started from, and
    a copy keeps the space of the rows it deletes, so past `_REBUILD_GROWTH` times the size of a
    fresh build it is rebuilt."""
    if previous is None or base_stamp is None:
        return None
    summary = Summary.read(version_dir(store_dir, previous))
    if summary is None or summary.work_stamp != base_stamp:
        return None
    if database_path(store_dir, previous).stat().st_size > _REBUILD_GROWTH * summary.fresh_size:
        return None
    return summary


def _connect_for_writing(database: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(database))
    con.execute(f"SET memory_limit = '{_BUILD_MEMORY}'")
    con.execute("SET temp_directory = ?", [str(database.parent / "spill")])
    return con


def _files(store_dir: Path, name: str) -> list[str]:
    return [str(path) for path in table_files(store_dir, name)]


def _entity_select(entity: str, reviewed: bool, keys: str | None = None) -> str:
    rows, key, columns, extra = ENTITIES[entity]
    firsts = ", ".join(
        f"first(t.{c} ORDER BY a.status <> 'reviewed', t.article_id) AS {c}" for c in columns
    )
    where = [f"t.{key} IN ({keys})"] if keys else []
    if reviewed:
        where.append("a.status = 'reviewed'")
    condition = f"WHERE {' AND '.join(where)}" if where else ""
    return (
        f"SELECT t.{key}, {firsts}{extra} FROM {rows} t JOIN articles a USING (article_id) "
        f"{condition} GROUP BY t.{key}"
    )


# Accent- and case-insensitive search text of each event: its title, summary, evidence and quotes
# (the evidence keeps the article's own words, so French terms find English-titled events).
def _search_select(events: str = "events") -> str:
    return f"""
      SELECT e.event_id,
             strip_accents(lower(concat_ws(' ', e.title, e.summary,
               (SELECT string_agg(v.text, ' ') FROM evidence v WHERE v.event_id = e.event_id),
               (SELECT string_agg(q.text, ' ') FROM quotes q WHERE q.event_id = e.event_id))))
               AS haystack
      FROM {events} e"""


def _build(database: Path, store_dir: Path) -> None:
    con = _connect_for_writing(database)
    try:
        for name in SCHEMAS:
            con.execute(
                f"CREATE TABLE {name} AS SELECT * FROM read_parquet(?)", [_files(store_dir, name)]
            )
        for entity in ENTITIES:
            con.execute(f"CREATE TABLE {entity} AS {_entity_select(entity, False)}")
            con.execute(f"CREATE TABLE {entity}_reviewed AS {_entity_select(entity, True)}")
        con.execute(f"CREATE TABLE event_search AS {_search_select()}")
        _load_stories(con, store_dir)
        con.execute("ALTER TABLE events ADD COLUMN story_id VARCHAR")
        _assign_stories(con)
        for column, sql_type in DERIVED_EVENT_COLUMNS.items():
            con.execute(f"ALTER TABLE events ADD COLUMN {column} {sql_type}")
        _derive_event_columns(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _load_stories(con: duckdb.DuckDBPyConnection, store_dir: Path) -> None:
    for name in STORY_SCHEMAS:
        con.execute(f"DROP TABLE IF EXISTS {name}")
        path = str(Path(store_dir) / f"{name}.parquet")  # every compile writes both tables
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet(?)", [path])


def _assign_stories(con: duckdb.DuckDBPyConnection) -> None:
    """Each event's story (`story_events`); an event the stories tables do not know is a story
    of its own. Only rows whose story changed are written."""
    con.execute(
        "UPDATE events SET story_id = se.story_id FROM story_events se "
        "WHERE se.event_id = events.event_id AND events.story_id IS DISTINCT FROM se.story_id"
    )
    alone = "'sty:' || substr(event_id, 5)"
    con.execute(
        f"UPDATE events SET story_id = {alone} WHERE story_id IS DISTINCT FROM {alone} "
        "AND event_id NOT IN (SELECT event_id FROM story_events)"
    )


# Columns of `events` computed at publish time for the store's queries (`Store` leaves them out
# of the event rows it returns):
#   n_quotes           the event's quotes
#   lead_key           a number per event, smallest for the event that leads its story (reviewed,
#                      located, dated first, then by id) and ordered by story first, so the lead
#                      of the events a filter keeps is the one with the smallest key in its story
#   first_key          the events' rank by date, undated last, then by id
#   story_key          a number per story, article_key per article, story_origin_keys one per
#                      origin of the event's story: distinct numbers count faster than texts
#   <facet>_bits       for each of `BIT_FACETS`, a bit per value the event lists (the bits are in
#                      the `facet_bits` table; null when the facet has more than `MAX_BITS` values)
BIT_FACETS = ("topics", "countries", "source_ids")
MAX_BITS = 63
DERIVED_EVENT_COLUMNS = {"n_quotes": "BIGINT", "lead_key": "BIGINT", "first_key": "BIGINT",
                         "story_key": "BIGINT", "article_key": "BIGINT",
                         "story_origin_keys": "BIGINT[]",
                         **{f"{facet}_bits": "BIGINT" for facet in BIT_FACETS}}  # fmt: skip


def _facet_bits_join(facet: str) -> str:
    """Join each event (`e`) to its `facet` bits, as `b_<facet>.bits`."""
    return f"""
      LEFT JOIN (SELECT e.event_id,
                        CASE WHEN (SELECT count(*) FROM facet_bits WHERE facet = '{facet}') > 0
                             THEN coalesce(bit_or(1::BIGINT << fb.bit), 0) END AS bits
                 FROM events e LEFT JOIN (SELECT event_id, unnest({facet}) AS value FROM events) v
                   USING (event_id)
                 LEFT JOIN facet_bits fb ON fb.facet = '{facet}' AND fb.value = v.value
                 GROUP BY e.event_id) b_{facet} ON b_{facet}.event_id = e.event_id"""


def _number_facet_values(con: duckdb.DuckDBPyConnection) -> None:
    """The `facet_bits` table: a bit per value of each of `BIT_FACETS`, none for a facet with
    more than `MAX_BITS` values."""
    con.execute("CREATE OR REPLACE TABLE facet_bits (facet VARCHAR, value VARCHAR, bit BIGINT)")
    for facet in BIT_FACETS:
        con.execute(
            f"""
            INSERT INTO facet_bits
            SELECT '{facet}', value, row_number() OVER (ORDER BY value) - 1
            FROM (SELECT DISTINCT unnest({facet}) AS value FROM events)
            QUALIFY count(*) OVER () <= {MAX_BITS}
            """
        )


LIST_FACETS = ("topics", "countries", "actor_ids", "source_ids")


def _count_facet_values(con: duckdb.DuckDBPyConnection) -> None:
    """The `facet_totals` table: the events listing each value of each of `LIST_FACETS`, by
    status (what a filter on nothing but drafts counts)."""
    con.execute(
        "CREATE OR REPLACE TABLE facet_totals AS "
        + " UNION ALL ".join(
            f"SELECT '{facet}' AS facet, value, status, count(*) AS n FROM "
            f"(SELECT unnest({facet}) AS value, status FROM events) GROUP BY ALL"
            for facet in LIST_FACETS
        )
    )


def _derive_event_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Compute `DERIVED_EVENT_COLUMNS` (only rows whose values changed are written) and the
    tables beside them (`facet_bits`, `facet_totals`)."""
    _number_facet_values(con)
    _count_facet_values(con)
    changed = " OR ".join(
        f"events.{column} IS DISTINCT FROM d.{column}" for column in DERIVED_EVENT_COLUMNS
    )
    con.execute(
        f"""
        UPDATE events SET {", ".join(f"{c} = d.{c}" for c in DERIVED_EVENT_COLUMNS)}
        FROM (SELECT e.event_id, coalesce(q.n, 0) AS n_quotes,
                     row_number() OVER (ORDER BY e.story_id, e.status <> 'reviewed',
                       e.lat IS NULL, e.date_start IS NULL, e.event_id) AS lead_key,
                     row_number() OVER (ORDER BY e.date_start IS NULL, e.date_start, e.event_id)
                       AS first_key,
                     dense_rank() OVER (ORDER BY e.story_id) AS story_key,
                     dense_rank() OVER (ORDER BY e.article_id) AS article_key,
                     o.story_origin_keys, {", ".join(f"b_{f}.bits AS {f}_bits" for f in BIT_FACETS)}
              FROM events e
              LEFT JOIN (SELECT event_id, count(*) AS n FROM quotes GROUP BY event_id) q
                USING (event_id)
              LEFT JOIN (SELECT story_id, list(origin_key ORDER BY origin_key) AS story_origin_keys
                         FROM (SELECT story_id, dense_rank() OVER (ORDER BY origin_id) AS origin_key
                               FROM (SELECT story_id, unnest(origin_ids) AS origin_id
                                     FROM stories))
                         GROUP BY story_id) o ON o.story_id = e.story_id
              {" ".join(_facet_bits_join(facet) for facet in BIT_FACETS)}) d
        WHERE d.event_id = events.event_id AND ({changed})
        """
    )


def _update(database: Path, store_dir: Path, articles: list[str]) -> None:
    """Replace the rows of `articles` (changed or removed folders) in a copy of a version with
    what the working tables now hold for them, and refresh what depends on them."""
    con = _connect_for_writing(database)
    try:
        con.execute("CREATE TEMP TABLE touched AS SELECT unnest(?::VARCHAR[]) AS article_id",
                    [articles])  # fmt: skip
        touched = "(SELECT article_id FROM touched)"
        # The entities these articles name, before and after: their rows are computed again.
        for entity, (rows, key, _, _) in ENTITIES.items():
            con.execute(f"CREATE TEMP TABLE keys_{entity} AS SELECT DISTINCT {key} FROM {rows} "
                        f"WHERE article_id IN {touched}")  # fmt: skip
        for name in SCHEMAS:
            con.execute(f"DELETE FROM {name} WHERE article_id IN {touched}")
            columns = ", ".join(f'"{column}"' for column in SCHEMAS[name].names)
            con.execute(
                f"INSERT INTO {name} ({columns}) SELECT {columns} FROM read_parquet(?) "
                f"WHERE article_id IN {touched}",
                [_files(store_dir, name)],
            )
        for entity, (rows, key, _, _) in ENTITIES.items():
            con.execute(f"INSERT INTO keys_{entity} SELECT DISTINCT {key} FROM {rows} "
                        f"WHERE article_id IN {touched}")  # fmt: skip
            keys = f"SELECT {key} FROM keys_{entity}"
            for table, reviewed in ((entity, False), (f"{entity}_reviewed", True)):
                con.execute(f"DELETE FROM {table} WHERE {key} IN ({keys})")
                con.execute(f"INSERT INTO {table} {_entity_select(entity, reviewed, keys)}")
        fresh = f"(SELECT * FROM events WHERE article_id IN {touched})"
        con.execute(
            "DELETE FROM event_search WHERE event_id NOT IN (SELECT event_id FROM events) "
            f"OR event_id IN (SELECT event_id FROM {fresh})"
        )
        con.execute(f"INSERT INTO event_search {_search_select(fresh)}")
        delta = stories_delta(store_dir)
        if delta is None:
            _load_stories(con, store_dir)
            _assign_stories(con)
        else:
            _apply_stories_delta(con, *delta)
        _derive_event_columns(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _apply_stories_delta(
    con: duckdb.DuckDBPyConnection, replaced: list[str], fresh: dict[str, Path]
) -> None:
    """Replace the stories the last regrouping replaced with its new rows, and move the events
    whose story changed: a copy of the rows it changed, not of the whole stories tables.
    Applying it to a version that has it already changes nothing."""
    for name, path in fresh.items():
        con.execute(f"CREATE TEMP TABLE fresh_{name} AS SELECT * FROM read_parquet(?)", [str(path)])
    con.execute("CREATE TEMP TABLE gone AS SELECT unnest(?::VARCHAR[]) AS story_id UNION "
                "SELECT story_id FROM fresh_stories", [replaced])  # fmt: skip
    for name in STORY_SCHEMAS:
        con.execute(f"DELETE FROM {name} WHERE story_id IN (SELECT story_id FROM gone)")
        con.execute(f"INSERT INTO {name} SELECT * FROM fresh_{name}")
    con.execute(
        "UPDATE events SET story_id = m.story_id FROM fresh_story_events m "
        "WHERE m.event_id = events.event_id AND events.story_id IS DISTINCT FROM m.story_id"
    )
    con.execute(
        "UPDATE events SET story_id = 'sty:' || substr(event_id, 5) "
        "WHERE (story_id IS NULL OR story_id IN (SELECT story_id FROM gone)) "
        "AND event_id NOT IN (SELECT event_id FROM story_events)"
    )


def _prune(store_dir: Path, current: int) -> None:
    """Remove versions older than the `KEEP` newest once replaced `GRACE_S` seconds ago."""
    numbers = sorted(_version_numbers(store_dir), reverse=True)
    now = time.time()
    # A version was replaced when the next one was published (that folder's time).
    replaced = {older: version_dir(store_dir, newer).stat().st_mtime
                for older, newer in zip(numbers[1:], numbers, strict=False)}  # fmt: skip
    for older in numbers[KEEP:]:
        if older < current and now - replaced[older] >= GRACE_S:
            shutil.rmtree(version_dir(store_dir, older), ignore_errors=True)
    for leftover in (Path(store_dir) / VERSIONS).glob(".building-*"):
        if leftover.name != f".building-{current}" and now - leftover.stat().st_mtime > GRACE_S:
            shutil.rmtree(leftover, ignore_errors=True)
