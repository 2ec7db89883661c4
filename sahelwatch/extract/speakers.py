"""Who speaks: the reporting verb of a quote, its subject from the parse, and the actor that
subject names (a name, a pronoun for the current speaker, or a descriptor such as "le chef de
la diplomatie russe" resolved through the article's own appositions and the known actors)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from sahelwatch.extract.text import fold

# Lemmas of French verbs that report speech or writing, reflexives included ("s'est réjoui").
REPORTING_VERBS = frozenset(
    [
        "affirmer",
        "déclarer",
        "dire",
        "ajouter",
        "souligner",
        "préciser",
        "indiquer",
        "expliquer",
        "estimer",
        "assurer",
        "marteler",
        "lancer",
        "rappeler",
        "annoncer",
        "insister",
        "réaffirmer",
        "confier",
        "poursuivre",
        "conclure",
        "prédire",
        "réjouir",
        "féliciter",
        "signaler",
        "rapporter",
        "mentionner",
        "noter",
        "relever",
        "déplorer",
        "dénoncer",
        "regretter",
        "promettre",
        "avertir",
        "prévenir",
        "répondre",
        "répliquer",
        "confirmer",
        "démentir",
        "reconnaître",
        "admettre",
        "juger",
        "considérer",
        "observer",
        "commenter",
        "écrire",
        "lire",
        "révéler",
        "soutenir",
        "plaider",
        "exhorter",
        "appeler",
        "clamer",
        "proclamer",
        "revendiquer",
        "accuser",
        "menacer",
        "demander",
        "interroger",
        "témoigner",
        "raconter",
        "détailler",
        "résumer",
        "apprendre",
        "informer",
        "communiquer",
        "publier",
        "relater",
        "certifier",
        "garantir",
        "avouer",
        "nier",
        "contester",
        "critiquer",
        "saluer",
        "condamner",
        "fustiger",
        "dévoiler",
        "souhaiter",
        "espérer",
        "prôner",
        "réclamer",
        "exiger",
        "annoncer",
        "martèler",
        "faire_savoir",
    ]
)
QUOTE_MARKS = frozenset('«»“”"')
PRONOUNS = frozenset({"il", "elle", "-il", "-elle", "t-il", "t-elle", "-t-il", "-t-elle"})
IMPERSONAL = frozenset({"on", "-on", "t-on", "-t-on"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "expl:subj"})
INVERTED_DEPS = frozenset({"nsubj", "obj", "dep", "expl:subj", "nsubj:pass", "appos"})
# Head nouns of descriptors ("le ministre", "le président russe", "le porte-parole").
ROLE_NOUNS = frozenset(
    [
        "président",
        "présidente",
        "ministre",
        "vice-ministre",
        "ambassadeur",
        "ambassadrice",
        "porte-parole",
        "chef",
        "directeur",
        "directrice",
        "secrétaire",
        "commandant",
        "général",
        "colonel",
        "capitaine",
        "gouverneur",
        "conseiller",
        "conseillère",
        "patron",
        "fondateur",
        "dirigeant",
        "représentant",
        "représentante",
        "premier",
        "diplomate",
        "officier",
    ]
)
# A descriptor more general than the roles it stands for: "le diplomate" is the ambassador.
HYPERNYMS = {
    "diplomate": frozenset({"ambassadeur", "ambassadrice", "diplomatie", "etrangeres", "consul"}),
    "officier": frozenset({"general", "colonel", "capitaine", "commandant", "lieutenant"}),
}
# A document that speaks for its author ("indique cette déclaration", "selon le communiqué").
DOCUMENT_NOUNS = frozenset(
    [
        "communiqué",
        "déclaration",
        "message",
        "texte",
        "note",
        "publication",
        "post",
        "document",
        "site",
        "compte",
    ]
)
# A body named by its kind ("a précisé le groupe", "selon l'agence"): the last one named.
BODY_NOUNS = frozenset(
    [
        "groupe",
        "société",
        "entreprise",
        "compagnie",
        "organisation",
        "agence",
        "milice",
        "structure",
        "média",
        "armée",
    ]
)
FILLER = frozenset(
    [
        "le",
        "la",
        "les",
        "l'",
        "ce",
        "cet",
        "cette",
        "son",
        "sa",
        "ses",
        "du",
        "de",
        "des",
        "d'",
        "un",
        "une",
        "puissant",
        "nouveau",
        "nouvelle",
        "actuel",
        "actuelle",
        "ancien",
        "ancienne",
        "et",
        ",",
        "(",
        ")",
    ]
)


def is_body_noun(head: Token) -> bool:
    """A body named by its kind: "le groupe", "l'agence", and "l'État-major" (the general staff
    of the army named last; the tokenizer cuts it into "État", "-", "major")."""
    if head.lemma_.lower() in BODY_NOUNS:
        return True
    following = head.doc[head.i + 1 : head.i + 3].text.lower()
    return fold(head.text) == "etat" and following.replace(" ", "") == "-major"


def is_reporting_verb(token: Token) -> bool:
    """A verb (not an auxiliary) whose lemma reports speech.

    "a déclaré qu'il viendrait" (déclarer), "s'est réjoui de l'accord" (réjouir), "précisera
    le ministre" (préciser, future) all count; "a signé un accord" does not.
    """
    reflexive = any(
        t.lower_ in ("s'", "s’", "se") for t in token.doc[max(0, token.i - 3) : token.i]
    )
    participle = after_auxiliary(token)
    if (
        token.pos_ not in ("VERB", "NOUN")
        and not (token.pos_ == "ADJ" and reflexive)
        and not (participle)
    ):
        return False
    if token.pos_ == "NOUN" and after_determiner(token):
        return False  # "le communiqué souligne": the noun, not "communiquer"
    form = fold(token.text)
    # The lemmatizer misses some forms ("indique" → "indique"): a verb's stem also counts.
    if fold(token.lemma_) not in _FOLDED_VERBS and not form.startswith(_STEMS):
        return False
    # A bare participle ("un communiqué publié et rapporté par …") is no attribution.
    if any(c.dep_ == "aux:pass" for c in token.children):
        return False  # "une intention réaffirmée par X": the content is the subject
    finite = (
        participle
        or "Fin" in token.morph.get("VerbForm")
        or any(c.dep_.startswith("aux") for c in token.children)
    )
    return finite or token.dep_ not in ("acl", "conj", "amod")


def after_auxiliary(token: Token) -> bool:
    """A word ending like a past participle right after a form of "avoir" or "être": a past
    participle, whatever the tagger made of it ("avait signalé", "signalé" tagged an adverb)."""
    return (
        token.i > 0
        and token.nbor(-1).lemma_ in ("avoir", "être")
        and token.text.endswith(("é", "i", "u", "it", "is", "t"))
    )


def after_determiner(token: Token) -> bool:
    """A word right after an article or a demonstrative is a noun: "le communiqué",
    "cette déclaration" (a verb never follows a determiner)."""
    return token.i > 0 and token.nbor(-1).pos_ == "DET"


_FOLDED_VERBS = frozenset(fold(v) for v in REPORTING_VERBS)
_STEMS = tuple(sorted({v[:-2] for v in _FOLDED_VERBS if len(v) >= 7}))


def subject_of(verb: Token) -> Token | None:
    """The subject of a reporting verb. After a comma or a closing quote the subject is
    inverted and follows the verb; otherwise it is the verb's own `nsubj`, a clitic pronoun
    after it, or the subject of the verb it is coordinated with.

    "Le ministre a déclaré que …" → ministre; "…, a affirmé le chef de la diplomatie russe"
    → chef; "…, poursuit-il" → -il; "« … », a précisé Africa Corps" → Africa.
    """
    following = verb.doc[verb.i + 1 : verb.i + 3]
    clitic = [t for t in verb.doc[max(0, verb.i - 3) : verb.i] if t.text.startswith("-")]
    pronoun = next((t for t in [*following, *clitic] if t.lower_ in PRONOUNS), None)
    if any(t.lower_ in IMPERSONAL for t in verb.doc[max(0, verb.i - 3) : verb.i + 2]):
        return _where_read(verb)
    left = next(
        (
            c
            for c in verb.children
            if c.dep_ in SUBJECT_DEPS
            and c.i < verb.i
            and c.lower_ not in ("-t", "t")
            and c.pos_ != "PUNCT"
            and c.text not in QUOTE_MARKS
        ),
        None,
    )
    if pronoun is not None and (pronoun in clitic or _inverted_position(verb)):
        return pronoun
    if _inverted_position(verb):
        named = _first_noun_after(verb, names_only=True)
        if named is not None:
            return named
        if left is None:
            inverted = [
                c
                for c in verb.rights
                if c.pos_ in ("NOUN", "PROPN", "PRON")
                and not c.dep_.startswith("obl")
                and not any(g.dep_ == "case" for g in c.children)
            ]
            candidate = inverted[0] if inverted else _first_noun_after(verb)
            if candidate is not None:
                return candidate
    if left is not None:
        return left
    if pronoun is not None:
        return pronoun
    if verb.dep_ in ("conj", "xcomp") and verb.head.i < verb.i:
        for child in verb.head.children:
            if child.dep_ in SUBJECT_DEPS and child.i < verb.head.i:
                return child
    return noun_before(verb)


def noun_before(verb: Token) -> Token | None:
    """When the parse gives no subject: the first noun or name of the words right before the
    verb and its auxiliaries, back to the last punctuation mark, not after a preposition.

    "Le 3 mai, l'armée nigérienne avait signalé …" → armée (the parser hung "armée" from
    "nigérienne" and took "signalé" for an adverb)."""
    start = verb.i
    while start > 0 and (verb.doc[start - 1].pos_ == "AUX" or verb.doc[start - 1].lemma_
                         in ("avoir", "être")):  # fmt: skip
        start -= 1
    stretch = []
    for token in reversed(verb.doc[verb.sent.start : start]):
        if token.is_punct:
            break
        stretch.insert(0, token)
    for token in stretch:
        if token.pos_ in ("NOUN", "PROPN") and not (token.i > 0 and token.nbor(-1).pos_ == "ADP"):
            return token
    return None


def _where_read(verb: Token) -> Token | None:
    """ "…, peut-on lire dans le communiqué" / "sur le site de l'agence": the document."""
    for token in verb.doc[verb.i + 1 : verb.i + 8]:
        if token.is_punct:
            break
        if token.pos_ in ("NOUN", "PROPN"):
            return token
    return None


def _inverted_position(verb: Token) -> bool:
    """The verb (with its auxiliaries and adverbs) comes right after a comma or a quote."""
    for token in reversed(verb.doc[max(0, verb.i - 5) : verb.i]):
        if token.pos_ in ("AUX", "ADV") or token.lower_ in ("nous", "vous", "se", "s'", "s’"):
            continue
        return token.text in (",", "»", "”", '"')
    return False


def _first_noun_after(verb: Token, names_only: bool = False) -> Token | None:
    """The first name (else noun) after the verb, up to the next punctuation: "…, a indiqué
    de son côté Nestor Dupont" → Nestor, whatever the parse made of "de son côté"."""
    window = []
    for token in verb.doc[verb.i + 1 : verb.i + 12]:
        if token.is_punct or token.is_space:
            break
        window.append(token)
    # A noun after a preposition says where or when ("sur Telegram", "à l'AFP"), not who.
    free = [t for t in window if not (t.i > 0 and t.nbor(-1).pos_ == "ADP")]
    free = [t for t in free if not t.dep_.startswith("obl") or t.ent_type_ in ("PER", "ORG")]
    names = [t for t in free if t.pos_ == "PROPN" or t.ent_type_ in ("PER", "ORG")]
    nouns = [t for t in free if t.pos_ == "NOUN"]
    return (names or ([] if names_only else nouns) or [None])[0]


def phrase(head: Token) -> Span:
    """The words that name a speaker: from the head's determiner up to the next punctuation,
    conjugated verb, relative pronoun or line break, at most a dozen words. "un communiqué
    de l'armée publié mardi, …" → "un communiqué de l'armée publié mardi"."""
    doc = head.doc
    start = min((t.i for t in head.lefts if t.dep_ == "det"), default=head.i)
    end = head.i + 1
    for token in doc[head.i + 1 : min(len(doc), head.i + 12)]:
        finite = (
            token.pos_ in ("VERB", "AUX")
            and "Fin" in token.morph.get("VerbForm")
            and token.dep_ not in ("amod", "nmod", "appos", "flat:name", "acl")
        )
        stop = token.is_space or (token.is_punct and token.text not in QUOTE_MARKS)
        if stop or finite or token.lower_ in ("qui", "que", "qu'", "qu’", "dont"):
            break
        end = token.i + 1
    return doc[start:end]


def descriptor_words(span: Span) -> tuple[str, ...]:
    """The content words of the first role noun in a phrase and its own modifiers, or ()
    when the phrase has no role noun.

    "ce puissant ministre de la Défense" → ("ministre", "defense"); "les propos du
    ministre" → ("ministre",); "une source diplomatique" → ().
    """
    role = next((t for t in span if fold(t.text) in _FOLDED_ROLES), None)
    if role is None:
        return ()
    words = [fold(t.text) for t in span[role.i - span.start :] if t.ent_type_ != "PER"]
    return tuple(w for w in words if w not in _FOLDED_FILLER)


_FOLDED_ROLES = frozenset(fold(w) for w in ROLE_NOUNS)
_FOLDED_FILLER = frozenset(fold(w) for w in FILLER)


def role_words(role: str) -> tuple[str, ...]:
    """The content words of a role, as `descriptor_words` gives them.

    >>> role_words("chef de l'État burkinabè, ministre de la Défense")
    ('chef', 'etat', 'burkinabe', 'ministre', 'defense')
    """
    spaced = fold(role).replace("'", "' ").replace(",", " ")
    return tuple(w for w in spaced.split() if w not in _FOLDED_FILLER)


@dataclass
class RoleIndex:
    """Descriptors known for actors: from the article's appositions ("Sergueï Lavrov, chef de
    la diplomatie russe") first, then from the knowledge base's roles on the publication day."""

    article: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    known: list[tuple[tuple[str, ...], str]] = field(default_factory=list)

    def add_article_role(self, role: str, actor_id: str) -> None:
        if words := role_words(role):
            self.article.append((words, actor_id))

    def add_known(self, descriptors: list[str], actor_id: str) -> None:
        for text in descriptors:
            self.known.append((role_words(text), actor_id))

    def resolve(self, words: tuple[str, ...]) -> str | None:
        """The actor whose role holds every word of the descriptor: the latest named in the
        article when several do, else the one known actor whose role does; None if unsure."""
        if not words:
            return None
        wanted = set(words)
        broader = HYPERNYMS.get(words[0])
        if broader:
            wanted.discard(words[0])

        def fits(role: tuple[str, ...]) -> bool:
            expanded = set(_expand(role))
            return wanted <= expanded and (not broader or bool(broader & expanded))

        in_article = [actor for role, actor in self.article if fits(role)]
        if in_article:
            return in_article[-1]
        if len(words) < 2:  # "le ministre" alone is someone the article named, or nobody
            return None
        known = {actor for role, actor in self.known if fits(role)}
        return known.pop() if len(known) == 1 else None


def _expand(words: tuple[str, ...]) -> list[str]:
    """Role words plus their adjective forms, so "de la Russie" also answers "russe"."""
    extra = {"russie": "russe", "mali": "malien", "niger": "nigerien", "burkina": "burkinabe",
             "faso": "burkinabe"}  # fmt: skip
    return [*words, *(extra[w] for w in words if w in extra)]


def published_roles(index: RoleIndex, known_actors, day: dt.date | None) -> RoleIndex:
    for actor in known_actors:
        index.add_known(actor.descriptors(day), actor.id)
    return index
