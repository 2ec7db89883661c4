"""Profiles of one actor or one cited source: what they said, did and published, in a view.

The subject replaces the filter's own actor (or source) condition: the rest of the filter
(topics, countries, dates, drafts, search) applies as on the Overview. Every list is bounded
(a page of quotes, the latest events, the top co-actors) so a profile stays small at any
corpus size.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from sahelwatch.filters import Filter
from sahelwatch.store import Store, entity_table, where_clause

QUOTES_PAGE = 20
MAX_EVENTS = 500
MAX_CO_ACTORS = 10


def _actor_events(store: Store, actor_id: str, flt: Filter) -> tuple[str, list]:
    """SQL (events aliased `e`) for the events in view an actor takes part in or speaks at."""
    where = where_clause(replace(flt, actors=()))
    sql = (
        f"{where.sql} AND (list_contains(e.actor_ids, ?) OR e.event_id IN "
        "(SELECT event_id FROM quotes WHERE speaker_id = ?))"
    )
    return sql, [*where.params, actor_id, actor_id]


def actor(store: Store, actor_id: str, flt: Filter) -> dict | None:
    """The actor's name, kind, role and affiliation (reviewed records first), with the number
    of events and quotes in view; None when no record in view names the actor."""
    rows = store.sql(
        f"SELECT * FROM {entity_table('actor', flt)} WHERE actor_id = ?", [actor_id]
    ).to_dict("records")
    if not rows:
        return None
    sql, params = _actor_events(store, actor_id, flt)
    counts = store.sql(
        f"""
        WITH f AS (SELECT event_id FROM events e WHERE {sql})
        SELECT (SELECT count(*) FROM f) AS n_events,
               (SELECT count(*) FROM quotes q WHERE q.speaker_id = ?
                  AND q.event_id IN (SELECT event_id FROM f)) AS n_quotes
        """,
        [*params, actor_id],
    ).iloc[0]
    return rows[0] | {"n_events": int(counts["n_events"]), "n_quotes": int(counts["n_quotes"])}


def actor_events(store: Store, actor_id: str, flt: Filter, limit: int = MAX_EVENTS):
    """The latest `limit` events in view the actor takes part in, oldest first, one row per
    event and topic lane like `Store.timeline_events`."""
    sql, params = _actor_events(store, actor_id, flt)
    return store.sql(
        f"""
        SELECT event_id, title, date_start, date_end, date_precision, date_basis, countries,
               status, unnest(CASE WHEN len(topics) = 0 THEN ['none'] ELSE topics END) AS topic
        FROM (SELECT * FROM events e WHERE {sql}
              ORDER BY date_start DESC NULLS LAST, event_id LIMIT {int(limit)})
        ORDER BY date_start NULLS LAST, event_id
        """,
        params,
    )


def actor_quotes(
    store: Store, actor_id: str, flt: Filter, limit: int = QUOTES_PAGE, offset: int = 0
) -> pd.DataFrame:
    """One page of the quotes credited to the actor in view, in date order, with their event."""
    where = where_clause(replace(flt, actors=()))
    return store.sql(
        f"""
        SELECT q.*, e.title AS event_title, e.date_start, e.date_precision
        FROM quotes q JOIN events e ON e.event_id = q.event_id
        WHERE q.speaker_id = ? AND {where.sql}
        ORDER BY e.date_start NULLS LAST, q.article_id, q.start
        LIMIT {int(limit)} OFFSET {int(offset)}
        """,
        [actor_id, *where.params],
    )


def actor_outlets(store: Store, actor_id: str, flt: Filter) -> pd.DataFrame:
    """The outlets whose articles report the actor in view, with how many articles each
    (`outlet` null: articles whose outlet is not known)."""
    sql, params = _actor_events(store, actor_id, flt)
    return store.sql(
        f"""
        SELECT a.outlet,
               count(DISTINCT a.article_id) AS n_articles
        FROM articles a
        WHERE a.article_id IN (SELECT article_id FROM events e WHERE {sql})
        GROUP BY 1 ORDER BY n_articles DESC, outlet NULLS LAST
        """,
        params,
    )


def co_actors(store: Store, actor_id: str, flt: Filter, limit: int = MAX_CO_ACTORS) -> pd.DataFrame:
    """The actors who share the most events in view with the actor."""
    sql, params = _actor_events(store, actor_id, flt)
    return store.sql(
        f"""
        SELECT x.actor_id, n.name, n.kind, count(*) AS n_events
        FROM (SELECT DISTINCT e.event_id, unnest(e.actor_ids) AS actor_id
              FROM events e WHERE {sql}) x
        JOIN {entity_table("actor", flt)} n USING (actor_id)
        WHERE x.actor_id <> ?
        GROUP BY x.actor_id, n.name, n.kind
        ORDER BY n_events DESC, n.name LIMIT {int(limit)}
        """,
        [*params, actor_id],
    )


def source(store: Store, source_id: str, flt: Filter) -> dict | None:
    """A cited source's name, kind and country, with the number of events and articles in
    view citing it; None when no record in view cites it."""
    rows = store.sql(
        f"SELECT * FROM {entity_table('source', flt)} WHERE source_id = ?", [source_id]
    ).to_dict("records")
    if not rows:
        return None
    where = where_clause(replace(flt, sources=(source_id,)))
    counts = store.sql(
        f"SELECT count(*) AS n_events, count(DISTINCT article_id) AS n_articles "
        f"FROM events e WHERE {where.sql}",
        where.params,
    ).iloc[0]
    return rows[0] | {k: int(counts[k]) for k in ("n_events", "n_articles")}


def source_articles(store: Store, source_id: str, flt: Filter, limit: int = MAX_EVENTS):
    """The articles in view citing the source, newest first, with their outlet and how many
    of their events match."""
    where = where_clause(replace(flt, sources=(source_id,)))
    return store.sql(
        f"""
        SELECT a.article_id, a.title, a.outlet, a.published_start, a.status,
               count(*) AS n_events
        FROM events e JOIN articles a USING (article_id)
        WHERE {where.sql}
        GROUP BY ALL ORDER BY a.published_start DESC NULLS LAST, a.article_id
        LIMIT {int(limit)}
        """,
        where.params,
    )


def source_speakers(store: Store, source_id: str, flt: Filter, limit: int = MAX_CO_ACTORS):
    """Whom the articles citing the source quote most, in view."""
    where = where_clause(replace(flt, sources=(source_id,)))
    return store.sql(
        f"""
        SELECT q.speaker_id AS actor_id, n.name, n.kind, count(*) AS n_quotes
        FROM quotes q JOIN events e ON e.event_id = q.event_id
        JOIN {entity_table("actor", flt)} n ON n.actor_id = q.speaker_id
        WHERE {where.sql}
        GROUP BY ALL ORDER BY n_quotes DESC, n.name LIMIT {int(limit)}
        """,
        where.params,
    )
