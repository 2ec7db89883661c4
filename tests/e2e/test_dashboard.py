"""The dashboard in headless Chromium on the seed corpus: it renders offline, and clicks on
filters, the map and the timeline change the view and the link."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from components.map_figure import INITIAL_VIEW
from sahelwatch.geo import Gazetteer, load_boundaries
from tests.e2e.conftest import (
    lon_lat_to_pixel,
    rerun_after,
    screenshot,
    wait_for_app,
    wait_until_drawn,
)

pytestmark = pytest.mark.e2e

MAP = "[data-testid='stDeckGlJsonChart']"
TIMELINE_POINTS = "[data-testid='stPlotlyChart'] .scatterlayer .point"
MAP_TOOLTIP = f"{MAP} .deck-tooltip"
TIMELINE_HOVER = "[data-testid='stPlotlyChart'] .hoverlayer .hovertext"
VIEW = {"longitude": INITIAL_VIEW.longitude, "latitude": INITIAL_VIEW.latitude,
        "zoom": INITIAL_VIEW.zoom}  # fmt: skip


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def map_point(page, lon: float, lat: float) -> tuple[float, float]:
    box = page.locator(f"{MAP} canvas").first.bounding_box()
    x, y = lon_lat_to_pixel(lon, lat, VIEW, (box["width"], box["height"]))
    return box["x"] + x, box["y"] + y


def country_point(page, iso3: str) -> tuple[float, float]:
    row = load_boundaries().set_index("iso3").loc[iso3]
    return map_point(page, row["label_lon"], row["label_lat"] - 1.2)


def click(page) -> None:
    """One press and release where the pointer is (`hover` there first), once. Playwright's
    `mouse.down` returns when the page has handled the press, deck.gl's pick included, so the
    release follows at once, as a person's release that arrives while the page is still busy:
    deck.gl drops a press its page measures longer than 250 ms."""
    page.mouse.down()
    page.mouse.up()


def expect_in_link(page, fragment: str) -> None:
    """Until the address bar holds `fragment` after a click; if it never does, the click was
    lost (benchmarks/e2e_under_load.py counts these by the message)."""
    try:
        page.wait_for_function(f"() => location.search.includes({fragment!r})", timeout=15_000)
    except PlaywrightTimeout:
        raise AssertionError(f"click lost: {fragment} never reached the link {page.url}") from None


def click_through(page, fragment: str) -> None:
    """`click`, then wait until `fragment` is in the link and the rerun the click started is
    over (`wait_for_app` alone can pass before that rerun has begun)."""

    def click_and_link() -> None:
        click(page)
        expect_in_link(page, fragment)

    rerun_after(page, click_and_link)


def hover(page, x: float, y: float, tooltip: str, text: str) -> None:
    """Move to (x, y) until `tooltip` shows `text` and the page has painted it: what an
    analyst sees before clicking."""
    page.mouse.move(x, y)
    page.locator(tooltip, has_text=text).first.wait_for()
    wait_until_drawn(page)


def open_overview(page, url: str) -> None:
    """Open the Overview and wait until its script has run and the map and page are drawn."""
    page.goto(url)
    wait_for_app(page)
    page.locator(f"{MAP} canvas").first.wait_for()
    wait_until_drawn(page)


def test_default_view_renders_map_timeline_and_quotes(page, seed_server):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_overview(page, seed_server.url)
    page.locator(TIMELINE_POINTS).nth(10).wait_for()
    shot = Image.open(io.BytesIO(page.screenshot()))
    # The three AES countries are drawn, shaded (not the neutral grey of the neighbours).
    for iso3 in ("MLI", "BFA", "NER"):
        x, y = country_point(page, iso3)
        r, g, b = shot.getpixel((int(x), int(y)))[:3]
        assert r > 150 and g < 120 and b < 120, (iso3, (r, g, b))
    x, y = country_point(page, "DZA")
    r, g, b = shot.getpixel((int(x), int(y)))[:3]
    assert abs(r - g) < 20 and abs(g - b) < 25, ("neighbour should be grey", (r, g, b))
    assert page.locator(TIMELINE_POINTS).count() >= 11
    assert page.get_by_text("Reported, date not given (10)").is_visible()
    assert page.get_by_role("heading", name="Quotes (5)").is_visible()
    assert page.get_by_text("Conformément à notre principe fondamental").is_visible()
    local = (seed_server.url, f"blob:{seed_server.url}", "data:")
    offsite = [u for u in requests if not u.startswith(local)]
    assert offsite == [], offsite
    assert page.errors == []
    screenshot(page, "01-overview")


def test_topic_click_updates_timeline_quotes_and_link(page, seed_server):
    open_overview(page, seed_server.url)
    page.locator(TIMELINE_POINTS).nth(10).wait_for()
    before = page.locator(TIMELINE_POINTS).count()
    page.get_by_role("button", name="Energy · 1").click()
    page.wait_for_function("() => location.search.includes('topic=energy')")
    wait_for_app(page)
    assert query(page)["topic"] == ["energy"]
    assert page.get_by_role("heading", name="Quotes (0)").is_visible()
    assert 0 < page.locator(TIMELINE_POINTS).count() < before
    screenshot(page, "02-topic-energy")


def test_map_country_click_toggles_the_country_filter(page, seed_server):
    open_overview(page, seed_server.url)
    niger = page.get_by_role("button", name="Niger · 11")
    assert niger.get_attribute("aria-pressed") == "false"
    x, y = country_point(page, "NER")
    hover(page, x, y, MAP_TOOLTIP, "Niger")
    click_through(page, "country=NER")
    assert query(page)["country"] == ["NER"]
    assert niger.get_attribute("aria-pressed") == "true"  # the sidebar filter shows it too
    screenshot(page, "03-map-country-niger")


# deck.gl keeps a clicked country selected and a click on it only deselects it: the map widget
# is renewed after each country click (components/map.py) so this second click counts.
def test_map_second_click_on_a_country_removes_it(page, seed_server):
    open_overview(page, seed_server.url)
    x, y = country_point(page, "NER")
    hover(page, x, y, MAP_TOOLTIP, "Click to add to the country filter")
    click_through(page, "country=NER")
    wait_until_drawn(page)  # the renewed map is drawn before the pointer comes back
    page.mouse.move(0, 0)
    hover(page, x, y, MAP_TOOLTIP, "Click to remove from the country filter")
    click(page)
    page.wait_for_function("() => !location.search.includes('country=')", timeout=15_000)


def test_map_marker_click_selects_the_bamako_conference(page, seed_server):
    open_overview(page, seed_server.url)
    bamako = Gazetteer.load().lookup("Bamako")
    x, y = map_point(page, bamako.lon, bamako.lat)
    hover(page, x, y, MAP_TOOLTIP, "Bamako")
    click_through(page, "event=evt")
    assert query(page)["event"] == ["evt:bamako-conference-2024-12-01"]
    assert page.locator("mark", has_text="Le 1er décembre 2024").first.is_visible()


def test_timeline_click_shows_event_detail_with_evidence(page, seed_server):
    open_overview(page, seed_server.url + "/?topic=energy")
    box = page.locator(TIMELINE_POINTS).first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    hover(page, x, y, TIMELINE_HOVER, "Bamako")
    click_through(page, "event=")
    detail = page.locator(".st-key-event-detail")
    assert "Evidence in the article" in detail.inner_text()
    assert detail.locator("mark").first.inner_text().startswith("Le 1er décembre 2024")
    assert "precision: day" in detail.inner_text()
    screenshot(page, "04-event-detail")


def test_shared_link_reopens_the_same_view_in_a_fresh_browser(page, browser, seed_server):
    open_overview(page, seed_server.url)
    page.get_by_role("button", name="Security · 10").click()
    page.wait_for_function("() => location.search.includes('topic=security')")
    wait_for_app(page)
    page.get_by_role("button", name="Mali · 10").click()
    page.wait_for_function("() => location.search.includes('country=MLI')")
    wait_for_app(page)
    page.get_by_role("button", name="Share this view").click()
    link = page.locator("[data-testid='stPopover'] code, [data-testid='stCode'] code").first
    shared = link.inner_text().strip()
    assert "topic=security" in shared and "country=MLI" in shared
    events = page.locator("[data-testid='stMetricValue']").nth(1).inner_text()

    fresh = browser.new_context(viewport={"width": 1500, "height": 1400})
    other = fresh.new_page()
    try:
        open_overview(other, shared.replace("localhost", "127.0.0.1"))
        assert other.locator("[data-testid='stMetricValue']").nth(1).inner_text() == events
        assert parse_qs(urlsplit(other.url).query) == query(page)
        for pill in ("Security · 10", "Mali · 10"):
            assert other.get_by_role("button", name=pill).get_attribute("aria-pressed") == "true"
        screenshot(other, "05-shared-link")
    finally:
        fresh.close()


def test_article_page_highlights_link_to_their_events(page, seed_server):
    page.goto(seed_server.url + "/article?article=ru-aes-military-support")
    wait_for_app(page)
    page.locator(".sw-article mark").first.wait_for()
    marks = page.locator(".sw-article mark")
    assert marks.count() >= 11
    page.locator(".sw-article a", has_text="Le 1er décembre 2024").first.click()
    page.wait_for_function("() => location.search.includes('event=')")
    wait_for_app(page)
    assert query(page)["event"] == ["evt:bamako-conference-2024-12-01"]
    assert page.get_by_text("Evidence in the article").is_visible()
    screenshot(page, "06-article")


def test_broken_link_shows_a_notice(page, seed_server):
    open_overview(page, seed_server.url + "/?topic=nope&from=2025-02-01&to=2024-01-01&zzz=1")
    notice = page.get_by_text("Parts of this link were not understood")
    assert notice.is_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "07-broken-link")


def test_map_view_survives_reruns(page, seed_server):
    open_overview(page, seed_server.url)
    canvas = page.locator(f"{MAP} canvas").first
    box = canvas.bounding_box()

    def shot() -> Image.Image:
        return Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")

    def changed(a: Image.Image, b: Image.Image) -> int:
        mask = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 40 else 0)
        return mask.histogram()[255]

    initial = shot()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(3):
        page.mouse.wheel(0, -300)
    wait_until_drawn(page)
    zoomed = shot()
    assert changed(initial, zoomed) > 10_000  # the zoom happened
    page.locator("label", has_text="Include drafts").click()  # a rerun that keeps the map data
    page.wait_for_function("() => location.search.includes('drafts=0')")
    wait_for_app(page)
    wait_until_drawn(page)
    assert changed(zoomed, shot()) < 500  # same zoom and centre after the rerun
