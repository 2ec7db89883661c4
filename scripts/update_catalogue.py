"""Refresh the French catalogue from the code: `python scripts/update_catalogue.py`.

Extracts every UI string (`_("…")`, `N_("…")`, the figure builders' `words("…")` and the
link notices' `Notice("…")`) from `app.py`, `app_pages/`, `components/` and
`sahelwatch/filters.py` with Babel, adds the new ones to
`locales/fr/LC_MESSAGES/messages.po` (untranslated, for a translator to fill in), drops the ones
the code no longer uses, keeps every translation, and prints what is left to translate.
`tests/unit/test_catalogue.py` fails while anything is.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")),
           *sorted((ROOT / "components").glob("*.py"))]  # fmt: skip
# The domain's notices about a link (`sahelwatch.filters.Notice`) are shown translated too.
DOMAIN_SOURCES = [ROOT / "sahelwatch" / "filters.py"]
KEYWORDS = {"_": None, "N_": None, "words": None, "Notice": None}
CATALOGUE = ROOT / "locales" / "fr" / "LC_MESSAGES" / "messages.po"


def ui_strings() -> dict[str, list[tuple[str, int]]]:
    """Each UI string of the interface, with where it is used."""
    found: dict[str, list[tuple[str, int]]] = {}
    for path in SOURCES + DOMAIN_SOURCES:
        for line, message, _comments, _context in extract_from_file(
            "python", path, keywords=KEYWORDS, comment_tags=()
        ):
            if isinstance(message, str) and message:
                found.setdefault(message, []).append((str(path.relative_to(ROOT)), line))
    return found


def read_catalogue(path: Path = CATALOGUE) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale="fr")


def main() -> int:
    strings = ui_strings()
    old = read_catalogue() if CATALOGUE.is_file() else Catalog(locale="fr")
    new = Catalog(
        locale="fr",
        project="Sahel Watch",
        domain="messages",
        creation_date=old.creation_date,
        revision_date=old.revision_date,
    )
    for message, places in sorted(strings.items()):
        previous = old.get(message)
        new.add(message, previous.string if previous else "", locations=places)
    CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
    with CATALOGUE.open("wb") as po:
        write_po(po, new, width=100, omit_header=False, sort_output=True)
    missing = [m.id for m in new if m.id and not m.string]
    for message in missing:
        print(f"untranslated: {message!r}")
    print(f"{CATALOGUE.relative_to(ROOT)}: {len(strings)} strings, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
