"""Text keys shared by the extraction rules."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive key: "Goïta’s" → "goita's"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
