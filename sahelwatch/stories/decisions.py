"""Editors' decisions on stories (`data/stories.yaml`): they always win over the grouping.

- `merge`: the listed events report one happening and stay in one story.
- `split`: each side (a list of events) goes apart from the other sides: no story holds events
  of two sides; the events of one side stay together.

Each decision names who made it (`by`) and when (`at`). They apply in the order of `at`, so a
later decision wins over an earlier one about the same events: a split takes its events out of
the merges made before it, and a merge lifts the splits made before it between its events.
Decisions name events, not stories, so they hold whatever the grouping does around them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from sahelwatch.model import EventId

STORIES_FILE = "stories.yaml"


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    op: Literal["merge", "split"]
    events: tuple[EventId, ...] = ()  # merge
    sides: tuple[tuple[EventId, ...], ...] = ()  # split
    by: str = Field(min_length=1)
    at: dt.datetime
    note: str | None = None

    def model_post_init(self, _context) -> None:
        if self.op == "merge" and len(self.events) < 2:
            raise ValueError("a merge names at least two events")
        if self.op == "split" and (len(self.sides) < 2 or not all(self.sides)):
            raise ValueError("a split names at least two sides, each with events")


def load_decisions(data_dir: Path) -> list[Decision]:
    """The decisions of `<data_dir>/stories.yaml`; none when it is absent."""
    path = Path(data_dir) / STORIES_FILE
    if not path.is_file():
        return []
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    return [Decision.model_validate(item) for item in raw.get("decisions") or []]


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@dataclass
class Constraints:
    """Events kept together (groups) and pairs of events kept apart, after every decision."""

    groups: list[set[str]] = field(default_factory=list)
    apart: set[frozenset[str]] = field(default_factory=set)
    decided: dict[str, list[Decision]] = field(default_factory=dict)  # event id -> decisions

    @classmethod
    def of(cls, decisions: Iterable[Decision]) -> Constraints:
        state = cls()
        for decision in sorted(decisions, key=lambda d: _utc(d.at)):
            named = decision.events if decision.op == "merge" else sum(decision.sides, ())
            for event_id in named:
                state.decided.setdefault(event_id, []).append(decision)
            if decision.op == "merge":
                state._merge(set(decision.events))
            else:
                state._split([set(side) for side in decision.sides])
        return state

    def _merge(self, events: set[str]) -> None:
        touched = [g for g in self.groups if g & events]
        self.groups = [g for g in self.groups if not g & events]
        merged = set(events).union(*touched)
        self.groups.append(merged)
        self.apart = {pair for pair in self.apart if not pair <= merged}

    def _split(self, sides: list[set[str]]) -> None:
        named = set().union(*sides)
        self.groups = [g - named for g in self.groups if len(g - named) > 1]
        self.groups += [side for side in sides if len(side) > 1]
        for n, side in enumerate(sides):
            for other in sides[n + 1 :]:
                self.apart |= {frozenset((x, y)) for x in side for y in other}

    def together_pairs(self, ids: Mapping[int, str]) -> list[tuple[int, int]]:
        """Index pairs that chain each group's events among `ids` (index -> event id)."""
        index = {event_id: i for i, event_id in ids.items()}
        pairs = []
        for group in self.groups:
            present = sorted(index[e] for e in group if e in index)
            pairs += list(itertools.pairwise(present))
        return pairs

    def apart_pairs(self, event_ids: Iterable[str]) -> set[tuple[str, str]]:
        """The kept-apart pairs among `event_ids`, both ways round."""
        present = set(event_ids)
        pairs = set()
        for pair in self.apart:
            if pair <= present:
                x, y = sorted(pair)
                pairs |= {(x, y), (y, x)}
        return pairs
