"""`Words`: how the interface speaks one language, as a plain value the pure figure builders
take (no Streamlit): UI strings through the catalogue, dates through Babel, topic and country
labels from the project's own French and English names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

from sahelwatch.geo import country_name
from sahelwatch.taxonomy import Topic


@lru_cache(maxsize=8192)
def _format_date(day: dt.date, pattern: str, lang: str) -> str:
    """Babel's `format_date`, remembered: a timeline of 1,700 events asks for the same days
    again and again, and Babel parses the locale and pattern on every call."""
    return format_date(day, format=pattern, locale=lang)


def N_(message: str) -> str:
    """Marks a constant as a UI string for the catalogue; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Words:
    lang: str = "en"
    catalogue: Mapping[str, str] = field(default_factory=dict, repr=False)

    def __call__(self, message: str) -> str:
        """`message` (English, the source language) in this language."""
        return self.catalogue.get(message, message)

    def date(self, day: dt.date) -> str:
        """`1 déc. 2024` / `Dec 1, 2024`."""
        return _format_date(day, "medium", self.lang)

    def long_date(self, day: dt.date) -> str:
        """`1 décembre 2024` / `December 1, 2024`."""
        return _format_date(day, "long", self.lang)

    def month(self, day: dt.date) -> str:
        """`décembre 2024` / `December 2024`."""
        return _format_date(day, "LLLL y", self.lang)

    def short_month(self, day: dt.date) -> str:
        """`déc. 2024` / `Dec 2024`."""
        return _format_date(day, "LLL y", self.lang)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.lang)

    def topic(self, topic: Topic) -> str:
        return topic.label_fr if self.lang == "fr" else topic.label_en

    def country(self, iso3: str) -> str:
        return country_name(iso3, self.lang)

    def kind(self, vocabulary: Mapping[str, str], value: str) -> str:
        """A value of a closed vocabulary (event, source or actor kind) in this language."""
        return self(vocabulary.get(value, value.replace("_", " ")))


ENGLISH = Words()

# The closed vocabularies of the record (`sahelwatch.model`), as the interface names them.
EVENT_KIND_WORDS = {
    "statement": N_("statement"),
    "press_conference": N_("press conference"),
    "conference": N_("conference"),
    "visit": N_("visit"),
    "agreement": N_("agreement"),
    "negotiation": N_("negotiation"),
    "offer": N_("offer"),
    "delivery": N_("delivery"),
    "training": N_("training"),
    "other": N_("other"),
}
SOURCE_KIND_WORDS = {
    "state_media": N_("state media"),
    "news_agency": N_("news agency"),
    "newspaper": N_("newspaper"),
    "broadcaster": N_("broadcaster"),
    "online_media": N_("online media"),
    "government": N_("government"),
    "ngo": N_("NGO"),
    "social_media": N_("social media"),
    "other": N_("other"),
}
ACTOR_KIND_WORDS = {
    "person": N_("person"),
    "organization": N_("organisation"),
    "state": N_("state"),
    "alliance": N_("alliance"),
    "armed_group": N_("armed group"),
    "other": N_("other"),
}
