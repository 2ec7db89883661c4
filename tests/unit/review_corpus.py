"""A draft to review: the mini corpus's article with its record turned back into a draft."""

from __future__ import annotations

import json
from pathlib import Path

from sahelwatch.model import Record
from sahelwatch.taxonomy import load_topics

ARTICLE = "mini-article"
EVENT = "evt:niamey-energy-agreement-2024-08-06"
QUOTE = "q:ivanov-together"
ACTOR = "act:ivanov"
PLACE = "plc:niamey"


def make_draft(data: Path) -> Path:
    """Rewrite the mini record as a draft, in place; return the record file."""
    path = data / "articles" / ARTICLE / "record.json"
    raw = json.loads(path.read_text("utf-8"))
    raw["article"]["status"] = "draft"
    path.write_text(Record.model_validate(raw).to_json(), "utf-8")
    return path


def article_text(data: Path) -> str:
    return (data / "articles" / ARTICLE / "article.txt").read_text("utf-8")


def topic_ids(data: Path) -> frozenset[str]:
    return frozenset(t.id for t in load_topics(data))


def span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)
