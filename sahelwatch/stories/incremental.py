"""Regroup only what changed articles touch: the stories that held their old events, and the
stories their new events link into (found among the events whose date windows they can reach, by
a vectorised test over the whole events table), grouped again together; every other story stays
as it was.

Where links do not chain beyond the stories they form, this is what grouping everything again
gives (a test checks it). Where they do (a long run of reports each close to the next), a story
that the change does not link to keeps its grouping until the next full regroup (a changed
`stories.yaml` or `sources.yaml`, or a new store): the price of touching a few stories instead of
a chain as long as the corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sahelwatch.corpus import Frames
from sahelwatch.sources import SourceBook
from sahelwatch.stories import Story, assemble, group_within
from sahelwatch.stories.decisions import Constraints
from sahelwatch.stories.features import (
    date_windows,
    features,
    of_articles,
    published_days,
    subset,
)
from sahelwatch.stories.grouping import DATE_TOLERANCE_DAYS, BlockIndex, links_of


@dataclass(frozen=True)
class Regrouped:
    stories: list[Story]  # the stories grouped again
    replaced: set[str]  # the ids of the stories they replace


def _within_reach(events: pd.DataFrame, published: pd.Series, new: np.ndarray) -> np.ndarray:
    """Events whose date window comes within the tolerance of a new event's."""
    lo, hi = date_windows(events, published)
    reach = np.zeros(len(events), dtype=bool)
    for start, end in zip(lo[new], hi[new], strict=True):
        if not np.isnan(start):
            reach |= (lo <= end + DATE_TOLERANCE_DAYS) & (hi >= start - DATE_TOLERANCE_DAYS)
    return reach


def regroup(
    frames: Frames,
    previous: pd.DataFrame,
    changed: set[str],
    book: SourceBook,
    constraints: Constraints,
    rows: Callable[[set[str]], Frames] | None = None,
) -> Regrouped:
    """Stories after the articles `changed` (added, edited or removed) changed.

    `frames` are the tables as they are now; `previous` the `event_id`, `article_id` and
    `story_id` of every event at the last grouping. `rows(article_ids)` gives every table's
    rows of those articles (by default from `frames`): given it, `frames` need only hold the
    events' ids and dates and the articles' ids and publication days.
    """
    rows = rows or (lambda article_ids: of_articles(frames, article_ids))
    events = frames.events
    new = events["article_id"].isin(changed).to_numpy()
    story_of = dict(zip(previous["event_id"].tolist(), previous["story_id"].tolist(), strict=True))
    redo = set(previous.loc[previous["article_id"].isin(changed), "story_id"])
    new_ids = set(events.loc[new, "event_id"].tolist())
    if new.any():
        reach = _within_reach(events, published_days(frames.articles), new)
        nearby = set(events.loc[reach | new, "event_id"].tolist())
        near, _ = features(subset(rows(set(events.loc[reach | new, "article_id"])), nearby))
        index = BlockIndex()
        index.add(near, range(len(near)))
        fresh = [i for i, e in enumerate(near) if e.id in new_ids]
        for made in links_of(near, index, fresh).values():
            for i in (made.a, made.b):
                if near[i].id in story_of:
                    redo.add(story_of[near[i].id])
    # A changed event merged by an editor with others brings their stories.
    for group in constraints.groups:
        if group & new_ids:
            redo |= {story_of[e] for e in group if e in story_of}
    members = new_ids | {e for e, story in story_of.items() if story in redo} - set(
        previous.loc[previous["article_id"].isin(changed), "event_id"]
    )
    members &= set(events["event_id"].tolist())
    wanted = events["event_id"].isin(members)
    tables = subset(rows(set(events.loc[wanted, "article_id"])), members)
    found, articles = features(tables)
    index = BlockIndex()
    index.add(found, range(len(found)))
    grouping = group_within(found, range(len(found)), links_of(found, index, range(len(found))),
                            constraints)  # fmt: skip
    stories = assemble(grouping, grouping.groups, articles, tables, book, constraints)
    return Regrouped(stories, redo)
