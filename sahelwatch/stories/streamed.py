"""Every story grouped from scratch without holding the corpus: the stories `build_stories`
gives, from the compiled tables read one part at a time.

1. Spill: each part's event features, with the evidence, quotes and article features its
   stories need, are written to a temporary file in order of the first day of each event's date
   window (`lo`); the files are then read merged, in that order, twice.
2. Group: a link needs two date windows within `DATE_TOLERANCE_DAYS` of each other, so each
   event is compared only with the events still open (in a `WindowIndex`): an event closes once
   the next one starts more than the tolerance after its window ends, as no later event can
   link to it. Closed events keep only what grouping reads (id, kind, window, countries); their
   region's links are kept as typed columns. A region (events joined by links) whose events have
   all closed can grow no more: it is grouped (`group_region`, as the full grouping does) and
   forgotten but for each event's story. Events without a date window link to nothing. Regions
   holding an event an editor merged with others stay open to the end, where the merges join
   them (they may join any dates).
3. Assemble: each story is assembled when its last event comes by again, from the whole
   features; the links within it are computed again for its reasons.

Memory is that of one part, the open events and the regions still growing: bounded by a time
window where links do not chain far; a region that runs through the corpus (the synthetic
corpora of `sahelwatch synth` make one) is held whole until it closes, but light: a few hundred
bytes an event, 16 bytes a link.
Events keep their index in the whole events table, so ties break as in `build_stories`.
"""

from __future__ import annotations

import heapq
import math
import pickle
import tempfile
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from sahelwatch.corpus import Frames
from sahelwatch.sources import SourceBook
from sahelwatch.stories import (
    Grouping,
    ReportTexts,
    Story,
    assemble_texts,
    report_texts,
)
from sahelwatch.stories.decisions import Constraints, Decision
from sahelwatch.stories.features import ArticleFeature, EventFeature, features
from sahelwatch.stories.grouping import (
    DATE_TOLERANCE_DAYS,
    Link,
    LinkColumns,
    block_weeks,
    group_region,
    link,
    thousandths,
)
from sahelwatch.stories.grouping import _Groups as UnionFind

YIELD_STORIES = 1_000  # stories handed out at once
SPILL_BATCH = 500  # events a spill file gives at once (one batch a file is held while merging)

# One spilled event: its sort key (first day, -1 without a window; index in the events table),
# features, its article's features, evidence text and quotes.
Spilled = tuple[int, int, EventFeature, ArticleFeature, str, list]


class WindowIndex:
    """The open events by (anchor or country, week), both ways: where each is filed (its
    anchors and countries) and where it looks (its anchors, or its countries without any), so
    that an event added late finds the earlier events it looks for and those that look for it,
    as `BlockIndex.candidates` finds them from either side."""

    def __init__(self) -> None:
        self._filed: dict[tuple[str, int], set[int]] = defaultdict(set)
        self._looking: dict[tuple[str, int], set[int]] = defaultdict(set)

    @staticmethod
    def _keys(event: EventFeature) -> tuple[frozenset[str], frozenset[str]]:
        return event.anchors | event.countries, event.anchors or event.countries

    def add(self, i: int, event: EventFeature) -> set[int]:
        """File event `i`; returns the open events it may link with."""
        filed, looking = self._keys(event)
        weeks = block_weeks(event)
        found: set[int] = set()
        for key in looking:
            for week in weeks:
                found.update(self._filed.get((key, week), ()))
        for key in filed:
            for week in weeks:
                found.update(self._looking.get((key, week), ()))
        for blocks, keys in ((self._filed, filed), (self._looking, looking)):
            for key in keys:
                for week in weeks:
                    blocks[key, week].add(i)
        return found

    def remove(self, i: int, event: EventFeature) -> None:
        filed, looking = self._keys(event)
        for blocks, keys in ((self._filed, filed), (self._looking, looking)):
            for key in keys:
                for week in block_weeks(event):
                    block = blocks[key, week]
                    block.discard(i)
                    if not block:
                        del blocks[key, week]


@dataclass(slots=True)
class _Formed:
    """A story grouped, waiting for its events' texts: its events (indexes, in story order),
    the pairs of them that are linked, and how many of its events the assembling pass met."""

    group: list[int]
    pairs: list[tuple[int, int]]
    met: int = 0


class _RegionLinks:
    """A region's links as typed columns, a few bytes each (see `LinkColumns`)."""

    def __init__(self) -> None:
        self.a, self.b, self.anchors = array("i"), array("i"), array("b")
        self.similarity, self.same_day = array("h"), array("b")

    def append(self, made: Link) -> None:
        self.a.append(made.a)
        self.b.append(made.b)
        self.anchors.append(len(made.shared_anchors))
        self.similarity.append(thousandths(made.similarity))
        self.same_day.append(made.same_day)

    def extend(self, other: _RegionLinks) -> None:
        for name in ("a", "b", "anchors", "similarity", "same_day"):
            getattr(self, name).extend(getattr(other, name))

    def __len__(self) -> int:
        return len(self.a)

    def columns(self) -> LinkColumns:
        return LinkColumns(
            np.frombuffer(self.a, dtype="int32"), np.frombuffer(self.b, dtype="int32"),
            np.frombuffer(self.anchors, dtype="int8"),
            np.frombuffer(self.similarity, dtype="int16"),
            np.frombuffer(self.same_day, dtype="int8").astype(bool),
        )  # fmt: skip


def _light(event: EventFeature) -> EventFeature:
    """What grouping a region reads of a closed event: no anchors or words."""
    return replace(event, anchors=frozenset(), words=frozenset())


class _Grouper:
    """The sweep that groups: the open events (whole features, in the window index), and the
    events of regions still growing (their light features), with the regions' links."""

    def __init__(self, constraints: Constraints, formed: list[_Formed | None]) -> None:
        self.constraints = constraints
        self.formed = formed  # by event index: its story, once its region is grouped
        self.merged = {e for group in constraints.groups for e in group}
        self.open_events: dict[int, EventFeature] = {}
        self.events: dict[int, EventFeature] = {}
        self.index = WindowIndex()
        self.closing: list[tuple[int, int]] = []  # (last day of the window, index): a heap
        self.regions = UnionFind()
        self.members: dict[int, list[int]] = {}  # by region root
        self.links: dict[int, _RegionLinks] = {}
        self.open: dict[int, int] = {}  # open events a region has
        self.held: set[int] = set()  # region roots kept to the end (editors' merges)

    def add(self, i: int, event: EventFeature) -> None:
        if event.lo is not None:
            self.close_before(event.lo)
        self.events[i] = _light(event)
        self.regions.find(i)
        self.members[i], self.links[i], self.open[i] = [i], _RegionLinks(), 0
        if event.id in self.merged:
            self.held.add(i)
        if event.lo is None:
            self._group_if_closed(i)
            return
        self.open[i] = 1
        self.open_events[i] = event
        heapq.heappush(self.closing, (event.hi, i))
        for j in self.index.add(i, event):
            if (made := link(self.open_events, i, j)) is not None:
                self._join(made)

    def close_before(self, day: float) -> None:
        """Close the events no event starting on `day` or later can link to."""
        while self.closing and self.closing[0][0] + DATE_TOLERANCE_DAYS < day:
            _, i = heapq.heappop(self.closing)
            self.index.remove(i, self.open_events.pop(i))
            root = self.regions.find(i)
            self.open[root] -= 1
            self._group_if_closed(root)

    def _join(self, made: Link) -> None:
        self._unite(made.a, made.b)
        self.links[self.regions.find(made.a)].append(made)

    def _unite(self, i: int, j: int) -> None:
        a, b = self.regions.find(i), self.regions.find(j)
        if a != b:
            self.regions.union(a, b)
            root, gone = min(a, b), max(a, b)
            for of_region in (self.members, self.links):  # the smaller joins the larger
                small, large = sorted((of_region.pop(gone), of_region[root]), key=len)
                large.extend(small)
                of_region[root] = large
            self.open[root] += self.open.pop(gone)
            if gone in self.held:
                self.held.discard(gone)
                self.held.add(root)

    def _group_if_closed(self, root: int) -> None:
        if self.open[root] or root in self.held:
            return
        region, links = self.members.pop(root), self.links.pop(root).columns()
        del self.open[root]
        self._keep(group_region(self.events, region, links, self.constraints), links)
        for i in region:
            del self.events[i], self.regions.parent[i]

    def finish(self) -> None:
        """Close every event, then join the held regions by the editors' merges and group
        them."""
        self.close_before(math.inf)
        ids = {i: event.id for i, event in self.events.items()}
        for i, j in self.constraints.together_pairs(ids):
            self._unite(i, j)
        while self.held:
            root = self.held.pop()
            self._group_if_closed(root)

    def _keep(self, groups: list[list[int]], links: LinkColumns) -> None:
        story_of = {}
        for group in groups:
            story = _Formed(group, [])
            for i in group:
                self.formed[i] = story_of[i] = story
        for a, b in links.pairs():
            if story_of[a] is story_of[b]:
                story_of[a].pairs.append((a, b))


class _Assembler:
    """The sweep that assembles: the events of stories some of whose events are still to come,
    with their texts and articles; a story is assembled when its last event comes."""

    def __init__(
        self, book: SourceBook, constraints: Constraints, place_names: dict[str, str]
    ) -> None:
        self.book, self.constraints = book, constraints
        self.events: dict[int, EventFeature] = {}
        self.articles: dict[str, ArticleFeature] = {}
        self.article_events: Counter[str] = Counter()
        self.texts = ReportTexts({}, {}, place_names)

    def add(self, item: Spilled, story: _Formed) -> list[Story]:
        _, i, event, article, evidence, quotes = item
        self.events[i] = event
        self.articles[article.id] = article
        self.article_events[article.id] += 1
        if evidence:
            self.texts.evidence[event.id] = evidence
        if quotes:
            self.texts.quotes[event.id] = quotes
        story.met += 1
        if story.met < len(story.group):
            return []
        # The links within the story, again from the whole features (for its reasons).
        links = {(a, b): link(self.events, a, b) for a, b in story.pairs}
        grouping = Grouping(self.events, links, [story.group])
        made = assemble_texts(grouping, grouping.groups, self.articles, self.texts, self.book,
                              self.constraints)  # fmt: skip
        for j in story.group:
            self._forget(self.events.pop(j))
        return made

    def _forget(self, event: EventFeature) -> None:
        self.texts.evidence.pop(event.id, None)
        self.texts.quotes.pop(event.id, None)
        self.article_events[event.article] -= 1
        if not self.article_events[event.article]:
            del self.article_events[event.article]
            del self.articles[event.article]


def _spill(frames: Frames, offset: int, folder: Path, name: str) -> tuple[Path, dict[str, str]]:
    """Write one part's events, in order of their window's first day, to a spill file; returns
    it and the part's place names."""
    events, articles = features(frames)
    texts_of_part = report_texts(frames, set(frames.events["event_id"].tolist()))
    order = sorted(range(len(events)), key=lambda n: (_first_day(events[n]), n))
    path = folder / name
    with path.open("wb") as spill:
        for start in range(0, len(order), SPILL_BATCH):
            batch = []
            for n in order[start : start + SPILL_BATCH]:
                event = events[n]
                batch.append((_first_day(event), offset + n, event, articles[event.article],
                              texts_of_part.evidence.get(event.id, ""),
                              texts_of_part.quotes.get(event.id, [])))  # fmt: skip
            pickle.dump(batch, spill, protocol=pickle.HIGHEST_PROTOCOL)
    return path, dict(texts_of_part.place_names)


def _first_day(event: EventFeature) -> int:
    return -1 if event.lo is None else event.lo


def _read_spill(path: Path) -> Iterator[Spilled]:
    with path.open("rb") as spill:
        while True:
            try:
                batch = pickle.load(spill)
            except EOFError:
                return
            yield from batch


def stream_stories(
    parts: Iterable[Frames],
    book: SourceBook,
    decisions: Sequence[Decision] = (),
    spill_dir: Path | None = None,
) -> Iterator[list[Story]]:
    """The stories `build_stories` gives for the tables `parts` make together (in that order),
    a thousand or so at a time, each once its last event has come by in the assembling sweep.
    The spill files go in a temporary folder in `spill_dir` (None: the system's), removed at
    the end."""
    constraints = Constraints.of(decisions)
    with tempfile.TemporaryDirectory(prefix=".stories-spill-", dir=spill_dir) as folder:
        spills, place_names, offset = [], {}, 0
        for n, frames in enumerate(parts):
            path, names = _spill(frames, offset, Path(folder), f"part-{n:06d}.pickle")
            spills.append(path)
            place_names.update(names)
            offset += len(frames.events)
        formed: list[_Formed | None] = [None] * offset
        grouper = _Grouper(constraints, formed)
        for _, i, event, *_ in _in_order(spills):
            grouper.add(i, event)
        grouper.finish()
        assembler = _Assembler(book, constraints, place_names)
        waiting: list[Story] = []
        for item in _in_order(spills):
            story = formed[item[1]]
            formed[item[1]] = None
            waiting += assembler.add(item, story)
            if len(waiting) >= YIELD_STORIES:
                yield waiting
                waiting = []
        yield waiting


def _in_order(spills: list[Path]) -> Iterator[Spilled]:
    """The spilled events of every part, in order of their window's first day."""
    return heapq.merge(*(_read_spill(p) for p in spills), key=lambda s: s[:2])
