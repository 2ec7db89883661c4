"""Headline, country and source counts and quote pages against the plain SQL they replaced
(`count(DISTINCT ...)`, one group per source row, quotes joined whole): the store counts
distinct story, article and origin numbers as bits of a bit string, groups sources before
joining them and picks a quote page on narrow columns, and must give the same answers for
every filter, from any number of threads at once."""

from __future__ import annotations

import datetime as dt
import threading

import pandas as pd
import pytest

from sahelwatch.filters import Filter
from sahelwatch.store import Store, entity_table, where_clause
from sahelwatch.synth import write_corpus
from tests.conftest import SEED_DATA
from tests.unit.mutants_corpus import new_corpus

FILTERS = [
    Filter(),
    Filter(topics=("energy",)),
    Filter(topics=("security", "economy"), countries=("NER",)),
    Filter(date_from=dt.date(2021, 1, 1), date_to=dt.date(2022, 6, 30), include_undated=False),
    Filter(sources=("src:sputnik",), include_drafts=False),
    Filter(actors=("act:amadou-traore",)),
    Filter(min_origins=2),
    Filter(topics=("not-a-topic",)),  # matches nothing
]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("counts") / "synthetic"
    write_corpus(folder, 300, taxonomy_from=SEED_DATA)
    return Store.open(folder, folder.parent / "store")


def _plain_distinct_counts(store: Store, flt: Filter) -> dict:
    where = where_clause(flt)
    return (
        store.sql(
            f"""
            SELECT count(DISTINCT e.story_id) AS stories, count(DISTINCT e.article_id) AS articles,
                   (SELECT count(DISTINCT o) FROM (SELECT unnest(s.origin_ids) AS o FROM stories s
                    WHERE s.story_id IN (SELECT story_id FROM events e WHERE {where.sql})))
                     AS origins
            FROM events e WHERE {where.sql}
            """,
            where.params * 2,
        )
        .iloc[0]
        .to_dict()
    )


def _plain_country_counts(store: Store, flt: Filter) -> dict[str, int]:
    where = where_clause(flt)
    frame = store.sql(
        f"SELECT country, count(DISTINCT story_id) AS n FROM (SELECT story_id, "
        f"unnest(countries) AS country FROM events e WHERE {where.sql}) GROUP BY country",
        where.params,
    )
    return dict(zip(frame["country"], frame["n"], strict=True))


def _plain_source_counts(store: Store, flt: Filter) -> pd.DataFrame:
    where = where_clause(flt)
    return store.sql(
        f"""
        SELECT s.source_id, s.name, s.kind, s.country, count(*) AS n_events
        FROM (SELECT unnest(source_ids) AS source_id FROM events e WHERE {where.sql}) x
        JOIN {entity_table("source", flt)} s USING (source_id)
        GROUP BY ALL ORDER BY n_events DESC, s.name, s.source_id
        """,
        where.params,
    )


def _counts(store: Store, flt: Filter) -> tuple:
    headline = store.headline(flt)
    countries = store.country_counts(flt)
    sources = store.source_counts(flt).sort_values(["n_events", "name", "source_id"],
                                                   ascending=[False, True, True])  # fmt: skip
    return (
        {key: int(headline[key]) for key in ("stories", "articles", "origins", "events")},
        dict(zip(countries["country"], countries["n"], strict=True)),
        sources.reset_index(drop=True),
    )


@pytest.mark.parametrize("flt", FILTERS, ids=range(len(FILTERS)))
def test_counts_equal_the_plain_distinct_counts(store, flt):
    headline, countries, sources = _counts(store, flt)
    plain = _plain_distinct_counts(store, flt)
    assert {key: headline[key] for key in plain} == plain
    assert countries == _plain_country_counts(store, flt)
    pd.testing.assert_frame_equal(sources, _plain_source_counts(store, flt))


def test_the_filters_count_something(store):
    """The comparisons above are not all of empty answers."""
    stories = [_counts(store, flt)[0]["stories"] for flt in FILTERS]
    assert stories[0] > stories[1] > 0
    assert stories[-1] == 0


def test_an_empty_corpus_counts_zero(tmp_path):
    empty = Store.open(new_corpus(tmp_path / "data"), tmp_path / "store")
    headline = empty.headline(Filter())
    assert {key: headline[key] for key in ("stories", "articles", "origins", "events")} == {
        "stories": 0, "articles": 0, "origins": 0, "events": 0,
    }  # fmt: skip
    assert empty.country_counts(Filter()).empty


def test_threads_with_different_filters_each_get_their_own_counts(store):
    """Eight threads, two filters, asking at the same moment, many times."""
    flts = [Filter(topics=("energy",)), Filter(countries=("NER",), include_drafts=False)]
    expected = [_counts(store, flt) for flt in flts]
    assert expected[0][0] != expected[1][0]
    start = threading.Barrier(8)
    wrong: list[str] = []

    def ask(index: int) -> None:
        flt = flts[index % 2]
        start.wait()
        for _ in range(10):
            try:
                headline, countries, sources = _counts(store, flt)
            except Exception as error:  # a failure in a thread would otherwise go unseen
                wrong.append(f"thread {index}: {error!r}")
                return
            want = expected[index % 2]
            if headline != want[0] or countries != want[1] or not sources.equals(want[2]):
                wrong.append(f"thread {index}: {headline} instead of {want[0]}")

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def _plain_quotes(store: Store, flt: Filter, limit: int | None, offset: int) -> pd.DataFrame:
    where = where_clause(flt)
    page = "" if limit is None else f"LIMIT {limit} OFFSET {offset}"
    return store.sql(
        f"""
        SELECT q.*, e.title AS event_title, e.date_start, e.date_precision,
               a.kind AS speaker_kind, art.reviewed_by, art.reviewed_at
        FROM quotes q JOIN events e ON e.event_id = q.event_id
        JOIN articles art ON art.article_id = q.article_id
        LEFT JOIN {entity_table("actor", flt)} a ON a.actor_id = q.speaker_id
        WHERE {where.sql}
        ORDER BY e.date_start NULLS LAST, q.article_id, q.start, q.quote_id {page}
        """,
        where.params,
    )


@pytest.mark.parametrize("flt", FILTERS, ids=range(len(FILTERS)))
@pytest.mark.parametrize(("limit", "offset"), [(None, 0), (0, 0), (8, 0), (8, 16), (8, 10**6)])
def test_quote_pages_equal_the_plain_join(store, flt, limit, offset):
    """The store picks a page on narrow columns and reads only its rows' texts."""
    got = store.quotes(flt, limit, offset)
    pd.testing.assert_frame_equal(got, _plain_quotes(store, flt, limit, offset))
    if limit is None:
        assert len(got) == int(store.headline(flt)["quotes"])
