"""Where the reports of one story differ: the day, the place, a number, who said something.

Each disagreement lists every side: the value, and the articles, events and evidence that give
it, so they can be shown side by side. Only reports of different articles are compared: an
article that gives two days for one story is not disagreeing with itself.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sahelwatch.stories.features import EventFeature, day_label, fold

_MONTH_NAMES = (
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre"
)
MONTHS = frozenset(_MONTH_NAMES.split())
# "300 hommes", "40 à 50 combattants": a number and the noun it counts.
NUMBER = re.compile(r"\b(\d[\d\s.,]*\d|\d)\s+(?:a\s+\d+\s+)?(?:de\s+)?([a-z]{4,})")


@dataclass(frozen=True)
class Side:
    value: str
    article_id: str
    event_id: str
    evidence: str


@dataclass(frozen=True)
class Disagreement:
    field: str  # date, place, number, speaker
    subject: str  # what the sides disagree about ("the day", "hommes", a quote)
    sides: tuple[Side, ...]

    def to_dict(self) -> dict:
        return {"field": self.field, "subject": self.subject,
                "sides": [vars(side) for side in self.sides]}  # fmt: skip


@dataclass(frozen=True)
class QuoteSeen:
    event_id: str
    article_id: str
    speaker_id: str | None
    speaker_name: str
    text: str


def _differ(field: str, subject: str, sides: list[Side]) -> list[Disagreement]:
    """A disagreement when two articles give values with none in common."""
    values_by_article: dict[str, set[str]] = defaultdict(set)
    for side in sides:
        values_by_article[side.article_id].add(side.value)
    sets = list(values_by_article.values())
    if not any(not a & b for n, a in enumerate(sets) for b in sets[n + 1 :]):
        return []
    ordered = sorted(sides, key=lambda s: (s.value, s.article_id, s.event_id))
    return [Disagreement(field, subject, tuple(ordered))]


def numbers(text: str) -> dict[str, str]:
    """Counted nouns (first five letters, accents dropped) and their numbers in `text`."""
    found = {}
    for match in NUMBER.finditer(fold(text)):
        number, noun = match.group(1).replace(" ", ""), match.group(2)
        if noun in MONTHS or (len(number) == 4 and number.startswith(("19", "20"))):
            continue
        found.setdefault(noun[:5], number)
    return found


def disagreements(
    events: Sequence[EventFeature],
    evidence: Mapping[str, str],
    place_names: Mapping[str, str],
    quotes: Sequence[QuoteSeen],
) -> list[Disagreement]:
    if len({e.article for e in events}) < 2:  # one article does not disagree with itself
        return []
    found: list[Disagreement] = []
    dated = [
        Side(day_label(e.day), e.article, e.id, evidence.get(e.id, "")) for e in events if e.day
    ]
    found += _differ("date", "the day", dated)
    places = [
        Side(place_names.get(p, p), e.article, e.id, evidence.get(e.id, ""))
        for e in events
        for p in sorted(e.anchors)
        if p.startswith("plc:")
    ]
    found += _differ("place", "the place", places)
    counted: dict[str, list[Side]] = defaultdict(list)
    for e in events:
        for noun, number in numbers(evidence.get(e.id, "")).items():
            counted[noun].append(Side(number, e.article, e.id, evidence.get(e.id, "")))
    for noun in sorted(counted):
        found += _differ("number", noun, counted[noun])
    found += _speakers(quotes)
    return found


def _speakers(quotes: Sequence[QuoteSeen]) -> list[Disagreement]:
    """One quotation given to different speakers by different articles."""
    found = []
    for n, a in enumerate(quotes):
        for b in quotes[n + 1 :]:
            if a.article_id == b.article_id or not (_named(a) and _named(b)):
                continue
            if a.speaker_id == b.speaker_id:
                continue
            x, y = set(fold(a.text).split()), set(fold(b.text).split())
            if len(x & y) < 0.6 * min(len(x), len(y)) or min(len(x), len(y)) < 3:
                continue
            sides = tuple(
                Side(q.speaker_name, q.article_id, q.event_id, q.text)
                for q in sorted((a, b), key=lambda q: q.article_id)
            )
            found.append(Disagreement("speaker", a.text[:80], sides))
    return list(dict.fromkeys(found))


def _named(quote: QuoteSeen) -> bool:
    return isinstance(quote.speaker_id, str) and bool(quote.speaker_id)
