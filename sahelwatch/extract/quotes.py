"""Quotes in French news text: direct ones between « », “ ” or " ", and reported speech (the
complement of a reporting verb, the clause before an inverted "…, a précisé X", or a sentence
told "selon X"), each with the token that heads its speaker phrase when the parse gives one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sahelwatch.extract.speakers import DOCUMENT_NOUNS, PRONOUNS, is_reporting_verb, subject_of

_DIRECT = re.compile(r"«\s*(?P<q>[^«»]+?)\s*»|“\s*(?P<q2>[^“”]+?)\s*”|\"\s*(?P<q3>[^\"\n]+?)\s*\"")
_TITLE_CONTEXT = re.compile(r"(?:intitulée?s?|baptisée?s?|nommée?s?|appelée?s?|dite?s?)\s*$")
MIN_WORDS = 3


@dataclass(frozen=True)
class QuoteMention:
    start: int
    end: int
    text: str
    mode: str  # "direct" or "indirect"
    speaker: Token | None  # the head of the speaker phrase, when the sentence names one
    continues: bool = False  # no attribution of its own, right after an attributed quote
    relay: bool = False  # told "selon X" only: reported speech, or just the outlet relayed


def direct_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the words between quotation marks, titles excepted.

    « Nous ne partirons pas », a-t-il dit → the four words; a conference "intitulée « L'AES
    et la Russie »" is a title, not a quote; two-word scare quotes are not quotes either.
    """
    spans = []
    for match in _DIRECT.finditer(text):
        group = next(g for g in ("q", "q2", "q3") if match.group(g))
        start, end = match.span(group)
        title = _TITLE_CONTEXT.search(text[max(0, match.start() - 30) : match.start()])
        if len(match.group(group).split()) >= MIN_WORDS and not title:
            spans.append((start, end))
    return spans


def selon_head(sentence: Span) -> Token | None:
    """The noun after "selon" / "d'après", or after a sentence-initial "Pour" that ends with
    a comma: "selon un communiqué de l'armée" → communiqué; "Pour le ministre, « … »" →
    ministre."""
    first = sentence[0]
    if first.lower_ == "pour" and any(t.text == "," for t in sentence[1:12]):
        following = [t for t in sentence[1:12] if t.pos_ in ("NOUN", "PROPN")]
        if following:
            return following[0]
    for token in sentence:
        if token.lower_ == "selon" or (
            token.lower_ == "après" and token.i > 0 and token.nbor(-1).lower_ in ("d'", "d’")
        ):
            following = [t for t in sentence if t.i > token.i and t.pos_ in ("NOUN", "PROPN")]
            head = token.head if token.head.i > token.i else None
            return head or (following[0] if following else None)
    return None


def _outside(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """The words of text[start:end] that are not between quotation marks."""
    kept = [
        c for i, c in enumerate(text[start:end], start) if not any(s <= i < e for s, e in spans)
    ]
    return "".join(kept).replace("«", " ").replace("»", " ")


def _inside(token: Token, spans: list[tuple[int, int]]) -> bool:
    return any(s <= token.idx < e for s, e in spans)


def _clip(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in ' ,.;:!?»”"\n':
        end -= 1
    while start < end and text[start] in ' ,;:«“"\n':
        start += 1
    lead = re.match(r"(?:que|qu['’])\s*", text[start:end])
    return (start + lead.end() if lead else start), end


def _clause_end(sentence: Span, last: Token) -> int:
    """Where reported words stop: the next comma or the sentence's end, whichever is first."""
    for token in sentence[last.i - sentence.start + 1 :]:
        if token.text in (",", ";", ":"):
            return token.idx
    return sentence.end_char


def _complement(verb: Token, subject: Token | None, sentence: Span) -> tuple[int, int] | None:
    """What a reporting verb reports: its "que" clause or object, or the clause before it when
    the attribution is inverted ("Une patrouille a été attaquée, a rapporté l'armée")."""
    inverted = subject is not None and subject.i > verb.i
    que = next((t for t in sentence.doc[verb.i + 1 : min(sentence.end, verb.i + 8)]
                if t.lower_ in ("que", "qu'", "qu’")), None)  # fmt: skip
    if que is not None and not inverted and que.i + 1 < sentence.end:
        return sentence.doc[que.i + 1].idx, sentence.end_char
    for child in () if inverted else verb.children:
        document = child.lemma_.lower() in DOCUMENT_NOUNS  # "a publié un communiqué"
        if child.dep_ == "ccomp" or (child.dep_ == "obj" and child is not subject and not document):
            tokens = [t for t in child.subtree if sentence.start <= t.i < sentence.end]
            if child.dep_ == "ccomp":
                tokens = [t for t in tokens if not (t.dep_ == "mark" and t.head is child)]
            else:  # "a affirmé sa volonté, fin mai, de disposer d'une centrale": up to the end
                tokens += [t for x in verb.children if x.dep_ == "xcomp" and x.i > child.i
                           for t in x.subtree if t.i < sentence.end]  # fmt: skip
            if tokens and tokens[0].i > verb.i:
                return tokens[0].idx, _clause_end(sentence, tokens[-1])
    first = next((t for t in verb.lefts if t.dep_.startswith("aux")), verb)
    comma = next((t for t in reversed(sentence[: first.i - sentence.start]) if t.text == ","), None)
    rest = sentence[verb.i - sentence.start + 1 :]
    incise = any(t.pos_ == "VERB" and "Fin" in t.morph.get("VerbForm") for t in rest)
    after = _after_incise(subject, sentence) if inverted else None
    if after is not None:
        return after
    if inverted and comma is not None and not incise:
        return sentence.start_char, comma.idx
    return None


def _after_incise(subject: Token, sentence: Span) -> tuple[int, int] | None:
    """What an incise in mid-sentence (a clitic subject closed by a comma) introduces: the
    words after that comma, to the sentence's end. "… sachant que, poursuit-il, la centrale
    sera construite en 2030." → "la centrale sera construite en 2030"."""
    after = subject.i + 1
    if subject.lower_ in PRONOUNS and after + 3 < sentence.end and subject.nbor().text == ",":
        return sentence.doc[after + 1].idx, sentence.end_char
    return None


def _next_speaker(attributed, verb: Token, span: tuple[int, int]) -> int | None:
    """Where another speaker's attribution starts inside what `verb` reports: "Le communiqué
    souligne que l'accord est signé, deux ans après que le président a affirmé sa volonté de
    …" → the offset of "le président", where the communiqué's words stop and his begin."""
    for other, subject in attributed:
        if subject is None or other.i <= verb.i or subject.i > other.i:
            continue
        first = min((t for t in subject.subtree if t.i <= subject.i), key=lambda t: t.i)
        if span[0] < first.idx < span[1]:
            return first.idx
    return None


def find_quotes(doc: Doc) -> list[QuoteMention]:
    """Every quote of the document, in text order."""
    text = doc.text  # built from the tokens on every access: read it once
    directs = direct_spans(text)
    found: list[QuoteMention] = []
    previous_had_direct = False
    for sentence in doc.sents:
        inside = [(s, e) for s, e in directs if sentence.start_char <= s < sentence.end_char]
        verbs = [t for t in sentence if is_reporting_verb(t) and not _inside(t, inside)]
        attributed = [(v, subject_of(v)) for v in verbs]
        selon = selon_head(sentence)
        if selon is not None and _inside(selon, directs):
            selon = None
        for start, end in inside:
            with_subject = [
                (v, s) for v, s in attributed if s is not None and not _inside(s, inside)
            ]
            nearest = min(with_subject, key=lambda vs: abs(vs[0].idx - start), default=None)
            speaker = nearest[1] if nearest else selon
            if selon is not None and (speaker is None or speaker.lower_ in PRONOUNS):
                speaker = selon  # "D'après le ministre, il s'agit d'« … », poursuit-il"
            continues = speaker is None and not verbs and previous_had_direct
            found.append(QuoteMention(start, end, text[start:end], "direct", speaker, continues))
        for verb, subject in attributed:
            span = _complement(verb, subject, sentence)
            if span is None:
                continue
            next_speaker = _next_speaker(attributed, verb, span)
            if next_speaker is not None:
                span = (span[0], next_speaker)
            start, end = _clip(text, *span)
            outside = _outside(text, start, end, inside)
            if len(outside.split()) >= MIN_WORDS:
                # "Selon un communiqué de X rapporté par Y, c'est …": a verb with no subject of
                # its own tells the "selon" phrase's words.
                speaker, relay = (subject, False) if subject is not None else (selon, True)
                found.append(QuoteMention(start, end, text[start:end], "indirect", speaker,
                                          relay=relay and selon is not None))  # fmt: skip
                if next_speaker is None:
                    break
        else:
            if selon is not None and not inside:
                found.append(_selon_quote(text, sentence, selon))
        previous_had_direct = bool(inside)
    return sorted((q for q in found if q is not None), key=lambda quote: quote.start)


def _selon_quote(text: str, sentence: Span, selon: Token) -> QuoteMention | None:
    """The sentence around a "selon X" phrase, as reported speech by X."""
    cue = next(t for t in sentence if t.lower_ in ("selon", "après") and t.i <= selon.i)
    if cue.lower_ == "après":
        cue = cue.nbor(-1)
    phrase_end = max(t.i for t in selon.subtree if t.i < sentence.end) + 1
    before = (sentence.start_char, cue.idx)
    doc = sentence.doc
    after = (doc[phrase_end].idx if phrase_end < sentence.end else sentence.end_char,
             sentence.end_char)  # fmt: skip
    start, end = _clip(text, *max(before, after, key=lambda s: s[1] - s[0]))
    if len(text[start:end].split()) < MIN_WORDS:
        return None
    return QuoteMention(start, end, text[start:end], "indirect", selon, relay=True)
