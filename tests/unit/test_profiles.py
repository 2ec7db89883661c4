"""Actor and source profiles (`sahelwatch.profiles`) on the seed and on a corpus with a
draft copy of it in which a new speaker is quoted without taking part in the event."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from sahelwatch import profiles
from sahelwatch.filters import Filter
from sahelwatch.store import Store
from tests.conftest import SEED_DATA

SEED = "ru-aes-military-support"
RECORD = json.loads((SEED_DATA / "articles" / SEED / "record.json").read_text("utf-8"))
GROMYKO = "act:igor-gromyko"
SPEAKER = "act:speaker-only"
ALL = Filter()


def _events_of(actor_id: str, record: dict = RECORD) -> set[str]:
    spoken = {q["event_id"] for q in record["quotes"] if q["speaker_id"] == actor_id}
    return {e["id"] for e in record["events"] if actor_id in e["actor_ids"]} | spoken


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return Store.open(SEED_DATA, tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="module")
def with_draft(tmp_path_factory):
    """The seed plus a draft copy whose first quote is given to an actor of its own, who is
    in no event's actors, published by another outlet."""
    data = tmp_path_factory.mktemp("data")
    shutil.copytree(SEED_DATA, data, dirs_exist_ok=True)
    raw = json.dumps(RECORD).replace('"evt:', '"evt:copy-').replace('"q:', '"q:copy-')
    copy = json.loads(raw)
    copy["article"] |= {"id": "copy", "status": "draft", "outlet": "Other Daily"}
    copy["actors"].append({"id": SPEAKER, "name": "Speaker Only", "kind": "person",
                           "role": None, "affiliation": None, "mentions": []})  # fmt: skip
    copy["quotes"][0]["speaker_id"] = SPEAKER
    folder = data / "articles" / "copy"
    folder.mkdir()
    shutil.copy(SEED_DATA / "articles" / SEED / "article.txt", folder / "article.txt")
    (folder / "record.json").write_text(json.dumps(copy), "utf-8")
    store = Store.open(data, tmp_path_factory.mktemp("store"))
    assert not store.report.problems
    return store, copy


def test_actor_counts_the_events_and_quotes_of_the_record(seed):
    actor = profiles.actor(seed, GROMYKO, ALL)
    quotes = [q for q in RECORD["quotes"] if q["speaker_id"] == GROMYKO]
    assert (actor["name"], actor["n_quotes"]) == ("Igor Gromyko", len(quotes))
    assert actor["n_events"] == len(_events_of(GROMYKO))
    assert set(profiles.actor_events(seed, GROMYKO, ALL)["event_id"]) == _events_of(GROMYKO)
    assert profiles.actor(seed, "act:nobody", ALL) is None


def test_a_speaker_takes_part_in_the_event_they_are_quoted_at(with_draft):
    store, copy = with_draft
    quote = copy["quotes"][0]
    assert not any(SPEAKER in e["actor_ids"] for e in copy["events"])
    events = profiles.actor_events(store, SPEAKER, ALL)
    assert set(events["event_id"]) == {quote["event_id"]}
    quotes = profiles.actor_quotes(store, SPEAKER, ALL)
    assert list(quotes["quote_id"]) == [quote["id"]]
    assert list(quotes["status"]) == ["draft"]


def test_hiding_drafts_hides_an_actor_only_drafts_name(with_draft):
    store, _ = with_draft
    reviewed = replace(ALL, include_drafts=False)
    assert profiles.actor(store, SPEAKER, reviewed) is None
    assert profiles.actor(store, GROMYKO, reviewed)["n_quotes"] == 5
    assert profiles.actor(store, GROMYKO, ALL)["n_quotes"] == 9  # 5 + 4 left in the copy


def test_the_filter_applies_but_its_own_actor_condition_is_replaced(seed):
    other = replace(ALL, actors=("act:russia",))  # the subject replaces the filter's actors
    assert profiles.actor(seed, GROMYKO, other)["n_quotes"] == 5
    nothing = replace(ALL, q="no such words anywhere")
    emptied = profiles.actor(seed, GROMYKO, ALL) | {"n_events": 0, "n_quotes": 0}
    assert profiles.actor(seed, GROMYKO, nothing) == emptied


def test_quotes_come_a_page_at_a_time_in_article_order(seed):
    quotes = sorted((q for q in RECORD["quotes"] if q["speaker_id"] == GROMYKO),
                    key=lambda q: q["evidence"]["start"])  # fmt: skip
    page = profiles.actor_quotes(seed, GROMYKO, ALL, limit=2, offset=2)
    assert list(page["quote_id"]) == [q["id"] for q in quotes[2:4]]


def test_co_actors_count_shared_events_and_leave_out_the_actor(seed):
    frame = profiles.co_actors(seed, GROMYKO, ALL)
    assert GROMYKO not in set(frame["actor_id"])
    events = [e for e in RECORD["events"] if e["id"] in _events_of(GROMYKO)]
    for row in frame.itertuples():
        assert row.n_events == sum(row.actor_id in e["actor_ids"] for e in events)
    assert list(frame["n_events"]) == sorted(frame["n_events"], reverse=True)
    assert len(profiles.co_actors(seed, GROMYKO, ALL, limit=2)) == 2


def test_outlets_count_the_articles_reporting_the_actor(with_draft):
    store, _ = with_draft
    outlets = profiles.actor_outlets(store, GROMYKO, ALL)
    assert list(outlets["outlet"].fillna("none")) == ["Other Daily", "none"]  # the seed: none
    assert list(outlets["n_articles"]) == [1, 1]


def test_source_profile_counts_articles_and_speakers(with_draft):
    store, _ = with_draft
    source = profiles.source(store, "src:sputnik", ALL)
    assert (source["name"], source["n_articles"]) == ("Sputnik", 2)
    assert source["n_events"] == 2 * len(RECORD["events"])
    articles = profiles.source_articles(store, "src:sputnik", ALL)
    assert set(articles["article_id"]) == {SEED, "copy"}
    speakers = profiles.source_speakers(store, "src:sputnik", ALL)
    assert dict(zip(speakers["actor_id"], speakers["n_quotes"], strict=True)) == {
        GROMYKO: 9,
        SPEAKER: 1,
    }
    assert profiles.source(store, "src:nobody", ALL) is None
