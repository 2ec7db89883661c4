"""`sahelwatch`: validate, compile and export the corpus; write the JSON Schema; ingest articles."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sahelwatch.checks import Problem
from sahelwatch.corpus import load_corpus
from sahelwatch.model import write_json_schema
from sahelwatch.store import compile_store
from sahelwatch.synth import write_corpus

DEFAULT_DATA = Path("data")
SCHEMA_PATH = Path("data/schema/record.schema.json")


def _has_taxonomy(data_dir: Path) -> bool:
    if (Path(data_dir) / "topics.yaml").is_file():
        return True
    print(f"error: {data_dir} is not a corpus folder: it has no topics.yaml", file=sys.stderr)
    return False


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
    if not _has_taxonomy(args.data_dir):
        return 2
    started = time.perf_counter()
    report = compile_store(args.data_dir, args.store)
    elapsed = time.perf_counter() - started
    _print_problems(args.data_dir, report.problems)
    kind = "full" if report.full else "incremental"
    print(
        f"{report.store_dir}: {report.articles} articles ({kind}; {len(report.rebuilt)} rebuilt, "
        f"{len(report.removed)} removed) in {elapsed:.2f} s"
    )
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sahelwatch", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check every record; exit 1 on any problem")
    validate.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    validate.set_defaults(run=cmd_validate)

    schema = sub.add_parser("schema", help="write the record's JSON Schema")
    schema.add_argument("--out", type=Path, default=SCHEMA_PATH)
    schema.set_defaults(run=cmd_schema)

    compile_ = sub.add_parser("compile", help="compile the corpus into the Parquet store")
    compile_.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    compile_.add_argument("--store", type=Path, default=None, help="store folder")
    compile_.set_defaults(run=cmd_compile)

    _add_ingestion_commands(sub)
    synth = sub.add_parser("synth", help="write a synthetic corpus (for benchmarks)")
    synth.add_argument("events", type=int, help="about how many events")
    synth.add_argument("out", type=Path, help="a folder outside data/")
    synth.add_argument("--taxonomy", type=Path, default=DEFAULT_DATA)
    synth.set_defaults(run=cmd_synth)

    return parser


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
