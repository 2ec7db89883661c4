"""Time each of the Overview's store queries against a bare filtered scan in the same run.

    .venv/bin/python benchmarks/queries.py DATA_DIR [--store STORE_DIR] [--runs 15]
        [--topic energy]

Opens the published store of DATA_DIR (`sahelwatch compile DATA_DIR --store STORE_DIR` first),
then runs what one Overview rerun asks (`benchmarks/run.py`'s `overview_queries`) query by
query, `--runs` times each, interleaved with `SELECT count(*) FROM events WHERE <same filter>`.
Prints each query's median milliseconds and its ratio to the bare scan's median: the machine may
be shared, and the ratios move less than the milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sahelwatch.filters import Filter  # noqa: E402
from sahelwatch.store import Store, where_clause  # noqa: E402


def overview_queries(store: Store, flt: Filter) -> dict[str, Callable[[], object]]:
    """The queries of one Overview rerun, by name (as `benchmarks/run.py` asks them)."""
    if store.headline(flt)["events"] > 1500:
        timeline = lambda: store.timeline_bins(flt)  # noqa: E731
    else:
        timeline = lambda: store.timeline_events(flt, 9000)  # noqa: E731
    return {
        "headline": lambda: store.headline(flt),
        "facet_counts topics": lambda: store.facet_counts(flt, "topics"),
        "facet_counts countries": lambda: store.facet_counts(flt, "countries"),
        "actors": lambda: store.actors(flt),
        "source_counts": lambda: store.source_counts(flt),
        "country_counts": lambda: store.country_counts(flt),
        "place_markers": lambda: store.place_markers(flt),
        "timeline": timeline,
        "quotes (8)": lambda: store.quotes(flt, limit=8),
    }


def _ms(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--topic", default="energy")
    args = parser.parse_args()
    store = Store.current(args.data_dir, args.store)
    flt = Filter(topics=(args.topic,))
    where = where_clause(flt)

    def bare_scan() -> object:
        return store.sql(f"SELECT count(*) FROM events e WHERE {where.sql}", where.params)

    queries = overview_queries(store, flt)
    for run in (bare_scan, *queries.values()):  # warm up
        run()
    scans: list[float] = []
    timings: dict[str, list[float]] = {name: [] for name in queries}
    totals: list[float] = []
    for _ in range(args.runs):
        total = 0.0
        for name, run in queries.items():
            scans.append(_ms(bare_scan))
            timings[name].append(_ms(run))
            total += timings[name][-1]
        totals.append(total)
    scan = statistics.median(scans)
    print(f"{store.count_events(Filter()):,} events, filter topic={args.topic} "
          f"({store.count_events(flt):,} match), median of {args.runs} runs\n")  # fmt: skip
    print(f"{'query':<24}{'ms':>8}{'× scan':>9}")
    print(f"{'bare filtered scan':<24}{scan:>8.1f}{1:>9.2f}")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:<24}{median:>8.1f}{median / scan:>9.2f}")
    total = statistics.median(totals)
    print(f"{'total (one rerun)':<24}{total:>8.1f}{total / scan:>9.2f}")


if __name__ == "__main__":
    main()
