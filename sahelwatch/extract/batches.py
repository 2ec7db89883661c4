"""Ingesting many article files: drafted in chunks across a process pool, each draft saved by
the parent as soon as its chunk comes back, so an interruption loses at most the chunks in
flight, and a re-run skips what is already in the corpus."""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sahelwatch.checks import check_record
from sahelwatch.extract.files import ArticleOptions, file_article_id, read_article
from sahelwatch.extract.pipeline import (
    ArticleInput,
    ExtractionError,
    Resources,
    check_text,
    extract_records,
    load_nlp,
)
from sahelwatch.extract.webpage import save_source_html
from sahelwatch.model import Record
from sahelwatch.review import save_draft
from sahelwatch.storage import (
    ARTICLE_TEXT,
    RECORD_JSON,
    StorageError,
    article_dir,
    existing_status,
    read_corpus_file,
)

DEFAULT_CHUNK_SIZE = 8
DEFAULT_PROGRESS_EVERY = 100
INTERRUPTED = 130


@dataclass(frozen=True)
class Drafted:
    """One file's draft, or why it has none (`error`, which names the file)."""

    path: Path
    record: Record | None = None
    text: str = ""
    page_html: bytes | None = None
    error: str | None = None


def draft_files(paths: list[Path], options: ArticleOptions, data_dir: Path) -> list[Drafted]:
    """Draft the files in one `nlp.pipe` pass, in their order; a file that cannot be read or
    drafted fails alone."""
    results: dict[Path, Drafted] = {}
    readable: list[tuple[Path, ArticleInput, bytes | None]] = []
    for path in paths:
        try:
            item, page_html = read_article(path, options)
            check_text(item.text)
        except (ExtractionError, OSError) as error:
            results[path] = Drafted(path, error=_naming(path, error))
            continue
        readable.append((path, item, page_html))
    try:
        records = extract_records([item for _, item, _ in readable], data_dir)
    except Exception:  # one text that breaks the pipeline must not fail its chunk
        records = [_draft_alone(item, data_dir) for _, item, _ in readable]
    topic_ids = frozenset(topic.id for topic in Resources.load(data_dir).topics)
    for (path, item, page_html), record in zip(readable, records, strict=True):
        if isinstance(record, Exception):
            results[path] = Drafted(path, error=_naming(path, record))
            continue
        problems = check_record(record, item.text, topic_ids, str(path))
        results[path] = (
            Drafted(path, error="; ".join(str(p) for p in problems))
            if problems
            else Drafted(path, record, item.text, page_html)
        )
    return [results[path] for path in paths]


def _draft_alone(item: ArticleInput, data_dir: Path) -> Record | Exception:
    try:
        return extract_records([item], data_dir)[0]
    except Exception as error:  # reported as this file's failure
        return error


def _naming(path: Path, error: Exception) -> str:
    message = str(error)
    if not isinstance(error, ExtractionError | OSError):
        message = f"drafting failed ({type(error).__name__}: {message})"
    return message if str(path) in message else f"{path}: {message}"


class _Notes(logging.Handler):
    """A worker's warnings, kept to be logged by the parent with its chunk's drafts."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.kept: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.kept.append((record.name, record.levelno, record.getMessage()))


_worker_notes = _Notes()


def _start_worker(data_dir: Path) -> None:
    """Load the pipeline once per worker and keep its warnings for the parent. Ctrl-C is the
    parent's to handle: it stops handing out chunks and saves what came back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logger = logging.getLogger("sahelwatch")
    logger.addHandler(_worker_notes)
    logger.propagate = False
    Resources.load(data_dir)
    load_nlp("fr")


def _draft_chunk(
    paths: list[Path], options: ArticleOptions, data_dir: Path
) -> tuple[list[Drafted], list[tuple[str, int, str]]]:
    _worker_notes.kept.clear()
    return draft_files(paths, options, data_dir), list(_worker_notes.kept)


def drafted_in_chunks(
    paths: list[Path],
    options: ArticleOptions,
    data_dir: Path,
    *,
    processes: int,
    chunk_size: int | None = None,
) -> Iterator[Drafted]:
    """Drafts of `paths`, chunk by chunk as each comes back (in no fixed order when
    `processes` > 1; in this process, in order, when 1). At most two chunks a worker are handed
    out at a time, so an interruption loses little and memory stays flat. Chunks are
    `chunk_size` files (default: up to 8, fewer when too few files would leave a worker idle)."""
    chunk_size = chunk_size or max(1, min(DEFAULT_CHUNK_SIZE, len(paths) // (2 * processes)))
    chunks = [paths[i : i + chunk_size] for i in range(0, len(paths), chunk_size)]
    if processes <= 1:
        for chunk in chunks:
            yield from draft_files(chunk, options, data_dir)
        return
    pool = ProcessPoolExecutor(processes, initializer=_start_worker, initargs=(data_dir,))
    waiting = iter(chunks)
    in_flight: set[Future[tuple[list[Drafted], list[tuple[str, int, str]]]]] = set()
    finished = False
    try:
        for chunk in _take(waiting, 2 * processes):
            in_flight.add(pool.submit(_draft_chunk, chunk, options, data_dir))
        while in_flight:
            done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            for chunk in _take(waiting, len(done)):
                in_flight.add(pool.submit(_draft_chunk, chunk, options, data_dir))
            for future in done:
                drafts, notes = future.result()
                for name, level, message in notes:
                    logging.getLogger(name).log(level, "%s", message)
                yield from drafts
        finished = True
    finally:
        pool.shutdown(wait=finished, cancel_futures=True)


def _take(items: Iterator[list[Path]], count: int) -> list[list[Path]]:
    return [chunk for _, chunk in zip(range(count), items, strict=False)]


@dataclass
class Progress:
    """`files done / total, rate, ETA` on `stream` every `every` files and at the last."""

    total: int
    every: int
    stream: TextIO
    clock: Callable[[], float] = time.monotonic
    done: int = 0
    started: float = field(init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def tick(self) -> None:
        self.done += 1
        if self.done % self.every == 0 or self.done == self.total:
            print(self.line(self.clock() - self.started), file=self.stream, flush=True)

    def line(self, elapsed: float) -> str:
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = self.total - self.done
        eta = _duration(left / rate) if rate > 0 else "unknown"
        return (
            f"ingest: {self.done:,}/{self.total:,} files drafted "
            f"({self.done / self.total:.0%}), {rate:.1f} files/s, ETA {eta}"
        )


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s"


@dataclass
class Plan:
    """What a run does with each file: draft it, skip it (already in the corpus) or fail it
    before drafting (not readable, or a save that would be refused)."""

    to_draft: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def files(self) -> int:
        return len(self.to_draft) + len(self.skipped) + len(self.unreadable) + len(self.refused)


def plan_ingest(
    files: Iterable[Path], options: ArticleOptions, corpus: Path, *, redraft: bool = False
) -> Plan:
    """Sort the files before drafting. A file whose article folder already holds a record over
    the same text is skipped (a re-run resumes; `redraft` drafts a draft again, never a
    reviewed record); two files with one article id would be two versions of one record, so the
    second fails."""
    plan = Plan()
    first_of: dict[str, Path] = {}
    seen: set[str] = set()
    for path in files:
        if os.path.abspath(path) in seen:  # one file given twice (by name and in its folder)
            continue
        seen.add(os.path.abspath(path))
        article_id = file_article_id(path, options)
        if article_id in first_of:
            plan.unreadable.append(f"{path}: the same article id ({article_id}) as "
                                   f"{first_of[article_id]}; rename one of them")  # fmt: skip
            continue
        first_of[article_id] = path
        if not os.path.lexists(article_dir(corpus, article_id) / RECORD_JSON):
            plan.to_draft.append(path)
            continue
        try:
            item, _ = read_article(path, options)
        except (ExtractionError, OSError) as error:
            plan.unreadable.append(_naming(path, error))
            continue
        try:
            status = existing_status(corpus, article_id)
            same_text = _saved_text(corpus, article_id) == item.text.encode("utf-8")
        except StorageError as error:
            plan.refused.append(f"{error} (in {corpus})")
            continue
        if same_text and (status == "reviewed" or not redraft):
            plan.skipped.append(path)
        elif status == "reviewed":
            plan.refused.append(
                f"articles/{article_id}/{RECORD_JSON} is a reviewed record; the changed text "
                f"of {path} was not drafted (in {corpus})"
            )
        else:
            plan.to_draft.append(path)
    return plan


def _saved_text(corpus: Path, article_id: str) -> bytes | None:
    try:
        return read_corpus_file(corpus, article_dir(corpus, article_id) / ARTICLE_TEXT)
    except (FileNotFoundError, StorageError):
        return None


@dataclass
class Summary:
    total: int
    saved: int = 0
    skipped: int = 0
    unreadable: int = 0
    refused: int = 0
    interrupted: bool = False
    worker_died: bool = False

    @property
    def failed(self) -> int:
        return self.unreadable + self.refused

    def exit_code(self) -> int:
        """130 interrupted, 2 when no file could be read or drafted, 1 when some failed."""
        if self.interrupted:
            return INTERRUPTED
        if self.total and self.unreadable == self.total:
            return 2
        return 1 if self.failed or self.worker_died else 0

    def line(self) -> str:
        stopped = self.interrupted or self.worker_died
        head = "ingest interrupted" if stopped else "ingest done"
        line = (f"{head}: {self.total:,} files, {self.saved:,} saved, {self.skipped:,} skipped "
                f"(already in the corpus), {self.failed:,} failed")  # fmt: skip
        if stopped:
            line += f", {self.total - self.saved - self.skipped - self.failed:,} not done " + (
                "(run the same command again to finish)"
            )
        return line


def ingest_into(
    files: list[Path],
    options: ArticleOptions,
    *,
    data_dir: Path,
    corpus: Path,
    processes: int | None = None,
    chunk_size: int | None = None,
    progress_every: int = DEFAULT_PROGRESS_EVERY,
    redraft: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> Summary:
    """Draft `files` and save each draft into `corpus` as it comes back (this process is the
    only writer); progress and errors on `err`, one `saved draft` line a file on `out`."""
    out, err = out or sys.stdout, err or sys.stderr
    plan = plan_ingest(files, options, corpus, redraft=redraft)
    summary = Summary(
        plan.files, skipped=len(plan.skipped), unreadable=len(plan.unreadable),
        refused=len(plan.refused),
    )  # fmt: skip
    for message in plan.unreadable + plan.refused:
        print(f"error: {message}", file=err)
    workers = max(1, min(processes or os.cpu_count() or 1, len(plan.to_draft)))
    if plan.to_draft:
        print(f"ingest: {summary.total:,} files; {summary.skipped:,} already in the corpus "
              f"(skipped); drafting {len(plan.to_draft):,} on {workers} "
              f"process{'es' if workers > 1 else ''}", file=err, flush=True)  # fmt: skip
    progress = Progress(len(plan.to_draft), max(1, progress_every), err)
    drafts = drafted_in_chunks(
        plan.to_draft, options, data_dir, processes=workers, chunk_size=chunk_size
    )
    try:
        for drafted in drafts:
            _save(drafted, corpus, summary, out, err)
            progress.tick()
    except KeyboardInterrupt:
        summary.interrupted = True
    except BrokenProcessPool as error:
        print(f"error: a worker process died ({error}); out of memory?", file=err)
        summary.worker_died = True
    finally:
        drafts.close()
    print(summary.line(), file=err, flush=True)
    return summary


def _save(drafted: Drafted, corpus: Path, summary: Summary, out: TextIO, err: TextIO) -> None:
    if drafted.record is None:
        print(f"error: {drafted.error}", file=err)
        summary.unreadable += 1
        return
    try:
        folder = save_draft(corpus, drafted.record, drafted.text)
        if drafted.page_html is not None:
            save_source_html(corpus, folder, drafted.page_html)
    except (StorageError, ExtractionError, OSError) as error:
        print(f"error: {error} (in {corpus})", file=err)
        summary.refused += 1
        return
    summary.saved += 1
    print(f"saved draft {folder / RECORD_JSON}", file=out)
