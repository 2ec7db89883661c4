"""The evidence of a view as W3C Web Annotations (JSON-LD), for annotation tools and archives.

Each evidence span of a matching event, and each of their quotes, becomes one `Annotation`
whose target is the article, selected twice: a `TextPositionSelector` (character offsets, as
the record counts them: code points of the unmodified text) and a `TextQuoteSelector` (the
exact words with some context either side, which survives a re-encoded copy of the text).
The annotations come as one `AnnotationPage` (https://www.w3.org/TR/annotation-model/).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sahelwatch.store import where_clause

if TYPE_CHECKING:
    from sahelwatch.filters import Filter
    from sahelwatch.store import Store

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX_CHARS = 32
URN = "urn:sahelwatch:"


def _target(article: dict, text: str, start: int, end: int) -> dict:
    return {
        "source": url
        if isinstance(url := article["url"], str)
        else f"{URN}article:{article['article_id']}",
        "selector": [
            {"type": "TextPositionSelector", "start": start, "end": end},
            {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - AFFIX_CHARS) : start],
                "suffix": text[end : end + AFFIX_CHARS],
            },
        ],
    }


def annotation_page(store: Store, flt: Filter) -> dict:
    """Every evidence span and quote of the events `flt` matches, as Web Annotations."""
    where = where_clause(flt)
    spans = store.sql(
        f"""
        SELECT v.article_id, v.start, v.end, e.event_id, e.title, e.topics, e.status
        FROM evidence v JOIN events e USING (event_id)
        WHERE {where.sql} ORDER BY v.article_id, v.start, v.end
        """,
        where.params,
    )
    quotes = store.quotes(flt)
    articles = store.articles().set_index("article_id", drop=False)
    texts: dict[str, str] = {}

    def text_of(article_id: str) -> str:
        if article_id not in texts:
            texts[article_id] = store.article_text(article_id)
        return texts[article_id]

    items = []
    for row in spans.itertuples():
        article = articles.loc[row.article_id]
        body = [{"type": "TextualBody", "purpose": "describing", "value": row.title}]
        body += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in row.topics]
        items.append({
            "id": f"{URN}evidence:{row.event_id}:{row.start}-{row.end}",
            "type": "Annotation",
            "motivation": "describing",
            "body": body,
            "target": _target(article, text_of(row.article_id), row.start, row.end),
            "sahelwatch:event": row.event_id,
            "sahelwatch:status": row.status,
        })  # fmt: skip
    for row in quotes.itertuples():
        article = articles.loc[row.article_id]
        speaker = row.speaker_name if isinstance(row.speaker_name, str) else "speaker unknown"
        items.append({
            "id": f"{URN}quote:{row.quote_id}",
            "type": "Annotation",
            "motivation": "describing",
            "body": [{"type": "TextualBody", "purpose": "describing",
                      "value": f"{speaker} ({row.mode} quote)"}],
            "target": _target(article, text_of(row.article_id), row.start, row.end),
            "sahelwatch:event": row.event_id,
            "sahelwatch:speaker": row.speaker_id,
            "sahelwatch:status": row.status,
        })  # fmt: skip
    return {
        "@context": [CONTEXT, {"sahelwatch": URN}],
        "type": "AnnotationPage",
        "items": items,
    }


def annotations_jsonld(store: Store, flt: Filter) -> str:
    return json.dumps(annotation_page(store, flt), ensure_ascii=False, indent=1) + "\n"
