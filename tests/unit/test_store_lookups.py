"""Store lookups by id that the UI uses (`Store.actors_by_id`), checked
against the seed record they are compiled from."""

from __future__ import annotations

import json

import pytest

from sahelwatch.store import Store
from tests.conftest import SEED_DATA

RECORD = json.loads((SEED_DATA / "articles/ru-aes-military-support/record.json").read_text())


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return Store.open(SEED_DATA, tmp_path_factory.mktemp("store"))


def test_actors_by_id_gives_names_roles_and_kinds_sorted_by_name(store):
    actors = RECORD["actors"]
    frame = store.actors_by_id([a["id"] for a in actors] + ["act:nobody"])
    expected = sorted(actors, key=lambda a: (a["name"], a["id"]))
    assert list(frame["actor_id"]) == [a["id"] for a in expected]
    assert list(frame["name"]) == [a["name"] for a in expected]
    assert list(frame["kind"]) == [a["kind"] for a in expected]
    assert [r if r == r else None for r in frame["role"]] == [a.get("role") for a in expected]
    assert store.actors_by_id([]).empty
