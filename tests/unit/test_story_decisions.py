"""Editors' merge and split of stories: appended to stories.yaml (kept as written, invalid ones
refused), picked up by the running app's corpus stamp, and applied by the next compile."""

from __future__ import annotations

import shutil

import pydantic
import pytest
import yaml

from sahelwatch.cli import main
from sahelwatch.compiler import corpus_stamp
from sahelwatch.store import Store
from sahelwatch.stories.decisions import load_decisions
from sahelwatch.stories.editing import record_decision
from tests.conftest import SEED_DATA
from tests.unit.test_stories_store import REPORTS, add


@pytest.fixture
def corpus(mini_corpus):
    add(mini_corpus, *REPORTS)
    shutil.copy(SEED_DATA / "stories.yaml", mini_corpus / "stories.yaml")
    return mini_corpus


def test_the_first_decision_creates_the_file(mini_corpus):
    record_decision(mini_corpus, "merge", by="a", events=["evt:x-1", "evt:y-1"])
    assert [d.events for d in load_decisions(mini_corpus)] == [("evt:x-1", "evt:y-1")]


def test_a_split_is_appended_and_the_next_compile_applies_it(corpus, tmp_path):
    store = Store.open(corpus, tmp_path / "store")
    assert store.story_of_event("evt:conf-a-1") == store.story_of_event("evt:conf-b-1")
    header = (corpus / "stories.yaml").read_text("utf-8").split("decisions:")[0]
    before = corpus_stamp(corpus)
    record_decision(corpus, "split", by="ana@example.org",
                    sides=[["evt:conf-b-1"], ["evt:conf-a-1"]], note="two meetings")  # fmt: skip
    assert corpus_stamp(corpus) != before  # the running app sees the change
    text = (corpus / "stories.yaml").read_text("utf-8")
    assert text.startswith(header)  # the format's documentation stays
    [decision] = load_decisions(corpus)
    assert (decision.op, decision.by, decision.note) == ("split", "ana@example.org", "two meetings")
    store = Store.open(corpus, tmp_path / "store")
    assert store.story_of_event("evt:conf-a-1") != store.story_of_event("evt:conf-b-1")


def test_decisions_accumulate_and_a_later_merge_wins(corpus, tmp_path):
    record_decision(corpus, "split", by="a", sides=[["evt:conf-b-1"], ["evt:conf-a-1"]])
    record_decision(corpus, "merge", by="b", events=["evt:conf-a-1", "evt:conf-b-1"])
    assert [d.op for d in load_decisions(corpus)] == ["split", "merge"]
    store = Store.open(corpus, tmp_path / "store")
    assert store.story_of_event("evt:conf-a-1") == store.story_of_event("evt:conf-b-1")


@pytest.mark.parametrize(
    ("op", "kwargs"),
    [("merge", {"events": ["evt:conf-a-1"]}), ("split", {"sides": [["evt:conf-a-1"]]}),
     ("merge", {"events": ["not-an-event", "evt:conf-a-1"]}), ("merge", {"events": []})],
)  # fmt: skip
def test_an_invalid_decision_writes_nothing(corpus, op, kwargs):
    before = (corpus / "stories.yaml").read_bytes()
    with pytest.raises(pydantic.ValidationError):
        record_decision(corpus, op, by="a", **kwargs)
    assert (corpus / "stories.yaml").read_bytes() == before


def test_an_unreadable_stories_file_is_left_as_it_is(corpus):
    (corpus / "stories.yaml").write_text("decisions: [unclosed", "utf-8")
    with pytest.raises(ValueError, match="cannot be read"):
        record_decision(corpus, "merge", by="a", events=["evt:conf-a-1", "evt:conf-b-1"])
    assert (corpus / "stories.yaml").read_text("utf-8") == "decisions: [unclosed"


def test_hostile_text_is_stored_as_text(corpus):
    note = "<script>alert(1)</script>\n=cmd|' /C calc'!A0 \u202e"
    record_decision(corpus, "merge", by="x: y", events=["evt:conf-a-1", "evt:conf-b-1"],
                    note=note)  # fmt: skip
    raw = yaml.safe_load((corpus / "stories.yaml").read_text("utf-8"))
    assert raw["decisions"][0]["note"] == note and raw["decisions"][0]["by"] == "x: y"


def test_the_command_splits_an_event_off_its_story(corpus, tmp_path, capsys):
    store_dir = tmp_path / "store"
    code = main(["decide", str(corpus), "split", "evt:conf-b-1", "--by", "ana",
                 "--store", str(store_dir)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    [decision] = load_decisions(corpus)
    assert decision.sides == (("evt:conf-b-1",), ("evt:conf-a-1",))
    assert main(["decide", str(corpus), "split", "evt:nowhere", "--by", "ana",
                 "--store", str(store_dir)]) == 2  # fmt: skip
    assert "one story" in capsys.readouterr().err
