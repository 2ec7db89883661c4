"""Small hand-made corpora for the mutation-killing tests: each event names its evidence
sentence, and the article text, offsets and hash are derived from it, so a test states only
the facts it is about.

The records are written as plain JSON in the documented file format, not through the models,
so these tests depend on the contract rather than on how the code builds records.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from tests.conftest import MINI_DATA

SPUTNIK = {"id": "src:sputnik", "name": "Sputnik", "kind": "state_media", "country": "RUS"}
NO_DATE = {"start": None, "end": None, "precision": "unknown", "basis": "unknown",
           "not_before": None, "not_after": None}  # fmt: skip


def new_corpus(folder: Path) -> Path:
    """An empty corpus with the mini fixture's taxonomy (security, energy, ..., diplomacy)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("topics.yaml", "sources.yaml"):
        shutil.copy(MINI_DATA / name, folder / name)
    (folder / "articles").mkdir(exist_ok=True)
    return folder


def day(start: str, end: str | None = None) -> dict:
    precision = "day" if end is None else "month"
    return {"start": start, "end": end or start, "precision": precision, "basis": "stated",
            "not_before": None, "not_after": None}  # fmt: skip


def event(event_id: str, evidence: str, **fields) -> dict:
    """An event whose only evidence is the sentence `evidence` (added to the article text)."""
    return {
        "id": event_id,
        "title": fields.pop("title", event_id.removeprefix("evt:").replace("-", " ")),
        "summary": fields.pop("summary", ""),
        "kind": fields.pop("kind", "statement"),
        "date": fields.pop("date", NO_DATE),
        "place_ids": fields.pop("place_ids", []),
        "countries": fields.pop("countries", ["MLI"]),
        "geo_precision": fields.pop("geo_precision", "country"),
        "actor_ids": fields.pop("actor_ids", []),
        "topics": fields.pop("topics", ["security"]),
        "evidence": evidence,
        **fields,
    }


def write_article(
    data_dir: Path,
    article_id: str,
    events: list[dict],
    *,
    status: str = "reviewed",
    quotes: list[dict] = (),
    actors: list[dict] = (),
    places: list[dict] = (),
    sources: list[dict] = (SPUTNIK,),
    folder_name: str | None = None,
) -> Path:
    """Write `articles/<id>/` with a text made of a headline and each evidence sentence and
    quote (events and quotes carry their text as a plain string here). Returns the folder."""
    text = f"Titre de {article_id}"
    record_events, record_quotes = [], []

    def span(piece: str) -> dict:
        nonlocal text
        text += "\n"
        start = len(text)
        text += piece
        return {"start": start, "end": start + len(piece), "text": piece}

    for item in events:
        record_events.append({**item, "evidence": [span(item["evidence"])]})
    for quote in quotes:
        record_quotes.append({"mode": "direct", **quote, "evidence": span(quote["text"])})
    record = {
        "schema_version": 1,
        "article": {
            "id": article_id, "title": f"Titre de {article_id}", "language": "fr",
            "outlet": None, "url": None, "published": NO_DATE,
            "attributed_to": [s["id"] for s in sources],
            "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "status": status, "synthetic": False,
        },
        "sources": list(sources),
        "actors": [{"role": None, "affiliation": None, "mentions": [], **a} for a in actors],
        "places": [{"mentions": [], **p} for p in places],
        "events": record_events,
        "quotes": record_quotes,
    }  # fmt: skip
    folder = data_dir / "articles" / (folder_name or article_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.txt").write_text(text, "utf-8")
    (folder / "record.json").write_text(json.dumps(record, ensure_ascii=False, indent=2), "utf-8")
    return folder
