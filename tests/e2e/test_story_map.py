"""A story in Chromium: two reports of one conference, from Sputnik and RT (one Russian state
media group), are one marker on the map; clicking it shows both reports side by side with the
single-origin badge."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import MINI_DATA
from tests.e2e.conftest import screenshot, start_server
from tests.e2e.test_dashboard import (
    MAP_TOOLTIP,
    click_through,
    hover,
    map_point,
    open_overview,
)
from tests.unit.stories_corpus import PLACES
from tests.unit.test_stories_store import LATER, REPORTS, add

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def story_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("stories") / "data"
    shutil.copytree(MINI_DATA, data)
    add(data, REPORTS[1], LATER)  # Sputnik and RT
    server = start_server(tmp_path_factory, data)
    yield server
    server.stop()


def test_clicking_a_story_on_the_map_shows_its_reports_and_single_origin(page, story_server):
    open_overview(page, story_server.url)
    stories = page.locator("[data-testid='stMetric']", has_text="Stories")
    reports = page.locator("[data-testid='stMetric']", has_text="Reports")
    value = "[data-testid='stMetricValue']"
    assert (stories.locator(value).inner_text(), reports.locator(value).inner_text()) == ("2", "3")
    bamako = PLACES["bamako"]
    x, y = map_point(page, bamako.lon, bamako.lat)
    hover(page, x, y, MAP_TOOLTIP, "Bamako")
    click_through(page, "event=evt")
    panel = page.locator(".st-key-story-detail")
    panel.wait_for()
    assert "2 report(s) in 2 article(s) · 1 independent origin(s)" in panel.inner_text()
    assert panel.get_by_text("single origin: Russian state media").is_visible()
    outlets = [panel.get_by_text(name, exact=True) for name in ("Sputnik", "RT")]
    boxes = [o.first.bounding_box() for o in outlets]
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 5 and boxes[0]["x"] != boxes[1]["x"]  # side by side
    panel.scroll_into_view_if_needed()
    screenshot(page, "30-story-single-origin")
