"""A saved web page (`.html`) as an article: main text, title, date and outlet by `trafilatura`,
offline, with the original HTML kept beside the text in the article folder.

Nothing is fetched: the page is parsed from its bytes, and the date is read from the page's
own markup (meta tags, JSON-LD, `<time>`, the address), never guessed from stray numbers.
A page's cost is bounded before trafilatura sees it: scripts, styles, frames and embedded
objects are removed, then a page over the limits below (bytes, elements, characters of text)
is refused with a message instead of blocking the app for many seconds.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import AnyHttpUrl, TypeAdapter, ValidationError

from sahelwatch.extract.pipeline import MAX_TEXT_CHARS, ExtractionError
from sahelwatch.storage import atomic_write_bytes, is_inside

SOURCE_HTML = "source.html"
HTML_SUFFIXES = (".html", ".htm")
# Measured on this project's shared 2-core machine (trafilatura 2.3, scripts removed first):
# 15,000–18,000 elements of short linked blocks take 1.7–3.5 s, 24,000 take 6 s; a saved news
# page has a few thousand. 5 MB holds such a page saved as "HTML only" (one saved "complete",
# with inlined images, goes over). The page's text is capped at 4× what an article may hold
# (`pipeline.MAX_TEXT_CHARS`): 4.5 million characters of paragraphs took 5.8 s.
MAX_HTML_BYTES = 5_000_000
MAX_ELEMENTS = 15_000
MAX_PAGE_TEXT_CHARS = 4 * MAX_TEXT_CHARS
MAX_JSON_LD_CHARS = 100_000
# An article has a paragraph of at least eight words with a full stop (or ! ? …); a menu and a
# title have none, whatever trafilatura's fallbacks return for such a page.
PROSE_WORDS = 8
# Markup that is never article text: code, styles, frames and embedded objects. JSON-LD stays
# (it carries the headline, the date and the publisher) unless it is oversized.
INERT_TAGS = ("script", "style", "noscript", "iframe", "frame", "object", "embed", "template",
              "svg", "canvas", "applet")  # fmt: skip


@dataclass(frozen=True)
class WebPage:
    """What a saved page gives: `text` is what `article.txt` holds (title line, blank line,
    body); the other fields are None when the page does not say them."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None


def is_webpage(path: Path) -> bool:
    return path.suffix.lower() in HTML_SUFFIXES


def read_webpage(raw: bytes, name: str) -> WebPage:
    """The article in a saved page; ExtractionError with a clear message when there is none,
    or when the page is too large to read quickly."""
    if len(raw) > MAX_HTML_BYTES:
        raise ExtractionError(
            f"{name}: {len(raw) / 1e6:.1f} MB of HTML; the limit is {MAX_HTML_BYTES / 1e6:.0f} MB "
            "(save the page as “HTML only”, or paste the article's text)"
        )
    # trafilatura takes about a second to import: loaded when a page is read, not before.
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(raw)
    if tree is None:
        raise ExtractionError(f"{name}: not an HTML page")
    _remove_inert_markup(tree)
    elements = sum(1 for _ in tree.iter())
    if elements > MAX_ELEMENTS:
        raise ExtractionError(
            f"{name}: {elements:,} HTML elements; the limit is {MAX_ELEMENTS:,} "
            "(paste the article's text instead)"
        )
    if len(tree.text_content()) > MAX_PAGE_TEXT_CHARS:
        raise ExtractionError(
            f"{name}: more than {MAX_PAGE_TEXT_CHARS:,} characters of text; an article holds at "
            f"most {MAX_TEXT_CHARS:,} (paste the article's text instead)"
        )
    doc = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    title = _clean_line(doc.title) if doc else None
    lines = [line.strip() for line in (doc.text or "").split("\n")] if doc else []
    if lines and title and _same_line(lines[0], title):  # the page's <h1> opens the body
        lines = lines[1:]
    body = "\n".join(lines).strip()
    if not any(_is_prose(line) for line in lines):
        found = f" (only a title: “{title[:80]}”)" if title else ""
        raise ExtractionError(f"{name}: no article text found in the page{found}")
    text = f"{title}\n\n{body}\n" if title else f"{body}\n"
    return WebPage(
        text=text,
        title=title,
        published=_date(doc.date),
        outlet=_clean_line(doc.sitename) or _clean_line(doc.hostname),
        url=doc.url if doc.url and _is_web_address(doc.url) else None,
    )


def save_source_html(data_dir: Path, folder: Path, raw: bytes) -> Path:
    """Keep the original page as `source.html` in an article folder that `save_article` has
    just written; refuses (ExtractionError, nothing written) a path that leads out of it."""
    path = Path(folder) / SOURCE_HTML
    if not is_inside(data_dir, Path(folder)) or os.path.islink(path):
        raise ExtractionError(f"{Path(folder).name}/{SOURCE_HTML}: a symbolic link; not written")
    atomic_write_bytes(path, raw)
    return path


def _remove_inert_markup(tree) -> None:
    for element in list(tree.iter(*INERT_TAGS)):
        json_ld = element.tag == "script" and element.get("type") == "application/ld+json"
        if json_ld and len(element.text or "") <= MAX_JSON_LD_CHARS:
            continue
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element


def _is_prose(line: str) -> bool:
    return len(line.split()) >= PROSE_WORDS and any(mark in line for mark in ".!?…")


def _clean_line(value: str | None) -> str | None:
    line = " ".join((value or "").split())[:300]
    return line or None


def _same_line(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _is_web_address(url: str) -> bool:
    """What a record's `article.url` accepts (a page's canonical address can be anything)."""
    try:
        TypeAdapter(AnyHttpUrl).validate_python(url)
    except ValidationError:
        return False
    return True
