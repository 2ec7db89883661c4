"""Ids made from words: slugs that fit the model's id patterns and are new in the record."""

from __future__ import annotations

from collections.abc import Collection

from sahelwatch.text import slug

MAX_ID = 200
WORDS_IN_ID = 40


def new_id(prefix: str, words: str, taken: Collection[str], scope: str = "") -> str:
    """An id `prefix[scope-]words` not in `taken`, numbered (`-2`, `-3`, ...) when it is.

    Events and quotes claim their id in the whole corpus, so theirs carry the article id as
    `scope`; actors and places are local to the record (or knowledge-base ids).
    """
    stem = f"{prefix}{scope + '-' if scope else ''}{slug(words, WORDS_IN_ID)}"
    stem = stem[: MAX_ID - 6].rstrip("-._")
    candidate, n = stem, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}"
    return candidate
