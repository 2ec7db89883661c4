"""Grouping events into stories at scale: from scratch and incrementally for one new article,
on a synthetic corpus (`sahelwatch.synth`, built in memory), next to a baseline measured in the
same run: pandas grouping the same events by an exact key (kind, start day, first place, first
actor), the cheapest grouping there is. The issue's budget is absolute (≤ 60 s from scratch,
≤ 2 s incremental for 100,000 events); both are printed.

    .venv/bin/python benchmarks/stories.py [--events 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sahelwatch.corpus import LoadedArticle, frames_from_articles  # noqa: E402
from sahelwatch.geo import Gazetteer  # noqa: E402
from sahelwatch.sources import SourceBook  # noqa: E402
from sahelwatch.stories import build_stories  # noqa: E402
from sahelwatch.stories.compiled import story_rows  # noqa: E402
from sahelwatch.stories.decisions import Constraints  # noqa: E402
from sahelwatch.stories.incremental import regroup  # noqa: E402
from sahelwatch.synth import synthetic_record  # noqa: E402

EVENTS_PER_ARTICLE = 5


def synthetic_articles(count: int, seed: int = 7) -> list[LoadedArticle]:
    rng = random.Random(seed)
    gazetteer = Gazetteer.load()
    cities = [gazetteer.lookup(name) for name in gazetteer.place_names()]
    cities = sorted({c.id: c for c in cities if c and c.in_aes}.values(), key=lambda c: c.id)
    articles = []
    for index in range(count):
        record, text = synthetic_record(index, EVENTS_PER_ARTICLE, rng, cities)
        articles.append(LoadedArticle(record, text, Path(record.article.id)))
    return articles


def seconds(action, runs: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds of `runs` runs, and the last result. CPU time is what
    the process itself used: on a shared machine the wall clock also counts waiting for a core."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    count = args.events // EVENTS_PER_ARTICLE
    started = time.perf_counter()
    articles = synthetic_articles(count + 1)
    before = frames_from_articles(articles[:-1])
    after = frames_from_articles(articles)
    print(f"corpus: {len(before.events):,} events in {count:,} articles, "
          f"built in {time.perf_counter() - started:.1f} s")  # fmt: skip
    book = SourceBook.load(ROOT / "data")
    events = before.events.assign(
        place=before.events["place_ids"].str[0], actor=before.events["actor_ids"].str[0]
    )
    keys = ["kind", "date_start", "place", "actor"]
    baseline, baseline_cpu, _ = seconds(
        lambda: events.groupby(keys, dropna=False).ngroup(), args.runs
    )
    scratch, scratch_cpu, stories = seconds(lambda: build_stories(before, book), args.runs)
    previous = story_rows(stories)["story_events"]
    new_article = articles[-1].record.article.id
    incremental, incremental_cpu, result = seconds(
        lambda: regroup(after, previous, {new_article}, book, Constraints()), args.runs
    )
    multi = sum(len(s.articles) > 1 for s in stories)
    print(f"stories: {len(stories):,} ({multi:,} with reports of several articles); the new "
          f"article's regrouping replaced {len(result.replaced)} story(ies) with "
          f"{len(result.stories)}")  # fmt: skip
    print(f"\n{'':<42}{'wall s':>9}{'CPU s':>9}{'vs baseline':>13}{'budget':>8}")
    rows = [
        ("baseline: pandas exact-key groupby", baseline, baseline_cpu, ""),
        ("stories from scratch", scratch, scratch_cpu, "60 s"),
        ("stories, one new article (incremental)", incremental, incremental_cpu, "2 s"),
    ]
    for label, wall, cpu, budget in rows:
        print(f"{label:<42}{wall:>9.3f}{cpu:>9.3f}{wall / baseline:>13.1f}{budget:>8}")


if __name__ == "__main__":
    main()
