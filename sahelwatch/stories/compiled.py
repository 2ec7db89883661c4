"""The stories tables of the compiled store: `stories.parquet` (one row a story, its detail as
JSON) and `story_events.parquet` (which story each event is in).

`update_stories` runs at the end of each compile: it groups again only the stories the changed
articles touch, and everything when `stories.yaml` or `sources.yaml` changed (their digest is
kept in `stories.json`) or the tables are missing; everything is grouped in one sweep over
time (`sahelwatch.stories.streamed`), the tables written as the stories come.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import yaml

from sahelwatch.checks import Problem
from sahelwatch.corpus import Frames
from sahelwatch.sources import SOURCES_FILE, SourceBook
from sahelwatch.storage import NEW_FILE_MODE, atomic_write_bytes, fsync_path
from sahelwatch.stories import Story
from sahelwatch.stories.decisions import STORIES_FILE, Constraints, Decision, load_decisions
from sahelwatch.stories.incremental import regroup
from sahelwatch.stories.streamed import stream_stories

STORIES_FORMAT = 1
STATE_FILE = "stories.json"
# What the last incremental regrouping changed, for publishing it without reading whole tables.
DELTA_FILE = "stories-delta.json"
WRITE_BATCH = 5_000  # stories a row group of the stories tables holds, at least
_STR, _LIST = pa.string(), pa.list_(pa.string())
STORY_SCHEMAS = {
    "stories": pa.schema(
        [("story_id", _STR), ("n_events", pa.int64()),
         ("n_articles", pa.int64()), ("articles", _LIST), ("origin_ids", _LIST),
         ("origin_labels", _LIST), ("independent_origins", pa.int64()),
         ("single_origin", _STR), ("date_start", pa.timestamp("ns")),
         ("date_end", pa.timestamp("ns")), ("countries", _LIST),
         ("n_disagreements", pa.int64()), ("detail", _STR)]
    ),
    "story_events": pa.schema(
        [("story_id", _STR), ("event_id", _STR), ("article_id", _STR)]
    ),
}  # fmt: skip


# The columns of the compiled tables that grouping reads: the stories of a million events are
# grouped from these alone, not from whole frames.
STORY_COLUMNS = {
    "articles": ["article_id", "outlet", "attributed_to", "published_start"],
    "events": ["event_id", "article_id", "kind", "title", "date_start", "date_end",
               "date_precision", "date_basis", "countries", "place_ids", "actor_ids"],
    "evidence": ["event_id", "article_id", "start", "text"],
    "quotes": ["event_id", "article_id", "speaker_id", "speaker_name", "text"],
    "actors": ["actor_id", "article_id", "kind"],
    "places": ["place_id", "article_id", "kind", "name"],
    "sources": ["article_id"],
}  # fmt: skip


# What finding the events within reach of a changed one reads of every event and article.
TIMELINE_COLUMNS = {name: ["article_id"] for name in STORY_COLUMNS} | {
    "articles": ["article_id", "published_start"],
    "events": ["event_id", "article_id", "date_start", "date_end", "date_precision"],
}


def inputs_digest(data_dir: Path) -> str:
    """What grouping reads besides the records: editors' decisions and the outlets."""
    digest = hashlib.sha256(f"format {STORIES_FORMAT}".encode())
    for name in (STORIES_FILE, SOURCES_FILE):
        path = Path(data_dir) / name
        digest.update(path.read_bytes() if path.is_file() else b"\0absent")
    return digest.hexdigest()


def story_rows(stories: list[Story]) -> dict[str, pd.DataFrame]:
    rows = []
    members = []
    for story in stories:
        detail = story.to_dict()
        rows.append(
            {"story_id": story.id, "n_events": len(story.events),
             "n_articles": len(story.articles), "articles": list(story.articles),
             "origin_ids": [o["id"] for o in detail["origins"]],
             "origin_labels": [o["label"] for o in detail["origins"]],
             "independent_origins": story.origins.independent,
             "single_origin": story.origins.badge,
             "date_start": pd.Timestamp(story.date_start) if story.date_start else None,
             "date_end": pd.Timestamp(story.date_end) if story.date_end else None,
             "countries": list(story.countries), "n_disagreements": len(story.disagreements),
             "detail": json.dumps(detail, ensure_ascii=False)}
        )  # fmt: skip
        members += [
            {"story_id": story.id, "event_id": event_id, "article_id": reason["article"]}
            for event_id, reason in zip(story.events, story.reasons, strict=True)
        ]  # fmt: skip
    return {
        "stories": pd.DataFrame(rows, columns=STORY_SCHEMAS["stories"].names),
        "story_events": pd.DataFrame(members, columns=STORY_SCHEMAS["story_events"].names),
    }


def _arrow(frame: pd.DataFrame, name: str) -> pa.Table:
    table = pa.Table.from_pandas(frame, schema=STORY_SCHEMAS[name], preserve_index=False)
    return table.replace_schema_metadata(None)


def _write_stream(store_dir: Path, batches: Iterable[list[Story]]) -> None:
    """Write the stories tables from `batches` of stories, a few thousand rows at a time, each
    table replaced once complete. Rows come in the order of `batches`: readers load the tables
    into DuckDB and order what they query."""
    paths = {name: Path(store_dir) / f"{name}.parquet" for name in STORY_SCHEMAS}
    temporary = {name: path.with_name(f".{path.name}.tmp") for name, path in paths.items()}
    writers = {name: pq.ParquetWriter(temporary[name], STORY_SCHEMAS[name], compression="zstd")
               for name in STORY_SCHEMAS}  # fmt: skip
    try:
        waiting: list[Story] = []
        for batch in [*batches, None]:
            waiting += batch or []
            if waiting and (batch is None or len(waiting) >= WRITE_BATCH):
                for name, frame in story_rows(waiting).items():
                    writers[name].write_table(_arrow(frame, name))
                waiting = []
        for writer in writers.values():
            writer.close()
        for name, path in temporary.items():
            path.chmod(NEW_FILE_MODE)
            fsync_path(path)
            path.replace(paths[name])
        fsync_path(Path(store_dir))
    finally:
        for writer in writers.values():
            writer.close()
        for path in temporary.values():
            path.unlink(missing_ok=True)


def _write(store_dir: Path, name: str, table: pa.Table) -> None:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    atomic_write_bytes(Path(store_dir) / f"{name}.parquet", sink.getvalue().to_pybytes())


def _table_stat(store_dir: Path, name: str) -> list[int] | None:
    try:
        stat = (Path(store_dir) / f"{name}.parquet").stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def _write_delta(store_dir: Path, replaced: set[str], fresh: dict[str, pa.Table]) -> None:
    """Keep what this regrouping changed: the stories it replaced, and its new rows (written to
    `<table>-fresh.parquet`), tied to the tables it wrote by their size and time."""
    for name, table in fresh.items():
        _write(store_dir, f"{name}-fresh", table)
    delta = {"replaced": sorted(replaced),
             "tables": {name: _table_stat(store_dir, name) for name in STORY_SCHEMAS}}  # fmt: skip
    atomic_write_bytes(Path(store_dir) / DELTA_FILE, json.dumps(delta).encode())


def stories_delta(store_dir: Path) -> tuple[list[str], dict[str, Path]] | None:
    """The stories the last regrouping replaced and the files of its new rows, if the stories
    tables are still the ones it wrote (else None: read the whole tables)."""
    try:
        delta = json.loads((Path(store_dir) / DELTA_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if delta.get("tables") != {name: _table_stat(store_dir, name) for name in STORY_SCHEMAS}:
        return None
    return delta["replaced"], {n: Path(store_dir) / f"{n}-fresh.parquet" for n in STORY_SCHEMAS}


def _state(store_dir: Path) -> dict:
    try:
        return json.loads((Path(store_dir) / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _inputs(data_dir: Path) -> tuple[SourceBook, list[Decision], list[Problem]]:
    """The outlets and editors' decisions; a file that cannot be used is a problem, and the
    grouping goes on without it."""
    problems = []
    try:
        book = SourceBook.load(data_dir)
    except (OSError, ValueError, yaml.YAMLError) as error:
        book = SourceBook((), ())
        reason = f"not used (each outlet counts as its own origin): {str(error)[:300]}"
        problems.append(Problem(SOURCES_FILE, "$", reason))
    try:
        decisions = load_decisions(data_dir)
    except (OSError, ValueError, yaml.YAMLError) as error:
        decisions = []
        reason = f"not used (editors' decisions are not applied): {str(error)[:300]}"
        problems.append(Problem(STORIES_FILE, "$", reason))
    return book, decisions, problems


def update_stories(
    data_dir: Path,
    store_dir: Path,
    load: Callable[[dict[str, list[str]], set[str] | None], Frames],
    parts: Callable[[dict[str, list[str]]], Iterable[Frames]],
    changed: set[str] | None,
) -> list[Problem]:
    """Bring the stories tables up to date with the compiled tables after the articles
    `changed` changed (None: all of them). `load(columns, article_ids)` gives those columns of
    the tables as they are now, of the articles `article_ids` (None: of all); `parts(columns)`
    gives them all, a part (a batch of articles) at a time. Returns the problems of
    `sources.yaml` and `stories.yaml`, if any."""
    digest = inputs_digest(data_dir)
    state = _state(store_dir)
    have_tables = all((Path(store_dir) / f"{n}.parquet").is_file() for n in STORY_SCHEMAS)
    full = changed is None or state.get("inputs") != digest or not have_tables
    if not full and not changed:
        return [Problem(**p) for p in state.get("problems", [])]
    book, decisions, problems = _inputs(data_dir)
    (Path(store_dir) / DELTA_FILE).unlink(missing_ok=True)
    if full:
        _write_stream(store_dir, stream_stories(parts(STORY_COLUMNS), book, decisions, store_dir))
    else:
        members = pq.read_table(Path(store_dir) / "story_events.parquet").to_pandas()
        result = regroup(
            load(TIMELINE_COLUMNS, None), members, changed, book, Constraints.of(decisions),
            rows=lambda article_ids: load(STORY_COLUMNS, article_ids),
        )  # fmt: skip
        gone = pa.array(sorted(result.replaced), pa.string())
        fresh_tables = {}
        for name, fresh in story_rows(result.stories).items():
            # Arrow, not pandas: the stories' JSON details are kept as they are, unread.
            old = pq.read_table(Path(store_dir) / f"{name}.parquet", schema=STORY_SCHEMAS[name])
            kept = old.filter(pc.invert(pc.is_in(old["story_id"], value_set=gone)))
            fresh_tables[name] = _arrow(fresh, name)
            _write(store_dir, name, pa.concat_tables([kept, fresh_tables[name]]))
        _write_delta(store_dir, result.replaced, fresh_tables)
    state = {"inputs": digest, "problems": [vars(p) for p in problems]}
    atomic_write_bytes(Path(store_dir) / STATE_FILE, json.dumps(state).encode())
    return problems
