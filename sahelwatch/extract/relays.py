"""The outlets an article names as where its information comes from: "selon Sputnik", "a rapporté
l'agence TASS", "cité par RIA Novosti", "selon un article de Sputnik", "rapporté par Deutsche Welle
Afrique", "peut-on lire sur le site de l'AIB"; and a wire agency the article speaks through
("a indiqué à l'AFP", "l'AFP n'a pas pu confirmer"), which makes it that agency's copy.

An outlet named as an actor ("l'ANP et l'agence Sputnik ont signé") is not a relay: only these
cues, right before the outlet's name, make one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sahelwatch.taxonomy import KnownSource

_APOSTROPHE = "['’]"
# A verb or preposition of provenance, then what was published ("un article de", "une dépêche
# de", "le site de", "l'agence") and the outlet's name.
_CUE = (
    rf"(?:selon|d{_APOSTROPHE}après|rapporté(?:e|s|es)? par|a rapporté|rapporte|rapportait|"
    rf"citant|cité(?:e|s|es)? par|relayé(?:e|s|es)? par|repris(?:e|es)? par|a indiqué|"
    rf"a annoncé|a appris|a affirmé|indique|lire sur le site de|sur le site de|"
    rf"sources? (?:de|d{_APOSTROPHE}))"
)
_WHAT = (
    r"(?:(?:un|une|le|la|les|des|l['’]|d['’]|de)\s*"
    r"(?:article|dépêche|reportage|information|site|agence(?: de presse)?|média|chaîne)?"
    r"\s*(?:de\s+la\s+|de\s+l['’]|du\s+|de\s+|d['’])?)*"
)
# A wire agency (kind `news_agency`) that the article quotes its sources to, or speaks for.
_WIRE = (
    rf"(?:à|a|par) l{_APOSTROPHE}\s*{{name}}\b"
    rf"|\bl{_APOSTROPHE}\s*{{name}} (?:n{_APOSTROPHE}|a |ont |est |précise|indique|rapporte)"
    r"|\({name}\)"
)


def _names(source: KnownSource) -> str:
    """The outlet's names as one pattern: short ones ("RT", "AP", "AFP") as written, longer ones
    in any case ("Agence d'Information du Burkina")."""
    names = sorted({source.name, *source.aliases}, key=len, reverse=True)
    escaped = (re.escape(n).replace("'", _APOSTROPHE) for n in names)
    return "|".join(e if len(n) <= 4 else f"(?i:{e})" for n, e in zip(names, escaped, strict=True))


def cited_sources(text: str, known: Sequence[KnownSource]) -> list[KnownSource]:
    """The known outlets `text` cites as its provenance, in the order of `known`."""
    cited = []
    for source in known:
        name = f"(?:{_names(source)})"
        patterns = [rf"\b(?i:{_CUE}\s+{_WHAT})\s*{name}\b"]
        if source.kind == "news_agency":
            patterns.append(_WIRE.format(name=name))
        if any(re.search(p, text) for p in patterns):
            cited.append(source)
    return cited
