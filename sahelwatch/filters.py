"""The view state (filters, selected event, article) and its URL form.

Shared links are a public interface: the parameter names below are documented in the README
and must keep working across versions. Parsing never raises: anything unknown or malformed is
dropped or corrected, with a notice the UI shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

# Public URL parameters, in the order they are written.
PARAM_TOPIC = "topic"
PARAM_COUNTRY = "country"
PARAM_FROM = "from"
PARAM_TO = "to"
PARAM_UNDATED = "undated"
PARAM_ACTOR = "actor"
PARAM_SOURCE = "source"
PARAM_QUERY = "q"
PARAM_DRAFTS = "drafts"
PARAM_EVENT = "event"
PARAM_ARTICLE = "article"
PARAM_LANG = "lang"
PARAM_ORIGINS = "origins"
PARAM_STORY = "story"
MAX_ORIGINS = 20
LANGUAGES = ("en", "fr")  # the interface's languages; `lang=` in a link picks one
QUERY_PARAMS = (
    PARAM_TOPIC, PARAM_COUNTRY, PARAM_FROM, PARAM_TO, PARAM_UNDATED, PARAM_ACTOR, PARAM_SOURCE,
    PARAM_QUERY, PARAM_DRAFTS, PARAM_EVENT, PARAM_ARTICLE, PARAM_LANG, PARAM_ORIGINS,
    PARAM_STORY,
)  # fmt: skip
LIST_PARAMS = (PARAM_TOPIC, PARAM_COUNTRY, PARAM_ACTOR, PARAM_SOURCE)

MAX_QUERY_LENGTH = 200
MAX_PARAM_LENGTH = 2000
# The dates the filter widgets offer (widened to the data's own range when it goes beyond).
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)


class Notice(str):
    """A notice about a link, in English, that keeps its template and values so the interface
    can show it in another language (`components.i18n.notice_text`)."""

    template: str
    values: dict

    def __new__(cls, template: str, **values: object) -> Notice:
        notice = super().__new__(cls, template.format(**values))
        notice.template, notice.values = template, values
        return notice


@dataclass(frozen=True)
class Filter:
    """What the analyst asked to see. Empty tuples mean "no restriction"."""

    topics: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    include_undated: bool = True
    actors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    q: str = ""
    include_drafts: bool = True
    min_origins: int = 1  # stories with at least this many independent origins

    def toggle_country(self, iso3: str) -> Filter:
        countries = tuple(c for c in self.countries if c != iso3)
        if len(countries) == len(self.countries):
            countries = (*self.countries, iso3)
        return replace(self, countries=countries)


@dataclass(frozen=True)
class ViewState:
    filter: Filter = field(default_factory=Filter)
    event: str | None = None
    article: str | None = None
    lang: str | None = None  # None: the deployment's default language
    story: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    """The values a link may name; anything else is dropped with a notice."""

    topics: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    stories: frozenset[str] = frozenset()


def _values(params: Mapping[str, str | Sequence[str]], key: str) -> list[str]:
    value = params.get(key)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _short(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _parse_list(key: str, raw: list[str], known: frozenset[str], notices: list[str]):
    items: list[str] = []
    for value in raw:
        for item in value.split(","):
            item = item.strip()
            if not item or item in items:
                continue
            if item in known:
                items.append(item)
            else:
                notices.append(
                    Notice(
                        "Ignored unknown {key} {value!r} in the link.", key=key, value=_short(item)
                    )
                )
    return tuple(items)


def _single(key: str, raw: list[str], notices: list[str]) -> str | None:
    if not raw:
        return None
    if len(raw) > 1:
        notices.append(Notice("The link repeats {key!r}; the last value is used.", key=key))
    return raw[-1]


def _parse_date(key: str, value: str | None, notices: list[str]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        notices.append(
            Notice(
                "Ignored {key}={value!r}: not a date like 2024-12-01.", key=key, value=_short(value)
            )
        )
        return None


def _parse_flag(key: str, value: str | None, default: bool, notices: list[str]) -> bool:
    if value is None:
        return default
    if value in ("1", "0"):
        return value == "1"
    notices.append(Notice("Ignored {key}={value!r}: use 1 or 0.", key=key, value=_short(value)))
    return default


def parse_query_params(
    params: Mapping[str, str | Sequence[str]], vocab: Vocabulary
) -> tuple[ViewState, list[str]]:
    """The view a link describes, and notices about what in it was ignored or corrected."""
    notices: list[str] = []
    for key in params:
        if key not in QUERY_PARAMS:
            notices.append(Notice("Ignored unknown link parameter {key!r}.", key=_short(key)))
    raw = {}
    for key in QUERY_PARAMS:
        values = _values(params, key)
        if any(len(v) > MAX_PARAM_LENGTH for v in values) and key != PARAM_QUERY:
            notices.append(Notice("Ignored {key!r}: the value is too long.", key=key))
            values = []
        raw[key] = values
    single = {k: _single(k, raw[k], notices) for k in QUERY_PARAMS if k not in LIST_PARAMS}
    date_from = _parse_date(PARAM_FROM, single[PARAM_FROM], notices)
    date_to = _parse_date(PARAM_TO, single[PARAM_TO], notices)
    if date_from and date_to and date_to < date_from:
        notices.append(Notice("The link's dates were reversed; they have been swapped."))
        date_from, date_to = date_to, date_from
    q = (single[PARAM_QUERY] or "").strip()
    if len(q) > MAX_QUERY_LENGTH:
        notices.append(Notice("The search text was cut to {n} characters.", n=MAX_QUERY_LENGTH))
        q = q[:MAX_QUERY_LENGTH]
    flt = Filter(
        topics=_parse_list(PARAM_TOPIC, raw[PARAM_TOPIC], vocab.topics, notices),
        countries=_parse_list(PARAM_COUNTRY, raw[PARAM_COUNTRY], vocab.countries, notices),
        date_from=date_from,
        date_to=date_to,
        include_undated=_parse_flag(PARAM_UNDATED, single[PARAM_UNDATED], True, notices),
        actors=_parse_list(PARAM_ACTOR, raw[PARAM_ACTOR], vocab.actors, notices),
        sources=_parse_list(PARAM_SOURCE, raw[PARAM_SOURCE], vocab.sources, notices),
        q=q,
        include_drafts=_parse_flag(PARAM_DRAFTS, single[PARAM_DRAFTS], True, notices),
        min_origins=_parse_origins(single[PARAM_ORIGINS], notices),
    )
    event = _known_id(PARAM_EVENT, single[PARAM_EVENT], vocab.events, notices)
    article = _known_id(PARAM_ARTICLE, single[PARAM_ARTICLE], vocab.articles, notices)
    lang = single[PARAM_LANG]
    if lang and lang not in LANGUAGES:
        notices.append(
            Notice("Ignored lang {value!r}: choose one of {choices}.", value=_short(lang),
                   choices=", ".join(LANGUAGES))
        )  # fmt: skip
        lang = None
    story = _known_id(PARAM_STORY, single[PARAM_STORY], vocab.stories, notices)
    return ViewState(flt, event, article, lang or None, story), notices


def _parse_origins(value: str | None, notices: list[str]) -> int:
    """`origins=N`: stories with at least N independent origins (1 to `MAX_ORIGINS`)."""
    if not value:
        return 1
    if not value.isdigit() or not 1 <= int(value) <= MAX_ORIGINS:
        notices.append(
            Notice("Ignored origins={value!r}: a whole number from 1 to {most}.",
                   value=_short(value), most=MAX_ORIGINS)
        )  # fmt: skip
        return 1
    return int(value)


def _known_id(key: str, value: str | None, known: frozenset[str], notices: list[str]):
    if not value:
        return None
    if value in known:
        return value
    notices.append(
        Notice("Ignored unknown {key} {value!r} in the link.", key=key, value=_short(value))
    )
    return None


def to_query_params(state: ViewState) -> dict[str, str]:
    """The shortest link for a view: defaults are left out, lists are comma-separated."""
    flt = state.filter
    params = {
        PARAM_TOPIC: ",".join(flt.topics),
        PARAM_COUNTRY: ",".join(flt.countries),
        PARAM_FROM: flt.date_from.isoformat() if flt.date_from else "",
        PARAM_TO: flt.date_to.isoformat() if flt.date_to else "",
        PARAM_UNDATED: "" if flt.include_undated else "0",
        PARAM_ACTOR: ",".join(flt.actors),
        PARAM_SOURCE: ",".join(flt.sources),
        PARAM_QUERY: flt.q,
        PARAM_DRAFTS: "" if flt.include_drafts else "0",
        PARAM_EVENT: state.event or "",
        PARAM_ARTICLE: state.article or "",
        PARAM_LANG: state.lang or "",
        PARAM_ORIGINS: str(flt.min_origins) if flt.min_origins > 1 else "",
        PARAM_STORY: state.story or "",
    }
    return {key: value for key, value in params.items() if value}


def date_range(first: dt.date | None, last: dt.date | None) -> tuple[dt.date, dt.date]:
    """The dates a filter may hold: `DATE_MIN`–`DATE_MAX`, widened to the data's range."""
    return min(DATE_MIN, first or DATE_MIN), max(DATE_MAX, last or DATE_MAX)


def fit_dates(flt: Filter, first: dt.date | None, last: dt.date | None) -> tuple[Filter, list[str]]:
    """A link's dates checked against the data's range (`first`, `last`: the first and last
    day any event covers), with a notice for each date outside it.

    A date beyond `date_range` (`from=0001-01-01`, `to=9999-12-31`), which the store and the
    date widgets cannot hold, is dropped when it would select nothing more (a start before
    the range, an end after it) and moved to the range's bound when it selects no dated
    event (a start after the range, an end before it). Other dates are kept as asked.
    """
    notices: list[str] = []
    low, high = date_range(first, last)
    date_from, date_to = flt.date_from, flt.date_to
    if date_from and date_from < low:
        notices.append(Notice("Ignored from={date}: {span}.", date=date_from.isoformat(),
                              span=_span(first, last)))  # fmt: skip
        date_from = None
    elif date_from and date_from > high:
        notices.append(Notice("from={date} is replaced by {bound}: {span}.",
                              date=date_from.isoformat(), bound=high.isoformat(),
                              span=_span(first, last)))  # fmt: skip
        date_from = high
    elif date_from and (first is None or not first <= date_from <= last):
        notices.append(Notice("from={date}: {span}.", date=date_from.isoformat(),
                              span=_span(first, last)))  # fmt: skip
    if date_to and date_to > high:
        notices.append(Notice("Ignored to={date}: {span}.", date=date_to.isoformat(),
                              span=_span(first, last)))  # fmt: skip
        date_to = None
    elif date_to and date_to < low:
        notices.append(Notice("to={date} is replaced by {bound}: {span}.",
                              date=date_to.isoformat(), bound=low.isoformat(),
                              span=_span(first, last)))  # fmt: skip
        date_to = low
    elif date_to and (last is None or not first <= date_to <= last):
        notices.append(Notice("to={date}: {span}.", date=date_to.isoformat(),
                              span=_span(first, last)))  # fmt: skip
    return replace(flt, date_from=date_from, date_to=date_to), notices


def _span(first: dt.date | None, last: dt.date | None) -> Notice:
    if first is None or last is None:
        return Notice("no event is dated")
    return Notice("events are dated {first} to {last}", first=first.isoformat(),
                  last=last.isoformat())  # fmt: skip
