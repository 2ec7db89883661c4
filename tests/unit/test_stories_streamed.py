"""Stories grouped in one sweep over time (`stories.streamed`), as a compile from scratch does:
the same tables, every column and each story's detail, as grouping every event at once, however
the corpus is cut into parts and the regions straddle the parts and the spill batches."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sahelwatch.compiler import compile_store, frames_from_store
from sahelwatch.corpus import Frames
from sahelwatch.sources import SourceBook
from sahelwatch.stories import build_stories, streamed
from sahelwatch.stories.compiled import STORY_SCHEMAS, story_rows
from sahelwatch.stories.decisions import load_decisions
from sahelwatch.stories.editing import record_decision
from sahelwatch.stories.streamed import stream_stories
from tests.unit.stories_corpus import Said, article, frames
from tests.unit.test_stories import (
    BOOK,
    CITED,
    RELAYED,
    bamako_day,
    cites,
    decision,
    synthetic,
)
from tests.unit.test_stories_store import add

COMBATS = "Wagner a annoncé la fin des combats de Gao contre les rebelles."
GUARDS = "Des gardes armés protègent désormais les convois humanitaires entre Gao et Ansongo."


def in_parts(whole: Frames, articles_a_part: int) -> list[Frames]:
    """The tables cut into parts of consecutive articles, as a store holds them."""
    ids = whole.articles["article_id"].tolist()
    cuts = [ids[k : k + articles_a_part] for k in range(0, len(ids), articles_a_part)]
    return [Frames(**{n: t[t["article_id"].isin(cut)] for n, t in whole.items()}) for cut in cuts]


def rows(stories) -> dict[str, list[dict]]:
    tables = story_rows(stories)
    order = {"stories": ["story_id"], "story_events": ["story_id", "event_id"]}
    return {n: t.sort_values(order[n]).to_dict("records") for n, t in tables.items()}


def same_as_grouping_everything(parts: list[Frames], decisions=()) -> list[list]:
    whole = Frames(**{n: pd.concat([getattr(p, n) for p in parts]) for n in Frames.TABLES})
    batches = list(stream_stories(parts, BOOK, decisions))
    streamed_rows = rows([s for batch in batches for s in batch])
    assert streamed_rows == rows(build_stories(whole, BOOK, decisions))
    return batches


def stories_corpus() -> list:
    """The grouping tests' articles, and reports at the edge of the date tolerance: three days
    apart (one story), four days apart (two), a report without a date in the week before its
    publication, and a report that names only a country, found by the later report that names
    a city there (not the other way round: see `BlockIndex`)."""
    return [
        *bamako_day(),
        article("sputnik-gao", Said("Le groupe Wagner a annoncé la mort d'un commandant tombé "
                                    "dans les combats acharnés de Gao.", places=("gao",),
                                    actors=("wagner",)), outlet="Sputnik Afrique"),
        article("site-relais", Said(RELAYED, places=("gao",), actors=("wagner",)),
                outlet="Mali Express", cites=cites(RELAYED)),
        article("copie", Said(RELAYED.removeprefix("Selon Sputnik, "), places=("gao",),
                              actors=("wagner",)), outlet="Sahel Info"),
        article("autre-site", Said(CITED, places=("gao",), actors=("wagner",)),
                outlet="Sahel Info", cites=cites(CITED)),
        article("jour-1", Said(COMBATS, day="2024-06-10", places=("gao",), actors=("wagner",))),
        article("jour-4", Said(COMBATS, day="2024-06-13", places=("gao",), actors=("wagner",))),
        article("jour-8", Said(COMBATS, day="2024-06-17", places=("gao",), actors=("wagner",))),
        article("sans-jour", Said(COMBATS, places=("gao",), actors=("wagner",)),
                published="2024-06-24"),
        article("pays-tot", Said(GUARDS, day="2024-05-10", places=("mali",))),
        article("ville-tard", Said(GUARDS, day="2024-05-11", places=("gao",), actors=("wagner",))),
    ]  # fmt: skip


@pytest.fixture
def small_spill_batches(monkeypatch):
    monkeypatch.setattr(streamed, "SPILL_BATCH", 3)


DECISIONS = {
    "none": [],
    "split": [decision("split", 5, sides=(("evt:conf-a-1",), ("evt:conf-b-1",)))],
    "merge far apart": [decision("merge", 1, events=("evt:jour-1-1", "evt:conf-a-1"))],
    "merge then split": [
        decision("merge", 1, events=("evt:conf-a-1", "evt:livraison-1", "evt:jour-8-1")),
        decision("split", 9, sides=(("evt:livraison-1",), ("evt:conf-a-1", "evt:jour-4-1"))),
    ],
}


@pytest.mark.parametrize("decided", DECISIONS)
@pytest.mark.parametrize("articles_a_part", [1, 4, 100])
def test_the_sweep_gives_the_stories_of_the_test_corpora(
    small_spill_batches, decided, articles_a_part
):
    parts = in_parts(frames(*stories_corpus()), articles_a_part)
    same_as_grouping_everything(parts, DECISIONS[decided])


def test_reports_at_the_edge_of_the_tolerance_and_of_the_blocks(small_spill_batches):
    batches = same_as_grouping_everything(in_parts(frames(*stories_corpus()), 1))
    grouped = {s.articles for batch in batches for s in batch}
    assert {("jour-1", "jour-4"), ("jour-8", "sans-jour"), ("pays-tot", "ville-tard")} <= grouped


def test_a_synthetic_corpus_swept_in_small_parts_and_batches(small_spill_batches, monkeypatch):
    articles = synthetic(600)
    ids = [a.record.article.id for a in articles]
    decisions = [
        decision("merge", 1, events=(f"evt:{ids[3]}-1", f"evt:{ids[500]}-2", f"evt:{ids[9]}-4")),
        decision("split", 2, sides=((f"evt:{ids[40]}-1",), (f"evt:{ids[41]}-3",))),
    ]
    open_events = []

    class Watched(streamed._Grouper):
        def add(self, i, event):
            super().add(i, event)
            open_events.append(len(self.open_events))

    monkeypatch.setattr(streamed, "_Grouper", Watched)
    batches = same_as_grouping_everything(in_parts(frames(*articles), 13), decisions)
    assert sum(len(s.events) > 1 for batch in batches for s in batch) > 100
    # Only the events whose window is still open are compared with the next one.
    assert 0 < max(open_events) < len(open_events) / 10


def test_a_compile_from_scratch_writes_the_stories_of_grouping_everything(mini_corpus, tmp_path):
    add(mini_corpus, *stories_corpus())
    record_decision(mini_corpus, "merge", by="a", events=["evt:jour-1-1", "evt:conf-a-1"])
    store_dir = tmp_path / "store"
    compile_store(mini_corpus, store_dir)
    grouped = build_stories(
        frames_from_store(store_dir), SourceBook.load(mini_corpus), load_decisions(mini_corpus)
    )
    assert any({"conf-a", "jour-1"} <= set(s.articles) for s in grouped)
    for name, table in story_rows(grouped).items():
        key = [(c, "ascending") for c in ("story_id", "event_id") if c in table.columns]
        expected = pa.Table.from_pandas(table, schema=STORY_SCHEMAS[name], preserve_index=False)
        written = pq.read_table(store_dir / f"{name}.parquet")
        assert written.sort_by(key).to_pylist() == expected.sort_by(key).to_pylist()
