"""The compiler: the corpus (JSON records) turned into Parquet tables that `store.Store` queries.

The JSON records stay the source of truth. `compile_store` turns them into one Parquet file a
table, and rebuilds only what changed: a manifest keeps each article folder's content hash and
its files' sizes and modification times, a folder whose files kept both is taken as unchanged
(as git's index does), and a changed folder's rows are replaced while the others are kept. The app
opens the tables with `Store` and runs every filter and aggregate in DuckDB.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sahelwatch.checks import Problem
from sahelwatch.corpus import (
    Frames,
    LoadedArticle,
    article_folders,
    claimed_ids,
    frames_from_articles,
    load_article,
    resolve_clashes,
)
from sahelwatch.storage import (
    ARTICLE_TEXT,
    ARTICLES,
    RECORD_JSON,
    atomic_write_bytes,
    corpus_name,
)
from sahelwatch.stories.compiled import update_stories
from sahelwatch.taxonomy import load_topics

STORE_FORMAT = 3  # 3: articles.reviewed_by and reviewed_at
MANIFEST = "manifest.json"
LOCK_FILE = ".lock"
logger = logging.getLogger(__name__)
# A file modified this close before a compile may change again within its clock tick without
# its time moving: such a folder is hashed next time rather than trusted on its stat.
_RACY_NS = 2_000_000_000

_STR = pa.string()
_LIST = pa.list_(pa.string())
_DATE = pa.timestamp("ns")
SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [("article_id", _STR), ("title", _STR), ("language", _STR), ("outlet", _STR),
         ("url", _STR), ("published_start", _DATE), ("published_precision", _STR),
         ("attributed_to", _LIST), ("status", _STR), ("synthetic", pa.bool_()),
         ("n_events", pa.int64()), ("n_quotes", pa.int64()), ("reviewed_by", _STR),
         ("reviewed_at", _DATE)]
    ),
    "events": pa.schema(
        [("event_id", _STR), ("article_id", _STR), ("title", _STR), ("summary", _STR),
         ("kind", _STR), ("date_start", _DATE), ("date_end", _DATE), ("date_precision", _STR),
         ("date_basis", _STR), ("geo_precision", _STR), ("place_ids", _LIST),
         ("place_names", _LIST), ("lat", pa.float64()), ("lon", pa.float64()),
         ("countries", _LIST), ("actor_ids", _LIST), ("topics", _LIST), ("source_ids", _LIST),
         ("source_kinds", _LIST), ("status", _STR), ("synthetic", pa.bool_())]
    ),
    "evidence": pa.schema(
        [("event_id", _STR), ("article_id", _STR), ("start", pa.int64()), ("end", pa.int64()),
         ("text", _STR)]
    ),
    "quotes": pa.schema(
        [("quote_id", _STR), ("article_id", _STR), ("event_id", _STR), ("speaker_id", _STR),
         ("speaker_name", _STR), ("speaker_role", _STR), ("text", _STR), ("mode", _STR),
         ("language", _STR), ("start", pa.int64()), ("end", pa.int64()),
         ("source_ids", _LIST), ("status", _STR), ("synthetic", pa.bool_())]
    ),
    "actors": pa.schema(
        [("actor_id", _STR), ("article_id", _STR), ("name", _STR), ("kind", _STR), ("role", _STR),
         ("affiliation", _STR), ("n_mentions", pa.int64())]
    ),
    "places": pa.schema(
        [("place_id", _STR), ("article_id", _STR), ("name", _STR), ("kind", _STR),
         ("country", _STR), ("lat", pa.float64()), ("lon", pa.float64())]
    ),
    "sources": pa.schema(
        [("source_id", _STR), ("article_id", _STR), ("name", _STR), ("kind", _STR),
         ("country", _STR)]
    ),
}  # fmt: skip


def default_store_dir(data_dir: Path) -> Path:
    """Where the compiled store of `data_dir` lives: `SAHELWATCH_STORE`, else a user cache.

    Kept outside the data folder so a read-only data volume still works.
    """
    if env := os.environ.get("SAHELWATCH_STORE"):
        return Path(env)
    key = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache):
            pass
    except OSError:
        cache = Path(tempfile.gettempdir())
    return cache / "sahelwatch" / key


def folder_fingerprint(folder: Path) -> str:
    """Content hash of an article folder: its record and its text."""
    digest = hashlib.sha256()
    for name in (RECORD_JSON, ARTICLE_TEXT):
        path = folder / name
        try:
            # Only regular files are read: a FIFO named record.json would block the compile.
            digest.update(path.read_bytes() if path.is_file() else b"\0not a file")
        except OSError:
            digest.update(b"\0missing")
        digest.update(b"\0")
    return digest.hexdigest()


def corpus_stamp(data_dir: Path) -> str:
    """A digest of the size and modification time of every record file and of the YAML files
    the compile reads (topics, sources, story decisions):
    it changes when any record is saved, edited or broken, and costs one stat a file (1.7 s
    for the 400,000 files of a million events) instead of reading them."""
    digest = hashlib.sha256()
    # Plain strings, not Path objects: at 400,000 files pathlib alone doubles the time.
    articles = os.path.join(data_dir, ARTICLES)
    names = sorted(entry.name for entry in os.scandir(articles)) if os.path.isdir(articles) else []
    for name in names:
        folder = os.path.join(articles, name)
        for file in (RECORD_JSON, ARTICLE_TEXT):
            digest.update(f"{name}/{file}:{_file_stat(f'{folder}{os.sep}{file}')}\n".encode())
    # The files the compile reads besides the records: the taxonomy, and the outlets and the
    # editors' story decisions that the grouping of stories reads.
    for name in ("topics.yaml", "sources.yaml", "stories.yaml"):
        digest.update(f"{name}:{_file_stat(os.path.join(data_dir, name))}".encode())
    return digest.hexdigest()


def _file_stat(path: str) -> list[int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def folder_stat(folder: Path | str) -> list[list[int] | None]:
    """Size and modification time (ns) of an article folder's record and text."""
    return [_file_stat(os.path.join(folder, name)) for name in (RECORD_JSON, ARTICLE_TEXT)]


def _trusted(entry: dict | None, stat: list, since_ns: int) -> bool:
    """Whether a folder's files kept the size and time the manifest saw, long enough before
    that compile that an edit within the same clock tick is ruled out."""
    settled = all(s is None or s[1] < since_ns - _RACY_NS for s in stat)
    return entry is not None and settled and entry.get("stat") == stat


def taxonomy_fingerprint(data_dir: Path) -> str:
    return hashlib.sha256((Path(data_dir) / "topics.yaml").read_bytes()).hexdigest()


@dataclass
class CompileReport:
    store_dir: Path
    articles: int
    rebuilt: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    full: bool = False

    @property
    def changed(self) -> bool:
        return self.full or bool(self.rebuilt or self.removed)


def _read_manifest(store_dir: Path) -> dict:
    try:
        manifest = json.loads((store_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if manifest.get("format") != STORE_FORMAT:
        return {}
    if not all((store_dir / f"{t}.parquet").exists() for t in SCHEMAS):
        return {}
    return manifest


def _write_manifest(
    store_dir: Path, taxonomy: str, folders: dict, clashes: list[dict], compiled_ns: int
) -> None:
    manifest = {"format": STORE_FORMAT, "taxonomy": taxonomy, "compiled_ns": compiled_ns,
                "folders": folders, "clashes": clashes}  # fmt: skip
    atomic_write_bytes(store_dir / MANIFEST, json.dumps(manifest).encode("utf-8"))


def _write_table(store_dir: Path, name: str, table: pa.Table) -> None:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    atomic_write_bytes(store_dir / f"{name}.parquet", sink.getvalue().to_pybytes())


def table_files(store_dir: Path, name: str) -> list[Path]:
    """The Parquet files that hold the compiled table `name`, to be read together."""
    return [Path(store_dir) / f"{name}.parquet"]


def _read_table(store_dir: Path, name: str) -> pd.DataFrame:
    return pq.read_table(table_files(store_dir, name), schema=SCHEMAS[name]).to_pandas()


def _waiting_for_lock(store_dir: Path) -> None:
    """Called when another compile holds the store's lock, before waiting for it."""
    logger.info("waiting for another compile of %s to finish", store_dir)


@contextmanager
def store_lock(store_dir: Path) -> Iterator[None]:
    """Hold the store's lock: an exclusive `flock` on `LOCK_FILE` in the store folder, so
    compiles of one store (from processes or threads) take turns and a reader that holds it
    reads tables from one compile. The kernel releases it if the process dies."""
    with open(Path(store_dir) / LOCK_FILE, "ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            _waiting_for_lock(store_dir)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def compiled_store(data_dir: Path, store_dir: Path | None = None) -> Iterator[CompileReport]:
    """Bring the store of `data_dir` up to date and keep it locked while the caller reads it."""
    data_dir = Path(data_dir)
    store_dir = Path(store_dir) if store_dir else default_store_dir(data_dir)
    store_dir.mkdir(parents=True, exist_ok=True)
    with store_lock(store_dir):
        yield _compile(data_dir, store_dir)


def compile_store(data_dir: Path, store_dir: Path | None = None) -> CompileReport:
    """Bring the store of `data_dir` up to date, rebuilding only changed article folders."""
    with compiled_store(data_dir, store_dir) as report:
        return report


def _summary(
    report: CompileReport, folders: dict, clashes: list[dict], others: Iterable[Problem] = ()
) -> CompileReport:
    report.articles = sum(1 for f in folders.values() if f["stored"])
    problems = [Problem(**p) for f in folders.values() for p in f["problems"]]
    problems += [Problem(**p) for p in clashes] + list(others)
    report.problems = sorted(problems, key=lambda p: p.file)
    return report


def _compile(data_dir: Path, store_dir: Path) -> CompileReport:
    old = _read_manifest(store_dir)
    taxonomy = taxonomy_fingerprint(data_dir)
    full = old.get("taxonomy") != taxonomy
    old_folders: dict[str, dict] = {} if full else old.get("folders", {})
    compiled_ns = time.time_ns()
    current = {folder.name: folder for folder in article_folders(data_dir)}
    stats = {name: folder_stat(folder) for name, folder in current.items()}
    since_ns = old.get("compiled_ns", 0)
    hashes, changed, hashed = {}, [], False
    for name, folder in current.items():
        entry = old_folders.get(name)
        if _trusted(entry, stats[name], since_ns):
            hashes[name] = entry["hash"]
            continue
        hashes[name], hashed = folder_fingerprint(folder), True
        if entry is None or entry["hash"] != hashes[name]:
            changed.append(name)
    changed.sort()
    removed = sorted(n for n in old_folders if n not in current)
    report = CompileReport(store_dir, 0, changed, removed, full=full)
    if not (full or changed or removed):
        # Folders hashed and found unchanged (touched, or written just before the last
        # compile) are recorded with this compile's time, so the next one trusts their stat.
        if hashed:
            for name in current:
                old_folders[name]["stat"] = stats[name]
            _write_manifest(store_dir, taxonomy, old_folders, old["clashes"], compiled_ns)
        stories = update_stories(data_dir, store_dir, lambda: frames_from_store(store_dir), set())
        return _summary(report, old_folders, old["clashes"], stories)

    topic_ids = frozenset(t.id for t in load_topics(data_dir))
    folders = {n: f for n, f in old_folders.items() if n in current and n not in changed}
    for name in changed:
        folders[name] = {"hash": hashes[name], "valid": False, "stored": False, "problems": []}
    for name in folders:
        folders[name]["stat"] = stats[name]
    # Candidates: the changed records, and the valid ones a clash kept out last time (the
    # record that won may be gone). Stored records they clash with are taken out and ranked
    # with them, so an incremental compile keeps what a full one would.
    candidates = _load(data_dir, folders, changed, topic_ids)
    candidates += _load(data_dir, folders, _left_out(folders, changed), topic_ids)
    stale = set(changed) | set(removed)
    kept = _kept_tables(store_dir, stale) if old_folders else {}
    contested = sorted(_contested(kept, candidates) - {a.folder.name for a in candidates})
    if contested:
        stale.update(contested)
        kept = _kept_tables(store_dir, stale)
        candidates += _load(data_dir, folders, contested, topic_ids)
    while True:
        winners, clashes = resolve_clashes(candidates)
        tables, refused = _arrow_tables(winners)
        if not refused:
            break
        for article, problem in refused:  # not caught by validation: left out all the same
            folders[article.folder.name].update(valid=False, problems=[vars(problem)])
            candidates.remove(article)
    stored = {a.folder.name for a in winners}
    for article in candidates:
        folders[article.folder.name]["stored"] = article.folder.name in stored
    compiled = {}
    for name, table in tables.items():
        if kept:
            table = pa.concat_tables([kept[name], table])
        _write_table(store_dir, name, table)
        compiled[name] = table
    touched = stale | {a.folder.name for a in candidates}
    stories = update_stories(
        data_dir, store_dir, lambda: _frames_of(compiled), touched if kept else None
    )
    clash_entries = [vars(p) for p in clashes]
    _write_manifest(store_dir, taxonomy, folders, clash_entries, compiled_ns)
    return _summary(report, folders, clash_entries, stories)


def _load(
    data_dir: Path, folders: dict, names: list[str], topic_ids: frozenset[str]
) -> list[LoadedArticle]:
    """Load article folders, recording in `folders` whether each is valid and why not."""
    loaded = []
    for name in names:
        article, problems = load_article(data_dir, data_dir / ARTICLES / name, topic_ids)
        folders[name].update(valid=article is not None, problems=[vars(p) for p in problems])
        if article is not None:
            loaded.append(article)
    return loaded


def _left_out(folders: dict, changed: list[str]) -> list[str]:
    return sorted(
        n for n, f in folders.items() if f["valid"] and not f["stored"] and n not in changed
    )


def _kept_tables(store_dir: Path, stale: set[str]) -> dict[str, pa.Table]:
    """The stored tables without the rows of the `stale` articles."""
    gone = pa.array(sorted(stale), pa.string())
    kept = {}
    for name, schema in SCHEMAS.items():
        table = pq.read_table(store_dir / f"{name}.parquet", schema=schema)
        kept[name] = table.filter(pc.invert(pc.is_in(table["article_id"], value_set=gone)))
    return kept


def _contested(kept: dict[str, pa.Table], candidates: list[LoadedArticle]) -> set[str]:
    """Folders of the records (stored or candidate) that claim an id another one claims."""
    ids, owners = [], []
    for table, column in (("events", "event_id"), ("quotes", "quote_id")):
        if kept:
            ids.append(kept[table][column].to_numpy(zero_copy_only=False))
            owners.append(kept[table]["article_id"].to_numpy(zero_copy_only=False))
    fresh = [(i, a.folder.name) for a in candidates for _, i in claimed_ids(a.record)]
    ids.append(np.array([i for i, _ in fresh], dtype=object))
    owners.append(np.array([o for _, o in fresh], dtype=object))
    claims = pd.DataFrame({"id": np.concatenate(ids), "owner": np.concatenate(owners)})
    return set(claims.loc[claims["id"].duplicated(keep=False), "owner"])


def _arrow_tables(
    articles: list[LoadedArticle],
) -> tuple[dict[str, pa.Table], list[tuple[LoadedArticle, Problem]]]:
    """The store's tables of `articles`, or the records the store cannot take and why.

    Validation names every such record first (dates the store cannot hold, above all); this
    is the guard for what it misses, so that one record never stops the compile.
    """
    try:
        return _tables_of(articles), []
    except Exception:  # which record, and why, is found below
        pass
    refused = []
    for article in articles:
        try:
            _tables_of([article])
        except Exception as error:  # named and left out
            reason = f"the store cannot take this record: {str(error)[:300]}"
            name = corpus_name(article.folder.name, RECORD_JSON)
            refused.append((article, Problem(name, "$", reason)))
    if not refused:  # the records fail only together: let the error through
        return _tables_of(articles), []
    return {}, refused


def _tables_of(articles: list[LoadedArticle]) -> dict[str, pa.Table]:
    frames = frames_from_articles(articles)
    return {
        name: pa.Table.from_pandas(
            getattr(frames, name), schema=schema, preserve_index=False
        ).replace_schema_metadata(None)
        for name, schema in SCHEMAS.items()
    }


def _frames_of(tables: dict[str, pa.Table]) -> Frames:
    return Frames(**{name: table.to_pandas() for name, table in tables.items()})


def frames_from_store(store_dir: Path) -> Frames:
    return Frames(**{name: _read_table(Path(store_dir), name) for name in SCHEMAS})
