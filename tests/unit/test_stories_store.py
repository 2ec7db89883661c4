"""Stories through the compile, the store and the command line; and sources.yaml with and
without owners and origin groups."""

from __future__ import annotations

import json
import os
import shutil
import time

import yaml

from sahelwatch.cli import main
from sahelwatch.compiler import compile_store
from sahelwatch.sources import Origin, SourceBook
from sahelwatch.storage import save_article
from sahelwatch.store import Store
from tests.conftest import MINI_DATA, SEED_DATA
from tests.unit.stories_corpus import Said, article

DAY = "2024-12-02"


def conference(article_id: str, text: str, outlet: str, **kwargs):
    return article(article_id, Said(text, kind="conference", day=DAY, places=("bamako",),
                                    actors=("diallo",)), outlet=outlet, **kwargs)  # fmt: skip


REPORTS = [
    conference("conf-a", "Amadou Diallo a ouvert à Bamako une conférence sur l'énergie solaire "
               "et les réseaux électriques.", "RFI"),
    conference("conf-b", "Diallo, ministre, a inauguré à Bamako la rencontre consacrée au "
               "solaire et à l'énergie.", "Sputnik"),
]  # fmt: skip
LATER = conference("conf-c", "Conférence solaire à Bamako: le ministre Diallo en a donné le "
                   "coup d'envoi lundi.", "RT")  # fmt: skip


def add(data_dir, *loaded) -> None:
    """Save articles into the corpus, with the shipped outlets and their origin groups."""
    shutil.copy(SEED_DATA / "sources.yaml", data_dir / "sources.yaml")
    for item in loaded:
        save_article(data_dir, item.record, item.text)
    # The compile trusts a folder's size and time only when older than its clock tick.
    past = time.time() - 10
    for item in loaded:
        for name in ("article.txt", "record.json"):
            os.utime(data_dir / "articles" / item.record.article.id / name, (past, past))


def rows(store: Store) -> list[tuple]:
    frame = store.sql("SELECT story_id, event_id FROM story_events ORDER BY event_id")
    return list(frame.itertuples(index=False, name=None))


def test_the_compile_writes_stories_the_store_filters_by_origins(mini_corpus, tmp_path):
    add(mini_corpus, *REPORTS)
    store = Store.open(mini_corpus, tmp_path / "store")
    story_id = store.story_of_event("evt:conf-b-1")
    assert story_id == store.story_of_event("evt:conf-a-1") == "sty:conf-a-1"
    two = store.stories(min_origins=2)
    assert list(two["story_id"]) == ["sty:conf-a-1"]
    assert list(two.iloc[0]["origin_labels"]) == [
        "France Médias Monde (French public media)", "Russian state media"
    ]  # fmt: skip
    assert len(store.stories()) == len(store.stories(min_origins=1)) > 1
    detail = store.story("sty:conf-a-1")
    assert detail["independent_origins"] == 2
    assert detail["articles"] == ["conf-a", "conf-b"]
    assert store.story("sty:nothing") is None


def test_an_incremental_compile_groups_as_a_compile_from_scratch(mini_corpus, tmp_path):
    add(mini_corpus, *REPORTS)
    compile_store(mini_corpus, tmp_path / "kept")
    add(mini_corpus, LATER)
    report = compile_store(mini_corpus, tmp_path / "kept")
    assert report.rebuilt == ["conf-c"]
    kept = Store.open(mini_corpus, tmp_path / "kept")
    fresh = Store.open(mini_corpus, tmp_path / "fresh")
    assert rows(kept) == rows(fresh)
    assert kept.story("sty:conf-a-1")["articles"] == ["conf-a", "conf-b", "conf-c"]
    assert kept.story("sty:conf-a-1")["single_origin"] is None


def test_an_editors_decision_regroups_on_the_next_compile(mini_corpus, tmp_path):
    add(mini_corpus, *REPORTS)
    assert Store.open(mini_corpus, tmp_path / "s").story_of_event("evt:conf-b-1") == "sty:conf-a-1"
    decisions = {
        "decisions": [
            {
                "op": "split",
                "sides": [["evt:conf-a-1"], ["evt:conf-b-1"]],
                "by": "editor@example.org",
                "at": "2026-11-26T14:00:00Z",
            }
        ]
    }
    (mini_corpus / "stories.yaml").write_text(yaml.safe_dump(decisions), "utf-8")
    store = Store.open(mini_corpus, tmp_path / "s")
    assert store.story_of_event("evt:conf-b-1") == "sty:conf-b-1"
    assert store.story("sty:conf-b-1")["reasons"][0]["editor"][0]["op"] == "split"


def test_the_stories_command_prints_every_story_as_json(mini_corpus, tmp_path, capsys):
    add(mini_corpus, *REPORTS)
    assert main(["stories", str(mini_corpus), "--json", "--store", str(tmp_path / "s")]) == 0
    stories = {s["id"]: s for s in json.loads(capsys.readouterr().out)}
    story = stories["sty:conf-a-1"]
    assert {"id", "articles", "events", "origins", "independent_origins", "disagreements"} <= set(
        story
    )
    assert story["events"] == ["evt:conf-a-1", "evt:conf-b-1"]
    assert [o["id"] for o in story["origins"]] == [
        "group:france-medias-monde", "group:russian-state-media"
    ]  # fmt: skip
    assert len(stories) == len(Store.open(mini_corpus, tmp_path / "s").stories())


def test_a_sources_file_without_owners_still_loads_each_outlet_its_own_origin():
    book = SourceBook.load(MINI_DATA)
    assert book.origin("Sputnik Afrique") == Origin("src:sputnik", "Sputnik")
    assert book.origin("src:rt") == Origin("src:rt", "RT")
    assert book.origin("Le Journal") == Origin("outlet:le journal", "Le Journal")


def test_every_shipped_outlet_has_an_owner_a_group_and_a_public_source():
    book = SourceBook.load(SEED_DATA)
    assert all(o.owner and o.origin_group and o.source for o in book.outlets)
    russian = {o.name for o in book.outlets if o.origin_group == "russian-state-media"}
    assert {"Sputnik", "RIA Novosti", "RT"} <= russian
    assert book.origin("DW (Deutsche Welle)") == book.origin("src:dw")


def test_a_broken_stories_file_is_a_problem_and_the_stories_are_still_grouped(
    mini_corpus, tmp_path
):
    add(mini_corpus, *REPORTS)
    (mini_corpus / "stories.yaml").write_text("decisions: [{op: merge, events: [evt:x]}]\n")
    store = Store.open(mini_corpus, tmp_path / "s")
    (problem,) = [p for p in store.report.problems if p.file == "stories.yaml"]
    assert "editors' decisions are not applied" in problem.message
    assert store.story_of_event("evt:conf-b-1") == "sty:conf-a-1"
    again = compile_store(mini_corpus, tmp_path / "s")  # nothing changed: still reported
    assert [p.file for p in again.problems] == ["stories.yaml"]
