"""Ids made from words: slugs that fit the model's id patterns and are new in the record."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

MAX_ID = 200
WORDS_IN_ID = 40


def slug(text: str, limit: int = WORDS_IN_ID) -> str:
    """`« Nous avançons », a dit M. Ivanov` -> `nous-avancons-a-dit-m-ivanov`; `x` when no
    letter or digit survives (a name in another script, a payload of punctuation)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
    return "-".join(words)[:limit].strip("-") or "x"


def new_id(prefix: str, words: str, taken: Collection[str], scope: str = "") -> str:
    """An id `prefix[scope-]words` not in `taken`, numbered (`-2`, `-3`, ...) when it is.

    Events and quotes claim their id in the whole corpus, so theirs carry the article id as
    `scope`; actors and places are local to the record (or knowledge-base ids).
    """
    stem = f"{prefix}{scope + '-' if scope else ''}{slug(words)}"
    stem = stem[: MAX_ID - 6].rstrip("-._")
    candidate, n = stem, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}"
    return candidate
