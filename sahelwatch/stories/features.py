"""What the grouping compares of each event: kind, date window, countries, anchors (the places
and actors that name one happening), content words; and of each article: outlet, cited sources,
publication day, narration (the text outside quotation marks)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from sahelwatch.corpus import Frames

# A report whose date the article does not give happened, as news goes, within the week before
# its publication.
REPORT_WINDOW_DAYS = 7
# Short French function words and reporting verbs that every report shares; words of three
# letters or fewer are dropped anyway.
_STOP_TEXT = (
    "alors aussi autre autres avait avaient avant avec cela celle celles celui cette ceux "
    "chez comme dans depuis donc dont elle elles entre était étaient être fait faire leur "
    "leurs lors mais même notre nous pour quand quel quelle quelles quels selon sans sera "
    "seront sont sous suite tous tout toute toutes très vers votre vous avoir ainsi encore "
    "déjà plus moins également après contre afin notamment annoncé déclaré affirmé indiqué "
    "précisé ajouté souligné deux trois"
)
STOP_WORDS = frozenset(_STOP_TEXT.split())
QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")


def fold(text: str) -> str:
    """Lowercase, without accents, with one kind of apostrophe."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def content_words(text: str) -> frozenset[str]:
    return frozenset(
        w for w in re.findall(r"\w+", fold(text)) if len(w) > 3 and w not in _FOLDED_STOPS
    )


_FOLDED_STOPS = frozenset(fold(w) for w in STOP_WORDS)


@dataclass(frozen=True, slots=True)
class EventFeature:
    id: str
    article: str
    kind: str
    lo: int | None  # first and last day (ordinals) the event may have happened on
    hi: int | None
    day: int | None  # the day the report states or infers, when day-precise
    stated: bool  # the window comes from a date in the text, not from the publication day
    countries: frozenset[str]
    anchors: frozenset[str]  # place and actor ids, without countries and states
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class ArticleFeature:
    id: str
    outlet: str | None
    cited: tuple[str, ...]  # source ids the article names as its provenance
    published: int | None  # ordinal day
    narration: str  # evidence text with quotations taken out (for uncredited copies)


def _ordinal(value) -> int | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().toordinal()


def date_window(
    start, end, precision: str, basis: str, published: int | None
) -> tuple[int | None, int | None]:
    """Days an event may lie on: its date as precise as given (day or month); a report with no
    date the week before publication; a year or no date at all is too vague (no window)."""
    if precision in ("day", "month"):
        lo = _ordinal(start)
        return lo, _ordinal(end) or lo
    if precision == "unknown" and published is not None:
        return published - REPORT_WINDOW_DAYS, published
    return None, None


def features(frames: Frames) -> tuple[list[EventFeature], dict[str, ArticleFeature]]:
    """Event and article features from the compiled tables."""
    generic = set(frames.places.loc[frames.places["kind"] == "country", "place_id"])
    generic |= set(frames.actors.loc[frames.actors["kind"].isin(["state", "alliance"]), "actor_id"])
    evidence = frames.evidence.sort_values(["article_id", "start"])
    text_of = evidence.groupby("event_id", sort=False)["text"].agg(" ".join).to_dict()
    narration = evidence.groupby("article_id", sort=False)["text"].agg(" ".join).to_dict()
    articles: dict[str, ArticleFeature] = {}
    for row in frames.articles.itertuples(index=False):
        articles[row.article_id] = ArticleFeature(
            id=row.article_id,
            outlet=row.outlet if isinstance(row.outlet, str) and row.outlet else None,
            cited=tuple(row.attributed_to),
            published=_ordinal(row.published_start),
            narration=QUOTED.sub(" ", narration.get(row.article_id, "")),
        )
    events = []
    for row in frames.events.itertuples(index=False):
        published = articles[row.article_id].published
        lo, hi = date_window(row.date_start, row.date_end, row.date_precision, row.date_basis,
                             published)  # fmt: skip
        day_precise = row.date_precision == "day" and row.date_basis in ("stated", "inferred")
        events.append(
            EventFeature(
                id=row.event_id,
                article=row.article_id,
                kind=row.kind,
                lo=lo,
                hi=hi,
                day=lo if day_precise else None,
                stated=row.date_precision != "unknown",
                countries=frozenset(row.countries),
                anchors=frozenset(row.place_ids) - generic | frozenset(row.actor_ids) - generic,
                words=content_words(f"{row.title} {text_of.get(row.event_id, '')}"),
            )
        )
    return events, articles


def day_label(ordinal: int | None) -> str | None:
    return None if ordinal is None else dt.date.fromordinal(ordinal).isoformat()
