"""Validation of a record against its article text, the taxonomy and itself.

Every problem names the file, relative to the data folder, and the JSON path of the offending
field, so a reviewer can go straight to it: `articles/x/record.json: events[2].evidence[0]: ...`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from sahelwatch.model import FuzzyDate, Record
from sahelwatch.storage import text_sha256


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


def json_path(loc: Sequence[str | int]) -> str:
    """`('events', 2, 'date')` -> `events[2].date`; the empty path is `$`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "$"


def validation_problems(file: Path | str, error: ValidationError) -> list[Problem]:
    return [
        Problem(str(file), json_path(err["loc"]), err["msg"].removeprefix("Value error, "))
        for err in error.errors()
    ]


def _shorten(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def span_problems(record: Record, text: str) -> Iterable[tuple[str, str]]:
    for path, span in record.spans():
        if span.end > len(text):
            yield path, f"span {span.start}:{span.end} is past the end of the article"
        elif text[span.start : span.end] != span.text:
            yield (
                path,
                (
                    f"evidence text {_shorten(span.text)} does not match the article at "
                    f"{span.start}:{span.end} ({_shorten(text[span.start : span.end])})"
                ),
            )


def duplicate_id_problems(record: Record) -> Iterable[tuple[str, str]]:
    first_seen: dict[str, str] = {}
    for section in ("sources", "actors", "places", "events", "quotes"):
        for i, item in enumerate(getattr(record, section)):
            path = f"{section}[{i}].id"
            if item.id in first_seen:
                yield path, f"duplicate id {item.id!r} (first at {first_seen[item.id]})"
            else:
                first_seen[item.id] = path


def reference_problems(record: Record) -> Iterable[tuple[str, str]]:
    sources = {s.id for s in record.sources}
    actors = {a.id for a in record.actors}
    places = {p.id for p in record.places}
    events = {e.id for e in record.events}
    for j, source_id in enumerate(record.article.attributed_to):
        if source_id not in sources:
            yield f"article.attributed_to[{j}]", f"unknown source id {source_id!r}"
    for i, event in enumerate(record.events):
        for j, place_id in enumerate(event.place_ids):
            if place_id not in places:
                yield f"events[{i}].place_ids[{j}]", f"unknown place id {place_id!r}"
        for j, actor_id in enumerate(event.actor_ids):
            if actor_id not in actors:
                yield f"events[{i}].actor_ids[{j}]", f"unknown actor id {actor_id!r}"
    for i, quote in enumerate(record.quotes):
        if quote.speaker_id is not None and quote.speaker_id not in actors:
            yield f"quotes[{i}].speaker_id", f"unknown actor id {quote.speaker_id!r}"
        if quote.event_id is not None and quote.event_id not in events:
            yield f"quotes[{i}].event_id", f"unknown event id {quote.event_id!r}"


def topic_problems(record: Record, topic_ids: frozenset[str]) -> Iterable[tuple[str, str]]:
    for i, event in enumerate(record.events):
        for j, topic in enumerate(event.topics):
            if topic not in topic_ids:
                yield (
                    f"events[{i}].topics[{j}]",
                    (f"unknown topic {topic!r} (known: {', '.join(sorted(topic_ids))})"),
                )


# The dates a record may hold. The store keeps dates as nanosecond timestamps (the unit of
# pandas, of the store's Arrow columns and of what DuckDB hands back to pandas), which reach
# from 1677-09-21 to 2262-04-11. Records are held to the whole years inside that span, so a date
# truncated to its month or year (timeline bins) or a day after the last one (a filter's "to")
# stays inside too. News of the AES needs nothing near either end: a date out there is a typo
# (1025 for 2025), and is named by `validate` instead of failing the compile.
STORE_DATES = (dt.date(1678, 1, 1), dt.date(2261, 12, 31))


def _fuzzy_dates(record: Record) -> Iterable[tuple[str, FuzzyDate]]:
    yield "article.published", record.article.published
    for i, event in enumerate(record.events):
        yield f"events[{i}].date", event.date


def date_range_problems(record: Record) -> Iterable[tuple[str, str]]:
    first, last = STORE_DATES
    for path, fuzzy in _fuzzy_dates(record):
        for name in ("start", "end", "not_before", "not_after"):
            day = getattr(fuzzy, name)
            if day is not None and not first <= day <= last:
                yield (
                    f"{path}.{name}",
                    f"{day} is outside the dates the store can hold ({first} to {last})",
                )


def check_record(
    record: Record, text: str, topic_ids: frozenset[str], file: Path | str = "record.json"
) -> list[Problem]:
    """Every problem with a parsed record that the model alone cannot see."""
    found: list[tuple[str, str]] = []
    if record.article.text_sha256 != text_sha256(text):
        found.append(("article.text_sha256", "does not match the sha256 of article.txt"))
    found += date_range_problems(record)
    found += span_problems(record, text)
    found += duplicate_id_problems(record)
    found += reference_problems(record)
    found += topic_problems(record, topic_ids)
    return [Problem(str(file), path, message) for path, message in found]
