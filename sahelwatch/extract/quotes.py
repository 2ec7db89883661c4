"""Quotes in French news text: direct ones between « », “ ” or " ", and reported speech
("X a précisé que …"), each with the phrase that names its speaker, when there is one."""

from __future__ import annotations

import re
from dataclasses import dataclass

SPEECH_VERBS = (
    r"(?:affirmé|déclaré|dit|ajouté|souligné|précisé|indiqué|expliqué|estimé|assuré|martelé|"
    r"lancé|rappelé|annoncé|insisté|réaffirmé|confié|poursuivi|conclu)"
)
_DIRECT = re.compile(r"«\s*(?P<q>[^«»]+?)\s*»|“\s*(?P<q2>[^“”]+?)\s*”|\"\s*(?P<q3>[^\"\n]+?)\s*\"")
_AFTER = re.compile(
    rf"^\s*,?\s*(?:a|avait|ont|aurait)\s+{SPEECH_VERBS}\s+(?P<who>(?:M\.|Mme)?\s*[^,.;:«»“”\"]+?)"
    r"\s*(?:[,.;]|$)"
)
_AFTER_SELON = re.compile(r"^\s*,?\s*(?:selon|d['’]après)\s+(?P<who>[^,.;«»“”\"]+)")
_BEFORE = re.compile(rf"(?P<who>[A-ZÀ-Ý][^,.;:«»“”\"]{{1,60}}?)\s+a\s+{SPEECH_VERBS}\s*:\s*$")
_TITLE_CONTEXT = re.compile(r"(?:intitulée?s?|baptisée?s?|nommée?s?|appelée?s?|dite?s?)\s*$")
_REPORTED = re.compile(
    rf"(?P<who>(?:\b[A-ZÀ-Ý][\w’'.-]*\s+){{0,3}}[\w’'.-]+|\b[Ii]l|\b[Ee]lle)\s+a\s+{SPEECH_VERBS}"
    r"\s+que\s+(?P<clause>[^«»“”]+?)\s*[.!]?\s*$"
)
ANAPHORA = re.compile(r"^(?:il|elle|ils|elles|(?:le|la|l['’])\s*[\w-]+)$", re.IGNORECASE)
MIN_WORDS = 3


@dataclass(frozen=True)
class QuoteMention:
    start: int
    end: int
    text: str
    mode: str  # "direct" or "indirect"
    speaker_cue: str | None  # a name, a pronoun or None: the pipeline resolves it


def _cue(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return None if not value or ANAPHORA.match(value) else value


def find_quotes(text: str, sentences: list[tuple[int, int]]) -> list[QuoteMention]:
    found: list[QuoteMention] = []
    for match in _DIRECT.finditer(text):
        group = next(g for g in ("q", "q2", "q3") if match.group(g))
        start, end = match.span(group)
        quoted = match.group(group)
        if len(quoted.split()) < MIN_WORDS or _TITLE_CONTEXT.search(
            text[max(0, match.start() - 30) : match.start()]
        ):
            continue
        line_end = text.find("\n", match.end())
        after = text[match.end() : line_end if line_end >= 0 else len(text)]
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[line_start : match.start()]
        who = None
        for pattern, context in ((_AFTER, after), (_AFTER_SELON, after), (_BEFORE, before)):
            hit = pattern.search(context)
            if hit:
                who = hit.group("who")
                break
        found.append(QuoteMention(start, end, quoted, "direct", _cue(who)))
    direct_spans = [(q.start, q.end) for q in found]
    for sentence_start, sentence_end in sentences:
        sentence = text[sentence_start:sentence_end]
        hit = _REPORTED.search(sentence)
        if not hit:
            continue
        start, end = sentence_start + hit.start("clause"), sentence_start + hit.end("clause")
        if (
            any(s < end and start < e for s, e in direct_spans)
            or len(hit.group("clause").split()) < MIN_WORDS
        ):
            continue
        found.append(QuoteMention(start, end, text[start:end], "indirect", _cue(hit.group("who"))))
    return sorted(found, key=lambda quote: quote.start)
