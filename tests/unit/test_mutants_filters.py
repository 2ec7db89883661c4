"""Shared links, parsed and written: the public URL interface of `sahelwatch/filters.py`
(written to kill its mutants, issue 10)."""

from __future__ import annotations

import datetime as dt

import pytest

from sahelwatch.filters import (
    MAX_PARAM_LENGTH,
    MAX_QUERY_LENGTH,
    Filter,
    ViewState,
    Vocabulary,
    parse_query_params,
    to_query_params,
)

VOCAB = Vocabulary(
    topics=frozenset({"security", "energy"}),
    countries=frozenset({"MLI", "NER", "BFA"}),
    actors=frozenset({"act:ivanov", "act:keita"}),
    sources=frozenset({"src:sputnik", "src:rt"}),
    events=frozenset({"evt:one"}),
    articles=frozenset({"art-one"}),
)

FULL = ViewState(
    Filter(
        topics=("security", "energy"),
        countries=("NER", "MLI"),
        date_from=dt.date(2024, 1, 1),
        date_to=dt.date(2024, 12, 31),
        include_undated=False,
        actors=("act:keita", "act:ivanov"),
        sources=("src:sputnik", "src:rt"),
        q="drônes",
        include_drafts=False,
    ),
    event="evt:one",
    article="art-one",
)
FULL_PARAMS = {
    "topic": "security,energy", "country": "NER,MLI", "from": "2024-01-01", "to": "2024-12-31",
    "undated": "0", "actor": "act:keita,act:ivanov", "source": "src:sputnik,src:rt", "q": "drônes",
    "drafts": "0",
    "event": "evt:one", "article": "art-one",
}  # fmt: skip


def test_a_view_is_written_with_every_public_parameter_name():
    assert to_query_params(FULL) == FULL_PARAMS


def test_the_default_view_is_the_empty_link():
    assert to_query_params(ViewState()) == {}
    assert parse_query_params({}, VOCAB) == (ViewState(), [])


def test_a_link_reopens_the_view_it_was_written_from():
    assert parse_query_params(FULL_PARAMS, VOCAB) == (FULL, [])


def test_the_default_filter_restricts_nothing():
    flt = Filter()
    assert (flt.topics, flt.countries, flt.actors, flt.sources, flt.q) == ((), (), (), (), "")
    assert (flt.date_from, flt.date_to) == (None, None)
    assert flt.include_undated is True
    assert flt.include_drafts is True


def test_toggling_a_country_adds_it_then_removes_it():
    flt = Filter(countries=("MLI",))
    assert flt.toggle_country("NER").countries == ("MLI", "NER")
    assert flt.toggle_country("NER").toggle_country("MLI").countries == ("NER",)
    assert flt.toggle_country("MLI").countries == ()


def _parse(params):
    state, notices = parse_query_params(params, VOCAB)
    return state, notices


@pytest.mark.parametrize(
    ("params", "expected", "notices"),
    [
        # Lists: comma-separated or repeated keys, blanks and repeats dropped, unknowns noticed.
        ({"topic": " security , ,energy,security"}, Filter(topics=("security", "energy")), []),
        ({"country": ["MLI", "NER,BFA"]}, Filter(countries=("MLI", "NER", "BFA")), []),
        ({"topic": "security,war"}, Filter(topics=("security",)),
         ["Ignored unknown topic 'war' in the link."]),
        ({"actor": "act:x" * 10}, Filter(),
         [f"Ignored unknown actor {('act:x' * 10)[:39] + '…'!r} in the link."]),
        ({"source": "src:tass"}, Filter(), ["Ignored unknown source 'src:tass' in the link."]),
        ({"country": "FRA"}, Filter(), ["Ignored unknown country 'FRA' in the link."]),
        # Dates: ISO, reversed ones swapped, malformed ones dropped.
        ({"from": " 2024-02-01 "}, Filter(date_from=dt.date(2024, 2, 1)), []),
        ({"from": "2024-03-01", "to": "2024-02-01"},
         Filter(date_from=dt.date(2024, 2, 1), date_to=dt.date(2024, 3, 1)),
         ["The link's dates were reversed; they have been swapped."]),
        ({"from": "2024-03-01", "to": "2024-03-01"},
         Filter(date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 3, 1)), []),
        ({"to": "1 mars"}, Filter(), ["Ignored to='1 mars': not a date like 2024-12-01."]),
        ({"from": "hier"}, Filter(), ["Ignored from='hier': not a date like 2024-12-01."]),
        ({"from": ""}, Filter(), []),
        # Flags: 1 or 0 only.
        ({"undated": "1", "drafts": "1"}, Filter(), []),
        ({"undated": "0"}, Filter(include_undated=False), []),
        ({"drafts": "yes"}, Filter(), ["Ignored drafts='yes': use 1 or 0."]),
        ({"undated": "no"}, Filter(), ["Ignored undated='no': use 1 or 0."]),
        # Single values: the last of repeated keys wins.
        ({"q": ["a", "b"]}, Filter(q="b"), ["The link repeats 'q'; the last value is used."]),
        ({"q": "  drones  "}, Filter(q="drones"), []),
        # Unknown parameters.
        ({"page": "2"}, Filter(), ["Ignored unknown link parameter 'page'."]),
    ],
)  # fmt: skip
def test_a_link_is_parsed_into_a_filter_with_notices(params, expected, notices):
    state, found = _parse(params)
    assert state.filter == expected
    assert found == notices


def test_search_text_is_cut_to_its_limit_with_a_notice():
    state, notices = _parse({"q": "x" * (MAX_QUERY_LENGTH + 1)})
    assert state.filter.q == "x" * MAX_QUERY_LENGTH
    assert notices == [f"The search text was cut to {MAX_QUERY_LENGTH} characters."]
    assert _parse({"q": "x" * MAX_QUERY_LENGTH}) == (
        ViewState(Filter(q="x" * MAX_QUERY_LENGTH)),
        [],
    )


def test_search_text_longer_than_any_parameter_is_cut_not_dropped():
    state, notices = _parse({"q": "y" * (MAX_PARAM_LENGTH + 1)})
    assert state.filter.q == "y" * MAX_QUERY_LENGTH
    assert notices == [f"The search text was cut to {MAX_QUERY_LENGTH} characters."]


def test_over_long_values_are_dropped_with_a_notice():
    too_long = "MLI," * (MAX_PARAM_LENGTH // 4) + "NER"
    state, notices = _parse({"country": too_long, "topic": "security"})
    assert state.filter == Filter(topics=("security",))
    assert notices == ["Ignored 'country': the value is too long."]
    at_limit = "MLI," * (MAX_PARAM_LENGTH // 4 - 1) + "NER,"
    assert len(at_limit) == MAX_PARAM_LENGTH
    assert _parse({"country": at_limit})[0].filter.countries == ("MLI", "NER")


@pytest.mark.parametrize(
    ("params", "event", "article", "notices"),
    [
        ({"event": "evt:one", "article": "art-one"}, "evt:one", "art-one", []),
        ({"event": "evt:gone"}, None, None, ["Ignored unknown event 'evt:gone' in the link."]),
        ({"article": "nope"}, None, None, ["Ignored unknown article 'nope' in the link."]),
        ({"event": ""}, None, None, []),
    ],
)
def test_event_and_article_must_be_known(params, event, article, notices):
    state, found = _parse(params)
    assert (state.event, state.article) == (event, article)
    assert found == notices


def test_short_names_in_notices_keep_forty_characters():
    name = "z" * 40
    assert _parse({"topic": name})[1] == [f"Ignored unknown topic {name!r} in the link."]
