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
_YEAR = r"(?P<year>(?:19|20)\d{2})"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("day", re.compile(rf"\b(?:(?:{_WEEKDAY})\s+)?{_DAY}\s+(?P<month>{_MONTH})\s+{_YEAR}\b", re.I)),
    ("day_no_year", re.compile(rf"\b(?:(?:{_WEEKDAY})\s+)?{_DAY}\s+(?P<month>{_MONTH})\b", re.I)),
    ("month", re.compile(rf"\b(?P<month>{_MONTH})\s+{_YEAR}\b", re.I)),
    ("year", re.compile(rf"\b(?:en|depuis|courant|fin|début)\s+{_YEAR}\b", re.I)),
    ("relative_day", re.compile(r"\b(?P<rel>avant-hier|hier|aujourd['’]hui)\b", re.I)),
    ("relative_weekday", re.compile(rf"\b(?P<weekday>{_WEEKDAY})\s+dernier\b", re.I)),
]
_RELATIVE_DAYS = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "aujourd’hui": 0}


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
        if published is None:
            return None
        if kind == "day_no_year":
            month, day = MONTHS[groups["month"].lower()], _day(groups["day"])
            candidate = dt.date(published.year, month, day)
            if candidate > published:  # news reports the past: "le 6 août" is the last one
                candidate = dt.date(published.year - 1, month, day)
            return _on(candidate, "inferred")
        if kind == "relative_day":
            offset = _RELATIVE_DAYS[groups["rel"].lower().replace("’", "'")]
            return _on(published + dt.timedelta(days=offset), "inferred")
        if kind == "relative_weekday":
            back = (published.weekday() - WEEKDAYS[groups["weekday"].lower()]) % 7 or 7
            return _on(published - dt.timedelta(days=back), "inferred")
    except ValueError:  # 31 février and the like
        return None
    return None


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
