"""The ACLED-style CSV of stories: ACLED's columns and codes, one row a story, its origins."""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
import pytest

from sahelwatch.acled import COLUMNS, acled_csv
from sahelwatch.export import view_download
from sahelwatch.filters import Filter
from sahelwatch.store import Store
from tests.unit.test_stories_store import LATER, REPORTS, add

SOLAR = replace(Filter(), q="solaire")


@pytest.fixture
def store(mini_corpus, tmp_path):
    add(mini_corpus, *REPORTS, LATER)
    return Store.open(mini_corpus, tmp_path / "store")


def _read(payload: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(payload), dtype=str, keep_default_na=False)


def test_one_row_for_the_three_reports_of_the_conference(store):
    frame = _read(acled_csv(store, SOLAR, "https://sahel.example/app"))
    assert list(frame.columns) == COLUMNS
    [row] = frame.to_dict("records")
    assert row["event_id_cnty"] == "MLI-conf-a-1"
    assert (row["event_date"], row["time_precision"], row["geo_precision"]) == (
        "2024-12-02", "1", "1")  # fmt: skip
    assert (row["country"], row["location"]) == ("Mali", "Bamako")
    assert (float(row["latitude"]), float(row["longitude"])) == (12.64, -8.0)
    assert row["source"] == "RFI; RT; Sputnik"
    assert (row["sw_reports"], row["sw_independent_origins"]) == ("3", "2")
    assert row["sw_evidence_link"] == "https://sahel.example/app/?story=sty:conf-a-1"


def test_every_story_in_view_gets_a_row_in_date_order(store):
    frame = _read(view_download(store, Filter(), "acled"))
    leads = store.story_leads(Filter(), "e.story_id")
    assert sorted(frame["sw_story_id"]) == sorted(leads["story_id"])
    dated = [d for d in frame["event_date"] if d]
    assert dated == sorted(dated)
    undated = frame[frame["event_date"] == ""]
    assert set(undated["time_precision"]) <= {""}


def test_the_origins_filter_applies(store):
    assert len(_read(acled_csv(store, replace(SOLAR, min_origins=2)))) == 1
    assert len(_read(acled_csv(store, replace(SOLAR, min_origins=3)))) == 0
