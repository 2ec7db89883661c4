"""Place mentions: gazetteer names found by a spaCy component, one entry chosen per mention.

    nlp.add_pipe("sahelwatch_places")      # after "ner" when the model has one
    for span in doc.spans["places"]:
        span.label_, span._.place          # "city", GazetteerPlace(id="plc:menaka", ...)

Names are matched by a `PhraseMatcher` on a shadow copy of the document whose tokens are
normalised like `geo.normalise_name` (case, accents, ’ and dash variants), so "TOMBOUCTOU",
"Tillaberi" and "Saint Petersbourg" find their entries; hyphen and space variants of every
name are patterns too. The longest match wins ("Guinée-Bissau" over "Guinée", "région de
Kidal" over "Kidal"). A mention is kept only when one of its words is capitalised, is not a
word of a person's name (when the pipeline has NER), and its name is not a false friend
(`FALSE_FRIENDS`). A name with several entries is resolved by the article's countries
(`resolve`). Metonymy ("Bamako et Moscou" for the governments) stays a place.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from spacy.lang.fr.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sahelwatch.geo import PLACE_KINDS, Gazetteer, GazetteerPlace, ordinary_word_names
from sahelwatch.model import Place
from sahelwatch.model import Span as Evidence

SPAN_KEY = "places"
COMPONENT = "sahelwatch_places"

# Names never taken alone, with the reason; checked on the normalised name.
FALSE_FRIENDS: dict[str, str] = {
    "reunion": "a meeting ('Réunion des ministres' in a title); the island is 'La Réunion'",
    "tete": "the word 'tête' once accents are ignored; Tete is a city of Mozambique",
    "bush": "a surname; a GeoNames alternate name of Būsh, Egypt",
    "golfe": "'le Golfe' is the Persian Gulf; a GeoNames name of an Angolan town",
    "sahel": "the supranational region; Burkina's region is 'région du Sahel'",
}
PLAIN_NAME = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")
# Bare names of seats of power, places only after a locative word (see `_seat_of_power`).
SEATS_OF_POWER = ("plc:kremlin", "plc:koulouba-palace", "plc:kosyam-palace")
LOCATIVES = frozenset(
    ("à", "au", "aux", "dans", "en", "vers", "sur", "devant", "depuis", "près", "jusqu'au")
)
# Labels of person names in spaCy's French models.
PERSON_LABELS = ("PER", "PERSON")

# The entry's id is what a span stores: `nlp.pipe(n_process=2)` sends docs between processes
# as msgpack, which takes strings, not `GazetteerPlace` objects.
if not Span.has_extension("place_id"):
    Span.set_extension("place_id", default=None)
if not Span.has_extension("place"):
    Span.set_extension(
        "place",
        getter=lambda span: Gazetteer.load().by_id(span._.place_id) if span._.place_id else None,
    )


def place_key(text: str) -> str:
    """One token's matching form: "Tombouctou" → "tombouctou", "N’Djamena" → "n'djamena"."""
    text = text.replace("’", "'").replace("‑", "-").replace("–", "-")
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return bare.casefold() or "_"


def name_variants(name: str) -> set[str]:
    """A name as written and with hyphens and spaces swapped: "Saint-Pétersbourg" ↔
    "Saint Pétersbourg"; "Bobo Dioulasso" ↔ "Bobo-Dioulasso"."""
    name = " ".join(name.replace("’", "'").split())
    return {name, " ".join(name.replace("-", " ").split()), name.replace(" ", "-")}


def _tokenised(nlp: Language, names: list[str]) -> Iterable[tuple[str, list[str]]]:
    """Each name split as the tokenizer splits it. Words of letters split on spaces alone, which
    saves tokenizing most of the gazetteer's 20,000 names; punctuation goes to the tokenizer
    ("Bobo-Dioulasso" → "Bobo - Dioulasso" but "Saint-Pétersbourg" stays one token)."""
    plain = [name for name in names if PLAIN_NAME.fullmatch(name)]
    for name in plain:
        yield name, name.split(" ")
    others = [name for name in names if not PLAIN_NAME.fullmatch(name)]
    for name, doc in zip(others, nlp.tokenizer.pipe(others), strict=True):
        yield name, [t.text for t in doc]


class PlaceRecognizer:
    """The spaCy component; see the module docstring."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.vocab = nlp.vocab
        self.ordinary_words = ordinary_word_names()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_variant: dict[str, list[GazetteerPlace]] = {}
        for entry in gazetteer.entries:
            for name in entry.aliases:
                for variant in name_variants(name):
                    by_variant.setdefault(variant, []).append(entry)
        # Matching key (normalised words joined by spaces) → the entries it can mean.
        self.entries: dict[str, list[GazetteerPlace]] = {}
        for variant, words in _tokenised(nlp, list(by_variant)):
            words = [place_key(word) for word in words if not word.isspace()]
            key = " ".join(words)
            if key not in self.entries:
                self.entries[key] = []
                self.matcher.add(key, [Doc(nlp.vocab, words=words)])
            same = self.entries[key]
            same.extend(e for e in by_variant[variant] if e not in same)

    def __call__(self, doc: Doc) -> Doc:
        shadow = self._shadow(doc)
        spans = []
        for match_id, start, end in self.matcher(shadow):
            key = self.vocab.strings[match_id]
            span = Span(doc, start, end, label=self.entries[key][0].kind)
            if self._plausible(span, key):
                spans.append((span, key))
        kept = set(filter_spans([span for span, _ in spans]))
        mentions = [(span, key) for span, key in spans if span in kept]
        countries = {
            token.i
            for span, key in mentions
            if any(e.kind == "country" for e in self.entries[key])
            for token in span
        }
        mentions = [
            (span, key)
            for span, key in mentions
            if not _inside_a_name(span, countries, self.entries[key])
            and not _seat_of_power(span, self.entries[key])
            and not self._ordinary_word(span, key)
        ]
        context = article_countries([self.entries[key] for _, key in mentions])
        for span, key in mentions:
            entry = resolve(self.entries[key], context)
            span.label_ = entry.kind
            span._.place_id = entry.id
        doc.spans[SPAN_KEY] = [span for span, _ in sorted(mentions, key=lambda m: m[0].start)]
        return doc

    def _shadow(self, doc: Doc) -> Doc:
        words = [place_key(t.text) for t in doc]
        return Doc(self.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])

    def _ordinary_word(self, span: Span, key: str) -> bool:
        """A sentence's first word that is also a French word ("Manga", "Dire que…"), unless
        the name is a country or a city of a million ("Milan", "Kiev")."""
        if key not in self.ordinary_words or not _starts_sentence(span):
            return False
        return all(e.kind != "country" and e.population < 1_000_000 for e in self.entries[key])

    def _plausible(self, span: Span, key: str) -> bool:
        """Capitalised, not a false friend, not a word of a longer person name."""
        if key in FALSE_FRIENDS or not any(t.text[:1].isupper() for t in span):
            return False
        return not any(
            ent.label_ in PERSON_LABELS
            and ent.start <= span.start
            and span.end <= ent.end
            and (ent.start, ent.end) != (span.start, span.end)
            for ent in span.doc.ents
        )


def _inside_a_name(span: Span, countries: set[int], entries: list[GazetteerPlace]) -> bool:
    """One word of a longer proper name: "Vladimir Poutine", "Yacouba Zabré Gouba", "Radio
    Gao", "Vladimir Ivanov" (both towns). A capitalised neighbour that is a country
    ("Ouagadougou Burkina Faso" in a title), an ordinary word ("Moscou Pour") or a sentence's
    first word ("Hier Gao") does not count.
    Countries and sites are exempt: a country is rarely a word of a person's name, and a site
    often follows its generic word ("Aéroport Vnoukovo II")."""
    if len(span) > 1 or any(e.kind in ("country", "site") for e in entries):
        return False
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None

    def name_word(token) -> bool:
        return (
            token.text[:1].isupper()
            and token.is_alpha
            and token.lower_ not in STOP_WORDS
            and token.i not in countries
        )

    if after is not None and name_word(after):
        return True
    if before is None or not name_word(before) or before.i == 0:
        return False
    return not (doc[before.i - 1].is_punct or doc[before.i - 1].is_space)


def _starts_sentence(span: Span) -> bool:
    """First word of a sentence: the parser's sentences when there are any, else punctuation."""
    doc = span.doc
    if doc.has_annotation("SENT_START"):
        return span[0].is_sent_start
    before = doc[: span.start]
    words = [t for t in before if not (t.is_quote or t.is_bracket or t.is_space)]
    return not words or words[-1].text in (".", "!", "?", "…", ":") or "\n" in before[-1].text


def _seat_of_power(span: Span, entries: list[GazetteerPlace]) -> bool:
    """A seat named for the power it houses, when it acts or speaks: "le Kremlin a annoncé",
    "un communiqué du Kremlin" name an institution; "au Kremlin", "à Koulouba" a place."""
    if not any(e.id in SEATS_OF_POWER for e in entries) or len(span) > 1:
        return False
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return before not in LOCATIVES


def article_countries(mentions: Iterable[list[GazetteerPlace]]) -> Counter:
    """Countries an article names without doubt: each unambiguous mention counts once."""
    counts: Counter = Counter()
    for candidates in mentions:
        if len({c.country for c in candidates}) == 1:
            counts[candidates[0].country] += 1
    return counts


def resolve(candidates: list[GazetteerPlace], context: Counter) -> GazetteerPlace:
    """The entry a name means here. A country beats a town of the same name ("Djibouti",
    "Mexico"); then an entry in a country the article names (AES countries before the others:
    "Gao" is Mali's in an article on Mali, Burkina's in one on Burkina); then a national capital
    or a city of a million ("Paris" is France's); then the AES; then the most populous."""

    def rank(entry: GazetteerPlace) -> tuple:
        return (
            entry.kind != "country",
            not context[entry.country],
            not entry.in_aes,
            entry.population < 1_000_000,
            PLACE_KINDS.index(entry.kind),
            -entry.population,
            entry.id,
        )

    return min(candidates, key=rank)


def draft_places(doc: Doc) -> list[Place]:
    """The record's places: one per gazetteer entry, with every mention as evidence, in order
    of first mention. Offsets are the doc's, so the doc must be made from the article text."""
    places: dict[str, Place] = {}
    for span in doc.spans[SPAN_KEY]:
        entry: GazetteerPlace = span._.place
        if entry.id not in places:
            places[entry.id] = Place(
                id=entry.id,
                name=entry.name_fr,
                kind=entry.kind,
                country=entry.country,
                lat=entry.lat,
                lon=entry.lon,
            )
        evidence = Evidence(start=span.start_char, end=span.end_char, text=span.text)
        places[entry.id].mentions.append(evidence)
    return list(places.values())


@Language.factory(COMPONENT)
def make_place_recognizer(nlp: Language, name: str) -> PlaceRecognizer:
    return PlaceRecognizer(nlp, Gazetteer.load())
