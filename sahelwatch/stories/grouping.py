"""Which events report the same happening: a pairwise test, candidates by block, and stories as
the groups the links make, with editors' decisions on top.

Two events of different articles are linked when nothing rules it out (kinds that cannot be the
same happening, dates further apart than their precision allows, no country in common) and their
words say so: a share of content words of at least `SIMILAR_WITH_ANCHOR` when they name a place
or an actor in common, of `SIMILAR_ALONE` otherwise. The test looks at the two events only (no
corpus statistics), so a link never changes when other articles come or go, and grouping a new
article compares its events with the events of its blocks alone.

Candidates come from blocks: an event is filed under each of its anchors (place and actor ids
other than countries and states) and each of its countries, for each week its date window
touches; an event with anchors looks in its anchors' blocks, one without in its countries'.
Events with no date window (a year, or no date and no publication day) are not grouped
automatically: nothing says when they happened.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sahelwatch.stories.decisions import Constraints
from sahelwatch.stories.features import EventFeature

DATE_TOLERANCE_DAYS = 3  # reports of one happening may differ by a few days (and are flagged)
SIMILAR_WITH_ANCHOR = 0.25
SIMILAR_ALONE = 0.45
MIN_WORDS = 3
BLOCK_DAYS = 7
# Kinds that can be reports of one happening; `other` and `statement` go with any kind (a
# statement reports a happening, and drafts type most sentences `other`).
KIND_FAMILIES = (
    frozenset({"conference", "press_conference", "visit", "negotiation", "agreement"}),
    frozenset({"offer", "delivery", "training", "agreement"}),
)
ANY_KIND = frozenset({"other", "statement"})
# Events by index: a list of every event, or the events a streamed grouping holds.
Events = Sequence[EventFeature] | Mapping[int, EventFeature]


@dataclass(frozen=True, slots=True)
class Link:
    """Why two events were taken as reports of one happening."""

    a: int
    b: int
    similarity: float
    shared_anchors: tuple[str, ...]
    shared_countries: tuple[str, ...]
    same_day: bool

    @property
    def strength(self) -> tuple:
        return (-len(self.shared_anchors), -self.similarity, not self.same_day)


def kinds_compatible(a: str, b: str) -> bool:
    if a == b or a in ANY_KIND or b in ANY_KIND:
        return True
    return any(a in family and b in family for family in KIND_FAMILIES)


@lru_cache(maxsize=4096)
def kind_sets_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """Every kind of `a` compatible with every kind of `b`."""
    return all(kinds_compatible(x, y) for x in a for y in b)


def dates_compatible(a: EventFeature, b: EventFeature) -> bool:
    if a.lo is None or b.lo is None:
        return False
    return a.lo <= b.hi + DATE_TOLERANCE_DAYS and b.lo <= a.hi + DATE_TOLERANCE_DAYS


def similarity(a: EventFeature, b: EventFeature) -> float:
    """Share of the shorter event's content words the other one has (overlap coefficient)."""
    shorter = min(len(a.words), len(b.words))
    return len(a.words & b.words) / shorter if shorter >= MIN_WORDS else 0.0


def link(events: Events, i: int, j: int) -> Link | None:
    """The link between events `i` and `j`, or None when they are not the same happening."""
    a, b = events[i], events[j]
    if a.article == b.article or not dates_compatible(a, b):
        return None
    if a.kind != b.kind and not kind_sets_compatible(frozenset((a.kind,)), frozenset((b.kind,))):
        return None
    countries = a.countries & b.countries
    if a.countries and b.countries and not countries:
        return None
    anchors = a.anchors & b.anchors
    score = similarity(a, b)
    if score < (SIMILAR_WITH_ANCHOR if anchors else SIMILAR_ALONE):
        return None
    i, j = min(i, j), max(i, j)
    same_day = a.day is not None and a.day == b.day
    return Link(i, j, round(score, 3), tuple(sorted(anchors)), tuple(sorted(countries)), same_day)


def block_weeks(event: EventFeature) -> range:
    return range(
        (event.lo - DATE_TOLERANCE_DAYS) // BLOCK_DAYS,
        (event.hi + DATE_TOLERANCE_DAYS) // BLOCK_DAYS + 1,
    )


class BlockIndex:
    """Events filed by (anchor or country, week)."""

    def __init__(self) -> None:
        self._blocks: dict[tuple[str, int], list[int]] = defaultdict(list)

    def add(self, events: Events, indexes: Iterable[int]) -> None:
        for i in indexes:
            event = events[i]
            if event.lo is None:
                continue
            for key in event.anchors | event.countries:
                for week in block_weeks(event):
                    self._blocks[key, week].append(i)

    def candidates(self, events: Events, i: int) -> set[int]:
        event = events[i]
        if event.lo is None:
            return set()
        found: set[int] = set()
        for key in event.anchors or event.countries:
            for week in block_weeks(event):
                found.update(self._blocks.get((key, week), ()))
        found.discard(i)
        return found


def links_of(
    events: Events, index: BlockIndex, indexes: Iterable[int]
) -> dict[tuple[int, int], Link]:
    """Every link of the events `indexes` to the events in `index`."""
    found: dict[tuple[int, int], Link] = {}
    tried: set[int] = set()  # pairs as one number, so each is tested once
    size = len(events)
    for i in indexes:
        for j in index.candidates(events, i):
            key = min(i, j) * size + max(i, j)
            if key in tried:
                continue
            tried.add(key)
            if (made := link(events, i, j)) is not None:
                found[made.a, made.b] = made
    return found


class _Groups:
    """Union-find over event indexes."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, i: int) -> int:
        self.parent.setdefault(i, i)
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def regions(members: Iterable[int], links: Iterable[Link], must: Iterable[tuple[int, int]]):
    """Connected groups of events through links and editors' merges."""
    groups = _Groups()
    for i in members:
        groups.find(i)
    for made in links:
        groups.union(made.a, made.b)
    for i, j in must:
        groups.union(i, j)
    by_root: dict[int, list[int]] = defaultdict(list)
    for i in groups.parent:
        by_root[groups.find(i)].append(i)
    return list(by_root.values())


@dataclass(slots=True)
class _Story:
    """What a growing story allows: its events, kinds, the latest start and earliest end of
    their date windows, and the countries all its located events share (None: none located)."""

    members: set[int]
    kinds: set[str]
    latest_start: float
    earliest_end: float
    countries: frozenset[str] | None

    @classmethod
    def of(cls, i: int, event: EventFeature) -> _Story:
        lo = event.lo if event.lo is not None else -math.inf
        hi = event.hi if event.hi is not None else math.inf
        return cls({i}, {event.kind}, lo, hi, event.countries or None)

    def admits(self, other: _Story) -> bool:
        """Whether every event of both could be one happening: kinds compatible pairwise, all
        date windows within the tolerance of each other, a country common to all."""
        if not kind_sets_compatible(frozenset(self.kinds), frozenset(other.kinds)):
            return False
        latest = max(self.latest_start, other.latest_start)
        if latest > min(self.earliest_end, other.earliest_end) + DATE_TOLERANCE_DAYS:
            return False
        return (
            self.countries is None
            or other.countries is None
            or bool(self.countries & other.countries)
        )

    def absorb(self, other: _Story) -> None:
        self.members |= other.members
        self.kinds |= other.kinds
        self.latest_start = max(self.latest_start, other.latest_start)
        self.earliest_end = min(self.earliest_end, other.earliest_end)
        if self.countries is None or other.countries is None:
            self.countries = self.countries or other.countries
        else:  # an editors' merge may join reports with no country in common
            self.countries = (self.countries & other.countries) or None


@dataclass(frozen=True)
class LinkColumns:
    """Links as columns of what orders them (a region of a large corpus may have millions)."""

    a: np.ndarray  # event indexes, a < b
    b: np.ndarray
    anchors: np.ndarray  # how many anchors the two events share
    similarity: np.ndarray  # in thousandths (`Link.similarity` has three decimals)
    same_day: np.ndarray

    @classmethod
    def of(cls, links: Iterable[Link]) -> LinkColumns:
        rows = [(m.a, m.b, len(m.shared_anchors), thousandths(m.similarity), m.same_day)
                for m in links]  # fmt: skip
        columns = list(zip(*rows, strict=True)) or [(), (), (), (), ()]
        types = ("int64", "int64", "int64", "int16", "bool")
        return cls(*(np.array(c, dtype=t) for c, t in zip(columns, types, strict=True)))

    def strongest_first(self, ids: Mapping[int, str]) -> Iterator[tuple[int, int]]:
        """The pairs by `Link.strength`, ties by the events' ids."""
        indexes = np.fromiter(ids, dtype="int64", count=len(ids))
        by_id = np.argsort(np.array(list(ids.values()), dtype=object))
        rank = np.zeros(int(indexes.max()) + 1 if len(ids) else 0, dtype="int32")
        rank[indexes[by_id]] = np.arange(len(ids))
        order = np.lexsort(
            (rank[self.b], rank[self.a], ~self.same_day, -self.similarity, -self.anchors)
        )
        yield from self.pairs(order)

    def pairs(self, order: np.ndarray | None = None) -> Iterator[tuple[int, int]]:
        """The pairs (a, b), in `order` (positions) or as they are, a slice at a time."""
        for start in range(0, len(self.a), _PAIRS_AT_ONCE):
            chosen = slice(start, start + _PAIRS_AT_ONCE) if order is None else (
                order[start : start + _PAIRS_AT_ONCE])  # fmt: skip
            yield from zip(self.a[chosen].tolist(), self.b[chosen].tolist(), strict=True)


_PAIRS_AT_ONCE = 1 << 16


def thousandths(similarity: float) -> int:
    """A link's similarity as a whole number, in the same order (it has three decimals)."""
    return round(similarity * 1000)


def group_region(
    events: Events,
    region: list[int],
    links: Sequence[Link] | LinkColumns,
    constraints: Constraints,
) -> list[list[int]]:
    """Stories of one region: editors' merges first, then the links from the strongest, each
    joining two stories when every event of both could be one happening (links chain: a
    statement compatible with a conference and with a delivery does not make them one) and no
    editor put an event of one apart from an event of the other."""
    ids = {i: events[i].id for i in region}
    if len(region) == 1:
        return [list(region)]
    apart = constraints.apart_pairs(ids.values())
    groups = _Groups()
    stories = {i: _Story.of(i, events[i]) for i in region}

    def join(i: int, j: int, automatic: bool) -> None:
        a, b = groups.find(i), groups.find(j)
        if a == b:
            return
        if automatic and not stories[a].admits(stories[b]):
            return
        if apart and any(
            (ids[x], ids[y]) in apart for x in stories[a].members for y in stories[b].members
        ):
            return
        groups.union(a, b)
        kept, gone = min(a, b), max(a, b)
        stories[kept].absorb(stories.pop(gone))

    for i, j in sorted(constraints.together_pairs(ids), key=lambda p: (ids[p[0]], ids[p[1]])):
        join(i, j, automatic=False)
    columns = links if isinstance(links, LinkColumns) else LinkColumns.of(links)
    for i, j in columns.strongest_first(ids):
        join(i, j, automatic=True)
    return [sorted(story.members, key=lambda i: ids[i]) for story in stories.values()]
