"""Stories on the real-reporting evaluation set (when ../shared/eval is there): the extractor's
drafts of each part of the split grouped as a corpus, scored against the gold clusters."""

from __future__ import annotations

import pytest

from sahelwatch.extract.eval_set import EvalSet, load_split
from sahelwatch.stories.evaluate import report, score_part
from tests.conftest import SEED_DATA
from tests.ingest.test_eval_set import EVAL, SPLIT, needs_eval

pytestmark = [pytest.mark.nlp, pytest.mark.slow, needs_eval]


@pytest.fixture(scope="module")
def results():
    eval_set = EvalSet.load(EVAL)
    return {
        part: score_part(eval_set, part, names, SEED_DATA)
        for part, names in load_split(SPLIT).items()
    }


@pytest.mark.parametrize("part", ["dev", "heldout"])
def test_grouping_meets_the_issue_targets_on_each_part(results, part):
    result = results[part]
    print(report([result]))
    assert result.precision >= 0.9
    assert result.recall >= 0.9


@pytest.mark.parametrize("part", ["dev", "heldout"])
def test_every_cluster_is_one_story_with_the_gold_number_of_origins(results, part):
    for cluster in results[part].clusters:
        assert cluster.in_main_story == cluster.articles, cluster
        assert cluster.origins == cluster.gold_origins, cluster


def test_the_tinza_story_shows_the_disagreement_on_the_day(results):
    (tinza,) = [c for c in results["dev"].clusters if c.cluster == "tinza-2024-07"]
    assert "date" in tinza.disagreements
