"""`components.data_access`: the typed, cached queries give the store's answers, and a repeated
filter is served from the cache (one store call per corpus and filter, shared by the typed
functions that read the same query)."""

from __future__ import annotations

from collections import Counter

import pytest
import streamlit as st

from components import data_access
from sahelwatch.filters import Filter
from sahelwatch.store import Store
from tests.conftest import SEED_DATA

ENERGY = Filter(topics=("energy",))


@pytest.fixture
def calls(tmp_path, monkeypatch):
    """Store method calls, counted by name, on the seed corpus with fresh caches."""
    monkeypatch.setenv("SAHELWATCH_DATA", str(SEED_DATA))
    monkeypatch.setenv("SAHELWATCH_STORE", str(tmp_path / "store"))
    counted: Counter[str] = Counter()
    for name in ("headline", "facet_counts", "country_counts", "source_counts"):
        method = getattr(Store, name)

        def counting(self, *args, _name=name, _method=method):
            counted[_name] += 1
            return _method(self, *args)

        monkeypatch.setattr(Store, name, counting)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield counted
    st.cache_data.clear()
    st.cache_resource.clear()


def test_typed_queries_give_the_store_answers(calls):
    store = Store.open(SEED_DATA, data_access.store().report.store_dir)
    assert data_access.headline(ENERGY) == store.headline(ENERGY)
    counts = store.country_counts(ENERGY)
    assert data_access.country_counts(ENERGY) == dict(
        zip(counts["country"], counts["n"], strict=True)
    )
    facets = store.facet_counts(ENERGY, "topics")
    assert data_access.facet_counts(ENERGY, "topics") == dict(
        zip(facets["value"], facets["n"], strict=True)
    )
    both = Filter(sources=("src:sputnik",), topics=("energy",))
    options = data_access.source_options(both)
    assert options.equals(store.source_counts(Filter(topics=("energy",))))


def test_a_repeated_filter_is_served_from_the_cache(calls):
    for _ in range(3):
        data_access.headline(ENERGY)
        data_access.country_counts(ENERGY)
        data_access.facet_counts(ENERGY, "countries")
    assert calls == {"headline": 1, "country_counts": 1, "facet_counts": 1}
    data_access.headline(Filter(topics=("security",)))
    data_access.facet_counts(ENERGY, "topics")
    assert calls["headline"] == 2 and calls["facet_counts"] == 2


def test_source_options_share_the_cache_of_the_source_counts_without_the_source_filter(calls):
    data_access.source_counts(ENERGY)
    data_access.source_options(Filter(topics=("energy",), sources=("src:sputnik",)))
    assert calls["source_counts"] == 1
