"""The compiler: the corpus (JSON records) turned into Parquet tables that `store.Store` queries.

The JSON records stay the source of truth. `compile_store` turns them into tables, each a folder
of Parquet parts (`table_files` lists them): a full compile loads the article folders in batches
of `PART_ARTICLES`, in worker processes, and writes one part a batch, so its memory does not grow
with the corpus. It then rebuilds only what changed: a manifest keeps each article folder's
content hash, its files' sizes and modification times and the part its rows are in; a folder
whose files kept both is taken as unchanged (as git's index does), and only the parts that held
or take a changed folder's rows are rewritten. The app opens the tables with `Store` and runs
every filter and aggregate in DuckDB."""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

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

STORE_FORMAT = 4  # 4: each table a folder of Parquet parts
# Article folders loaded together (in one worker process), and the most one Parquet part holds.
PART_ARTICLES = 4_000
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


def _part_file(store_dir: Path, name: str, part: int) -> Path:
    return Path(store_dir) / name / f"part-{part:06d}.parquet"


def table_files(store_dir: Path, name: str) -> list[Path]:
    """The Parquet files that hold the compiled table `name`, to be read together: one part a
    batch of article folders."""
    return sorted((Path(store_dir) / name).glob("part-*.parquet"))


def _read_manifest(store_dir: Path) -> dict:
    try:
        manifest = json.loads((store_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if manifest.get("format") != STORE_FORMAT:
        return {}
    if not all(_part_file(store_dir, t, p).exists() for t in SCHEMAS for p in manifest["parts"]):
        return {}
    return manifest


def _write_manifest(
    store_dir: Path, taxonomy: str, folders: dict, clashes: list[dict], compiled_ns: int
) -> None:
    parts = sorted({p for p in (f["part"] for f in folders.values()) if p is not None} or {0})
    manifest = {"format": STORE_FORMAT, "taxonomy": taxonomy, "compiled_ns": compiled_ns,
                "parts": parts, "folders": folders, "clashes": clashes}  # fmt: skip
    atomic_write_bytes(store_dir / MANIFEST, json.dumps(manifest).encode("utf-8"))


def _write_part(store_dir: Path, part: int, tables: dict[str, pa.Table]) -> None:
    for name, table in tables.items():
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd")
        atomic_write_bytes(_part_file(store_dir, name, part), sink.getvalue().to_pybytes())


def _read_part(store_dir: Path, part: int) -> dict[str, pa.Table]:
    return {
        name: pq.read_table(_part_file(store_dir, name, part), schema=schema)
        for name, schema in SCHEMAS.items()
    }


def _read_table(
    store_dir: Path, name: str, columns: list[str] | None, article_ids: set[str] | None
) -> pd.DataFrame:
    # Parts hold ranges of article folders: their statistics skip the parts of other articles.
    rows = (
        None
        if article_ids is None
        else pc.field("article_id").isin(pa.array(sorted(article_ids), _STR))
    )
    files = table_files(store_dir, name)
    return pq.read_table(files, schema=SCHEMAS[name], columns=columns, filters=rows).to_pandas()


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
    compiled_ns = time.time_ns()
    current = {folder.name: folder for folder in article_folders(data_dir)}
    stats = {name: folder_stat(folder) for name, folder in current.items()}
    if full:
        # Until the parts and the manifest agree again the store is not to be trusted: a
        # compile cut short starts the next one from scratch.
        (store_dir / MANIFEST).unlink(missing_ok=True)
        topic_ids = frozenset(t.id for t in load_topics(data_dir))
        folders, clashes = _compile_all(data_dir, store_dir, sorted(current), topic_ids)
        for name, entry in folders.items():
            entry["stat"] = stats[name]
        report = CompileReport(store_dir, 0, sorted(current), [], full=True)
        stories = update_stories(data_dir, store_dir, *_readers(store_dir), None)
        _write_manifest(store_dir, taxonomy, folders, clashes, compiled_ns)
        return _summary(report, folders, clashes, stories)

    old_folders: dict[str, dict] = old["folders"]
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
    report = CompileReport(store_dir, 0, changed, removed)
    if not (changed or removed):
        # Folders hashed and found unchanged (touched, or written just before the last
        # compile) are recorded with this compile's time, so the next one trusts their stat.
        if hashed:
            for name in current:
                old_folders[name]["stat"] = stats[name]
            _write_manifest(store_dir, taxonomy, old_folders, old["clashes"], compiled_ns)
        stories = update_stories(data_dir, store_dir, *_readers(store_dir), set())
        return _summary(report, old_folders, old["clashes"], stories)

    changed_set = set(changed)
    folders = {n: f for n, f in old_folders.items() if n in current and n not in changed_set}
    for name in changed:
        folders[name] = {"hash": hashes[name], "valid": False, "stored": False, "problems": [],
                         "part": None}  # fmt: skip
    for name in folders:
        folders[name]["stat"] = stats[name]
    placed = {n: f["part"] for n, f in old_folders.items() if f["part"] is not None}
    (store_dir / MANIFEST).unlink()
    topic_ids = frozenset(t.id for t in load_topics(data_dir))
    clashes, touched = _update(data_dir, store_dir, folders, placed, changed, topic_ids)
    touched |= set(removed)
    stories = update_stories(data_dir, store_dir, *_readers(store_dir), touched)
    _write_manifest(store_dir, taxonomy, folders, clashes, compiled_ns)
    return _summary(report, folders, clashes, stories)


def _compile_all(
    data_dir: Path, store_dir: Path, names: list[str], topic_ids: frozenset[str]
) -> tuple[dict, list[dict]]:
    """Compile every folder from scratch, one batch a part, the batches loaded in worker
    processes; then take out the records that lose a clash. Returns the folders' manifest
    entries (without their stat) and the clashes."""
    for name in SCHEMAS:
        shutil.rmtree(store_dir / name, ignore_errors=True)
        (store_dir / f"{name}.parquet").unlink(missing_ok=True)  # left by a store of format 3
    batches = [names[i : i + PART_ARTICLES] for i in range(0, len(names), PART_ARTICLES)]
    folders: dict[str, dict] = {}
    placed: dict[str, int] = {}
    claims = []
    with _batch_runner(len(batches)) as run:
        results = run(partial(_compile_batch, data_dir, topic_ids), batches or [[]])
        for part, (entries, tables) in enumerate(results):
            _write_part(store_dir, part, tables)
            folders.update(entries)
            placed.update((n, part) for n, e in entries.items() if e["stored"])
            for e in entries.values():
                e["part"] = part if e["stored"] else None
            for table, column in (("events", "event_id"), ("quotes", "quote_id")):
                claim = tables[table].select([column, "article_id"])
                claims.append(claim.rename_columns(["id", "article_id"]))
    # Only the records that claim an id another one claims are ranked: the others keep theirs.
    claims = pa.concat_tables(claims)
    counts = claims.group_by("id").aggregate([("article_id", "count_distinct")])
    shared = counts.filter(pc.greater(counts["article_id_count_distinct"], 1))["id"]
    contested = claims.filter(pc.is_in(claims["id"], value_set=shared))["article_id"]
    contested = set(contested.to_pylist())
    rivals = _load(data_dir, folders, sorted(contested), topic_ids)
    winners, clashes = resolve_clashes(rivals)
    losers = contested - {a.folder.name for a in winners}
    for name in losers:
        folders[name].update(stored=False, part=None)
    if losers:
        _relocate(store_dir, placed, {n: p for n, p in placed.items() if n not in losers})
    return folders, [vars(p) for p in clashes]


def _compile_batch(
    data_dir: Path, topic_ids: frozenset[str], names: list[str]
) -> tuple[dict[str, dict], dict[str, pa.Table]]:
    """Hash, load, check and convert a batch of article folders (in a worker process): their
    manifest entries, and the tables of their valid records with clashes not yet ranked."""
    folders = {n: {"hash": folder_fingerprint(data_dir / ARTICLES / n)} for n in names}
    loaded = _load(data_dir, folders, names, topic_ids)
    tables = _convert(loaded, folders)
    for entry in folders.values():
        entry["stored"] = entry["valid"]
    return folders, tables


@contextmanager
def _batch_runner(batches: int) -> Iterator[Callable]:
    """`map` over batches: in a pool of worker processes, one a core, when there are several
    batches and cores; in order either way, each result handed over as soon as it is ready.

    Workers are forked, so only from a process with one thread (the command line): forking
    a threaded one (the app's server) can leave a lock held for ever in the child."""
    workers = min(os.cpu_count() or 1, batches)
    if workers < 2 or threading.active_count() > 1:
        yield map
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield pool.imap


def _update(
    data_dir: Path,
    store_dir: Path,
    folders: dict,
    placed: dict[str, int],
    changed: list[str],
    topic_ids: frozenset[str],
) -> tuple[list[dict], set[str]]:
    """Rebuild the rows of the `changed` folders, rewriting only the parts they were or go in
    (`placed`: the part of every folder stored until now, removed ones too). Returns the
    clashes, and the folders whose rows were rebuilt."""
    # Candidates: the changed records, and the valid ones a clash kept out last time (the
    # record that won may be gone). Stored records they clash with are taken out and ranked
    # with them, so an incremental compile keeps what a full one would.
    candidates = _load(data_dir, folders, changed, topic_ids)
    candidates += _load(data_dir, folders, _left_out(folders, set(changed)), topic_ids)
    claimed = {i for a in candidates for _, i in claimed_ids(a.record)}
    loaded = set(changed) | {a.folder.name for a in candidates}
    rivals = sorted(n for n in _claimants(store_dir, claimed) if n in folders and n not in loaded)
    candidates += _load(data_dir, folders, rivals, topic_ids)
    while True:
        winners, clashes = resolve_clashes(candidates)
        kept = list(winners)
        fresh = _convert(kept, folders)
        if len(kept) == len(winners):
            break
        candidates = [a for a in candidates if folders[a.folder.name]["valid"]]
    stored = {a.folder.name for a in winners}
    for article in candidates:
        folders[article.folder.name]["stored"] = article.folder.name in stored
    touched = loaded | set(rivals)
    stay = {n: p for n, p in placed.items() if n in folders and n not in touched}
    after = _relocate(store_dir, placed, stay, fresh, sorted(stored))
    for name, entry in folders.items():
        entry["part"] = after.get(name)
    return [vars(p) for p in clashes], touched


def _claimants(store_dir: Path, ids: set[str]) -> set[str]:
    """The stored articles that claim one of `ids`, read from the id columns alone."""
    wanted = pa.array(sorted(ids), pa.string())
    owners = set()
    for table, column in (("events", "event_id"), ("quotes", "quote_id")):
        claims = pq.read_table(table_files(store_dir, table), columns=[column, "article_id"])
        found = claims.filter(pc.is_in(claims[column], value_set=wanted))
        owners.update(found["article_id"].to_pylist())
    return owners


def _relocate(
    store_dir: Path,
    before: dict[str, int],
    stay: dict[str, int],
    fresh: dict[str, pa.Table] | None = None,
    fresh_names: Iterable[str] = (),
) -> dict[str, int]:
    """Go from `before` (each stored folder's part) to `stay` (the folders whose rows stay in
    their part) and the `fresh` rows of `fresh_names`, rewriting only the parts whose rows
    change. Fresh rows fill the parts rewritten anyway, then the last part, before a new one is
    opened; parts less than half full are merged, so parts stay fewer than twice the folders
    over `PART_ARTICLES`. Returns each stored folder's part."""
    after = dict(stay)
    sizes = Counter(after.values())
    rewritten = {p for n, p in before.items() if after.get(n) != p}
    last = max(before.values(), default=0)
    for name in fresh_names:
        room = [p for p in rewritten if sizes[p] < PART_ARTICLES]
        room = room or [p for p in (last,) if sizes[p] < PART_ARTICLES]
        if not room:
            last = max(last, *sizes) + 1
            room = [last]
        part = min(room, key=lambda p: (sizes[p], p))
        after[name] = part
        sizes[part] += 1
        rewritten.add(part)
    small = sorted((p for p in sizes if 0 < sizes[p] < PART_ARTICLES // 2), key=sizes.get)
    if len(small) > 1:
        into: dict[int, int] = {}
        room: dict[int, int] = {}  # a merged part's folders
        for part in small:
            target = next((t for t, n in room.items() if n + sizes[part] <= PART_ARTICLES), part)
            into[part] = target
            room[target] = room.get(target, 0) + sizes[part]
        after = {n: into.get(p, p) for n, p in after.items()}
        rewritten |= {p for p, target in into.items() if target != p}
        rewritten |= {target for p, target in into.items() if target != p}
    members: dict[int, list[str]] = defaultdict(list)
    for name, part in after.items():
        members[part].append(name)
    if not members:  # nothing stored: one empty part, so that each table has a file
        members[min(rewritten, default=0)] = []
        rewritten.add(min(rewritten, default=0))
    # Every part a rewritten part takes rows from is read before any is written.
    fresh_names = set(fresh_names)
    moved = {before[n] for p in rewritten for n in members.get(p, ()) if n not in fresh_names}
    sources = [_read_part(store_dir, part) for part in moved]
    for part in sorted(rewritten):
        if part not in members:
            for name in SCHEMAS:
                _part_file(store_dir, name, part).unlink(missing_ok=True)
            continue
        pieces = [(source, {n for n in members[part] if n not in fresh_names})
                  for source in sources]  # fmt: skip
        if fresh:
            pieces.append((fresh, {n for n in members[part] if n in fresh_names}))
        _write_part(store_dir, part, {name: _rows_of(pieces, name) for name in SCHEMAS})
    return after


def _rows_of(pieces: list[tuple[dict[str, pa.Table], set[str]]], name: str) -> pa.Table:
    """The rows of table `name` of the given articles of each set of tables."""
    rows = [SCHEMAS[name].empty_table()]
    for tables, articles in pieces:
        wanted = pa.array(sorted(articles), pa.string())
        rows.append(tables[name].filter(pc.is_in(tables[name]["article_id"], value_set=wanted)))
    return pa.concat_tables(rows)


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


def _left_out(folders: dict, changed: set[str]) -> list[str]:
    return sorted(
        n for n, f in folders.items() if f["valid"] and not f["stored"] and n not in changed
    )


def _convert(articles: list[LoadedArticle], folders: dict) -> dict[str, pa.Table]:
    """The store's tables of `articles`; a record the store cannot take is marked invalid in
    `folders`, with why, and taken out of `articles`."""
    while True:
        tables, refused = _arrow_tables(articles)
        if not refused:
            return tables
        for article, problem in refused:  # not caught by validation: left out all the same
            folders[article.folder.name].update(valid=False, problems=[vars(problem)])
            articles.remove(article)


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


def frames_by_part(store_dir: Path, columns: dict[str, list[str]]) -> Iterator[Frames]:
    """The compiled tables a part at a time (the rows of a batch of article folders, every
    table's), in the order `frames_from_store` gives them, with those columns of each table."""
    for file in table_files(store_dir, "events"):
        yield Frames(
            **{
                name: pq.read_table(
                    Path(store_dir) / name / file.name, schema=schema, columns=columns.get(name)
                ).to_pandas()
                for name, schema in SCHEMAS.items()
            }
        )


def _readers(store_dir: Path) -> tuple[Callable, Callable]:
    """How `update_stories` reads the compiled tables: rows of some articles, or by part."""
    return partial(frames_from_store, store_dir), partial(frames_by_part, store_dir)


def frames_from_store(
    store_dir: Path,
    columns: dict[str, list[str]] | None = None,
    article_ids: set[str] | None = None,
) -> Frames:
    """The compiled tables as pandas frames; with `columns`, only those columns of each table,
    and with `article_ids`, only the rows of those articles."""
    return Frames(
        **{
            name: _read_table(Path(store_dir), name, (columns or {}).get(name), article_ids)
            for name in SCHEMAS
        }
    )
