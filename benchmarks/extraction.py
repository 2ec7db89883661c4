"""Extraction quality and speed: drafts against the gold records, and throughput next to
spaCy's own `nlp.pipe` on the same texts (the baseline), single and batched on two cores.

    .venv/bin/python benchmarks/extraction.py [--runs 5] [--batch 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from sahelwatch.extract.cli import evaluate_folders, gold_folders  # noqa: E402
from sahelwatch.extract.evaluate import table, total  # noqa: E402
from sahelwatch.extract.pipeline import MODELS, ArticleInput, extract_records  # noqa: E402

GOLD = [ROOT / "data" / "articles", ROOT / "tests" / "ingest" / "gold"]


def median_seconds(action, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=200, help="texts in the batch test")
    args = parser.parse_args()
    folders = gold_folders(GOLD)
    _, scores, texts, _, _ = evaluate_folders(folders, ROOT / "data")
    print(table(total(scores), f"Drafts vs gold, {len(folders)} articles (micro-average)"))

    nlp = spacy.load(MODELS["fr"])  # spaCy's own pipeline, without the project's components
    words = sum(len(t.split()) for t in texts)
    inputs = [ArticleInput(text=t, id=f"a{i}") for i, t in enumerate(texts)]
    spacy_s = median_seconds(lambda: list(nlp.pipe(texts)), args.runs)
    ours_s = median_seconds(lambda: extract_records(inputs, ROOT / "data"), args.runs)
    print(f"\n{'':<34}{'words/s':>10}{'articles/s':>12}{'vs spaCy':>10}")
    print(f"{'spaCy nlp.pipe (baseline)':<34}{words / spacy_s:>10,.0f}"
          f"{len(texts) / spacy_s:>12.1f}{1:>10.2f}")  # fmt: skip
    print(f"{'sahelwatch extraction':<34}{words / ours_s:>10,.0f}"
          f"{len(texts) / ours_s:>12.1f}{spacy_s / ours_s:>10.2f}")  # fmt: skip

    batch_texts = (texts * (args.batch // len(texts) + 1))[: args.batch]
    batch_words = sum(len(t.split()) for t in batch_texts)
    batch = [ArticleInput(text=t, id=f"b{i}") for i, t in enumerate(batch_texts)]
    spacy_batch = median_seconds(lambda: list(nlp.pipe(batch_texts)), 1)
    one_core = median_seconds(lambda: extract_records(batch, ROOT / "data"), 1)
    two_cores = median_seconds(lambda: extract_records(batch, ROOT / "data", n_process=2), 1)
    print(f"\nbatch of {len(batch)} articles ({batch_words:,} words):")
    for label, seconds in (("spaCy nlp.pipe, 1 process (baseline)", spacy_batch),
                           ("sahelwatch, 1 process", one_core),
                           ("sahelwatch, 2 processes", two_cores)):  # fmt: skip
        print(f"{label:<40}{batch_words / seconds:>10,.0f} words/s"
              f"{spacy_batch / seconds:>8.2f}× baseline")  # fmt: skip


if __name__ == "__main__":
    main()
