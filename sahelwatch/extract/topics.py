"""Topics of a sentence from weighted evidence, not from any single lexicon hit.

Each lexicon entry of `data/topics.yaml` found in a sentence is a cue worth 1, or 0.5 when it
is a generic word (`WEAK_CUES`); a sentence has a topic when its cues add up to 1. Words inside
a name ("Agence d'Information du Burkina", "Forum économique international") are not cues, and
a metaphor ("les attaques des médias") is not a cue for the literal topic.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from sahelwatch.taxonomy import Topic

THRESHOLD = 1.0
WEAK = 0.5
# Words that appear in any news story about anything: alone they do not make the topic.
WEAK_CUES = {
    "information": frozenset(
        [
            "information",
            "presse",
            "télévision",
            "radio",
            "communication",
            "média",
            "médias",
            "satellite",
            "internet",
            "numérique",
            "sputnik",
            "rt",
            "agence de presse",
            "réseau social",
        ]
    ),
    "diplomacy": frozenset(
        [
            "ministre",
            "coopération",
            "alliance",
            "confédération",
            "accord",
            "visite",
            "partenariat",
            "souveraineté",
            "relation bilatéral",
        ]
    ),
    "security": frozenset(
        [
            "opération",
            "arme",
            "armement",
            "défense",
            "militaire",
            "sécuritaire",
            "sécuriser",
            "combattre",
            "wagner",
            "africa corps",
            "lutte contre",
        ]
    ),
    "energy": frozenset(
        ["centrale", "mine", "minier", "or", "barrage", "carburant", "pipeline", "oléoduc"]
    ),
    "economy": frozenset(
        [
            "économique",
            "infrastructure",
            "industrie",
            "agriculture",
            "prêt",
            "investir",
            "financier",
        ]
    ),
}
# "attaques des médias", "une offensive diplomatique": a cue followed by one of these words is
# a figure of speech, not the topic.
METAPHORS = {
    "attaque": re.compile(r"^(?:des?|du|contre)\s+(?:la\s+|les\s+)?(?:médias?|presse|critiques?)"),
}


# Ranks that open a person's title: the words from one up to the name are the title.
RANKS = frozenset(["général", "colonel", "capitaine", "commandant", "lieutenant", "maréchal"])
TITLE_REACH = 4  # words between a rank and the name: "Général d'armée Assimi Goïta"


def _cue_tokens(tokens: list[Token]) -> list[Token]:
    """Tokens that may be cues: not inside a name (a known actor's name still counts) nor in
    a person's rank title."""
    title = _title_tokens(tokens)
    return [
        t
        for t in tokens
        if (not t.ent_type_ or t.ent_id_ or t.ent_type_ == "LOC") and t.i not in title
    ]


def _title_tokens(tokens: list[Token]) -> set[int]:
    """Indices of the words of a rank title before a person's name: "le Général d'armée Assimi
    Goïta" → "Général", "d'", "armée" (an army rank names the person, not a military story)."""
    title: set[int] = set()
    for token in tokens:
        if token.lower_ not in RANKS:
            continue
        for after in token.doc[token.i + 1 : token.i + 2 + TITLE_REACH]:
            if after.ent_type_ == "PER":
                title.update(range(token.i, after.i))
                break
    return title


def _metaphor(token: Token) -> bool:
    pattern = METAPHORS.get(token.lemma_.lower())
    if pattern is None:
        return False
    following = token.doc[token.i + 1 : token.i + 4].text
    return bool(pattern.match(following))


def sentence_topics(tokens: list[Token], topics: tuple[Topic, ...]) -> list[str]:
    """The topics whose cues in the sentence add up to the threshold.

    "Le ministre a accueilli la délégation." → diplomacy (délégation 1 + ministre 0.5);
    "selon un communiqué diffusé à la télévision" → nothing (télévision 0.5);
    "les attaques des médias contre le gouvernement" → no security.
    """
    kept = [t for t in _cue_tokens(tokens) if not _metaphor(t)]
    lemmas = [t.lemma_.lower() for t in kept]
    words = [t.lower_ for t in kept]
    starts: dict[str, set[int]] = {}  # a word or lemma -> where it stands, to try only there
    for i, (lemma, word) in enumerate(zip(lemmas, words, strict=True)):
        starts.setdefault(lemma, set()).add(i)
        starts.setdefault(word, set()).add(i)
    found = []
    for topic in topics:
        weak = WEAK_CUES.get(topic.id, frozenset())
        covered: set[int] = set()
        score = 0.0
        # Longest entries first, and each word counts once ("agence de presse" is one cue).
        for entry in sorted(topic.lexicon, key=lambda e: -len(e.split())):
            parts = entry.split()
            for i in sorted(starts.get(parts[0], ())):
                span = range(i, i + len(parts))
                if covered.intersection(span):
                    continue
                if lemmas[i : i + len(parts)] == parts or words[i : i + len(parts)] == parts:
                    covered.update(span)
                    score += WEAK if entry in weak else 1.0
        if score >= THRESHOLD:
            found.append(topic.id)
    return found
