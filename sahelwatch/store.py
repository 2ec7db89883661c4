"""The compiled store: the corpus as Parquet tables, queried with DuckDB.

The JSON records stay the source of truth. `compile_store` turns them into one Parquet file a
table, and rebuilds only what changed: a manifest keeps each article folder's content hash and
its files' sizes and modification times, a folder whose files kept both is taken as unchanged
(as git's index does), and a changed folder's rows are replaced while the others are kept. The app
opens the tables with `Store` and runs every filter and aggregate in DuckDB.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sahelwatch.checks import Problem
from sahelwatch.corpus import (
    Frames,
    LoadedArticle,
    article_folders,
    cross_record_problems,
    frames_from_articles,
    load_article,
)
from sahelwatch.storage import ARTICLE_TEXT, ARTICLES, RECORD_JSON, atomic_write_bytes
from sahelwatch.taxonomy import load_topics

STORE_FORMAT = 1
MANIFEST = "manifest.json"
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
         ("n_events", pa.int64()), ("n_quotes", pa.int64())]
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
        try:
            digest.update((folder / name).read_bytes())
        except OSError:
            digest.update(b"\0missing")
        digest.update(b"\0")
    return digest.hexdigest()


def corpus_stamp(data_dir: Path) -> str:
    """A digest of the size and modification time of every record file and of topics.yaml:
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
    digest.update(f"topics.yaml:{_file_stat(os.path.join(data_dir, 'topics.yaml'))}".encode())
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


def _write_manifest(store_dir: Path, taxonomy: str, folders: dict, compiled_ns: int) -> None:
    manifest = {"format": STORE_FORMAT, "taxonomy": taxonomy, "compiled_ns": compiled_ns,
                "folders": folders}  # fmt: skip
    atomic_write_bytes(store_dir / MANIFEST, json.dumps(manifest).encode("utf-8"))


def _write_table(store_dir: Path, name: str, frame: pd.DataFrame) -> None:
    table = pa.Table.from_pandas(frame, schema=SCHEMAS[name], preserve_index=False)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    atomic_write_bytes(store_dir / f"{name}.parquet", sink.getvalue().to_pybytes())


def _read_table(store_dir: Path, name: str) -> pd.DataFrame:
    return pq.read_table(store_dir / f"{name}.parquet").to_pandas()


def compile_store(data_dir: Path, store_dir: Path | None = None) -> CompileReport:
    """Bring the store of `data_dir` up to date, rebuilding only changed article folders."""
    data_dir = Path(data_dir)
    store_dir = Path(store_dir) if store_dir else default_store_dir(data_dir)
    store_dir.mkdir(parents=True, exist_ok=True)
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
            _write_manifest(store_dir, taxonomy, old_folders, compiled_ns)
        report.articles = sum(1 for f in old_folders.values() if f["ok"])
        report.problems = [Problem(**p) for f in old_folders.values() for p in f["problems"]]
        return report

    topic_ids = frozenset(t.id for t in load_topics(data_dir))
    fresh: list[LoadedArticle] = []
    folders = {n: f for n, f in old_folders.items() if n in current and n not in changed}
    for name in changed:
        article, problems = load_article(current[name], topic_ids)
        if article is not None:
            fresh.append(article)
        folders[name] = {"hash": hashes[name], "ok": article is not None,
                         "problems": [vars(p) for p in problems]}  # fmt: skip
    for name in folders:
        folders[name]["stat"] = stats[name]

    stale = set(changed) | set(removed)
    kept = {}
    if old_folders:
        for name in SCHEMAS:
            frame = _read_table(store_dir, name)
            kept[name] = frame[~frame["article_id"].isin(stale)]
    # Event and quote ids must be unique across the corpus: a fresh record that reuses one
    # already owned by a kept record is reported and left out.
    taken = set(kept["events"]["event_id"]) | set(kept["quotes"]["quote_id"]) if kept else set()
    fresh, clash_problems = cross_record_problems(fresh, taken_ids=taken)
    for problem in clash_problems:
        name = Path(problem.file).parent.name
        folders[name]["ok"] = False
        folders[name]["problems"].append(vars(problem))
    new = frames_from_articles(fresh)
    for name in SCHEMAS:
        frame = getattr(new, name)
        if kept:
            frame = pd.concat([kept[name], frame], ignore_index=True) if len(frame) else kept[name]
        _write_table(store_dir, name, frame)
    _write_manifest(store_dir, taxonomy, folders, compiled_ns)
    report.articles = sum(1 for f in folders.values() if f["ok"])
    report.problems = [Problem(**p) for f in folders.values() for p in f["problems"]]
    return report


def frames_from_store(store_dir: Path) -> Frames:
    return Frames(**{name: _read_table(Path(store_dir), name) for name in SCHEMAS})
