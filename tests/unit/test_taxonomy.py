"""Topic taxonomy: colours are checked when topics load."""

from __future__ import annotations

import shutil

import pytest

from sahelwatch.taxonomy import TaxonomyError, load_topics
from tests.conftest import SEED_DATA


@pytest.mark.parametrize(
    "colour",
    [
        "red;background:url(https://evil.example/x)",
        "#c0392b;background:url(x)",
        "#c03",
        "#c0392b40",
        "c0392b",
        "12",
    ],
)
def test_a_colour_that_is_not_six_hex_digits_is_refused(tmp_path, colour):
    shutil.copy(SEED_DATA / "topics.yaml", tmp_path / "topics.yaml")
    path = tmp_path / "topics.yaml"
    path.write_text(path.read_text("utf-8").replace('"#e67e22"', f"'{colour}'", 1), "utf-8")
    with pytest.raises(TaxonomyError, match=r"topic 'energy': colour .* is not a hex colour"):
        load_topics(tmp_path)


def test_the_shipped_colours_load():
    assert {t.id: t.colour for t in load_topics(SEED_DATA)}["energy"] == "#e67e22"
