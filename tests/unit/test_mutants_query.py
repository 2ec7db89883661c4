"""Store query answers on small hand-made corpora, written to kill mutants of
`sahelwatch/query.py` that the synthetic-corpus tests let live (issue 10)."""

from __future__ import annotations

import datetime as dt

import pytest

from sahelwatch.filters import Filter
from sahelwatch.query import Store
from tests.unit.mutants_corpus import day, event, new_corpus, write_article


def _ids(frame, column="event_id") -> set[str]:
    return set(frame[column])


@pytest.fixture(scope="module")
def drafts_store(tmp_path_factory):
    """One reviewed and one draft article, each with one event and one quote."""
    tmp_path = tmp_path_factory.mktemp("drafts_store")
    data = new_corpus(tmp_path / "data")
    speaker = {"id": "act:ivanov", "name": "Ivanov", "kind": "person"}
    write_article(
        data, "reviewed-article", [event("evt:reviewed", "Un accord est signé.")],
        actors=[speaker],
        quotes=[{"id": "q:reviewed", "speaker_id": "act:ivanov", "text": "Nous signons",
                 "event_id": "evt:reviewed"}],
    )  # fmt: skip
    write_article(
        data, "draft-article", [event("evt:draft", "Un projet est annoncé.")],
        status="draft", actors=[speaker],
        quotes=[{"id": "q:draft", "speaker_id": "act:ivanov", "text": "Nous verrons",
                 "event_id": "evt:draft"}],
    )  # fmt: skip
    return Store.open(data, tmp_path / "store")


def test_hiding_drafts_leaves_only_reviewed_events_and_quotes(drafts_store):
    hidden = Filter(include_drafts=False)
    assert _ids(drafts_store.events(hidden)) == {"evt:reviewed"}
    assert _ids(drafts_store.quotes(hidden), "quote_id") == {"q:reviewed"}
    assert drafts_store.count_events(hidden) == 1
    assert drafts_store.headline(hidden)["quotes"] == 1
    assert _ids(drafts_store.events(Filter())) == {"evt:reviewed", "evt:draft"}
    assert drafts_store.count_events(Filter(include_drafts=True)) == 2


# --- search ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def search_store(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("search_store")
    data = new_corpus(tmp_path / "data")
    write_article(
        data,
        "search-article",
        [
            event("evt:percent", "Texte sans rapport.", title="Un soutien à 100% du projet"),
            event("evt:thousand", "Autre texte sans rapport.", title="1000 soldats déployés"),
            event("evt:underscore", "Troisième phrase.", title="Le mot_clé du jour"),
            event("evt:hyphen", "Quatrième phrase.", title="Le mot-clé de la veille"),
            event("evt:backslash", "Cinquième phrase.", title="Le dossier C:\\dossier"),
            event("evt:plain", "Sixième phrase.", title="Le dossier C:dossier"),
            event("evt:summary", "Septième phrase.", title="Visite", summary="Un mémorandum"),
            event("evt:evidence", "Des drônes livrés à l’armée.", title="Delivery"),
            event("evt:quoted", "Huitième phrase.", title="Statement"),
        ],
        actors=[{"id": "act:ivanov", "name": "Ivanov", "kind": "person"}],
        quotes=[{"id": "q:one", "speaker_id": "act:ivanov", "text": "Une coopération sincère",
                 "event_id": "evt:quoted"}],
    )  # fmt: skip
    return Store.open(data, tmp_path / "store")


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # LIKE wildcards in the search text match themselves only.
        ("100%", {"evt:percent"}),
        ("mot_clé", {"evt:underscore"}),
        ("C:\\dossier", {"evt:backslash"}),
        # Titles, summaries, evidence and quotes are searched, accents and case ignored.
        ("MEMORANDUM", {"evt:summary"}),
        ("drones livres", {"evt:evidence"}),
        ("cooperation", {"evt:quoted"}),
        ("soldats", {"evt:thousand"}),
    ],
)
def test_search_matches_literally_across_title_summary_evidence_and_quotes(
    search_store, q, expected
):
    assert _ids(search_store.events(Filter(q=q))) == expected
    assert search_store.count_events(Filter(q=q)) == len(expected)


# --- facets ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def facet_store(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("facet_store")
    data = new_corpus(tmp_path / "data")
    actors = [{"id": f"act:{n}", "name": n.title(), "kind": "person"} for n in ("ana", "bo")]
    write_article(
        data,
        "facet-article",
        [
            event("evt:one", "Phrase un.", topics=["security"], countries=["MLI"],
                  actor_ids=["act:ana"]),
            event("evt:two", "Phrase deux.", topics=["energy"], countries=["NER"],
                  actor_ids=["act:bo"]),
            event("evt:three", "Phrase trois.", topics=["security", "energy"],
                  countries=["MLI", "NER"], actor_ids=["act:ana", "act:bo"]),
            event("evt:four", "Phrase quatre.", topics=["diplomacy"], countries=["BFA"],
                  actor_ids=["act:bo"]),
        ],
        actors=actors,
    )  # fmt: skip
    return Store.open(data, tmp_path / "store")


def _counts(frame) -> dict[str, int]:
    return dict(zip(frame["value"], frame["n"], strict=True))


@pytest.mark.parametrize(
    ("flt", "facet", "expected"),
    [
        # A facet's own filter is ignored when counting its options ...
        (Filter(topics=("security",)), "topics", {"security": 2, "energy": 2, "diplomacy": 1}),
        (Filter(countries=("BFA",)), "countries", {"MLI": 2, "NER": 2, "BFA": 1}),
        (Filter(actors=("act:ana",)), "actor_ids", {"act:ana": 2, "act:bo": 3}),
        (Filter(sources=("src:other",)), "source_ids", {"src:sputnik": 4}),
        # ... while every other filter still applies.
        (Filter(topics=("security",), countries=("NER",)), "topics",
         {"security": 1, "energy": 2}),
        (Filter(topics=("diplomacy",)), "countries", {"BFA": 1}),
    ],
)  # fmt: skip
def test_facet_counts_ignore_their_own_facet_only(facet_store, flt, facet, expected):
    assert _counts(facet_store.facet_counts(flt, facet)) == expected


def test_facet_counts_are_ordered_most_frequent_first(facet_store):
    assert list(facet_store.facet_counts(Filter(), "actor_ids")["value"]) == ["act:bo", "act:ana"]


# --- dates -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dated_store(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("dated_store")
    data = new_corpus(tmp_path / "data")
    write_article(
        data,
        "dated-article",
        [
            event("evt:june-1", "Le 1er juin.", date=day("2024-06-01")),
            event("evt:june-30", "Le 30 juin.", date=day("2024-06-30")),
            event("evt:may-june", "De mai à juin.", date=day("2024-05-20", "2024-06-02")),
            event("evt:undated", "Un jour."),
        ],
    )
    return Store.open(data, tmp_path / "store")


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        # Both ends are inclusive; a span counts when any of its days is in the range.
        (Filter(date_from=dt.date(2024, 6, 1), date_to=dt.date(2024, 6, 1), include_undated=False),
         {"evt:june-1", "evt:may-june"}),
        (Filter(date_from=dt.date(2024, 6, 3), include_undated=False), {"evt:june-30"}),
        (Filter(date_from=dt.date(2024, 6, 2), include_undated=False),
         {"evt:june-30", "evt:may-june"}),
        (Filter(date_to=dt.date(2024, 5, 31), include_undated=False), {"evt:may-june"}),
        (Filter(date_to=dt.date(2024, 6, 30), include_undated=False),
         {"evt:june-1", "evt:june-30", "evt:may-june"}),
        (Filter(date_to=dt.date(2024, 5, 19)), {"evt:undated"}),
        (Filter(include_undated=False), {"evt:june-1", "evt:june-30", "evt:may-june"}),
    ],
)  # fmt: skip
def test_date_range_is_inclusive_and_undated_events_follow_their_flag(dated_store, flt, expected):
    assert _ids(dated_store.events(flt)) == expected


def test_events_are_ordered_by_date_then_id_with_undated_last_and_paged(dated_store):
    ordered = ["evt:may-june", "evt:june-1", "evt:june-30", "evt:undated"]
    assert list(dated_store.events(Filter())["event_id"]) == ordered
    assert list(dated_store.events(Filter(), limit=2, offset=1)["event_id"]) == ordered[1:3]


def test_date_bounds_cover_the_first_start_and_the_last_end(dated_store):
    assert dated_store.date_bounds() == (dt.date(2024, 5, 20), dt.date(2024, 6, 30))


def test_headline_figures(dated_store):
    headline = dated_store.headline(Filter())
    assert headline["articles"] == 1
    assert headline["events"] == 4
    assert headline["undated"] == 1
    assert headline["date_min"].date() == dt.date(2024, 5, 20)
    assert headline["date_max"].date() == dt.date(2024, 6, 30)
