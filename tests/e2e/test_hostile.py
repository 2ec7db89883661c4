"""Hostile text in every field is shown as text on every page and in every component; no
injected script runs and no injected element exists. Malformed links get a notice."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.e2e.conftest import failure_screenshot, screenshot, start_server, wait_for_app
from tests.e2e.test_dashboard import (
    MAP_TOOLTIP,
    TIMELINE_HOVER,
    TIMELINE_POINTS,
    hover,
    map_point,
    open_overview,
)

pytestmark = pytest.mark.e2e

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
EVENT = "evt:hostile-gao-2025-03-02"
INJECTED = """() => ({
    pwned: window.__pwned ?? null,
    images: document.querySelectorAll('img[src="x"], [onerror]').length,
    jsLinks: [...document.querySelectorAll('a[href]')]
        .filter(a => a.getAttribute('href').trim().toLowerCase().startsWith('javascript:')).length,
    scripts: [...document.querySelectorAll('script')]
        .filter(s => s.textContent.trim().startsWith('window.__pwned')).length,
    bold: [...document.querySelectorAll('b, strong')]
        .filter(b => b.textContent === 'b' || b.textContent === 'gras').length,
})"""
CLEAN = {"pwned": None, "images": 0, "jsLinks": 0, "scripts": 0, "bold": 0}


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    server = start_server(tmp_path_factory, HOSTILE)
    yield server
    server.stop()


@pytest.fixture
def guarded(page, request):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    try:
        assert dialogs == []
        assert page.evaluate(INJECTED) == CLEAN
    except AssertionError:
        failure_screenshot(page, request.node.name)
        raise


def test_overview_map_timeline_quotes_and_detail(guarded, hostile_server):
    page = guarded
    open_overview(page, f"{hostile_server.url}/?event={EVENT}")
    assert page.get_by_text('<script>window.__pwned = "script"</script>').first.is_visible()
    detail = page.locator(".st-key-event-detail").inner_text()
    assert "<img src=x onerror=" in detail and "javascript:" in detail
    hover(page, *map_point(page, -0.04, 16.27), MAP_TOOLTIP, "<img src=x")  # Gao
    assert page.evaluate(INJECTED) == CLEAN
    page.locator(TIMELINE_POINTS).nth(2).wait_for()
    for point in page.locator(TIMELINE_POINTS).all()[:3]:
        page.mouse.move(0, 0)  # off the chart: its hover label goes
        page.locator(TIMELINE_HOVER).first.wait_for(state="detached")
        box = point.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.locator(TIMELINE_HOVER).first.wait_for()
        assert page.evaluate(INJECTED) == CLEAN
    screenshot(page, "10-hostile-overview")


def test_article_page(guarded, hostile_server):
    page = guarded
    page.goto(f"{hostile_server.url}/article?article=hostile-article&event={EVENT}")
    wait_for_app(page)
    page.locator(".sw-article mark").first.wait_for()
    assert "<script>" in page.locator(".sw-article").inner_text()
    screenshot(page, "11-hostile-article")


def test_data_and_about_pages(guarded, hostile_server):
    page = guarded
    page.goto(f"{hostile_server.url}/data")
    wait_for_app(page)
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    screenshot(page, "12-hostile-data")
    page.goto(f"{hostile_server.url}/about")
    wait_for_app(page)


def test_exported_map_shows_text_only(guarded, hostile_server, tmp_path):
    page = guarded
    page.goto(f"{hostile_server.url}/data")
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Map (HTML, folium)").click()
    exported = tmp_path / "map.html"
    download.value.save_as(exported)
    html = exported.read_text("utf-8")
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert "\\u0026lt;img src=x" in html  # escaped once, inside the map's JSON data
    page.goto(exported.as_uri())
    page.locator(".leaflet-overlay-pane svg path").first.wait_for()


def test_malformed_link_shows_notice_and_sane_view(guarded, hostile_server):
    page = guarded
    long = "z" * 5000
    page.goto(
        f"{hostile_server.url}/?topic=bogus&from=2026-01-01&to=2020-01-01&q={long}"
        "&country=MLI&country=NER&event=<script>"
    )
    wait_for_app(page)
    notice = page.get_by_text("Parts of this link were not understood").locator("..")
    text = notice.inner_text()
    assert "bogus" in text and "reversed" in text and "<script>" in text
    page.locator("[data-testid='stMetric']").nth(4).wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "13-malformed-link")
