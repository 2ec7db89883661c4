"""`sahelwatch`: validate, compile and export the corpus; write the JSON Schema; ingest articles;
print an article's review history."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs

from sahelwatch.checks import Problem
from sahelwatch.corpus import load_corpus
from sahelwatch.filters import (
    PARAM_ACTOR,
    PARAM_COUNTRY,
    PARAM_DRAFTS,
    PARAM_FROM,
    PARAM_QUERY,
    PARAM_SOURCE,
    PARAM_TO,
    PARAM_TOPIC,
    PARAM_UNDATED,
    parse_query_params,
)
from sahelwatch.model import write_json_schema
from sahelwatch.published import compile_and_publish
from sahelwatch.review import ReviewError, read_history
from sahelwatch.review.display import history_text
from sahelwatch.storage import ARTICLES, StorageError, atomic_write_bytes
from sahelwatch.synth import write_corpus
from sahelwatch.taxonomy import TaxonomyError, load_topics
from sahelwatch.watch import CorpusWatcher

DEFAULT_DATA = Path("data")
SCHEMA_PATH = Path("data/schema/record.schema.json")


def _has_taxonomy(data_dir: Path) -> bool:
    if (Path(data_dir) / "topics.yaml").is_file():
        return True
    print(f"error: {data_dir} is not a corpus folder: it has no topics.yaml", file=sys.stderr)
    return False


def _usable_taxonomy(data_dir: Path) -> bool:
    """A compile or an export needs the taxonomy itself; `validate` reports it as a problem."""
    if not _has_taxonomy(data_dir):
        return False
    try:
        load_topics(data_dir)
    except TaxonomyError as error:
        print(f"error: {Path(data_dir) / error.args[0]}", file=sys.stderr)
        return False
    return True


def _print_problems(data_dir: Path, problems: list[Problem]) -> None:
    """Problems name files relative to the data folder; on the command line they are shown
    from where the command was given (`data/articles/x/record.json: ...`)."""
    for problem in problems:
        print(
            f"{Path(data_dir) / problem.file}: {problem.path}: {problem.message}", file=sys.stderr
        )


def cmd_validate(args: argparse.Namespace) -> int:
    if not _has_taxonomy(args.data_dir):
        return 2
    corpus = load_corpus(args.data_dir)
    _print_problems(args.data_dir, corpus.problems)
    counts = corpus.counts()
    print(", ".join(f"{n} {name}" for name, n in counts.items()))
    if corpus.problems:
        broken = len({p.file for p in corpus.problems})
        print(f"{len(corpus.problems)} problem(s) in {broken} file(s)", file=sys.stderr)
        return 1
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(write_json_schema(args.out))
    return 0


def cmd_compile(args: argparse.Namespace) -> int:
    if not _usable_taxonomy(args.data_dir):
        return 2
    if args.watch:
        return _watch(args)
    started = time.perf_counter()
    report, version = compile_and_publish(args.data_dir, args.store)
    elapsed = time.perf_counter() - started
    _print_problems(args.data_dir, report.problems)
    kind = "full" if report.full else "incremental"
    print(
        f"{report.store_dir}: {report.articles} articles ({kind}; {len(report.rebuilt)} rebuilt, "
        f"{len(report.removed)} removed), version {version}, in {elapsed:.2f} s"
    )
    return 0


def _watch(args: argparse.Namespace) -> int:
    """Compile and publish whenever the corpus changes, until SIGTERM or Ctrl-C."""
    logging.basicConfig(format="%(asctime)s %(message)s", level=logging.WARNING)
    watcher = CorpusWatcher(args.data_dir, args.store, interval=args.interval)
    signal.signal(signal.SIGTERM, lambda *_: watcher.stop())
    print(f"{watcher.store_dir}: version {watcher.check_now()}; watching {args.data_dir} "
          f"every {args.interval:g} s", flush=True)  # fmt: skip
    try:
        watcher.run(lambda version: print(f"{time.strftime('%H:%M:%S')} published version "
                                          f"{version}", flush=True))  # fmt: skip
    except KeyboardInterrupt:
        return 130
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        articles = write_corpus(args.out, args.events, taxonomy_from=args.taxonomy)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    print(f"{args.out}: {articles} synthetic articles, about {args.events} events, {elapsed:.1f} s")
    return 0


# `sahelwatch.export.FORMATS` and `.TABLES`, spelled out so the parser needs no folium.
EXPORT_FORMATS = ("csv", "geojson", "json", "html", "annotations", "acled")
EXPORT_TABLES = ("events", "quotes", "actors", "places")
# The link parameters that filter a download, as `export` options (`--from` for `from=`...).
EXPORT_FILTER_PARAMS = (PARAM_TOPIC, PARAM_COUNTRY, PARAM_FROM, PARAM_TO, PARAM_UNDATED,
                        PARAM_ACTOR, PARAM_SOURCE, PARAM_QUERY, PARAM_DRAFTS)  # fmt: skip


def _link_params(args: argparse.Namespace) -> dict[str, list[str]]:
    """The shared-link parameters of `--link` (a link or its query string) followed by
    those of the per-parameter options, which thus win where a parameter takes one value."""
    link = args.link or ""
    query = link.split("?", 1)[1] if "?" in link else link
    params = parse_qs(query.split("#", 1)[0], keep_blank_values=True)
    for key in EXPORT_FILTER_PARAMS:
        params.setdefault(key, []).extend(getattr(args, f"param_{key}") or [])
    return {key: values for key, values in params.items() if values}


def cmd_export(args: argparse.Namespace) -> int:
    # Imported here so that the other commands start without loading folium.
    from sahelwatch import export
    from sahelwatch.store import Store

    if args.table is not None and args.format != "csv":
        print("error: --table applies to --format csv only", file=sys.stderr)
        return 2
    if not _usable_taxonomy(args.data_dir):
        return 2
    try:
        store = Store.open(args.data_dir, args.store)
    except OSError as error:
        print(f"error: cannot compile the store: {error}", file=sys.stderr)
        return 2
    if store.report.problems:
        print(
            f"warning: {len(store.report.problems)} problem(s) in the corpus; records with "
            f"problems are left out (see `sahelwatch validate {args.data_dir}`)",
            file=sys.stderr,
        )
    topic_ids = frozenset(topic.id for topic in load_topics(args.data_dir))
    view, notices = parse_query_params(_link_params(args), store.vocabulary(topic_ids))
    for notice in notices:
        print(f"notice: {notice}", file=sys.stderr)
    payload = export.view_download(store, view.filter, args.format, args.table or "events")
    if args.out == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return 0
    try:
        atomic_write_bytes(Path(args.out), payload)
    except OSError as error:
        print(f"error: cannot write {args.out}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"{args.out}: {len(payload):,} bytes ({args.format})", file=sys.stderr)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    folder = Path(args.article_dir)
    if folder.parent.name != ARTICLES or not folder.is_dir():
        print(f"error: {folder} is not an article folder (data/{ARTICLES}/<id>)", file=sys.stderr)
        return 2
    try:
        entries = read_history(folder.parent.parent, folder.name)
    except (ReviewError, StorageError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not entries:
        print(f"{folder.name}: no history yet (no review saved, not ingested since)")
        return 0
    print(history_text(entries))
    return 0


def cmd_stories(args: argparse.Namespace) -> int:
    """Every story of the corpus (compiled first), as JSON."""
    from sahelwatch.store import Store

    if not _usable_taxonomy(args.data_dir):
        return 2
    try:
        store = Store.open(args.data_dir, args.store)
    except (OSError, ValueError) as error:
        print(f"error: cannot compile the store: {error}", file=sys.stderr)
        return 2
    _print_problems(args.data_dir, store.report.problems)
    ids = store.stories(min_origins=args.min_origins)["story_id"]
    stories = [store.story(story_id) for story_id in sorted(ids)]
    if args.json:
        json.dump(stories, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for story in stories:
        badge = f" ({story['single_origin']})" if story["single_origin"] else ""
        print(f"{story['id']}: {len(story['articles'])} article(s), {len(story['events'])} "
              f"event(s), {story['independent_origins']} independent origin(s){badge}, "
              f"{len(story['disagreements'])} disagreement(s)")  # fmt: skip
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    """An editor's merge or split of stories, saved in stories.yaml for the next compile."""
    import pydantic

    from sahelwatch.store import Store
    from sahelwatch.stories.editing import record_decision

    if args.op == "merge":
        events, sides = args.events, []
    else:
        try:
            store = Store.open(args.data_dir, args.store)
        except (OSError, ValueError) as error:
            print(f"error: cannot compile the store: {error}", file=sys.stderr)
            return 2
        story_ids = {store.story_of_event(event) for event in args.events}
        if None in story_ids or len(story_ids) != 1:
            print("error: split names events of one story, each in the corpus", file=sys.stderr)
            return 2
        rest = [e for e in store.story(story_ids.pop())["events"] if e not in args.events]
        events, sides = [], [args.events, rest]
    try:
        decision = record_decision(args.data_dir, args.op, by=args.by, events=events,
                                   sides=sides, note=args.note)  # fmt: skip
    except (pydantic.ValidationError, ValueError, OSError) as error:
        print(f"error: nothing saved: {error}", file=sys.stderr)
        return 2
    print(f"{args.op} saved in stories.yaml ({decision.at.isoformat()}, {decision.by})")
    return 0


def _add_decision_command(sub: argparse._SubParsersAction) -> None:
    decide = sub.add_parser("decide", help="merge stories, or split events off their story")
    decide.add_argument("data_dir", type=Path, help="the corpus folder")
    decide.add_argument("op", choices=("merge", "split"))
    decide.add_argument("events", nargs="+", help="merge: events of the stories to join; "
                        "split: events to take out of their story")  # fmt: skip
    decide.add_argument("--by", required=True, help="who decides (name or e-mail)")
    decide.add_argument("--note", default=None, help="why, for the next editor")
    decide.add_argument("--store", type=Path, default=None, help="store folder")
    decide.set_defaults(run=cmd_decide)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sahelwatch", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check every record; exit 1 on any problem")
    validate.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    validate.set_defaults(run=cmd_validate)

    schema = sub.add_parser("schema", help="write the record's JSON Schema")
    schema.add_argument("--out", type=Path, default=SCHEMA_PATH)
    schema.set_defaults(run=cmd_schema)

    compile_ = sub.add_parser(
        "compile", help="compile the corpus and publish the store the app reads"
    )
    compile_.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    compile_.add_argument("--store", type=Path, default=None, help="store folder")
    compile_.add_argument("--watch", action="store_true",
                          help="keep publishing new versions as the corpus changes")  # fmt: skip
    compile_.add_argument("--interval", type=float, default=1.0,
                          help="seconds between checks with --watch (default 1)")  # fmt: skip
    compile_.set_defaults(run=cmd_compile)

    history = sub.add_parser("history", help="print the review history of an article")
    history.add_argument("article_dir", type=Path, help="e.g. data/articles/<id>")
    history.set_defaults(run=cmd_history)
    stories = sub.add_parser("stories", help="print the stories: events grouped across articles")
    stories.add_argument("data_dir", type=Path, help="the corpus folder")
    stories.add_argument("--json", action="store_true", help="every story as JSON")
    stories.add_argument("--min-origins", type=int, default=1, help="at least N origins")
    stories.add_argument("--store", type=Path, default=None, help="store folder")
    stories.set_defaults(run=cmd_stories)

    _add_export_command(sub)
    _add_decision_command(sub)
    _add_ingestion_commands(sub)
    synth = sub.add_parser("synth", help="write a synthetic corpus (for benchmarks)")
    synth.add_argument("events", type=int, help="about how many events")
    synth.add_argument("out", type=Path, help="a folder outside data/")
    synth.add_argument("--taxonomy", type=Path, default=DEFAULT_DATA)
    synth.set_defaults(run=cmd_synth)

    return parser


def _add_export_command(sub: argparse._SubParsersAction) -> None:
    export_ = sub.add_parser(
        "export",
        help="write what the Data page downloads, filtered as a shared link",
        description="Write the view's table (CSV), located events (GeoJSON), records (JSON) or "
        "map (HTML). Filters are a shared link's parameters, given with --link and/or one "
        "option each; what the link held that was ignored is noted on stderr.",
    )
    export_.add_argument("data_dir", type=Path, help="the corpus folder")
    export_.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export_.add_argument("--out", required=True, help="the file to write; - for stdout")
    export_.add_argument(
        "--table", choices=EXPORT_TABLES, default=None, help="the CSV's table (default events)"
    )
    export_.add_argument("--store", type=Path, default=None, help="store folder")
    export_.add_argument(
        "--link", help='a shared link or its query, e.g. "topic=security&country=MLI"'
    )
    for key in EXPORT_FILTER_PARAMS:
        export_.add_argument(
            f"--{key}", dest=f"param_{key}", action="append", metavar="VALUE",
            help=f"as {key}= in a shared link",
        )  # fmt: skip
    export_.set_defaults(run=cmd_export)


def _add_ingestion_commands(sub: argparse._SubParsersAction) -> None:
    # Imported here so that `validate` and `compile` start without loading the NLP stack.
    from sahelwatch.extract.cli import add_evaluate_parser, add_ingest_parser

    add_ingest_parser(sub)
    add_evaluate_parser(sub)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
