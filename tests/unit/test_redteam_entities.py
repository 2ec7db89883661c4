"""Red team (issue 10): drafts never change what reviewed events show.

A draft (whose article id sorts first) names the reviewed record's speaker, place and source
with other attributes. With drafts hidden none of them shows; with drafts shown the reviewed
record's attributes still win.
"""

from __future__ import annotations

import pytest

from sahelwatch.filters import Filter
from sahelwatch.store import Store
from tests.redteam import add_copy

REVIEWED = {
    "actor": ("Ivanov", "person", "Head of the Russian delegation"),
    "place": ("Niamey", "city", 13.5116),
    "source": ("Sputnik", "state_media", "RUS"),
}


def _rewrite_entities(record: dict) -> None:
    record["actors"][0].update(kind="organization", role="Arms dealer", name="Ivanov Group")
    record["places"][0].update(name="Niamey (draft)", kind="region", lat=14.0)
    record["sources"][0].update(name="Spoutnik FR", kind="online_media", country="FRA")
    record["actors"].append({"id": "act:draft-only", "name": "Draft only", "kind": "person",
                             "role": None, "affiliation": None, "mentions": []})  # fmt: skip
    record["events"][0]["actor_ids"].append("act:draft-only")
    record["sources"].append({"id": "src:draft-only", "name": "Draft only", "kind": "other",
                              "country": None})  # fmt: skip


@pytest.fixture
def store(mini_corpus, tmp_path) -> Store:
    add_copy(mini_corpus, "a-draft", status="draft", change=_rewrite_entities)
    return Store.open(mini_corpus, tmp_path / "store")


def _attributes(store: Store, flt: Filter) -> dict:
    actors = store.actors(flt).set_index("actor_id")
    places = store.places(flt).set_index("place_id")
    sources = store.sources(flt).set_index("source_id")
    counted = store.source_counts(flt).set_index("source_id")
    return {
        "actor": tuple(actors.loc["act:ivanov", ["name", "kind", "role"]]),
        "place": tuple(places.loc["plc:niamey", ["name", "kind", "lat"]]),
        "source": tuple(sources.loc["src:sputnik", ["name", "kind", "country"]]),
        "counted source": tuple(counted.loc["src:sputnik", ["name", "kind", "country"]]),
        "speaker kinds": set(store.quotes(flt)["speaker_kind"]),
        "actor ids": set(actors.index),
        "source ids": set(sources.index),
    }


def test_with_drafts_hidden_no_draft_attribute_shows(store):
    got = _attributes(store, Filter(include_drafts=False))
    assert got == {
        "actor": REVIEWED["actor"], "place": REVIEWED["place"], "source": REVIEWED["source"],
        "counted source": REVIEWED["source"], "speaker kinds": {"person"},
        "actor ids": {"act:ivanov"}, "source ids": {"src:sputnik"},
    }  # fmt: skip


def test_with_drafts_shown_the_reviewed_attributes_come_first(store):
    got = _attributes(store, Filter(include_drafts=True))
    assert got == {
        "actor": REVIEWED["actor"], "place": REVIEWED["place"], "source": REVIEWED["source"],
        "counted source": REVIEWED["source"], "speaker kinds": {"person"},
        "actor ids": {"act:ivanov", "act:draft-only"},
        "source ids": {"src:sputnik", "src:draft-only"},
    }  # fmt: skip
