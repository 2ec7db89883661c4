"""The language of an article's text, so that French rules are run on French text only.

py3langid (a maintained fork of langid.py: 97 languages, offline, deterministic) was chosen
over langdetect and pycld2 on 65 texts (the 18 real French articles, their first 120
characters, the in-repo gold, and news sentences written in seven languages): it got all of them
right, and 37 of 38 real titles and short French snippets (the miss: "[sans titre]", two words).
langdetect (random unless seeded, 30 ms a text) took two French texts opening with English
words for English and a Spanish title for Italian; pycld2 answered "unknown" or English for
short French snippets and raises on control characters. lingua-language-detector's wheel is
96 MB. py3langid's cost is its model, decompressed on first use (2–5 s on this shared machine),
hence loaded only when a text is first classified.
"""

from __future__ import annotations

import re

import pycountry

# Below this many words no detector is reliable (a bare title): the language is not decided.
MIN_WORDS = 5
# The opening of a long article says its language; classifying 200,000 characters adds nothing.
SAMPLE_CHARS = 20_000
WORD = re.compile(r"[^\W\d_]{2,}")


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None when it is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(WORD.findall(sample)) < MIN_WORDS:
        return None
    import py3langid  # its model is read on the first call, not when Sahel Watch starts

    code, _ = py3langid.classify(sample)
    return code


def language_name(code: str) -> str:
    """ "en" -> "English"; the code itself when pycountry does not know it."""
    language = pycountry.languages.get(alpha_2=code)
    return language.name if language else code
