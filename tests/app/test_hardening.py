"""Red-team findings of issue 10 on the UI side, each reproduced against the running app:
record text that is code to the map, far link dates, bare URLs, huge strings, server paths."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.app.conftest import metrics, open_app
from tests.conftest import SEED_DATA
from tests.unit.test_safe import autolinks

SEED_RECORD = "articles/ru-aes-military-support/record.json"
CONFERENCE = "evt:bamako-conference-2024-12-01"


@pytest.fixture
def edited_seed(tmp_path, monkeypatch):
    """A copy of the seed corpus whose record `edit(record)` changes, served by the app."""

    def make(edit) -> Path:
        corpus = tmp_path / "data"
        shutil.copytree(SEED_DATA, corpus)
        path = corpus / SEED_RECORD
        record = json.loads(path.read_text("utf-8"))
        edit(record)
        path.write_text(json.dumps(record, ensure_ascii=False), "utf-8")
        monkeypatch.setenv("SAHELWATCH_DATA", str(corpus))
        return corpus

    return make


def _item(items: list[dict], item_id: str) -> dict:
    return next(item for item in items if item["id"] == item_id)


def _deck_strings(at) -> list[str]:
    (deck,) = at.get("deck_gl_json_chart")
    spec = json.loads(deck.proto.json)
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for layer in spec["layers"]:
        walk(layer.get("data"))
    return found


def test_deck_gl_code_markers_in_record_text_reach_the_map_as_text(edited_seed):
    def edit(record):
        _item(record["places"], "plc:bamako")["name"] = "@@=1+1"
        _item(record["events"], CONFERENCE)["title"] = "@@#foo"

    edited_seed(edit)
    at = open_app()
    assert not at.exception
    strings = _deck_strings(at)
    assert [s for s in strings if s.startswith("@@")] == []
    shown = [s.replace("\u200b", "") for s in strings]
    assert "@@=1+1" in shown  # the marker's title
    assert any("@@#foo" in s for s in shown)  # its tooltip lists the event


FAR_LINKS = [("to", "9999-12-31"), ("from", "1900-01-01"), ("from", "0001-01-01")]


@pytest.mark.parametrize(("key", "value"), FAR_LINKS)
def test_a_far_link_date_gets_a_notice_and_the_overview_shows_every_event(key, value):
    at = open_app(**{key: value})
    assert not at.exception
    assert f"{key}={value}" in at.warning[0].value.replace("\\", "")
    assert metrics(at)["Reports"] == "11"
    assert at.query_params.get(key) == (value if value == "1900-01-01" else None)


@pytest.mark.parametrize(("key", "value"), FAR_LINKS)
def test_a_far_link_date_gets_a_notice_and_the_data_page_lists_every_event(key, value):
    at = open_app("app_pages/data.py", **{key: value})
    assert not at.exception
    assert f"{key}={value}" in at.warning[0].value.replace("\\", "")
    assert len(at.dataframe[0].value) == 11


def test_bare_urls_in_record_text_and_in_a_link_notice_stay_text(edited_seed):
    def edit(record):
        event = _item(record["events"], CONFERENCE)
        event["summary"] = "Details: https://evil.example/x, www.evil.example or bob@evil.example"
        _item(record["actors"], "act:igor-gromyko")["role"] = "contact: ops@evil.example"

    edited_seed(edit)
    at = open_app(event=CONFERENCE, actor="https://evil.example/y", topic="www.evil.example")
    assert not at.exception
    text = "\n".join(m.value for m in [*at.markdown, *at.warning, *at.caption])
    for fragment in ("evil\\.example/x", "bob@", "ops@", "evil\\.example/y"):
        assert fragment in text, fragment
    assert autolinks(text) == []


def test_the_data_page_clips_long_strings_and_removes_bidi_controls(edited_seed):
    def edit(record):
        event = _item(record["events"], CONFERENCE)
        event["title"] = "\u202eLong " + "x" * 200_000
        event["summary"] = "y" * 200_000

    edited_seed(edit)
    at = open_app("app_pages/data.py")
    assert not at.exception
    for frame in at.dataframe:
        for column in frame.value.columns:
            for value in frame.value[column]:
                if isinstance(value, str):
                    assert len(value) <= 300 and "\u202e" not in value, column
    titles = list(at.dataframe[0].value["title"])
    assert any(t.startswith("Long xxx") and t.endswith("…") for t in titles)


def test_a_broken_record_is_named_relative_to_the_data_folder(edited_seed, tmp_path):
    corpus = edited_seed(lambda record: None)
    (corpus / SEED_RECORD).write_text("{ not json", "utf-8")
    at = open_app()
    assert not at.exception
    listed = "\n".join(t.value for t in at.expander[0].text)
    assert SEED_RECORD in listed
    assert str(tmp_path) not in listed and "/work" not in listed


def test_a_topic_colour_that_is_not_hex_stops_the_app_with_a_clear_error(edited_seed):
    corpus = edited_seed(lambda record: None)
    topics = corpus / "topics.yaml"
    topics.write_text(
        topics.read_text("utf-8").replace('"#e67e22"', "'red;background:url(http://x.example)'"),
        "utf-8",
    )
    at = open_app()
    assert not at.exception
    assert "topic 'energy'" in at.error[0].value.replace("\\", "")
    assert "not a hex colour" in at.error[0].value


def test_the_timeline_hover_label_is_wrapped_clipped_and_without_bidi_controls(edited_seed):
    def edit(record):
        _item(record["events"], CONFERENCE)["title"] = "\u202e" + "mot " * 2500

    edited_seed(edit)
    at = open_app()
    assert not at.exception
    (chart,) = at.get("plotly_chart")
    figure = json.loads(chart.proto.spec)
    hovers = [h for trace in figure["data"] for h in trace.get("hovertext") or []]
    [label] = {h for h in hovers if "mot mot" in h}  # one point per topic lane
    title = label.split("</b>")[0].removeprefix("<b>")
    lines = title.split("<br>")
    assert len(lines) == 3 and all(len(line) <= 60 for line in lines)
    assert "\u202e" not in label
