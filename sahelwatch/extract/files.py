"""Article files as inputs to the pipeline: UTF-8 text files and saved web pages."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from sahelwatch.extract.pipeline import ArticleInput, ExtractionError
from sahelwatch.extract.webpage import is_webpage, read_webpage
from sahelwatch.storage import ARTICLE_TEXT
from sahelwatch.text import slug

log = logging.getLogger("sahelwatch.ingest")


@dataclass(frozen=True)
class ArticleOptions:
    """What the command line says of every file; it wins over what a page says."""

    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    article_id: str | None = None
    language: str | None = None


def read_text_bytes(raw: bytes, name: str) -> str:
    """Article text from bytes, with a clear error when they are not UTF-8 text."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExtractionError(
            f"{name}: not UTF-8 text (byte {error.start}); convert it, e.g. "
            "`iconv -f latin1 -t utf-8`"
        ) from None
    if "\x00" in text:
        raise ExtractionError(f"{name}: binary data, not text")
    return text.replace("\r\n", "\n")


def read_text(path: Path) -> str:
    return read_text_bytes(path.read_bytes(), str(path))


def file_article_id(path: Path, options: ArticleOptions) -> str:
    """The article id a file is saved under: `--id`, else its name (its folder's name for an
    `article.txt`), so the same file always lands in the same article folder."""
    if options.article_id:
        return options.article_id
    return slug(path.parent.name if path.name == ARTICLE_TEXT else path.stem, 60)


def read_article(path: Path, options: ArticleOptions) -> tuple[ArticleInput, bytes | None]:
    """One file as an article; a saved page also gives its original HTML."""
    page_html = path.read_bytes() if is_webpage(path) else None
    page = read_webpage(page_html, str(path)) if page_html is not None else None
    published = options.published or (page.published if page else None)
    if page and published is None:
        log.warning("%s: the page gives no publication date; the draft's dates are unknown "
                    "(give --published YYYY-MM-DD)", path)  # fmt: skip
    item = ArticleInput(
        text=page.text if page else read_text(path),
        id=file_article_id(path, options),
        published=published,
        outlet=options.outlet or (page.outlet if page else None),
        url=options.url or (page.url if page else None),
        language=options.language,
    )
    return item, page_html
