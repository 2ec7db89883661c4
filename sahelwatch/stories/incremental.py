"""Regroup only what changed articles touch, with the same result as grouping everything again.

A region is a connected group of events through links and editors' merges; stories never cross
regions, and a link depends on its two events alone. So when articles change, the regions to
group again are those that held their old events and those their new events link into; every
other region keeps its stories. New events look for links among the events whose date windows
they can reach, which a vectorised test over the whole events table finds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sahelwatch.corpus import Frames
from sahelwatch.sources import SourceBook
from sahelwatch.stories import Story, assemble, group_within
from sahelwatch.stories.decisions import Constraints
from sahelwatch.stories.features import date_windows, features, published_days, subset
from sahelwatch.stories.grouping import DATE_TOLERANCE_DAYS, BlockIndex, links_of


@dataclass(frozen=True)
class Regrouped:
    stories: list[Story]  # the stories of the regions grouped again
    regions: set[str]  # the regions they replace


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
) -> Regrouped:
    """Stories after the articles `changed` (added, edited or removed) changed.

    `frames` are the tables as they are now; `previous` the `event_id`, `article_id` and
    `region` of every event at the last grouping.
    """
    events = frames.events
    new = events["article_id"].isin(changed).to_numpy()
    region_of = dict(zip(previous["event_id"], previous["region"], strict=True))
    redo = set(previous.loc[previous["article_id"].isin(changed), "region"])
    new_ids = set(events.loc[new, "event_id"])
    if new.any():
        reach = _within_reach(events, published_days(frames.articles), new)
        nearby = set(events.loc[reach | new, "event_id"])
        near, _ = features(subset(frames, nearby))
        index = BlockIndex()
        index.add(near, range(len(near)))
        fresh = [i for i, e in enumerate(near) if e.id in new_ids]
        for made in links_of(near, index, fresh).values():
            for i in (made.a, made.b):
                if near[i].id in region_of:
                    redo.add(region_of[near[i].id])
    # Editors' merges tie regions too: a changed event merged with others brings theirs.
    for group in constraints.groups:
        if group & new_ids:
            redo |= {region_of[e] for e in group if e in region_of}
    members = new_ids | {e for e, r in region_of.items() if r in redo} - set(
        previous.loc[previous["article_id"].isin(changed), "event_id"]
    )
    members &= set(events["event_id"])
    tables = subset(frames, members)
    found, articles = features(tables)
    index = BlockIndex()
    index.add(found, range(len(found)))
    grouping = group_within(found, range(len(found)), links_of(found, index, range(len(found))),
                            constraints)  # fmt: skip
    stories = assemble(grouping, grouping.groups, articles, tables, book, constraints)
    return Regrouped(stories, redo)
