"""Stories on the Overview: three reports of one conference (RFI, Sputnik, RT) are one story
on the map, the timeline and the headline; its detail shows the reports side by side with
their origins; the origins filter and a story link work."""

from __future__ import annotations

import json
import shutil

import pytest

from sahelwatch.stories.decisions import load_decisions
from tests.app.conftest import metrics, open_app
from tests.conftest import MINI_DATA, SEED_DATA
from tests.unit.stories_corpus import Said, article
from tests.unit.test_stories_store import LATER, REPORTS, add

STORY = "sty:conf-a-1"


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(MINI_DATA, data)
    add(data, *REPORTS, LATER)
    monkeypatch.setenv("SAHELWATCH_DATA", str(data))
    return data


def _markers(at) -> list[dict]:
    (chart,) = at.get("deck_gl_json_chart")
    layers = json.loads(chart.proto.json)["layers"]
    return next(layer for layer in layers if layer["id"] == "markers")["data"]


def test_three_reports_of_one_conference_are_one_story(corpus):
    at = open_app(q="solaire")
    assert not at.exception
    figures = metrics(at)
    assert (figures["Stories"], figures["Reports"], figures["Articles"]) == ("1", "3", "3")
    assert figures["Origins"] == "2"  # RFI, and Sputnik + RT (one Russian state media group)
    [bamako] = _markers(at)
    assert bamako["n"] == 1  # the story once, not its three reports


def test_the_story_detail_shows_each_report_and_its_origin(corpus):
    at = open_app(event="evt:conf-b-1")
    assert not at.exception
    text = "\n".join(m.value.replace("\\", "") for m in at.markdown)
    assert "**Story** · 3 report(s) in 3 article(s) · 2 independent origin(s)" in text
    for outlet in ("RFI", "Sputnik", "RT"):
        assert f"**{outlet}**" in text
    buttons = {b.key for b in at.button}
    assert {f"story-report:evt:conf-{x}-1" for x in "abc"} <= buttons
    at.button(key="story-report:evt:conf-c-1").click().run()
    assert at.query_params["event"] == "evt:conf-c-1"


def test_a_story_link_opens_the_story(corpus):
    at = open_app(story=STORY)
    assert not at.exception
    assert any("**Story** · 3 report(s)" in m.value.replace("\\", "") for m in at.markdown)
    assert at.query_params["story"] == STORY


def test_the_origins_filter_keeps_stories_with_enough_origins(corpus):
    at = open_app(q="solaire", origins="2")
    assert metrics(at)["Stories"] == "1"
    at = open_app(q="solaire", origins="3")
    assert metrics(at)["Stories"] == "0"
    assert at.number_input(key="flt:origins").value == 3
    at.number_input(key="flt:origins").set_value(1).run()
    assert metrics(at)["Stories"] == "1"
    assert "origins" not in at.query_params


def test_a_story_from_one_origin_gets_the_badge(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(MINI_DATA, data)
    add(data, REPORTS[1], LATER)  # Sputnik and RT only
    monkeypatch.setenv("SAHELWATCH_DATA", str(data))
    at = open_app(event="evt:conf-b-1")
    badges = [m.value for m in at.markdown if "orange-badge[single origin" in m.value]
    assert badges and "Russian state media" in badges[0]


def test_reports_of_different_events_stay_apart(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(MINI_DATA, data)
    other = article("other-day", Said("Une attaque a visé un convoi près de Gao.", kind="other",
                                      day="2024-12-02", places=("gao",)), outlet="AFP")  # fmt: skip
    add(data, REPORTS[0], other)
    monkeypatch.setenv("SAHELWATCH_DATA", str(data))
    at = open_app(**{"from": "2024-12-02", "to": "2024-12-02", "undated": "0"})
    figures = metrics(at)
    assert (figures["Stories"], figures["Reports"]) == ("2", "2")


def test_an_editor_splits_a_report_off_and_merges_it_back(corpus, monkeypatch):
    monkeypatch.setenv("SAHELWATCH_EDITING", "open")
    shutil.copy(SEED_DATA / "stories.yaml", corpus / "stories.yaml")
    at = open_app(q="solaire", event="evt:conf-a-1")
    assert [c.value for c in at.caption if "give your name" in c.value]  # no name, no change
    at.session_state["review:reviewer"] = "ana@example.org"
    at.run()
    at.button(key="story-split:evt:conf-c-1").click().run()
    assert not at.exception
    assert metrics(at)["Stories"] == "2"  # RT's report is a story of its own now
    [decision] = load_decisions(corpus)
    assert (decision.op, decision.by) == ("split", "ana@example.org")
    assert decision.sides == (("evt:conf-c-1",), ("evt:conf-a-1", "evt:conf-b-1"))
    at.selectbox(key="story-merge-choice").set_value("evt:conf-c-1").run()
    at.button(key="story-merge").click().run()
    assert metrics(at)["Stories"] == "1"
    assert [d.op for d in load_decisions(corpus)] == ["split", "merge"]


def test_readers_get_no_story_editing(corpus):
    at = open_app(event="evt:conf-a-1")
    keys = [b.key or "" for b in at.button]
    assert not [k for k in keys if k.startswith("story-split:") or k == "story-merge"]
