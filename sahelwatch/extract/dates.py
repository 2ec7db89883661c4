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

from spacy.tokens import Span, Token

from sahelwatch.extract.sentences import inside_guillemets
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
    kind: str = "day"  # the pattern that found it: "day", "weekday", "relative_day", …


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


# Nouns of what a statement is published as: a date on one dates the statement, which is news.
STATEMENT_NOUNS = frozenset(
    ["communiqué", "déclaration", "message", "article", "annonce", "discours", "publication",
     "note", "post", "interview"]
)  # fmt: skip
# Words that point at a day from the publication date: "ce matin", "hier", "ce 29 juillet".
DEICTIC = frozenset(["ce", "cet", "hier", "avant-hier", "aujourd'hui", "aujourd’hui"])


def in_background_clause(token: Token) -> bool:
    """True when a date's token hangs from a relative clause in the past, a participle or an
    apposition: background to the sentence's main event, not its date.

    "Le capitaine Traoré, arrivé au pouvoir en septembre 2022, a reçu …" (participle);
    "Wagner, dont le fondateur est mort le 23 août, …" (past relative clause);
    "le Forum, qui se tient du 18 au 21 juin" (present) is not background, nor is a day said
    from the publication ("qui l'ont accueilli ce matin") or the date of a statement
    ("comme indiqué dans un communiqué du 27 juillet").
    """
    if is_deictic(token):
        return False
    for ancestor in [token, *token.ancestors]:
        if dates_a_statement(ancestor):
            return False
        if ancestor.dep_ == "appos" or in_subject(ancestor, token):
            return True
        participle = "Part" in ancestor.morph.get("VerbForm") and not any(
            c.dep_.startswith("aux") for c in ancestor.children
        )
        if ancestor.dep_ in ("acl", "advcl") and participle:
            return True
        if ancestor.dep_ == "acl:relcl" or is_relative_clause(ancestor):
            verb_forms = [ancestor, *(c for c in ancestor.children if c.dep_.startswith("aux"))]
            return any("Past" in t.morph.get("Tense") or "Imp" in t.morph.get("Tense")
                       or "Part" in t.morph.get("VerbForm") for t in verb_forms)  # fmt: skip
        if ancestor.dep_ == "ROOT":
            return False
    return False


def is_deictic(token: Token) -> bool:
    """The first token of a date said from the publication day, which is the news itself and
    never background: "ce matin", "hier", "ce 29 juillet", "ce samedi 27 janvier"."""
    before = token.nbor(-1).lower_ if token.i > 0 else ""
    return token.lower_ in DEICTIC or before in DEICTIC


def in_subject(ancestor: Token, date: Token) -> bool:
    """The date names a thing by its day ("du 30 septembre") inside the subject noun phrase
    before its verb, which it describes: "l'auteur du putsch du 30 septembre 2022 a promis …"
    (not "…, a dit le ministre mardi", where the parser may hang "mardi" from the inverted
    subject, nor a dateline "Niamey, lundi 23 décembre 2024 — …" parsed as the subject)."""
    return (
        ancestor is not date
        and date.dep_ == "nmod"
        and any(c.dep_ == "case" and c.lower_ in ("du", "de") for c in date.children)
        and ancestor.dep_ in ("nsubj", "nsubj:pass")
        and ancestor.pos_ in ("NOUN", "PROPN")
        and ancestor.i < ancestor.head.i
    )


def dates_a_statement(token: Token) -> bool:
    """A statement noun, or a participle hanging from one: the date is the statement's.

    "un communiqué de l'État-major du 27 juillet" (communiqué), "selon un article publié ce
    jour" (publié, on article)."""
    if token.lemma_.lower() in STATEMENT_NOUNS:
        return True
    return token.dep_ == "acl" and token.head.lemma_.lower() in STATEMENT_NOUNS


def is_relative_clause(verb: Token) -> bool:
    """A verb whose clause opens with a relative pronoun, or with "après que" / "depuis que"
    (what came before the news), whatever the parser labelled it: the first such opener or
    other verb left of it (its own auxiliaries skipped) is an opener.

    "… dont le fondateur, Jean Dupont, est mort le 3 mars", "… deux ans après que le président
    a annoncé, fin mai 2021, …" are; "Le chef qui parle a déclaré le 3 mars" is not (for
    "déclaré", "parle" comes first)."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    for token in reversed(verb.doc[verb.sent.start : verb.i]):
        if token.head.i == verb.i and token.dep_.startswith("aux"):
            continue
        if "Rel" in token.morph.get("PronType"):
            return True
        if token.lower_ in ("que", "qu'", "qu’") and token.i > 0:
            return token.nbor(-1).lower_ in ("après", "depuis")
        if token.pos_ in ("VERB", "AUX"):
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
                found.append(DateMention(offset + start, offset + end, match.group(0), date, kind))
    return sorted(found, key=lambda mention: mention.start)


# Forms resolved against the publication day: inside a quotation they count from the day the
# words were said, which the article does not give ("« Hier, nous avons signé »").
SAID_FROM_NOW = frozenset(["relative_day", "relative_weekday", "weekday"])
# Forms that `_resolve` takes as the last such day; a clause in the future means the next one.
FORWARD = frozenset(["weekday", "day_no_year"])


def event_dates(sentence: Span, published: dt.date | None) -> list[DateMention]:
    """The dates of a sentence's own events, in text order: its date mentions without the
    background ones, without days counted from a quotation's unknown "now", and with a bare
    weekday or a day without a year in a future clause taken forward ("Il se rendra à Niamey
    samedi": the next Saturday)."""
    text = sentence.text
    dates = []
    for mention in find_dates(text, published, sentence.start_char):
        span = sentence.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or in_background_clause(span[0]):
            continue
        if mention.kind in SAID_FROM_NOW and inside_guillemets(
            text[: mention.start - sentence.start_char]
        ):
            continue
        if mention.kind in FORWARD and published is not None and in_future_clause(span[0]):
            mention = _forward(mention, published)
        dates.append(mention)
    return dates


def in_future_clause(token: Token) -> bool:
    """The verb the date hangs from is in the future, or planned: "se rendra … samedi",
    "sera reçue jeudi", "va signer jeudi", "doit se tenir mardi", "est prévue vendredi"."""
    verb = next((t for t in [token, *token.ancestors] if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    forms = [verb, *(c for c in verb.children if c.dep_.startswith("aux"))]
    if any("Fut" in t.morph.get("Tense") for t in forms):
        return True
    if verb.lemma_ == "prévoir" and any(c.dep_ == "aux:pass" for c in verb.children):
        return True
    return "Inf" in verb.morph.get("VerbForm") and verb.head.lemma_ in ("aller", "devoir")


def _forward(mention: DateMention, published: dt.date) -> DateMention:
    """The same day taken on or after publication instead of on or before it."""
    day = mention.date.start
    if day < published:
        if mention.kind == "weekday":
            day += dt.timedelta(days=7)
        else:
            try:
                day = day.replace(year=day.year + 1)
            except ValueError:  # 29 February
                return mention
    return DateMention(mention.start, mention.end, mention.text, _on(day, "inferred"),
                       mention.kind)  # fmt: skip
