"""Store query answers on small hand-made corpora, written to kill mutants of
`sahelwatch/store.py` that the synthetic-corpus tests let live (issue 10)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sahelwatch.compiler import default_store_dir, table_files
from sahelwatch.filters import Filter
from sahelwatch.store import Store
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


@pytest.mark.parametrize("topics", [(), ("security",)])
def test_facet_counts_leave_out_hidden_drafts(drafts_store, topics):
    """Counted at publish time when nothing else is filtered, by a scan otherwise."""
    for facet in ("topics", "countries", "source_ids"):
        hidden = _counts(
            drafts_store.facet_counts(Filter(topics=topics, include_drafts=False), facet)
        )
        shown = _counts(drafts_store.facet_counts(Filter(topics=topics), facet))
        assert sum(hidden.values()) * 2 == sum(shown.values()) > 0


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


def _pairs(frame, first: str, second: str) -> list[tuple]:
    return list(zip(frame[first], frame[second], strict=True))


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


def test_a_page_starts_at_the_first_event_by_default(dated_store):
    assert list(dated_store.events(Filter(), limit=2)["event_id"]) == ["evt:may-june", "evt:june-1"]


def test_timeline_rows_and_bins_per_topic_lane(dated_store):
    rows = dated_store.timeline_events(Filter(), limit=3)
    assert list(rows["event_id"]) == ["evt:may-june", "evt:june-1", "evt:june-30"]
    assert set(rows["topic"]) == {"security"}
    months = dated_store.timeline_bins(Filter())
    assert [(None if pd.isna(p) else p.month, n) for p, n in _pairs(months, "period", "n")] == [
        (5, 1),
        (6, 2),
        (None, 1),
    ]
    june = dated_store.timeline_bins(Filter(date_from=dt.date(2024, 6, 3)))
    assert list(june["n"]) == [1, 1]
    years = dated_store.timeline_bins(Filter(), unit="year")
    assert [n for n in years["n"]] == [3, 1]
    assert years["period"][0].year == 2024
    with pytest.raises(ValueError, match="unknown timeline unit 'week'"):
        dated_store.timeline_bins(Filter(), unit="week")


# --- the whole store: entities, quotes, files ---------------------------------------------

NIAMEY = {"id": "plc:niamey", "name": "Niamey", "kind": "city", "country": "NER",
          "lat": 13.5, "lon": 2.1}  # fmt: skip
GAO = {"id": "plc:gao", "name": "Gao", "kind": "city", "country": "MLI", "lat": 16.3, "lon": -0.0}
RT = {"id": "src:rt", "name": "RT", "kind": "state_media", "country": "RUS"}


@pytest.fixture(scope="module")
def full_store(tmp_path_factory):
    """Two articles naming the same actors and places; a store folder with an apostrophe."""
    tmp_path = tmp_path_factory.mktemp("full_store")
    data = new_corpus(tmp_path / "data")
    ivanov = {"id": "act:ivanov", "name": "Ivanov", "kind": "person", "role": "envoyé"}
    keita = {"id": "act:keita", "name": "Keïta", "kind": "state"}
    write_article(
        data, "a-first",
        [event("evt:niamey-1", "À Niamey.", place_ids=["plc:niamey"], countries=["NER"],
               geo_precision="point", actor_ids=["act:ivanov"], topics=["energy"],
               date=day("2024-03-01")),
         event("evt:niamey-2", "Encore Niamey.", place_ids=["plc:niamey"], countries=["NER"],
               geo_precision="point", actor_ids=["act:ivanov", "act:keita"]),
         event("evt:gao", "À Gao.", place_ids=["plc:gao"], countries=["MLI", "NER", "DZA"],
               geo_precision="point", date=day("2024-01-01"))],
        actors=[ivanov, keita], places=[NIAMEY, GAO],
        quotes=[{"id": "q:b", "speaker_id": "act:ivanov", "text": "Deux", "event_id": "evt:gao"},
                {"id": "q:a", "speaker_id": "act:keita", "text": "Un", "event_id": "evt:niamey-1"},
                {"id": "q:free", "speaker_id": "act:keita", "text": "Libre"}],
    )  # fmt: skip
    write_article(
        data, "b-second",
        [event("evt:region", "Dans la région.", place_ids=["plc:niamey"], countries=["NER"],
               geo_precision="region", actor_ids=["act:keita"])],
        actors=[{**ivanov, "name": "Igor Ivanov"}, keita], places=[NIAMEY], sources=[RT],
    )  # fmt: skip
    return Store.open(data, tmp_path / "l'entrepôt")


def test_the_store_opens_from_a_folder_whose_name_needs_quoting(full_store):
    assert full_store.report.store_dir.name == "l'entrepôt"
    # (The first test on this fixture: mutmut runs it alone for mutants of what the fixture calls.)
    assert full_store.article_text("b-second").startswith("Titre de b-second")
    assert full_store.report.articles == 2
    assert full_store.count_events(Filter()) == 4


def test_store_open_defaults_to_the_configured_store_folder(tmp_path, monkeypatch):
    data = new_corpus(tmp_path / "data")
    write_article(data, "only", [event("evt:only", "Une phrase.")])
    monkeypatch.setenv("SAHELWATCH_STORE", str(tmp_path / "configured"))
    store = Store.open(data)
    assert store.report.store_dir == tmp_path / "configured"
    assert table_files(tmp_path / "configured", "events")
    assert store.count_events(Filter()) == 1
    monkeypatch.delenv("SAHELWATCH_STORE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert Store.open(data).report.store_dir == default_store_dir(data)
    assert default_store_dir(data).parent == tmp_path / "cache" / "sahelwatch"


def test_article_files_are_read_for_known_articles_only(full_store):
    assert full_store.article_text("a-first").startswith("Titre de a-first\nÀ Niamey.")
    assert '"id": "b-second"' in full_store.record_json("b-second")
    with pytest.raises(KeyError, match="no article 'nope' in the corpus"):
        full_store.article_text("nope")


def test_entities_take_the_first_article_and_count_matching_events(full_store):
    actors = full_store.actors()
    # As many events each: by name.
    assert list(actors["actor_id"]) == ["act:ivanov", "act:keita"]
    assert list(actors["n_events"]) == [2, 2]
    assert actors.set_index("actor_id").loc["act:ivanov", "name"] == "Ivanov"
    assert actors.set_index("actor_id").loc["act:ivanov", "role"] == "envoyé"
    energy = full_store.actors(Filter(topics=("energy",))).set_index("actor_id")["n_events"]
    assert energy.to_dict() == {"act:ivanov": 1, "act:keita": 0}
    places = full_store.places()
    assert _pairs(places, "place_id", "n_events") == [("plc:niamey", 3), ("plc:gao", 1)]
    assert places.set_index("place_id").loc["plc:gao", "lat"] == 16.3
    in_mali = full_store.places(Filter(countries=("MLI",))).set_index("place_id")["n_events"]
    assert in_mali.to_dict() == {"plc:gao": 1, "plc:niamey": 0}


def test_sources_and_articles_are_listed_by_name_and_id(full_store):
    assert list(full_store.sources()["name"]) == ["RT", "Sputnik"]
    assert list(full_store.articles()["article_id"]) == ["a-first", "b-second"]
    counts = full_store.source_counts(Filter())
    assert _pairs(counts, "source_id", "n_events") == [("src:sputnik", 3), ("src:rt", 1)]
    assert list(counts["kind"]) == ["state_media", "state_media"]
    energy = full_store.source_counts(Filter(topics=("energy",)))
    assert list(energy["source_id"]) == ["src:sputnik"]


def test_quotes_of_matching_events_come_with_their_event_and_speaker(full_store):
    quotes = full_store.quotes(Filter())
    # Dated events first, by date; the quote without an event is not listed.
    assert list(quotes["quote_id"]) == ["q:b", "q:a"]
    assert list(quotes["event_title"]) == ["gao", "niamey 1"]
    assert list(quotes["speaker_kind"]) == ["person", "state"]
    assert list(full_store.quotes(Filter(), limit=1, offset=1)["quote_id"]) == ["q:a"]
    assert list(full_store.quotes(Filter(countries=("MLI",)))["quote_id"]) == ["q:b"]
    assert full_store.headline(Filter())["quotes"] == 2
    energy = full_store.headline(Filter(topics=("energy",)))
    assert (energy["events"], energy["quotes"]) == (1, 1)
    assert list(full_store.quotes(Filter(), limit=1)["quote_id"]) == ["q:b"]


def test_one_marker_per_located_place_with_its_first_events(full_store):
    markers = full_store.place_markers(Filter())
    assert _pairs(markers, "place", "n") == [("Niamey", 2), ("Gao", 1)]
    assert list(markers["event_ids"][0]) == ["evt:niamey-1", "evt:niamey-2"]
    assert [list(ids) for ids in markers["topics"][0]] == [
        full_store.event(e)["topics"] for e in markers["event_ids"][0]
    ]
    assert list(markers["titles"][0]) == ["niamey 1", "niamey 2"]
    assert (markers["lat"][1], markers["lon"][1]) == (16.3, -0.0)


def test_country_counts_count_an_event_for_each_of_its_countries(full_store):
    counts = full_store.country_counts(Filter())
    assert dict(zip(counts["country"], counts["n"], strict=True)) == {"NER": 4, "MLI": 1, "DZA": 1}
    in_mali = full_store.country_counts(Filter(countries=("MLI",)))
    assert dict(zip(in_mali["country"], in_mali["n"], strict=True)) == {
        "NER": 1,
        "MLI": 1,
        "DZA": 1,
    }


def test_one_event_its_evidence_and_quotes(full_store):
    assert full_store.event("evt:gao")["title"] == "gao"
    assert full_store.event("evt:none") is None
    evidence = full_store.evidence("evt:gao")
    assert list(evidence["text"]) == ["À Gao."]
    assert list(full_store.event_quotes("evt:gao")["quote_id"]) == ["q:b"]
    spans = full_store.article_evidence("a-first")
    assert list(spans["event_id"]) == ["evt:niamey-1", "evt:niamey-2", "evt:gao"]
    assert list(spans["topics"][0]) == ["energy"]


def test_the_vocabulary_holds_every_id_a_link_may_name(full_store):
    vocab = full_store.vocabulary(frozenset({"energy"}))
    assert vocab.topics == frozenset({"energy"})
    # The three AES countries, and any other country an event names.
    assert vocab.countries == frozenset({"MLI", "NER", "BFA", "DZA"})
    assert vocab.actors == frozenset({"act:ivanov", "act:keita"})
    assert vocab.sources == frozenset({"src:sputnik", "src:rt"})
    assert vocab.events == frozenset({"evt:niamey-1", "evt:niamey-2", "evt:gao", "evt:region"})
    assert vocab.articles == frozenset({"a-first", "b-second"})


@pytest.mark.parametrize("padding", [0, 15, 16, 40])
def test_many_values_in_one_facet_match_as_few_do(full_store, padding):
    unknown = tuple(f"act:nobody-{i}" for i in range(padding))
    flt = Filter(actors=("act:ivanov", *unknown))
    assert _ids(full_store.events(flt)) == {"evt:niamey-1", "evt:niamey-2"}


def test_an_empty_store_has_an_empty_vocabulary_but_the_aes_countries(tmp_path):
    store = Store.open(new_corpus(tmp_path / "data"), tmp_path / "store")
    vocab = store.vocabulary(frozenset({"energy"}))
    assert vocab.countries == frozenset({"MLI", "NER", "BFA"})
    assert vocab.actors == vocab.sources == vocab.events == vocab.articles == frozenset()


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (Filter(sources=("src:rt",)), {"evt:region"}),
        (Filter(sources=("src:rt", "src:sputnik"), topics=("energy",)), {"evt:niamey-1"}),
        (Filter(countries=("MLI",)), {"evt:gao"}),
        (Filter(actors=("act:keita",)), {"evt:niamey-2", "evt:region"}),
    ],
)
def test_each_facet_filters_the_events(full_store, flt, expected):
    assert _ids(full_store.events(flt)) == expected
