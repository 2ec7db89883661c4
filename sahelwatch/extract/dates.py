"""Dates in French news text, with their precision and basis.

Absolute forms ("1er décembre 2024", "lundi 23 décembre 2024", "en juin 2024", "en 2023")
are `stated`. A day without a year ("le 6 août") and relative forms ("hier", "mardi
dernier") need the publication date: they are `inferred` from it, or left out without it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Token

from sahelwatch.model import FuzzyDate

MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
            "dimanche": 6}  # fmt: skip

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
_DAY = r"(?P<day>1er|[12]\d|3[01]|0?[1-9])"
_DAY2 = r"(?P<day2>1er|[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?P<year>(?:1[0-9]|20)\d{2})"
_NO_YEAR = r"(?!\s*\d)"  # "13 mars 1591" is not "13 mars" of the publication year
# "aujourd'hui" dates an event, except as "nowadays": "est aujourd'hui", "jusqu'à aujourd'hui"
_TODAY = r"(?<!est )(?<!sont )(?<!reste )(?<!à )(?<!d')(?<!d’)aujourd['’]hui(?! encore)"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("span", re.compile(rf"\b(?:(?:la\s+)?nuit\s+)?du\s+{_DAY}\s+au\s+{_DAY2}\s+"
                        rf"(?P<month>{_MONTH})(?:\s+{_YEAR})?{_NO_YEAR}", re.I)),
    ("span", re.compile(rf"\bles\s+{_DAY}\s+et\s+{_DAY2}\s+(?P<month>{_MONTH})"
                        rf"(?:\s+{_YEAR})?{_NO_YEAR}", re.I)),
    ("day", re.compile(rf"\b(?:(?:{_WEEKDAY})\s+)?{_DAY}\s+(?P<month>{_MONTH})\s+{_YEAR}\b", re.I)),
    ("day_no_year", re.compile(rf"\b(?:(?:{_WEEKDAY})\s+)?{_DAY}\s+(?P<month>{_MONTH})\b{_NO_YEAR}",
                               re.I)),
    ("month", re.compile(rf"\b(?P<month>{_MONTH})\s+{_YEAR}\b", re.I)),
    ("year", re.compile(rf"\b(?:en|depuis|courant|fin|début)\s+{_YEAR}\b", re.I)),
    ("relative_day", re.compile(rf"\b(?P<rel>avant-hier|hier|{_TODAY}|ce jour|ce matin)\b",
                                re.I)),
    ("relative_weekday", re.compile(rf"\b(?P<weekday>{_WEEKDAY})\s+(?P<dir>dernier|prochain)\b",
                                    re.I)),
    ("weekday", re.compile(rf"\b(?P<weekday>{_WEEKDAY})\b(?!\s+\d)", re.I)),
]  # fmt: skip
_RELATIVE_DAYS = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "ce jour": 0, "ce matin": 0}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    date: FuzzyDate


def _day(value: str) -> int:
    return 1 if value.lower() == "1er" else int(value)


def _on(day: dt.date, basis: str) -> FuzzyDate:
    return FuzzyDate(start=day, end=day, precision="day", basis=basis)


def _resolve(kind: str, match: re.Match, published: dt.date | None) -> FuzzyDate | None:
    groups = match.groupdict()
    try:
        if kind == "day":
            day = dt.date(int(groups["year"]), MONTHS[groups["month"].lower()], _day(groups["day"]))
            return _on(day, "stated")
        if kind == "month":
            year, month = int(groups["year"]), MONTHS[groups["month"].lower()]
            last = calendar.monthrange(year, month)[1]
            return FuzzyDate(start=dt.date(year, month, 1), end=dt.date(year, month, last),
                             precision="month", basis="stated")  # fmt: skip
        if kind == "year":
            year = int(groups["year"])
            return FuzzyDate(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31),
                             precision="year", basis="stated")  # fmt: skip
        if published is None and kind != "span":
            return None
        if kind == "day_no_year":
            month, day = MONTHS[groups["month"].lower()], _day(groups["day"])
            return _on(_recent(published, month, day), "inferred")
        if kind == "span":
            month = MONTHS[groups["month"].lower()]
            first, last = _day(groups["day"]), _day(groups["day2"])
            if groups.get("year"):
                start = dt.date(int(groups["year"]), month, first)
                basis = "stated"
            elif published is not None:
                start, basis = _recent(published, month, first), "inferred"
            else:
                return None
            end = dt.date(start.year, month, last)
            return FuzzyDate(start=start, end=end, precision="day", basis=basis)
        if kind == "relative_day":
            offset = _RELATIVE_DAYS[" ".join(groups["rel"].lower().replace("’", "'").split())]
            return _on(published + dt.timedelta(days=offset), "inferred")
        if kind == "relative_weekday":
            weekday = WEEKDAYS[groups["weekday"].lower()]
            if groups["dir"].lower() == "prochain":
                ahead = (weekday - published.weekday()) % 7 or 7
                return _on(published + dt.timedelta(days=ahead), "inferred")
            back = (published.weekday() - weekday) % 7 or 7
            return _on(published - dt.timedelta(days=back), "inferred")
        if kind == "weekday":  # "mercredi", "jeudi soir", "ce lundi": the last one, or today
            back = (published.weekday() - WEEKDAYS[groups["weekday"].lower()]) % 7
            return _on(published - dt.timedelta(days=back), "inferred")
    except ValueError:  # 31 février and the like
        return None
    return None


def _recent(published: dt.date, month: int, day: int) -> dt.date:
    """A day without a year: the last one on or before publication (news reports the past;
    "le 6 août" written in December is last August's, "le 30 décembre" written on the 26th is
    last year's)."""
    candidate = dt.date(published.year, month, day)
    if candidate > published:
        candidate = dt.date(published.year - 1, month, day)
    return candidate


def in_background_clause(token: Token) -> bool:
    """True when a date's token hangs from a relative clause in the past, a participle or an
    apposition: background to the sentence's main event, not its date.

    "Le capitaine Traoré, arrivé au pouvoir en septembre 2022, a reçu …" (participle);
    "Wagner, dont le fondateur est mort le 23 août, …" (past relative clause);
    "le Forum, qui se tient du 18 au 21 juin" (present) is not background.
    """
    for ancestor in [token, *token.ancestors]:
        if ancestor.dep_ == "appos":
            return True
        participle = "Part" in ancestor.morph.get("VerbForm") and not any(
            c.dep_.startswith("aux") for c in ancestor.children
        )
        if ancestor.dep_ in ("acl", "advcl") and participle:
            return True
        if ancestor.dep_ == "acl:relcl":
            verb_forms = [ancestor, *(c for c in ancestor.children if c.dep_.startswith("aux"))]
            return any("Past" in t.morph.get("Tense") or "Imp" in t.morph.get("Tense")
                       or "Part" in t.morph.get("VerbForm") for t in verb_forms)  # fmt: skip
        if ancestor.dep_ == "ROOT":
            return False
    return False


def find_dates(text: str, published: dt.date | None = None, offset: int = 0) -> list[DateMention]:
    """Every date mention in `text`, longest forms first, without overlaps, in text order.
    Offsets are shifted by `offset` (the position of `text` in its article)."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            date = _resolve(kind, match, published)
            taken.append((start, end))
            if date is not None:
                found.append(DateMention(offset + start, offset + end, match.group(0), date))
    return sorted(found, key=lambda mention: mention.start)
