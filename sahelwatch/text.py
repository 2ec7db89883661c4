"""Record text made safe to show (clipped, without bidirectional controls, escaped for HTML),
and words made into ids.

The dashboard (`components/safe.py`) and the exported report (`export.py`) both show text from
articles; they share these so the two cannot drift apart. Extraction and review both make ids
from words with `slug`.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Bidirectional controls would let a name reorder the text around it.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clip(text: object, limit: int | None = 300) -> str:
    value = "" if text is None else str(text)
    if limit is not None and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


def plain(text: object, limit: int | None = 300) -> str:
    """Text without bidirectional controls, clipped to `limit` characters, for contexts that
    show text as is (widget options, dataframes, chart labels)."""
    return clip(BIDI_CONTROLS.sub("", "" if text is None else str(text)), limit)


def html_text(text: object, limit: int | None = 300) -> str:
    """Text for an HTML context: `plain`, then escaped once (clipping first never cuts an
    entity in half)."""
    return html.escape(plain(text, limit), quote=True)


def slug(text: str, limit: int = 60) -> str:
    """`« Nous avançons », a dit M. Ivanov` -> `nous-avancons-a-dit-m-ivanov`; `x` when no
    letter or digit survives (a name in another script, a payload of punctuation)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
    return "-".join(words)[:limit].strip("-") or "x"
