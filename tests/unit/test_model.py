"""The record models: the JSON Schema on disk is current, and the models hold their rules."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from sahelwatch.cli import SCHEMA_PATH
from sahelwatch.model import Article, Event, FuzzyDate, Place, Span, json_schema
from tests.conftest import ROOT


def test_checked_in_schema_is_current():
    on_disk = json.loads((ROOT / SCHEMA_PATH).read_text("utf-8"))
    assert on_disk == json_schema(), "stale schema: run `sahelwatch schema` and commit it"


@pytest.mark.parametrize(
    ("model", "fields", "message"),
    [
        (Span, {"start": 5, "end": 5, "text": "x"}, "span end 5 must be after its start 5"),
        (FuzzyDate, {"start": "2024-01-02", "end": "2024-01-01", "precision": "day"},
         "end date 2024-01-01 is before start date 2024-01-02"),
        (FuzzyDate, {"start": "2024-01-01", "precision": "unknown"},
         "a date with precision 'unknown' cannot have a start or end"),
        (FuzzyDate, {"precision": "month"}, "a date with precision 'month' needs a start"),
        (Place, {"id": "plc:x", "name": "X", "kind": "city", "country": "MLI", "lat": 1.0},
         "a place has both lat and lon, or neither"),
    ],
)  # fmt: skip
def test_model_rules(model, fields, message):
    with pytest.raises(ValidationError, match=message):
        model.model_validate(fields)


@pytest.mark.parametrize(
    "bad_id", ["evt:", "evt:Upper", "evt:with space", "act:x", "evt:<script>", "evt:" + "a" * 300]
)
def test_event_ids_are_slugs(bad_id):
    with pytest.raises(ValidationError):
        Event.model_validate(
            {"id": bad_id, "title": "t", "kind": "other", "date": {}, "geo_precision": "country",
             "evidence": [{"start": 0, "end": 1, "text": "x"}]}
        )  # fmt: skip


def test_urls_must_be_http():
    with pytest.raises(ValidationError):
        Article.model_validate(
            {"id": "a", "title": "t", "language": "fr", "url": "javascript:alert(1)",
             "text_sha256": "0" * 64, "status": "draft"}
        )  # fmt: skip
