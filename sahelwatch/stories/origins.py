"""Where a story's reports come from, and how many independent origins that makes.

A report's origins are the sources its article cites ("selon Sputnik": the article relays
Sputnik and adds no origin of its own); an article that cites none is an origin through its
outlet; outlets of one origin group count as one (`sahelwatch.sources`). Two reports that cite
nothing and tell the story in the same words (at least `COPY_CONTAINMENT` of the shorter
narration's word triples, quotations left out) are one origin: one copies the other, or both a
common model, without saying so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sahelwatch.sources import Origin, SourceBook
from sahelwatch.stories.features import ArticleFeature, fold

COPY_CONTAINMENT = 0.05  # measured on the dev part of the evaluation set (see the README)


@dataclass(frozen=True)
class ReportOrigins:
    article_id: str
    origins: tuple[Origin, ...]
    credited: bool  # the origins are sources the article cites, not its own outlet


def report_origins(article: ArticleFeature, book: SourceBook) -> ReportOrigins:
    if article.cited:
        found = {book.origin(s) for s in article.cited}
        return ReportOrigins(article.id, tuple(sorted(found, key=lambda o: o.id)), True)
    if article.outlet:
        return ReportOrigins(article.id, (book.origin(article.outlet),), False)
    return ReportOrigins(article.id, (Origin(f"article:{article.id}", "outlet not given"),), False)


@lru_cache(maxsize=4096)
def word_triples(text: str) -> frozenset[tuple[str, str, str]]:
    words = re.findall(r"\w+", fold(text))
    return frozenset(zip(words, words[1:], words[2:], strict=False))


def copy_containment(a: str, b: str) -> float:
    """Share of the shorter text's word triples that the other text has."""
    x, y = word_triples(a), word_triples(b)
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


@dataclass(frozen=True)
class StoryOrigins:
    reports: tuple[ReportOrigins, ...]
    groups: tuple[tuple[Origin, ...], ...]  # origins counted as one, each group one origin
    copies: tuple[tuple[str, str, float], ...]  # (article, article, containment)

    @property
    def independent(self) -> int:
        return len(self.groups)

    @property
    def badge(self) -> str | None:
        """ "single origin: Russian state media" when everything comes from one origin."""
        if len(self.groups) != 1:
            return None
        return f"single origin: {' / '.join(o.label for o in self.groups[0])}"


def story_origins(articles: Sequence[ArticleFeature], book: SourceBook) -> StoryOrigins:
    reports = tuple(report_origins(a, book) for a in sorted(articles, key=lambda a: a.id))
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            key = parent[key]
        return key

    labels = {}
    for report in reports:
        for origin in report.origins:
            labels[origin.id] = origin
            find(origin.id)
    narration = {a.id: a.narration for a in articles}
    copies = []
    uncredited = [r for r in reports if not r.credited]
    for n, x in enumerate(uncredited):
        for y in uncredited[n + 1 :]:
            share = copy_containment(narration[x.article_id], narration[y.article_id])
            if share >= COPY_CONTAINMENT:
                copies.append((x.article_id, y.article_id, round(share, 3)))
                a, b = find(x.origins[0].id), find(y.origins[0].id)
                parent[max(a, b)] = min(a, b)
    groups: dict[str, list[Origin]] = {}
    for key in sorted(labels):
        groups.setdefault(find(key), []).append(labels[key])
    return StoryOrigins(reports, tuple(tuple(g) for g in groups.values()), tuple(copies))
