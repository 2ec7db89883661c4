"""Stories: events from different articles that report the same happening, grouped with the
reasons for each grouping, their origins, independent-origin count and disagreements.

`build_stories(frames, book, decisions)` groups the events of compiled tables from scratch;
`sahelwatch.stories.streamed` gives the same stories from the tables read a part at a time, in
memory bounded by a time window (what a compile from scratch runs);
`sahelwatch.stories.incremental` regroups only what one changed article touches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sahelwatch.corpus import Frames
from sahelwatch.sources import SourceBook
from sahelwatch.stories.decisions import Constraints, Decision
from sahelwatch.stories.disagreements import Disagreement, QuoteSeen, disagreements
from sahelwatch.stories.features import (
    ArticleFeature,
    EventFeature,
    day_label,
    features,
    joined,
)
from sahelwatch.stories.grouping import (
    BlockIndex,
    Events,
    Link,
    group_region,
    links_of,
    regions,
)
from sahelwatch.stories.origins import StoryOrigins, story_origins

STORY_PREFIX = "sty:"


@dataclass(frozen=True)
class Story:
    id: str
    events: tuple[str, ...]
    articles: tuple[str, ...]
    origins: StoryOrigins
    disagreements: tuple[Disagreement, ...]
    reasons: tuple[dict, ...]  # one per event: why it is in this story
    date_start: str | None
    date_end: str | None
    countries: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "articles": list(self.articles),
            "events": list(self.events),
            "origins": [
                {"id": group[0].id, "label": " / ".join(o.label for o in group),
                 "counted_as_one": [o.id for o in group],
                 "articles": sorted(r.article_id for r in self.origins.reports
                                    if {o.id for o in r.origins} & {o.id for o in group})}
                for group in self.origins.groups
            ],
            "independent_origins": self.origins.independent,
            "single_origin": self.origins.badge,
            "reports": [
                {"article": r.article_id, "origins": [o.id for o in r.origins],
                 "relays": r.credited}
                for r in self.origins.reports
            ],
            "uncredited_copies": [
                {"articles": [a, b], "shared_word_triples": share}
                for a, b, share in self.origins.copies
            ],
            "disagreements": [d.to_dict() for d in self.disagreements],
            "reasons": list(self.reasons),
            "date_start": self.date_start,
            "date_end": self.date_end,
            "countries": list(self.countries),
        }  # fmt: skip


@dataclass
class Grouping:
    """Events (features), their links and the groups they form."""

    events: Events
    links: dict[tuple[int, int], Link]
    groups: list[list[int]]


def group_events(events: list[EventFeature], constraints: Constraints) -> Grouping:
    """Group every event from scratch."""
    index = BlockIndex()
    index.add(events, range(len(events)))
    links = links_of(events, index, range(len(events)))
    return group_within(events, range(len(events)), links, constraints)


def group_within(
    events: Events,
    members: Iterable[int],
    links: dict[tuple[int, int], Link],
    constraints: Constraints,
) -> Grouping:
    ids = {i: events[i].id for i in members}
    must = constraints.together_pairs(ids)
    found = regions(ids, links.values(), must)
    region_of = {i: n for n, region in enumerate(found) for i in region}
    by_region: dict[int, list[Link]] = defaultdict(list)
    for made in links.values():
        by_region[region_of[made.a]].append(made)
    groups = []
    for n, region in enumerate(found):
        groups += group_region(events, region, by_region[n], constraints)
    return Grouping(events, links, groups)


def _links_by_event(grouping: Grouping) -> dict[int, list[Link]]:
    by_event: dict[int, list[Link]] = defaultdict(list)
    for made in grouping.links.values():
        by_event[made.a].append(made)
        by_event[made.b].append(made)
    return by_event


def _reasons(
    group: list[int],
    grouping: Grouping,
    links_of_event: dict[int, list[Link]],
    constraints: Constraints,
) -> tuple[dict, ...]:
    events = grouping.events
    members = set(group)
    by_event = {
        i: [m for m in links_of_event.get(i, ()) if m.a in members and m.b in members]
        for i in group
    }
    reasons = []
    for i in group:
        event = events[i]
        reason: dict = {"event": event.id, "article": event.article}
        decided = constraints.decided.get(event.id, [])
        if decided:
            reason["editor"] = [
                {"op": d.op, "by": d.by, "at": d.at.isoformat(), "note": d.note} for d in decided
            ]
        links = sorted(by_event[i], key=lambda m: (m.strength, events[m.a].id, events[m.b].id))
        if links:
            best = links[0]
            other = events[best.b if best.a == i else best.a]
            reason.update(
                with_event=other.id, with_article=other.article,
                similarity=best.similarity, shared_anchors=list(best.shared_anchors),
                shared_countries=list(best.shared_countries), same_day=best.same_day,
                dates=[day_label(event.lo), day_label(event.hi)],
            )  # fmt: skip
        reasons.append(reason)
    return tuple(reasons)


def _story_id(group: list[int], events: Events, articles) -> str:
    """The first report's first event: its article published first, then the smallest id."""
    first = min(
        group,
        key=lambda i: (articles[events[i].article].published is None,
                       articles[events[i].article].published or 0, events[i].id),
    )  # fmt: skip
    return STORY_PREFIX + events[first].id.removeprefix("evt:")


@dataclass(frozen=True)
class ReportTexts:
    """What assembling stories reads besides the features: each event's evidence (its spans
    joined in text order), its quotes, and the places' names."""

    evidence: Mapping[str, str]
    quotes: Mapping[str, list[QuoteSeen]]
    place_names: Mapping[str, str]


def report_texts(frames: Frames, event_ids: set[str]) -> ReportTexts:
    """The evidence and quotes of `event_ids`, and every place's name, from the tables."""
    evidence_rows = frames.evidence[frames.evidence["event_id"].isin(event_ids)]
    evidence_rows = evidence_rows.sort_values("start")
    evidence = joined(evidence_rows["event_id"], evidence_rows["text"])
    place_names = dict(zip(frames.places["place_id"], frames.places["name"], strict=True))
    quote_rows = frames.quotes[frames.quotes["event_id"].isin(event_ids)]
    quotes_of: dict[str, list[QuoteSeen]] = defaultdict(list)
    columns = ("event_id", "article_id", "speaker_id", "speaker_name", "text")
    for row in zip(*(quote_rows[c].tolist() for c in columns), strict=True):
        quotes_of[row[0]].append(QuoteSeen(*row))
    return ReportTexts(evidence, quotes_of, place_names)


def assemble(
    grouping: Grouping,
    groups: Iterable[list[int]],
    articles: Mapping[str, ArticleFeature],
    frames: Frames,
    book: SourceBook,
    constraints: Constraints,
) -> list[Story]:
    """Stories of `groups` (lists of event indexes), with origins and disagreements."""
    groups = list(groups)
    wanted = {grouping.events[i].id for g in groups for i in g}
    texts = report_texts(frames, wanted)
    return assemble_texts(grouping, groups, articles, texts, book, constraints)


def assemble_texts(
    grouping: Grouping,
    groups: Iterable[list[int]],
    articles: Mapping[str, ArticleFeature],
    texts: ReportTexts,
    book: SourceBook,
    constraints: Constraints,
) -> list[Story]:
    """`assemble` with the evidence, quotes and place names already read."""
    events = grouping.events
    links_of_event = _links_by_event(grouping)
    stories = []
    for group in groups:
        members = [events[i] for i in group]
        story_articles = sorted({e.article for e in members})
        windows = [e for e in members if e.lo is not None and e.stated]
        stories.append(
            Story(
                id=_story_id(group, events, articles),
                events=tuple(e.id for e in members),
                articles=tuple(story_articles),
                origins=story_origins([articles[a] for a in story_articles], book),
                disagreements=tuple(
                    disagreements(
                        members,
                        texts.evidence,
                        texts.place_names,
                        [q for e in members for q in texts.quotes.get(e.id, ())],
                    )
                ),
                reasons=_reasons(group, grouping, links_of_event, constraints),
                date_start=day_label(min(e.lo for e in windows)) if windows else None,
                date_end=day_label(max(e.hi for e in windows)) if windows else None,
                countries=tuple(sorted({c for e in members for c in e.countries})),
            )
        )
    return sorted(stories, key=lambda s: s.id)


def build_stories(
    frames: Frames, book: SourceBook, decisions: Sequence[Decision] = ()
) -> list[Story]:
    """Every story of the compiled tables, grouped from scratch."""
    events, articles = features(frames)
    constraints = Constraints.of(decisions)
    grouping = group_events(events, constraints)
    return assemble(grouping, grouping.groups, articles, frames, book, constraints)
