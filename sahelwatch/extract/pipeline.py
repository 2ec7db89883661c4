"""From article text to a draft `Record`.

One spaCy pass gives sentences, entities and lemmas; everything else is rules over those and
the shipped data (gazetteer, country names, topic lexicon, known sources). Every item keeps an
evidence span into the unmodified text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sahelwatch.actors import KnownActor, load_actors
from sahelwatch.extract.dates import event_dates
from sahelwatch.extract.language import detect_language, language_name
from sahelwatch.extract.people import (
    add_actor_ruler,
    is_common_word,
    is_person_name,
    strip_title,
    surname_key,
)
from sahelwatch.extract.places import COMPONENT as PLACE_COMPONENT
from sahelwatch.extract.places import SPAN_KEY as PLACE_SPANS
from sahelwatch.extract.quotes import QuoteMention, find_quotes
from sahelwatch.extract.relays import cited_sources
from sahelwatch.extract.sentences import (
    is_clause,
    sahel_sentences,  # noqa: F401 (registers the component)
)
from sahelwatch.extract.speakers import (
    DOCUMENT_NOUNS,
    PRONOUNS,
    RoleIndex,
    descriptor_words,
    is_body_noun,
    phrase,
    subject_of,
)
from sahelwatch.extract.topics import sentence_topics
from sahelwatch.extract.typography import adapt as adapt_typography
from sahelwatch.geo import AES_COUNTRIES, Gazetteer
from sahelwatch.model import (
    Actor,
    Article,
    Event,
    FuzzyDate,
    Place,
    Quote,
    Record,
    Source,
    Span,
)
from sahelwatch.storage import text_sha256
from sahelwatch.taxonomy import KnownSource, Topic, load_sources, load_topics
from sahelwatch.text import slug

MODELS = {"fr": "fr_core_news_sm"}
SHIPPED_DATA = Path(__file__).resolve().parents[2] / "data"
MAX_TEXT_CHARS = 200_000
# A pasted page can hold thousands of sentences or quotation marks (issue 10: 10,000 quotes took
# 41 s and 1.3 GB). A draft keeps the first ones and says so; a person reviews it anyway.
MAX_EVENTS = 500
MAX_QUOTES = 500
log = logging.getLogger(__name__)
ROLE_WORDS = (
    r"(?:vice-)?(?:Premier ministre|ministre|président|présidente|ambassadeur|ambassadrice|"
    r"porte-parole|général|colonel|capitaine|chef|directeur|directrice|secrétaire|"
    r"commandant|représentant|représentante|conseiller|conseillère|gouverneur)"
)
ROLE_BEFORE_NAME = re.compile(
    rf"(?:l['’]|le |la )(?P<role>{ROLE_WORDS}[^;:.«»\"“”()]{{0,80}}?)\s*,?\s*$", re.IGNORECASE
)
ROLE_AFTER_NAME = re.compile(
    rf"^\s*,\s*(?P<role>{ROLE_WORDS}[^,;:.«»\"“”()]{{0,80}})", re.IGNORECASE
)
ROLE_ALONE = re.compile(
    rf"\b(?:l['’]|le |la )(?P<role>{ROLE_WORDS}(?:\s+(?!lors\b|a\b|ont\b|est\b)[\w’'-]+){{0,7}})",
    re.IGNORECASE,
)
ALLIANCE = re.compile(
    r"\b(?:la\s+)?(?:Confédération(?:\s+(?:de\s+l['’]Alliance|des\s+États)\s+(?:des\s+États\s+)?"
    r"du\s+Sahel)?|Alliance\s+des\s+[ÉE]tats\s+du\s+Sahel(?:\s+\(AES\))?|AES)\b"
)
ALL_AES = re.compile(r"\b(?:AES|Alliance des [ÉE]tats du Sahel|trois pays|Confédération)\b")
KIND_RULES: list[tuple[str, re.Pattern]] = [
    ("press_conference", re.compile(r"conférence de presse|point de presse", re.I)),
    ("conference", re.compile(r"\bconférence|forum|sommet|colloque|séminaire", re.I)),
    ("visit", re.compile(r"\bvisite|se sont rendus|s['’]est rendu|a effectué", re.I)),
    ("agreement", re.compile(r"\baccord|signé|signature|mémorandum|convention", re.I)),
    ("delivery", re.compile(r"\blivr(?:é|ée|és|aison)|réceptionn|a reçu", re.I)),
    ("offer", re.compile(r"\bpropos|offr|fournir|apporterait|soutien", re.I)),
    ("negotiation", re.compile(r"\bdiscussions?|négociations?|pourparlers", re.I)),
    ("training", re.compile(r"\bformation|entraînement|instructeurs", re.I)),
    ("statement", re.compile(r"\ba (?:déclaré|affirmé|souligné|précisé|ajouté|annoncé)", re.I)),
]


class ExtractionError(ValueError):
    """Text that cannot become a record (empty, too long); the message says why."""


@dataclass(frozen=True)
class ArticleInput:
    """An article to draft. `language` None: detected from the text (French when it is too
    short to tell); a language given is trusted, and refused when there is no model for it."""

    text: str
    id: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Resources:
    """What extraction reads from a corpus folder, loaded once per batch."""

    topics: tuple[Topic, ...]
    sources: tuple[KnownSource, ...]
    gazetteer: Gazetteer
    known_actors: tuple[KnownActor, ...]

    @classmethod
    def load(cls, data_dir: Path) -> Resources:
        return _resources(Path(data_dir).resolve())


@cache
def _resources(data_dir: Path) -> Resources:
    return Resources(
        tuple(load_topics(data_dir)),
        tuple(load_sources(data_dir)),
        Gazetteer.load(),
        tuple(load_actors(SHIPPED_DATA)),
    )


@cache
def load_nlp(language: str = "fr") -> Language:
    """The language's spaCy model with the project's components: sentence rules before the
    parser (so `doc.sents` is the only segmentation) and the known actors after the NER."""
    if language not in MODELS:
        raise ExtractionError(f"no NLP model for language {language!r}; known: {sorted(MODELS)}")
    nlp = spacy.load(MODELS[language])
    adapt_typography(nlp)
    nlp.add_pipe("sahel_sentences", before="parser")
    add_actor_ruler(nlp, load_actors(SHIPPED_DATA))
    nlp.add_pipe(PLACE_COMPONENT, after="sahel_actors")
    return nlp


def check_text(text: str) -> None:
    if not text.strip():
        raise ExtractionError("the article is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise ExtractionError(
            f"the article has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}"
        )


def extract_records(
    inputs: list[ArticleInput], data_dir: Path, *, n_process: int = 1, batch_size: int = 16
) -> list[Record]:
    """Draft records for many articles, one `nlp.pipe` pass per language. A text detected in a
    language with no model gets a draft of the article alone (its language, title, date and
    outlet; no events, people, places or quotes), never French entities guessed."""
    for item in inputs:
        check_text(item.text)
    items = [
        item if item.language else replace(item, language=detect_language(item.text) or "fr")
        for item in inputs
    ]
    records: list[Record | None] = [None] * len(items)
    resources = Resources.load(data_dir) if items else None
    for language in sorted({item.language for item in items}):
        indices = [i for i, item in enumerate(items) if item.language == language]
        if language not in MODELS and all(inputs[i].language is None for i in indices):
            for i in indices:
                records[i] = _article_only(items[i])
            continue
        nlp = load_nlp(language)
        docs = nlp.pipe((items[i].text for i in indices), n_process=n_process,
                        batch_size=batch_size)  # fmt: skip
        for i, doc in zip(indices, docs, strict=True):
            records[i] = _Builder(doc, items[i], resources).record()
    return records


def _article_only(item: ArticleInput) -> Record:
    log.warning("%s: the text is in %s (%s), not French: the draft keeps the article without "
                "events, people, places or quotes (give --language fr if it is French)",
                item.id or "article", language_name(item.language), item.language)  # fmt: skip
    title = _clip(item.text.strip().split("\n", 1)[0], 300)
    return Record(
        article=Article(
            id=item.id or slug(title, 50),
            title=title,
            language=item.language,
            outlet=item.outlet,
            url=item.url,
            published=_published(item),
            text_sha256=text_sha256(item.text),
            status="draft",
        ),
    )


def _published(item: ArticleInput) -> FuzzyDate:
    if item.published is None:
        return FuzzyDate()
    return FuzzyDate(start=item.published, end=item.published, precision="day", basis="stated")


def extract_record(item: ArticleInput, data_dir: Path) -> Record:
    return extract_records([item], data_dir)[0]


@dataclass
class _Sentence:
    start: int
    end: int
    text: str
    span: object = None  # the spaCy sentence
    actor_ids: list[str] = field(default_factory=list)
    place_ids: list[str] = field(default_factory=list)


class _Builder:
    def __init__(self, doc: Doc, item: ArticleInput, resources: Resources):
        self.doc, self.item, self.res = doc, item, resources
        self.text = item.text
        self.sentences = self._sentences()
        self._starts = [sentence.start for sentence in self.sentences]
        self._tokens_by_sentence: dict[int, list] = {}
        for token in doc:
            sentence = self._sentence_of(token.idx)
            if sentence is not None:
                self._tokens_by_sentence.setdefault(id(sentence), []).append(token)
        self.actors: dict[str, dict] = {}
        self.places: dict[str, dict] = {}
        self._surnames: dict[str, str] = {}
        self._pending_role_span = (0, 0)
        self._actor_at: dict[int, str] = {}  # token index -> actor id, for speaker phrases
        self._quote_speaker_at: dict[int, str] = {}  # last token of a quote -> its speaker
        self._mentioned: set[tuple[str, int]] = set()  # (actor or place id, mention start)
        self.roles = RoleIndex()
        for known in resources.known_actors:
            self.roles.add_known(known.descriptors(item.published), known.id)
        self._known = {known.id: known for known in resources.known_actors}

    # --- pieces ----------------------------------------------------------------------------

    def _sentences(self) -> list[_Sentence]:
        sentences = []
        for sent in self.doc.sents:
            raw = sent.text
            start = sent.start_char + len(raw) - len(raw.lstrip())
            end = sent.end_char - (len(raw) - len(raw.rstrip()))
            if end > start:
                sentences.append(_Sentence(start, end, self.text[start:end], sent))
        return sentences

    def _span(self, start: int, end: int) -> Span:
        return Span(start=start, end=end, text=self.text[start:end])

    def _sentence_of(self, position: int) -> _Sentence | None:
        index = bisect.bisect_right(self._starts, position) - 1
        if index >= 0 and position < self.sentences[index].end:
            return self.sentences[index]
        return None

    def _tokens(self, sentence: _Sentence) -> list:
        return self._tokens_by_sentence.get(id(sentence), [])

    def _add_actor(self, actor_id: str, start: int, end: int, **fields) -> str:
        actor = self.actors.setdefault(actor_id, {"id": actor_id, "mentions": [], **fields})
        for key, value in fields.items():
            if value and not actor.get(key):
                actor[key] = value
        if (actor_id, start) not in self._mentioned:  # a set: long pastes repeat names
            self._mentioned.add((actor_id, start))
            actor["mentions"].append(self._span(start, end))
        sentence = self._sentence_of(start)
        if sentence and actor_id not in sentence.actor_ids:
            sentence.actor_ids.append(actor_id)
        return actor_id

    def _add_place(self, place_id: str, start: int, end: int, **fields) -> str:
        place = self.places.setdefault(place_id, {"id": place_id, "mentions": [], **fields})
        if (place_id, start) not in self._mentioned:
            self._mentioned.add((place_id, start))
            place["mentions"].append(self._span(start, end))
        sentence = self._sentence_of(start)
        if sentence and place_id not in sentence.place_ids:
            sentence.place_ids.append(place_id)
        return place_id

    def _people(self) -> None:
        pending_role: str | None = None
        aliases = {alias for source in self.res.sources for alias in source.aliases}
        people = [
            e
            for e in self.doc.ents
            if (e.label_ == "PER" and (e.ent_id_ in self._known or e.text.strip() not in aliases))
            or (e.label_ == "MISC" and _titled_name(e.text))  # "Le Président Jean X" is MISC
        ]
        for sentence in self.sentences:
            in_sentence = [e for e in people if sentence.start <= e.start_char < sentence.end]
            if not in_sentence:
                alone = ROLE_ALONE.search(sentence.text)
                if alone:
                    pending_role = alone.group("role").strip()
                    self._pending_role_span = (
                        sentence.start + alone.start(),
                        sentence.start + alone.end(),
                    )
                continue
            for ent in in_sentence:
                person = self._person(ent)
                if person is None:
                    continue
                actor_id, _, name = person
                before = self.text[max(sentence.start, ent.start_char - 90) : ent.start_char]
                role_match = ROLE_BEFORE_NAME.search(before)
                role = role_match.group("role").strip() if role_match else None
                after = ROLE_AFTER_NAME.match(self.text[ent.end_char : sentence.end])
                if after:
                    role = ", ".join(filter(None, [role, after.group("role").strip()]))
                if actor_id not in self.actors and not role and pending_role:
                    role, pending_role = pending_role, None
                    mention_start, mention_end = self._pending_role_span
                    self._add_actor(actor_id, mention_start, mention_end, name=name, kind="person")
                self._surnames[surname_key(name)] = actor_id
                if role:
                    self.roles.add_article_role(role, actor_id)
                mention_start = (
                    ent.start_char - (len(before) - role_match.start())
                    if role_match
                    else ent.start_char
                )
                known = self._known.get(actor_id)
                affiliation = known.affiliation if known else None
                self._add_actor(actor_id, mention_start, ent.end_char, name=name, kind="person",
                                role=role, affiliation=affiliation)  # fmt: skip
                if len(name) > len(self.actors[actor_id]["name"]):
                    self.actors[actor_id]["name"] = name

    def _person(self, ent) -> tuple[str, int, str] | None:
        """(actor id, start, name) for a PER entity that names a person, else None. A single
        word is a person only after a title ("M. Gromyko") or as the surname of a person the
        article already named; a known actor keeps its knowledge-base id and name."""
        known = self._known.get(ent.ent_id_)
        if known:
            # The known id, the article's own spelling ("Aleksey Likhachev" or "Likhatchev").
            return (known.id, ent.start_char, ent.text) if known.kind == "person" else None
        offset, name, titled = strip_title(ent.text)
        if not name or self.res.gazetteer.country_by_name(name) or self.res.gazetteer.lookup(name):
            return None
        key = surname_key(name)
        if not is_person_name(name):
            single = len(name.split()) == 1 and name[:1].isupper() and not is_common_word(name)
            if not (single and (titled or key in self._surnames)):
                return None
        actor_id = self._surnames.get(key) or f"act:{slug(name)}"
        return actor_id, ent.start_char + offset, name

    def _organisations(self) -> None:
        for ent in self.doc.ents:
            known = self._known.get(ent.ent_id_)
            if known and known.kind != "person":
                self._add_actor(known.id, ent.start_char, ent.end_char, name=known.name,
                                kind=known.kind, affiliation=known.affiliation)  # fmt: skip
                continue
            if ent.label_ != "ORG" or ALLIANCE.fullmatch(ent.text.strip()):
                continue
            if re.match(ROLE_WORDS, ent.text.strip(), re.IGNORECASE):  # a role, not a body
                continue
            name = ent.text.strip(" ,.;:")
            if len(name) < 3 or self.res.gazetteer.country_by_name(name):
                continue
            if any(alias == name for s in self.res.sources for alias in s.aliases):
                continue
            self._add_actor(f"act:{slug(name)}", ent.start_char, ent.end_char, name=name,
                            kind="organization")  # fmt: skip

    def _index_mentions(self) -> None:
        """Token index -> actor, people last so that they win where mentions overlap."""
        ordered = sorted(self.actors.values(), key=lambda a: a["kind"] == "person")
        for actor in ordered:
            for mention in actor["mentions"]:
                span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
                for token in span or ():
                    self._actor_at[token.i] = actor["id"]

    def _states_and_places(self) -> None:
        """Places from the `sahelwatch_places` component; a country is also a state actor
        (it acts: "le Mali a signé")."""
        for span in self.doc.spans[PLACE_SPANS]:
            entry = span._.place
            start, end = span.start_char, span.end_char
            if entry.kind == "country":
                self._add_actor(f"act:{slug(entry.name_en)}", start, end, name=entry.name_en,
                                kind="state", affiliation=entry.country)  # fmt: skip
            self._add_place(entry.id, start, end, name=entry.name_fr, kind=entry.kind,
                            country=entry.country, lat=entry.lat, lon=entry.lon)  # fmt: skip
        for match in ALLIANCE.finditer(self.text):
            self._add_actor("act:aes", match.start(), match.end(),
                            name="Alliance des États du Sahel (AES)", kind="alliance")  # fmt: skip

    def _sources(self) -> list[KnownSource]:
        return cited_sources(self.text, self.res.sources)

    def _topics(self, sentence: _Sentence) -> list[str]:
        return sentence_topics(self._tokens(sentence), self.res.topics)

    def _kind(self, text: str) -> str:
        return next((kind for kind, pattern in KIND_RULES if pattern.search(text)), "other")

    def _speaker(self, quote: QuoteMention, current: str | None) -> str | None:
        """The actor a quote's speaker phrase names, the current speaker for "il"/"elle" and
        for a continuation, or None when nothing says who speaks (never a guess)."""
        head = quote.speaker
        if head is None:
            return current if quote.continues else None
        if head.lower_ in PRONOUNS:
            return self._antecedent(head, current)
        words = phrase(head)
        if head.i in self._actor_at:
            return self._actor_at[head.i]
        named = [self._actor_at[t.i] for t in words if t.i in self._actor_at]
        persons = [a for a in named if self.actors[a]["kind"] == "person"]
        if persons:
            return persons[0]
        described = self.roles.resolve(descriptor_words(words))
        if described:
            return self._known_actor(described, words.start_char, words.end_char)
        if named:
            return named[0]
        lemma = head.lemma_.lower()
        if lemma in DOCUMENT_NOUNS:
            return self._body_in(words, head) or self._document_author(head)
        if is_body_noun(head):
            return self._last_body(head)
        return self._speaking_body(head)

    def _document_author(self, head) -> str | None:
        """ "cette déclaration", "le communiqué": the actor named with the last document the
        article attributed ("une déclaration attribuée au groupe Wagner")."""
        for token in reversed(self.doc[max(0, head.i - 300) : head.i]):
            if token.lemma_.lower() in DOCUMENT_NOUNS:
                words = phrase(token)
                named = [self._actor_at[t.i] for t in words if t.i in self._actor_at]
                named = [a for a in named if self.actors[a]["kind"] != "state"]
                author = subject_of(token.head) if token.head.pos_ == "VERB" else None
                if not named and author is not None and author.i in self._actor_at:
                    named = [self._actor_at[author.i]]  # "Wagner a déclaré dans un message"
                if named:
                    return named[0]
                body = self._body_in(words, token)
                if body:
                    return body
        return None

    def _body_in(self, words, document) -> str | None:
        """ "un communiqué du groupe": the body a document is said to come from, when the
        document's phrase names it by a generic noun (the organisation named last)."""
        for token in words:
            if token.head.i == document.i and is_body_noun(token):
                return self._last_body(document)
        return None

    def _last_body(self, head) -> str | None:
        """ "le groupe", "l'agence": the organisation or armed group named last before it."""
        for token in reversed(self.doc[max(0, head.i - 300) : head.i]):
            actor = self._actor_at.get(token.i)
            if actor and self.actors[actor]["kind"] in ("organization", "armed_group"):
                return actor
        return None

    def _speaking_body(self, head) -> str | None:
        """An organisation named as the speaker but not yet an actor ("a indiqué X Media")."""
        ent = next((e for e in self.doc.ents if e.start <= head.i < e.end), None)
        if ent is None or ent.label_ not in ("ORG", "MISC"):
            return None
        name = ent.text.strip(" ,.;:")
        return self._add_actor(f"act:{slug(name)}", ent.start_char, ent.end_char, name=name,
                               kind="organization")  # fmt: skip

    def _antecedent(self, pronoun, current: str | None) -> str | None:
        """ "il"/"elle": the person who was last the subject of a sentence ("Le général Goïta
        s'est montré satisfait. Il a déclaré …"), else the current speaker."""
        for token in reversed(self.doc[max(0, pronoun.i - 80) : pronoun.i]):
            actor = self._actor_at.get(token.i)
            if actor and self.actors[actor]["kind"] == "person":
                subject = token
                while subject.dep_ in ("flat:name", "appos") and subject.head.i != subject.i:
                    subject = subject.head
                if subject.dep_ in ("nsubj", "nsubj:pass") and subject.head.pos_ != "NOUN":
                    return actor
            if token.i in self._quote_speaker_at:
                return self._quote_speaker_at[token.i]
        return current

    def _known_actor(self, actor_id: str, start: int, end: int) -> str:
        """An actor found through a descriptor; a known one not yet named is added."""
        if actor_id not in self.actors and actor_id in self._known:
            known = self._known[actor_id]
            self._add_actor(actor_id, start, end, name=known.name, kind=known.kind,
                            affiliation=known.affiliation)  # fmt: skip
        return actor_id

    # --- the record --------------------------------------------------------------------------

    def record(self) -> Record:
        self._people()
        self._states_and_places()
        self._organisations()
        self._index_mentions()
        article_id = self.item.id or slug(self._title(), 50)
        quotes = find_quotes(self.doc)
        if len(quotes) > MAX_QUOTES:
            log.warning("%s: kept the first %d of %d quotes", self.item.id or "article",
                        MAX_QUOTES, len(quotes))  # fmt: skip
            quotes = quotes[:MAX_QUOTES]
        events, event_of_sentence = self._events(article_id, quotes)
        cited = self._sources()
        record_quotes = []
        current: str | None = None
        aliases = sorted((a for s in self.res.sources for a in s.aliases), key=len, reverse=True)
        outlet = re.compile(r"\b(?:" + "|".join(map(re.escape, aliases)) + r")\b")
        for n, quote in enumerate(quotes, 1):
            if quote.relay and quote.speaker is not None:
                words = phrase(quote.speaker).text
                if outlet.search(words):  # "selon Sputnik" is provenance (the source chain)
                    continue
            speaker = self._speaker(quote, current)
            current = speaker or current
            if speaker:
                end_token = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
                if end_token is not None:
                    self._quote_speaker_at[end_token.end - 1] = speaker
            sentence = self._sentence_of(quote.start)
            record_quotes.append(
                Quote(
                    id=f"q:{article_id}-{n}",
                    speaker_id=speaker,
                    needs_review=speaker is None,
                    text=quote.text,
                    mode=quote.mode,
                    event_id=event_of_sentence.get(id(sentence)),
                    evidence=self._span(quote.start, quote.end),
                )
            )
        used_actors = {a for e in events for a in e.actor_ids} | {
            q.speaker_id for q in record_quotes if q.speaker_id
        }
        actors = [
            Actor(id=a["id"], name=a["name"], kind=a["kind"], role=a.get("role"),
                  affiliation=a.get("affiliation"), mentions=a["mentions"])
            for a in self.actors.values()
            if a["id"] in used_actors or a["kind"] in ("person", "state", "alliance")
        ]  # fmt: skip
        published = _published(self.item)
        article = Article(
            id=article_id,
            title=self._title(),
            language=self.item.language,
            outlet=self.item.outlet,
            url=self.item.url,
            published=published,
            attributed_to=[s.id for s in cited],
            text_sha256=text_sha256(self.text),
            status="draft",
        )
        return Record(
            article=article,
            sources=[Source(id=s.id, name=s.name, kind=s.kind, country=s.country) for s in cited],
            actors=actors,
            places=[Place(**p) for p in self.places.values()],
            events=events,
            quotes=record_quotes,
        )

    def _title(self) -> str:
        first_line = self.text.strip().split("\n", 1)[0].strip()
        if self.sentences and len(first_line) > 160:
            return self.sentences[0].text.rstrip(".").strip()[:300]
        return first_line[:300] or "Untitled"

    def _events(self, article_id: str, quotes: list[QuoteMention]):
        events, event_of_sentence = [], {}
        for sentence in self.sentences:
            if len(events) == MAX_EVENTS:
                log.warning("%s: kept the first %d events; sentences after %d are not events",
                            self.item.id or "article", MAX_EVENTS, sentence.start)  # fmt: skip
                break
            tokens = self._tokens(sentence)
            if (
                len(tokens) < 6
                or not is_clause(tokens)
                or not sentence.text.rstrip().endswith((".", "»", "!", "”", '"'))
            ):
                continue
            mentions = event_dates(sentence.span, self.item.published)
            date = mentions[0].date if mentions else FuzzyDate(precision="unknown", basis="report")
            countries = {
                self.places[p]["country"] for p in sentence.place_ids if p in self.places
            } & set(AES_COUNTRIES)
            countries |= {
                self.actors[a].get("affiliation")
                for a in sentence.actor_ids
                if self.actors[a].get("kind") == "state"
            } & set(AES_COUNTRIES)
            if ALL_AES.search(sentence.text):
                countries |= set(AES_COUNTRIES)
            precision = _geo_precision(
                self.places[p]["kind"]
                for p in sentence.place_ids
                if self.places[p]["country"] in countries
            )
            event_id = f"evt:{article_id}-{len(events) + 1}"
            events.append(
                Event(
                    id=event_id,
                    title=_clip(sentence.text, 140),
                    summary="",
                    kind=self._kind(sentence.text),
                    date=date,
                    place_ids=sentence.place_ids,
                    countries=sorted(countries, key=AES_COUNTRIES.index),
                    geo_precision=precision,
                    actor_ids=sentence.actor_ids,
                    topics=self._topics(sentence),
                    evidence=[self._span(sentence.start, sentence.end)],
                )
            )
            event_of_sentence[id(sentence)] = event_id
        return events, event_of_sentence


def _geo_precision(place_kinds) -> str:
    """The finest place of an event: a city, town or site is a point, a region a region;
    a country alone (or nothing) is the country."""
    kinds = set(place_kinds)
    if kinds & {"city", "town", "site"}:
        return "point"
    return "region" if "region" in kinds else "country"


def _titled_name(text: str) -> bool:
    _, name, titled = strip_title(text)
    return titled and is_person_name(name)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
