"""People and organisations: cleaning the names spaCy tags, telling a person from an
organisation or a stray capitalised word, and the known actors of `data/actors.yaml` matched by
an EntityRuler (so a known actor gets the same id in every article)."""

from __future__ import annotations

import re

from spacy.language import Language

from sahelwatch.actors import KnownActor
from sahelwatch.extract.text import fold

# Courtesy and rank titles before a name. Abbreviations need their dot or a space after them,
# so "Pr" is never taken out of "Président"; whole words are matched case-insensitively.
TITLE = re.compile(
    r"^(?:(?:M|Mme|Mlle|Dr|Pr|Me|Mgr)\.?\s+|"
    r"(?i:(?:le |la |l['’])?(?:monsieur|madame|président|présidente|général|colonel|"
    r"capitaine|commandant|lieutenant|ministre|ambassadeur|ambassadrice|premier ministre|"
    r"chef d['’]état-major|vice-ministre|docteur|professeur)\b\.?\s*))"
)
ELISION = re.compile(r"^(?:[dlDLjJ]|qu|Qu)['’]")
# Words that make a capitalised phrase a body, a place or a heading rather than a person.
NOT_A_PERSON = frozenset(
    [
        "afrique",
        "sahel",
        "corps",
        "groupe",
        "agence",
        "forces",
        "force",
        "armée",
        "armées",
        "ministère",
        "gouvernement",
        "république",
        "état",
        "etat",
        "états",
        "etats",
        "conseil",
        "comité",
        "union",
        "alliance",
        "confédération",
        "société",
        "compagnie",
        "télévision",
        "radio",
        "welle",
        "presse",
        "news",
        "media",
        "médias",
        "telegram",
        "économie",
        "economie",
        "défense",
        "defense",
        "transition",
        "vice",
        "faso",
        "jusqu",
        "renforcer",
        "objectif",
        "saint",
        "sainte",
    ]
)
PERSON_PARTICLES = frozenset(
    {"de", "du", "des", "d'", "d’", "la", "le", "ben", "ould", "ag", "van"}
)


def strip_title(text: str) -> tuple[int, str, bool]:
    """The name inside a PER entity: its offset, the name, and whether a title preceded it.
    Titles and elisions are taken off the front; the name stops at a line break.

    >>> strip_title("M. Sergueï Lavrov")
    (3, 'Sergueï Lavrov', True)
    >>> strip_title("Président Ibrahim Traoré")
    (10, 'Ibrahim Traoré', True)
    >>> strip_title("d’Assimi Goïta")
    (2, 'Assimi Goïta', False)
    """
    offset, titled = 0, False
    text = text.split("\n", 1)[0]
    while True:
        title = TITLE.match(text[offset:])
        elision = None if title else ELISION.match(text[offset:])
        match = title or elision
        if not match or not match.end():
            break
        titled = titled or bool(title)
        offset += match.end()
    return offset, text[offset:].rstrip(" ,.;:’'"), titled


def is_common_word(word: str) -> bool:
    """A word that names a body, a place or a heading, never a person's surname.

    >>> is_common_word("Afrique"), is_common_word("Objectif"), is_common_word("Gromyko")
    (True, True, False)
    """
    return word.casefold().strip("’'") in NOT_A_PERSON


def is_person_name(name: str) -> bool:
    """A person's name has at least two words, each capitalised (particles aside), and none
    of them is a word that names a body, a place or a heading.

    >>> is_person_name("Yacouba Zabré Gouba"), is_person_name("Jean de La Fontaine")
    (True, True)
    >>> is_person_name("Wagner"), is_person_name("Deutsche Welle Afrique")
    (False, False)
    >>> is_person_name("ésident du Faso")
    False
    """
    words = name.split()
    if len(words) < 2 or any(is_common_word(w) for w in words):
        return False
    named = [w for w in words if w.casefold() not in PERSON_PARTICLES]
    return len(named) >= 2 and all(w[:1].isupper() for w in named)


def surname_key(name: str) -> str:
    """The key that merges mentions of one person: the last word, accents and case aside.

    >>> surname_key("Jean de La Fontaine"), surname_key("M. FONTAINE")
    ('fontaine', 'fontaine')
    """
    return fold(name.split()[-1])


def actor_patterns(actors: list[KnownActor]) -> list[dict]:
    """EntityRuler patterns for every name of every known actor (both apostrophes)."""
    patterns = []
    for actor in actors:
        label = "PER" if actor.kind == "person" else "ORG"
        names = set(actor.names) | {n.replace("'", "’") for n in actor.names}
        patterns += [{"label": label, "pattern": name, "id": actor.id} for name in sorted(names)]
    return patterns


def add_actor_ruler(nlp: Language, actors: list[KnownActor]) -> None:
    """Known actors override the statistical entities they overlap ("Wagner" is no person)."""
    ruler = nlp.add_pipe(
        "entity_ruler", name="sahel_actors", after="ner", config={"overwrite_ents": True}
    )
    ruler.add_patterns(actor_patterns(actors))
