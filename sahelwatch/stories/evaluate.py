"""Score the grouping against the gold clusters of the real-reporting evaluation set.

Each part of the split is drafted by the extractor and grouped as a corpus of its own. A pair
of articles counts as grouped when some story holds events of both; the gold says a pair
belongs together when both articles are in one cluster. Per cluster, the story holding most of
its articles (ties: the smaller id) gives the independent-origin count compared with the gold's.

    python -m sahelwatch.stories.evaluate ../shared/eval --split tests/ingest/eval_split.toml
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
from dataclasses import dataclass
from pathlib import Path

from sahelwatch.corpus import LoadedArticle, frames_from_articles
from sahelwatch.extract.eval_set import EvalSet, load_split
from sahelwatch.extract.pipeline import ArticleInput, extract_records
from sahelwatch.sources import SourceBook
from sahelwatch.stories import Story, build_stories
from sahelwatch.text import slug


@dataclass(frozen=True)
class ClusterResult:
    cluster: str
    articles: int
    in_main_story: int  # of the cluster's articles, how many its main story holds
    origins: int | None  # the main story's independent origins
    gold_origins: int
    disagreements: tuple[str, ...]  # fields the main story finds disagreeing


@dataclass(frozen=True)
class PartResult:
    part: str
    grouped_pairs: int  # article pairs some story holds
    right_pairs: int  # of those, pairs of one gold cluster
    gold_pairs: int
    clusters: tuple[ClusterResult, ...]

    @property
    def precision(self) -> float | None:
        return self.right_pairs / self.grouped_pairs if self.grouped_pairs else None

    @property
    def recall(self) -> float | None:
        return self.right_pairs / self.gold_pairs if self.gold_pairs else None

    @property
    def exact_origins(self) -> int:
        return sum(c.origins == c.gold_origins for c in self.clusters)


def draft_stories(
    eval_set: EvalSet, names: list[str], data_dir: Path
) -> tuple[list[Story], dict[str, str]]:
    """The stories of the drafts of `names` (their outlet and publication day from the gold,
    as an editor would give them), and the article file each draft comes from."""
    inputs = [
        ArticleInput(text=eval_set.text(name), id=slug(Path(name).stem, 60),
                     published=dt.date.fromisoformat(eval_set.gold[name]["published"]),
                     outlet=eval_set.gold[name]["outlet"])
        for name in names
    ]  # fmt: skip
    drafts = extract_records(inputs, data_dir)
    loaded = [
        LoadedArticle(record, item.text, Path(name))
        for record, item, name in zip(drafts, inputs, names, strict=True)
    ]
    return build_stories(frames_from_articles(loaded), SourceBook.load(data_dir)), {
        record.article.id: name for record, name in zip(drafts, names, strict=True)
    }


def score_part(eval_set: EvalSet, part: str, names: list[str], data_dir: Path) -> PartResult:
    stories, file_of = draft_stories(eval_set, sorted(names), data_dir)
    cluster_of = {name: eval_set.gold[name]["cluster"] for name in names}
    grouped = {
        pair
        for story in stories
        for pair in itertools.combinations(sorted(file_of[a] for a in story.articles), 2)
    }
    gold = {
        (a, b)
        for a, b in itertools.combinations(sorted(names), 2)
        if cluster_of[a] and cluster_of[a] == cluster_of[b]
    }
    clusters = []
    gold_clusters = json.loads((eval_set.folder / "gold.json").read_text("utf-8"))["clusters"]
    for cluster in sorted({c for c in cluster_of.values() if c}):
        members = {n for n in names if cluster_of[n] == cluster}
        main = min(
            stories,
            key=lambda s: (-len(members & {file_of[a] for a in s.articles}), s.id),
        )
        held = len(members & {file_of[a] for a in main.articles})
        clusters.append(
            ClusterResult(
                cluster, len(members), held, main.origins.independent if held else None,
                gold_clusters[cluster]["independent_origins"],
                tuple(sorted({d.field for d in main.disagreements})),
            )
        )  # fmt: skip
    return PartResult(part, len(grouped), len(grouped & gold), len(gold), tuple(clusters))


def report(results: list[PartResult]) -> str:
    lines = []
    for r in results:
        lines.append(
            f"{r.part}: pairwise precision {r.right_pairs}/{r.grouped_pairs}"
            f" = {_ratio(r.precision)}, recall {r.right_pairs}/{r.gold_pairs}"
            f" = {_ratio(r.recall)}; origin counts exact {r.exact_origins}/{len(r.clusters)}"
        )
        for c in r.clusters:
            lines.append(
                f"  {c.cluster:<24} main story holds {c.in_main_story}/{c.articles} articles, "
                f"origins {c.origins} (gold {c.gold_origins}), "
                f"disagreements: {', '.join(c.disagreements) or '-'}"
            )
    return "\n".join(lines)


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("eval_dir", type=Path)
    parser.add_argument("--split", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=Path("data"))
    args = parser.parse_args(argv)
    eval_set = EvalSet.load(args.eval_dir)
    parts = load_split(args.split) if args.split else {"all": sorted(eval_set.gold)}
    print(report([score_part(eval_set, p, names, args.data) for p, names in parts.items()]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
