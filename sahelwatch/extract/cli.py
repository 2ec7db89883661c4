"""`sahelwatch ingest` and `sahelwatch evaluate`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import sys
import time
from pathlib import Path

from pydantic import AnyHttpUrl, TypeAdapter, ValidationError

from sahelwatch.checks import check_record
from sahelwatch.extract.batches import DEFAULT_PROGRESS_EVERY, INTERRUPTED, ingest_into
from sahelwatch.extract.eval_set import (
    EvalSet,
    Scores,
    article_table,
    load_split,
    per_part,
    score_article,
)
from sahelwatch.extract.eval_set import table as eval_table
from sahelwatch.extract.evaluate import reviewed_pairs, score, table, total
from sahelwatch.extract.files import ArticleOptions, read_article, read_text
from sahelwatch.extract.pipeline import (
    ArticleInput,
    ExtractionError,
    extract_records,
    load_nlp,
)
from sahelwatch.extract.webpage import HTML_SUFFIXES, SOURCE_HTML
from sahelwatch.model import Record
from sahelwatch.storage import ARTICLE_TEXT, RECORD_JSON
from sahelwatch.taxonomy import load_topics
from sahelwatch.text import slug

DEFAULT_DATA = Path("data")
ARTICLE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")


def _text_files(paths: list[Path]) -> list[Path]:
    """The .txt and saved .html pages given, folders searched (a page kept as `source.html`
    beside its `article.txt` is that article's, not a new one)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix.lower() in (".txt", *HTML_SUFFIXES))
            files.extend(sorted(p for p in found if p.is_file() and not _kept_page(p)))
        else:
            files.append(path)
    return files


def _kept_page(path: Path) -> bool:
    return path.name == SOURCE_HTML and (path.parent / ARTICLE_TEXT).exists()


def add_ingest_parser(sub: argparse._SubParsersAction) -> None:
    ingest = sub.add_parser("ingest", help="draft records from article texts or saved pages")
    ingest.add_argument("paths", nargs="+", type=Path,
                        help="UTF-8 .txt files, saved web pages (.html) or folders")  # fmt: skip
    ingest.add_argument("--published", type=dt.date.fromisoformat, help="YYYY-MM-DD")
    ingest.add_argument("--outlet")
    ingest.add_argument("--url")
    ingest.add_argument("--id", dest="article_id", help="article id (one path only)")
    ingest.add_argument("--language", default=None,
                        help="the articles' language (default: detected from each text; "
                        "`fr` makes a text count as French whatever it reads as)")  # fmt: skip
    ingest.add_argument("--data", type=Path, default=DEFAULT_DATA, help="taxonomy folder")
    ingest.add_argument("--processes", type=int, default=None,
                        help="worker processes (default: one a core with --into; "
                        "2 for 50+ files with --out)")  # fmt: skip
    ingest.add_argument("--progress-every", type=int, default=DEFAULT_PROGRESS_EVERY,
                        metavar="N", help="with --into: a progress line on stderr every N "
                        f"files drafted (default {DEFAULT_PROGRESS_EVERY})")  # fmt: skip
    ingest.add_argument("--redraft", action="store_true",
                        help="with --into: draft again a file whose draft is already saved "
                        "over the same text (default: skip it, so a re-run resumes); a "
                        "reviewed record is never replaced")  # fmt: skip
    target = ingest.add_mutually_exclusive_group()
    target.add_argument("--out", help="write JSON here (`-` for standard output)")
    target.add_argument("--into", type=Path, help="save into this corpus folder as drafts")
    ingest.set_defaults(run=cmd_ingest)


def add_evaluate_parser(sub: argparse._SubParsersAction) -> None:
    evaluate = sub.add_parser("evaluate", help="score drafts against gold records")
    evaluate.add_argument(
        "gold_dirs", nargs="*", type=Path,
        help="article folders (article.txt + a reviewed record.json) or folders of them, "
        "or an evaluation set (a folder with gold.json, e.g. ../shared/eval)",
    )  # fmt: skip
    evaluate.add_argument("--data", type=Path, default=DEFAULT_DATA, help="taxonomy folder")
    evaluate.add_argument(
        "--reviewed", type=Path, metavar="DATA",
        help="score each reviewed article's original draft (from its history) against its "
        "reviewed record, instead of drafting gold folders",
    )  # fmt: skip
    evaluate.add_argument(
        "--split", type=Path, default=None,
        help="TOML file naming the articles of each part (e.g. dev, heldout) of an evaluation set",
    )  # fmt: skip
    evaluate.set_defaults(run=cmd_evaluate)


def cmd_ingest(args: argparse.Namespace) -> int:
    logging.basicConfig(format="note: %(message)s", level=logging.WARNING)
    files = _text_files(args.paths)
    if not files:
        print("error: no .txt or .html files found", file=sys.stderr)
        return 2
    if args.article_id and len(files) > 1:
        print("error: --id names one article; give one path", file=sys.stderr)
        return 2
    if args.article_id and not ARTICLE_ID.fullmatch(args.article_id):
        print(f"error: --id {args.article_id!r}: use lowercase letters, digits, '.', '_' and '-' "
              "(e.g. `--id mali-russie-2025`)", file=sys.stderr)  # fmt: skip
        return 2
    if args.url:
        try:
            TypeAdapter(AnyHttpUrl).validate_python(args.url)
        except ValidationError:
            print(f"error: --url {args.url!r} is not an http(s) address", file=sys.stderr)
            return 2
    options = ArticleOptions(args.published, args.outlet, args.url, args.article_id,
                             args.language)  # fmt: skip
    if args.into:
        try:
            summary = ingest_into(
                files, options, data_dir=args.data, corpus=args.into, processes=args.processes,
                progress_every=args.progress_every, redraft=args.redraft,
            )  # fmt: skip
        except KeyboardInterrupt:  # before drafting began: while sorting out what to skip
            print("ingest interrupted before drafting; nothing was saved", file=sys.stderr)
            return INTERRUPTED
        return summary.exit_code()
    try:
        inputs = [read_article(f, options)[0] for f in files]
        processes = args.processes or (2 if len(inputs) >= 50 else 1)
        records = extract_records(inputs, args.data, n_process=processes)
    except (ExtractionError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    topic_ids = frozenset(t.id for t in load_topics(args.data))
    for record, item, path in zip(records, inputs, files, strict=True):
        problems = check_record(record, item.text, topic_ids, str(path))
        if problems:
            for problem in problems:
                print(f"error: {problem}", file=sys.stderr)
            return 1
    payload = (
        records[0].to_json()
        if len(records) == 1
        else json.dumps([json.loads(r.to_json()) for r in records], ensure_ascii=False, indent=2)
        + "\n"
    )
    if args.out in (None, "-"):
        sys.stdout.write(payload)
    else:
        Path(args.out).write_text(payload, "utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


def gold_folders(paths: list[Path]) -> list[Path]:
    folders = []
    for path in paths:
        if (path / RECORD_JSON).exists():
            folders.append(path)
        else:
            folders.extend(sorted(p.parent for p in path.glob(f"*/{RECORD_JSON}")))
    return folders


def evaluate_folders(folders: list[Path], data_dir: Path):
    """Scores per article, and seconds spent by extraction and by spaCy alone."""
    golds = [Record.model_validate_json((f / RECORD_JSON).read_bytes()) for f in folders]
    texts = [read_text(f / ARTICLE_TEXT) for f in folders]
    inputs = [
        ArticleInput(text=text, id=gold.article.id, published=gold.article.published.start
                     or gold.article.published.not_before, language=gold.article.language)
        for text, gold in zip(texts, golds, strict=True)
    ]  # fmt: skip
    nlp = load_nlp("fr")
    extract_records(inputs[:1], data_dir)  # warm up both paths before timing
    started = time.perf_counter()
    list(nlp.pipe(texts))
    spacy_seconds = time.perf_counter() - started
    started = time.perf_counter()
    drafts = extract_records(inputs, data_dir)
    extract_seconds = time.perf_counter() - started
    scores = [score(gold, draft) for gold, draft in zip(golds, drafts, strict=True)]
    return golds, scores, texts, extract_seconds, spacy_seconds


def cmd_evaluate(args: argparse.Namespace) -> int:
    if args.reviewed is not None:
        return _evaluate_reviewed(args.reviewed)
    if not args.gold_dirs:
        print("error: give gold folders, an evaluation set or --reviewed DATA", file=sys.stderr)
        return 2
    if len(args.gold_dirs) == 1 and _is_eval_set(args.gold_dirs[0]):
        return _evaluate_set(args.gold_dirs[0], args.split, args.data)
    folders = gold_folders(args.gold_dirs)
    if not folders:
        print("error: no article folders with a record.json", file=sys.stderr)
        return 2
    golds, scores, texts, extract_s, spacy_s = evaluate_folders(folders, args.data)
    for gold, row in zip(golds, scores, strict=True):
        print(table(row, f"\n{gold.article.id}"))
    if len(scores) > 1:
        print(table(total(scores), f"\nall {len(scores)} articles (micro-average)"))
    words = sum(len(t.split()) for t in texts)
    print(
        f"\nthroughput: {len(texts) / extract_s:.1f} articles/s, {words / extract_s:,.0f} words/s;"
        f" spaCy nlp.pipe alone: {words / spacy_s:,.0f} words/s;"
        f" extraction keeps {spacy_s / extract_s:.0%} of spaCy's throughput"
    )
    return 0


def _evaluate_reviewed(data_dir: Path) -> int:
    pairs, without = reviewed_pairs(data_dir)
    if without:
        print(f"note: {len(without)} reviewed article(s) have no machine draft in their history: "
              + ", ".join(without), file=sys.stderr)  # fmt: skip
    if not pairs:
        print(f"error: no reviewed article in {data_dir} has its original draft", file=sys.stderr)
        return 2
    scores = [score(pair.reviewed, pair.draft) for pair in pairs]
    for pair, row in zip(pairs, scores, strict=True):
        print(table(row, f"\n{pair.article_id}: original draft against the reviewed record"))
    if len(scores) > 1:
        print(table(total(scores), f"\nall {len(scores)} reviewed articles (micro-average)"))
    return 0


def _is_eval_set(path: Path) -> bool:
    return any(p.is_file() for p in (path, path / "gold.json", path / "real" / "gold.json"))


def score_eval_set(eval_set: EvalSet, data_dir: Path) -> dict[str, Scores]:
    """Draft every article of the set (anchored on its gold `published`) and score it."""
    names = sorted(eval_set.gold)
    inputs = [
        ArticleInput(text=eval_set.text(name), id=slug(Path(name).stem, 60),
                     published=dt.date.fromisoformat(eval_set.gold[name]["published"]))
        for name in names
    ]  # fmt: skip
    drafts = extract_records(inputs, data_dir)
    return {
        name: score_article(eval_set.gold[name], draft)
        for name, draft in zip(names, drafts, strict=True)
    }


def _evaluate_set(path: Path, split_path: Path | None, data_dir: Path) -> int:
    try:
        eval_set = EvalSet.load(path)
        split = load_split(split_path) if split_path else None
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    unknown = sorted({n for names in (split or {}).values() for n in names} - set(eval_set.gold))
    if unknown:
        print(f"error: the split names articles the set does not have: {unknown}", file=sys.stderr)
        return 2
    scores = score_eval_set(eval_set, data_dir)
    part_of = {name: part for part, names in (split or {}).items() for name in names}
    print(article_table(scores, part_of))
    for part, summed in per_part(scores, split).items():
        count = len(split[part]) if split else len(scores)
        print(eval_table(summed, f"\n{part}: {count} articles (micro-average)"))
    return 0
