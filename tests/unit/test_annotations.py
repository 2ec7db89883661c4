"""The evidence as W3C Web Annotations: each selector points at the exact words, and the view's
filter decides which spans are exported."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from sahelwatch.annotations import AFFIX_CHARS, annotation_page
from sahelwatch.export import view_download
from sahelwatch.filters import Filter
from sahelwatch.store import Store
from tests.conftest import SEED_DATA

SEED = "ru-aes-military-support"
RECORD = json.loads((SEED_DATA / "articles" / SEED / "record.json").read_text("utf-8"))
TEXT = (SEED_DATA / "articles" / SEED / "article.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return Store.open(SEED_DATA, tmp_path_factory.mktemp("store"))


def _selectors(item: dict) -> tuple[dict, dict]:
    position, quote = item["target"]["selector"]
    assert (position["type"], quote["type"]) == ("TextPositionSelector", "TextQuoteSelector")
    return position, quote


def test_every_evidence_span_and_quote_becomes_one_annotation(store):
    page = annotation_page(store, Filter())
    assert page["type"] == "AnnotationPage"
    assert page["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    wanted = {(e["id"], v["start"], v["end"]) for e in RECORD["events"] for v in e["evidence"]}
    wanted |= {(q["event_id"], q["evidence"]["start"], q["evidence"]["end"])
               for q in RECORD["quotes"]}  # fmt: skip
    got = {(i["sahelwatch:event"], *(lambda p: (p["start"], p["end"]))(_selectors(i)[0]))
           for i in page["items"]}  # fmt: skip
    assert got == wanted
    assert len({i["id"] for i in page["items"]}) == len(page["items"])


def test_selectors_give_the_exact_words_and_their_context(store):
    for item in annotation_page(store, Filter())["items"]:
        position, quote = _selectors(item)
        start, end = position["start"], position["end"]
        assert quote["exact"] == TEXT[start:end]
        assert quote["prefix"] == TEXT[max(0, start - AFFIX_CHARS) : start]
        assert quote["suffix"] == TEXT[end : end + AFFIX_CHARS]
        assert item["target"]["source"] == f"urn:sahelwatch:article:{SEED}"


def test_bodies_describe_the_event_and_its_topics(store):
    event = RECORD["events"][0]
    span = event["evidence"][0]
    wanted = f"urn:sahelwatch:evidence:{event['id']}:{span['start']}-{span['end']}"
    [item] = [i for i in annotation_page(store, Filter())["items"] if i["id"] == wanted]
    assert [b["value"] for b in item["body"]] == [event["title"], *event["topics"]]
    assert [b["purpose"] for b in item["body"]] == ["describing"] + ["tagging"] * len(
        event["topics"]
    )


def test_the_filter_decides_what_is_exported(store):
    energy = replace(Filter(), topics=("energy",))
    events = {e["id"] for e in RECORD["events"] if "energy" in e["topics"]}
    items = annotation_page(store, energy)["items"]
    assert items and {i["sahelwatch:event"] for i in items} == events
    assert annotation_page(store, replace(Filter(), q="no such words anywhere"))["items"] == []


def test_the_download_is_the_page_as_json(store):
    payload = view_download(store, Filter(), "annotations")
    assert json.loads(payload) == annotation_page(store, Filter())
