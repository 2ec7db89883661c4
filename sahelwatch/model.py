"""Pydantic models of one article's record (`record.json`), the contract other tools read.

Field names follow `DESIGN.md`. Checks that need more than the record itself (the article
text, the topic taxonomy, other records) live in `sahelwatch.checks`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import pycountry
from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    model_serializer,
    model_validator,
)

SCHEMA_VERSION = 1

DatePrecision = Literal["day", "month", "year", "unknown"]
DateBasis = Literal["stated", "inferred", "report", "unknown"]
GeoPrecision = Literal["point", "region", "country"]
Status = Literal["reviewed", "draft"]
QuoteMode = Literal["direct", "indirect"]
EventKind = Literal[
    "statement",
    "press_conference",
    "conference",
    "visit",
    "agreement",
    "negotiation",
    "offer",
    "delivery",
    "training",
    "other",
]
EVENT_KINDS: tuple[str, ...] = EventKind.__args__
ActorKind = Literal["person", "organization", "state", "alliance", "armed_group", "other"]
PlaceKind = Literal["city", "town", "region", "country", "site", "other"]
SourceKind = Literal[
    "state_media",
    "news_agency",
    "newspaper",
    "broadcaster",
    "online_media",
    "government",
    "ngo",
    "social_media",
    "other",
]


@cache
def iso3_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes, from pycountry's copy of the standard."""
    return frozenset(country.alpha_3 for country in pycountry.countries)


def _check_iso3(code: str) -> str:
    if code not in iso3_codes():
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 country code")
    return code


CountryCode = Annotated[str, AfterValidator(_check_iso3)]


def _in_utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def _slug_id(prefix: str):
    """An id such as `evt:bamako-conference-2024-12-01`: a prefix, then lowercase ASCII."""
    return Annotated[
        str,
        Field(pattern=rf"^{prefix}[a-z0-9][a-z0-9._-]*$", max_length=200),
    ]


ArticleId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=200)]
SourceId = _slug_id("src:")
ActorId = _slug_id("act:")
PlaceId = _slug_id("plc:")
EventId = _slug_id("evt:")
QuoteId = _slug_id("q:")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(_Model):
    """Evidence: character offsets into the unmodified article text, and the text there.

    The pair is a W3C Web Annotation TextPositionSelector plus its exact quote.
    """

    start: NonNegativeInt
    end: NonNegativeInt
    text: str = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end <= self.start:
            raise ValueError(f"span end {self.end} must be after its start {self.start}")
        if self.end - self.start != len(self.text):
            raise ValueError(
                f"span {self.start}:{self.end} covers {self.end - self.start} characters "
                f"but its text has {len(self.text)}"
            )
        return self


class FuzzyDate(_Model):
    """A date as precise as the text allows, and how we know it."""

    start: dt.date | None = None
    end: dt.date | None = None
    precision: DatePrecision = "unknown"
    basis: DateBasis = "unknown"
    not_before: dt.date | None = None
    not_after: dt.date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> FuzzyDate:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end date {self.end} is before start date {self.start}")
        if self.precision == "unknown" and (self.start or self.end):
            raise ValueError("a date with precision 'unknown' cannot have a start or end")
        if self.precision != "unknown" and not self.start:
            raise ValueError(f"a date with precision {self.precision!r} needs a start")
        if self.not_before and self.not_after and self.not_after < self.not_before:
            raise ValueError(f"not_after {self.not_after} is before not_before {self.not_before}")
        return self

    @property
    def is_dated(self) -> bool:
        return self.start is not None


class Article(_Model):
    id: ArticleId
    title: str = Field(min_length=1)
    language: str = Field(pattern=r"^[a-z]{2,3}$")
    outlet: str | None = None
    url: AnyHttpUrl | None = None
    published: FuzzyDate = FuzzyDate()
    attributed_to: list[SourceId] = []
    text_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    status: Status
    synthetic: bool = False
    reviewed_by: str | None = Field(default=None, min_length=1, max_length=200)
    reviewed_at: Annotated[AwareDatetime, AfterValidator(_in_utc)] | None = None

    @model_validator(mode="after")
    def _reviewer_of_a_reviewed_record(self) -> Article:
        if self.status != "reviewed" and (self.reviewed_by or self.reviewed_at):
            raise ValueError("only a reviewed record has reviewed_by and reviewed_at")
        return self

    @model_serializer(mode="wrap")
    def _reviewer_only_when_set(self, handler):
        """Records written before review was recorded keep their exact bytes."""
        data = handler(self)
        for name in ("reviewed_by", "reviewed_at"):
            if getattr(self, name) is None:
                data.pop(name, None)
        return data


class Source(_Model):
    id: SourceId
    name: str = Field(min_length=1)
    kind: SourceKind
    country: CountryCode | None = None


class Actor(_Model):
    id: ActorId
    name: str = Field(min_length=1)
    kind: ActorKind
    role: str | None = None
    affiliation: CountryCode | None = None
    mentions: list[Span] = []


class Place(_Model):
    id: PlaceId
    name: str = Field(min_length=1)
    kind: PlaceKind
    country: CountryCode
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    mentions: list[Span] = []

    @model_validator(mode="after")
    def _both_coordinates(self) -> Place:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("a place has both lat and lon, or neither")
        return self


class Event(_Model):
    id: EventId
    title: str = Field(min_length=1)
    summary: str = ""
    kind: EventKind
    date: FuzzyDate
    place_ids: list[PlaceId] = []
    countries: list[CountryCode] = []
    geo_precision: GeoPrecision
    actor_ids: list[ActorId] = []
    topics: list[str] = []
    evidence: list[Span] = Field(min_length=1)


class Quote(_Model):
    """Words an actor said or reported. A machine-made quote whose speaker could not be
    resolved keeps `speaker_id` empty and `needs_review` set: it is never given to a guess."""

    id: QuoteId
    speaker_id: ActorId | None = None
    needs_review: bool = False
    text: str = Field(min_length=1)
    mode: QuoteMode
    event_id: EventId | None = None
    evidence: Span

    @model_serializer(mode="wrap")
    def _flag_only_when_set(self, handler):
        """Records written before the flag existed keep their exact bytes."""
        data = handler(self)
        if not self.needs_review:
            data.pop("needs_review", None)
        return data


class Record(_Model):
    """One article and everything extracted from it."""

    schema_version: Literal[1] = SCHEMA_VERSION
    version: NonNegativeInt = 0
    article: Article
    sources: list[Source] = []
    actors: list[Actor] = []
    places: list[Place] = []
    events: list[Event] = []
    quotes: list[Quote] = []

    @model_serializer(mode="wrap")
    def _version_once_saved(self, handler):
        """`version` counts review saves; a record never saved by a review keeps its bytes."""
        data = handler(self)
        if not self.version:
            data.pop("version", None)
        return data

    def spans(self) -> Iterator[tuple[str, Span]]:
        """Every evidence span with its JSON path, e.g. `events[0].evidence[1]`."""
        for i, actor in enumerate(self.actors):
            for j, span in enumerate(actor.mentions):
                yield f"actors[{i}].mentions[{j}]", span
        for i, place in enumerate(self.places):
            for j, span in enumerate(place.mentions):
                yield f"places[{i}].mentions[{j}]", span
        for i, event in enumerate(self.events):
            for j, span in enumerate(event.evidence):
                yield f"events[{i}].evidence[{j}]", span
        for i, quote in enumerate(self.quotes):
            yield f"quotes[{i}].evidence", quote.evidence

    def to_json(self) -> str:
        """The canonical file form: two-space indent, UTF-8 characters kept, trailing newline."""
        data = self.model_dump(mode="json", exclude_defaults=False)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def json_schema() -> dict:
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Sahel Watch record"
    return schema


def write_json_schema(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", "utf-8")
    return path
