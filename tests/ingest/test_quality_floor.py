"""Floors on the dev part of the real-reporting evaluation set for the fields the date and
speaker rules serve (the figures measured when they were last raised). Skips without
`../shared/eval`; the held-out part is never asserted on, so nobody tunes to it."""

from __future__ import annotations

import pytest

from sahelwatch.extract.cli import score_eval_set
from sahelwatch.extract.eval_set import EvalSet, load_split, per_part
from tests.conftest import ROOT

EVAL = ROOT.parent / "shared" / "eval"
SPLIT = ROOT / "tests" / "ingest" / "eval_split.toml"


@pytest.fixture(scope="module")
def dev():
    if not (EVAL / "real" / "gold.json").is_file():
        pytest.skip("../shared/eval is absent")
    scores = score_eval_set(EvalSet.load(EVAL), ROOT / "data")
    return per_part(scores, load_split(SPLIT))["dev"]


@pytest.mark.nlp
def test_dev_dates_hold_recall_precision_and_no_background_leak(dev):
    """Measured 2026-11-26: 25 of 26 gold days, 25 of 25 extracted right, no leak."""
    dates = dev["dates"]
    assert dates.found >= 25 and dates.correct == dates.extracted and dates.leaks == 0


@pytest.mark.nlp
def test_dev_speakers_hold_right_and_never_wrong(dev):
    """Measured 2026-11-26: right speaker 26 of 30, quotes found 30 of 32, none wrong."""
    assert dev["speaker"].found >= 26 and dev["quotes"].found >= 30
    assert dev["wrong_speaker"].found == 0
