"""The exported HTML map, opened from a file with its scripts running and the network cut:
it draws, shows hostile place names and titles as text, and nothing injected runs."""

from __future__ import annotations

import pytest

from sahelwatch.cli import main
from tests.e2e.conftest import screenshot
from tests.export_corpus import PLACE, TITLES, write_hostile_corpus

pytestmark = pytest.mark.e2e

# What a payload would leave behind had it run: a global, an element, a script of its own.
INJECTED = """() => ({
    pwned: window.__pwned ?? null,
    images: document.querySelectorAll('img[src="x"], [onerror]').length,
    injectedScripts: [...document.querySelectorAll('script')]
        .filter(s => s.textContent.trim().startsWith('window.__pwned')).length,
    scripts: document.querySelectorAll('script').length,
    jquery: typeof window.jQuery,
})"""
# The report's own scripts: Leaflet, folium's two settings, the map.
CLEAN = {"pwned": None, "images": 0, "injectedScripts": 0, "scripts": 3, "jquery": "undefined"}
AES_OUTLINE = "#1f2937"
MARKER_FILL = "#2563eb"


@pytest.fixture
def hostile_report(tmp_path):
    data = write_hostile_corpus(tmp_path / "data")
    report = tmp_path / "report" / "map.html"
    code = main(["export", str(data), "--store", str(tmp_path / "store"), "--format", "html",
                 "--out", str(report)])  # fmt: skip
    assert code == 0
    return report


@pytest.fixture
def offline(page):
    """The page with every request that is not for a local file aborted and recorded, and
    every dialog recorded and dismissed."""
    page.left_the_file = []
    page.dialogs = []

    def only_files(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            page.left_the_file.append(route.request.url)
            route.abort()

    page.route("**/*", only_files)
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return page


def test_exported_map_draws_offline_and_shows_hostile_text_as_text(offline, hostile_report):
    page = offline
    page.goto(hostile_report.as_uri())
    # Loaded: every script of the page has run.
    assert page.errors == []
    assert page.evaluate(INJECTED) == CLEAN
    page.locator(".leaflet-container").wait_for()
    assert page.evaluate("() => L.version") == "1.9.4"
    aes = page.locator(f".leaflet-overlay-pane svg path[stroke='{AES_OUTLINE}']")
    assert aes.count() == 3
    marker = page.locator(f".leaflet-overlay-pane svg path[fill='{MARKER_FILL}']")
    assert marker.count() == 1

    box = marker.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == f"{PLACE}: 6 events"

    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    shown = popup.locator("li").all_inner_texts()
    assert shown == [t.replace("\u202e", "").replace("\u202c", "") for t in TITLES[:5]]
    assert popup.locator("b").inner_text() == PLACE
    assert "… and 1 more" in popup.inner_text()
    # The popup fades in; the screenshot waits until it is opaque.
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    screenshot(page, "20-exported-map-hostile")

    # Hovered and clicked: the tooltip and popup, built only then, ran nothing either.
    assert page.evaluate(INJECTED) == CLEAN
    assert page.dialogs == []
    assert page.errors == []
    assert page.left_the_file == []


def test_online_background_is_off_until_the_reader_ticks_it(offline, hostile_report):
    page = offline
    page.goto(hostile_report.as_uri())
    page.locator(".leaflet-container").wait_for()
    assert page.locator(".leaflet-tile").count() == 0
    assert page.left_the_file == []
    # Ticked, the layer asks the tile server, which this test's cut network refuses.
    with page.expect_event("requestfailed") as refused:
        page.get_by_text("OpenStreetMap background (online)").click()
    assert refused.value.url.startswith("https://tile.openstreetmap.org/5/")
    assert all(url.startswith("https://tile.openstreetmap.org/") for url in page.left_the_file)
    assert page.errors == []
