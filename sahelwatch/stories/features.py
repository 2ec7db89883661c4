"""What the grouping compares of each event: kind, date window, countries, anchors (the places
and actors that name one happening), content words; and of each article: outlet, cited sources,
publication day, narration (the text outside quotation marks)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
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
    """Lowercase ASCII: accents dropped (letters outside Latin scripts too), one apostrophe."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


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


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def _days(column: pd.Series) -> np.ndarray:
    """Timestamps as day ordinals, NaN where missing."""
    days = pd.to_datetime(column).to_numpy().astype("datetime64[D]")
    values = days.astype("int64").astype("float64") + _EPOCH_ORDINAL
    values[pd.isna(days)] = np.nan
    return values


def _optional(values: np.ndarray) -> list[int | None]:
    return [None if v != v else int(v) for v in values.tolist()]  # NaN != NaN


def date_windows(events: pd.DataFrame, published: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """First and last day (ordinals, NaN for none) each event may lie on: its date as precise as
    given (day or month); a report with no date the week before its article's publication
    (`published`: day ordinals by article id); a year or no date at all is too vague."""
    start, end = _days(events["date_start"]), _days(events["date_end"])
    end = np.where(np.isnan(end), start, end)
    precision = events["date_precision"].to_numpy()
    precise = np.isin(precision, ["day", "month"]) & ~np.isnan(start)
    day = events["article_id"].map(published).to_numpy(dtype="float64")
    reported = (precision == "unknown") & ~np.isnan(day)
    lo = np.where(precise, start, np.where(reported, day - REPORT_WINDOW_DAYS, np.nan))
    hi = np.where(precise, end, np.where(reported, day, np.nan))
    return lo, hi


def published_days(articles: pd.DataFrame) -> pd.Series:
    return pd.Series(_days(articles["published_start"]), index=articles["article_id"].to_numpy())


def joined(keys: pd.Series, texts: pd.Series) -> dict[str, str]:
    joined: dict[str, list[str]] = {}
    for key, text in zip(keys.tolist(), texts.tolist(), strict=True):
        joined.setdefault(key, []).append(text)
    return {key: " ".join(parts) for key, parts in joined.items()}


def of_articles(frames: Frames, article_ids: set[str]) -> Frames:
    """The tables' rows of some articles."""
    return Frames(**{n: t[t["article_id"].isin(article_ids)] for n, t in frames.items()})


def subset(frames: Frames, event_ids: set[str]) -> Frames:
    """The tables restricted to some events and everything of their articles."""
    articles = set(frames.events.loc[frames.events["event_id"].isin(event_ids), "article_id"])
    tables = {}
    for name, table in frames.items():
        keep = table["article_id"].isin(articles)
        if name in ("events", "quotes"):
            keep &= table["event_id"].isin(event_ids)
        tables[name] = table[keep]
    return Frames(**tables)


def features(frames: Frames) -> tuple[list[EventFeature], dict[str, ArticleFeature]]:
    """Event and article features from the compiled tables."""
    places, actors = frames.places, frames.actors
    # Countries and states, as each article types them (so an event's features are its own).
    generic: dict[str, set[str]] = {}
    countries = places[places["kind"] == "country"]
    states = actors[actors["kind"].isin(["state", "alliance"])]
    for article_id, entity in zip(
        [*countries["article_id"], *states["article_id"]],
        [*countries["place_id"], *states["actor_id"]],
        strict=True,
    ):
        generic.setdefault(article_id, set()).add(entity)
    evidence = frames.evidence.sort_values(["article_id", "start"])
    text_of = joined(evidence["event_id"], evidence["text"])
    narration = joined(evidence["article_id"], evidence["text"])
    art = frames.articles
    articles: dict[str, ArticleFeature] = {}
    published = published_days(art)
    for article_id, outlet, cited, day in zip(
        art["article_id"].tolist(), art["outlet"].tolist(), art["attributed_to"].tolist(),
        _optional(published.to_numpy()), strict=True,
    ):  # fmt: skip
        articles[article_id] = ArticleFeature(
            id=article_id,
            outlet=outlet if isinstance(outlet, str) and outlet else None,
            cited=tuple(cited),
            published=day,
            narration=QUOTED.sub(" ", narration.get(article_id, "")),
        )
    ev = frames.events
    columns = [ev[c].tolist() for c in ("event_id", "article_id", "kind", "date_precision",
                                         "date_basis", "countries", "place_ids", "actor_ids",
                                         "title")]  # fmt: skip
    lows, highs = (_optional(w) for w in date_windows(ev, published))
    events = []
    rows = zip(*columns, lows, highs, strict=True)
    for (event_id, article_id, kind, precision, basis, countries, place_ids, actor_ids, title,
         lo, hi) in rows:  # fmt: skip
        day_precise = precision == "day" and basis in ("stated", "inferred")
        events.append(
            EventFeature(
                id=event_id,
                article=article_id,
                kind=kind,
                lo=lo,
                hi=hi,
                day=lo if day_precise else None,
                stated=precision != "unknown",
                countries=frozenset(countries),
                anchors=(frozenset(place_ids) | frozenset(actor_ids))
                - generic.get(article_id, set()),
                words=content_words(f"{title} {text_of.get(event_id, '')}"),
            )
        )
    return events, articles


def day_label(ordinal: int | None) -> str | None:
    return None if ordinal is None else dt.date.fromordinal(ordinal).isoformat()
