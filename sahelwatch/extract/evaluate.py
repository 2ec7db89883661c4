"""Score a draft record against a gold (reviewed) record of the same article.

Each field is scored as precision, recall and F1 over matched items:
- actors: same normalised name, or, for people, the same surname;
- places: same country and normalised name;
- dated events: same start date and precision (events the gold leaves undated are not counted);
- quotes: same speaker (matched as actors are) and word overlap ≥ 0.5 of the shorter quote;
- topics: the article's set of topics (the union over its events).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sahelwatch.corpus import article_folders
from sahelwatch.geo import normalise_name
from sahelwatch.model import Actor, Record
from sahelwatch.review import ReviewError, load_for_review, original_draft
from sahelwatch.storage import StorageError

QUOTE_OVERLAP = 0.5


@dataclass(frozen=True)
class Score:
    field: str
    gold: int
    draft: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.draft if self.draft else float(self.gold == 0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else float(self.draft == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _match(gold: Sequence, draft: Sequence, same: Callable[[object, object], bool]) -> int:
    """Greedy one-to-one matching."""
    free = list(draft)
    matched = 0
    for item in gold:
        for candidate in free:
            if same(item, candidate):
                free.remove(candidate)
                matched += 1
                break
    return matched


def _same_actor(gold: Actor, draft: Actor) -> bool:
    a, b = normalise_name(gold.name), normalise_name(draft.name)
    same_state = gold.kind == draft.kind == "state" and gold.affiliation == draft.affiliation
    if a == b or gold.id == draft.id or (same_state and gold.affiliation is not None):
        return True
    return gold.kind == draft.kind == "person" and a.split()[-1] == b.split()[-1]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def score(gold: Record, draft: Record) -> list[Score]:
    gold_actors = {a.id: a for a in gold.actors}
    draft_actors = {a.id: a for a in draft.actors}

    def same_quote(g, d) -> bool:
        speaker_g, speaker_d = gold_actors.get(g.speaker_id), draft_actors.get(d.speaker_id)
        if not (speaker_g and speaker_d and _same_actor(speaker_g, speaker_d)):
            return False
        a, b = _words(g.text), _words(d.text)
        return len(a & b) / max(1, min(len(a), len(b))) >= QUOTE_OVERLAP

    dated_gold = [e for e in gold.events if e.date.is_dated]
    dated_draft = [e for e in draft.events if e.date.is_dated]
    topics_gold = sorted({t for e in gold.events for t in e.topics})
    topics_draft = sorted({t for e in draft.events for t in e.topics})
    return [
        Score("actors", len(gold.actors), len(draft.actors),
              _match(gold.actors, draft.actors, _same_actor)),
        Score("places", len(gold.places), len(draft.places),
              _match(gold.places, draft.places, lambda g, d: g.country == d.country
                     and normalise_name(g.name) == normalise_name(d.name))),
        Score("dated events", len(dated_gold), len(dated_draft),
              _match(dated_gold, dated_draft, lambda g, d: (g.date.start, g.date.precision)
                     == (d.date.start, d.date.precision))),
        Score("quotes", len(gold.quotes), len(draft.quotes),
              _match(gold.quotes, draft.quotes, same_quote)),
        Score("topics", len(topics_gold), len(topics_draft),
              _match(topics_gold, topics_draft, lambda g, d: g == d)),
    ]  # fmt: skip


def total(scores: Sequence[Sequence[Score]]) -> list[Score]:
    """Micro-averaged scores over several articles."""
    fields = [s.field for s in scores[0]] if scores else []
    return [
        Score(
            name,
            sum(s.gold for row in scores for s in row if s.field == name),
            sum(s.draft for row in scores for s in row if s.field == name),
            sum(s.matched for row in scores for s in row if s.field == name),
        )
        for name in fields
    ]


def table(scores: Sequence[Score], title: str) -> str:
    lines = [title, f"{'field':<14}{'gold':>6}{'draft':>7}{'match':>7}{'P':>7}{'R':>7}{'F1':>7}"]
    for s in scores:
        lines.append(
            f"{s.field:<14}{s.gold:>6}{s.draft:>7}{s.matched:>7}"
            f"{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}"
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class ReviewedPair:
    """A reviewed record and the machine draft its review started from."""

    article_id: str
    draft: Record
    reviewed: Record


def reviewed_pairs(data_dir: Path) -> tuple[list[ReviewedPair], list[str]]:
    """Each reviewed article of the corpus with its original draft (kept in its history), and
    the reviewed articles that have none (reviewed before histories, or unreadable)."""
    pairs, without = [], []
    for folder in article_folders(data_dir):
        try:
            reviewed = load_for_review(data_dir, folder.name).record
            if reviewed.article.status != "reviewed":
                continue
            draft = original_draft(data_dir, folder.name)
        except (ReviewError, StorageError):
            continue
        if draft is None:
            without.append(folder.name)
        else:
            pairs.append(ReviewedPair(folder.name, draft, reviewed))
    return pairs, without
