"""The Review page in Chromium (issue 12), on a copy of the seed corpus turned back into a
draft, with editing open: words selected with the mouse become a quote with exactly their
offsets, shown in the Overview's quotes panel; a new speaker reaches the quotes panel and the
actor filter; the history lists each change; a second editor of the same version gets the
conflict message and keeps the pending change."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from sahelwatch.model import Record
from tests.conftest import SEED_DATA
from tests.e2e.conftest import (
    VIEWPORT,
    Server,
    rerun_after,
    screenshot,
    start_server,
    wait_for_app,
    wait_until_still,
)
from tests.e2e.test_text_select import drag_over

pytestmark = pytest.mark.e2e

SEED = "ru-aes-military-support"
QUOTE = "q:gromyko-continued-aid"
QUOTE_START = "La Russie compte poursuivre"
NEW_QUOTE = "des experts russes pour discuter des perspectives de coopération"


@pytest.fixture
def draft_server(tmp_path_factory) -> Iterator[tuple[Server, Path]]:
    """A server with editing open on its own copy of the seed corpus, the record a draft."""
    data = tmp_path_factory.mktemp("review") / "data"
    shutil.copytree(SEED_DATA, data)
    path = data / "articles" / SEED / "record.json"
    raw = json.loads(path.read_text("utf-8"))
    raw["article"]["status"] = "draft"
    path.write_text(Record.model_validate(raw).to_json(), "utf-8")
    server = start_server(tmp_path_factory, data, SAHELWATCH_EDITING="open")
    yield server, data
    server.stop()


def saved(data: Path) -> Record:
    return Record.model_validate_json((data / "articles" / SEED / "record.json").read_text())


def open_review(page: Page, server: Server, name: str) -> None:
    page.goto(f"{server.url}/review?article={SEED}")
    wait_for_app(page)
    page.locator(".sw-select mark").first.wait_for()
    names = page.get_by_label("Your name (kept in the history of every change you save)")
    names.fill(name)
    rerun_after(page, lambda: names.press("Enter"))  # the name is kept before anything else


def see(page: Page, text: str) -> None:
    """Until `text` shows on the page."""
    page.get_by_text(text, exact=False).first.wait_for(timeout=30_000)


def quote_panel(page: Page, words: str):
    return page.locator("[data-testid='stExpander']").filter(has_text=words).first


def open_quote(panel) -> None:
    """Open a quote's panel and wait until its form has stopped sliding into place."""
    panel.locator("summary").click()
    wait_until_still(panel.get_by_role("button", name="Apply"))


def choose(page: Page, container, label: str, option: str) -> None:
    """Pick `option` in the select box labelled `label` inside `container`."""
    box = container.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.click()
    page.keyboard.type(option)  # as an analyst narrows a long list: the option then shows
    page.get_by_role("option", name=option, exact=True).wait_for()
    # Picked with the keyboard: a click on an option below the fold scrolls the page, which
    # can close the list under the pointer (one failure in three fresh-clone runs).
    page.keyboard.press("Enter")
    combobox = box.get_by_role("combobox")
    expect(combobox).to_have_value(option)  # the box shows the choice
    # and the analyst moves on: the box hands its value to the form when it loses the focus
    # (a click on Apply a few ms after the choice could submit the old value)
    page.keyboard.press("Tab")
    expect(combobox).not_to_be_focused()


def save_and_see(page: Page, n: int) -> None:
    page.get_by_role("button", name=f"Save {n} change(s)").click()
    see(page, f"Saved {n} change(s).")
    wait_for_app(page)


def test_selected_words_become_a_quote_shown_in_the_quotes_panel(page: Page, draft_server):
    server, data = draft_server
    text = (data / "articles" / SEED / "article.txt").read_text("utf-8")
    start = text.index(NEW_QUOTE)
    open_review(page, server, "E2E Analyst")
    drag_over(page, NEW_QUOTE)
    see(page, f"({start}–{start + len(NEW_QUOTE)})")
    assert page.locator(".sw-select mark.sw-selected").inner_text() == NEW_QUOTE
    page.get_by_role("button", name="Add the quote").click()
    see(page, "Unsaved changes (1)")
    wait_for_app(page)
    page.locator("h1").first.scroll_into_view_if_needed()
    open_quote(quote_panel(page, NEW_QUOTE[:40]))  # the quote just added
    screenshot(page, "review-page")  # docs/review.png
    save_and_see(page, 1)
    [added] = [q for q in saved(data).quotes if q.evidence.start == start]
    assert (added.evidence.end, added.text) == (start + len(NEW_QUOTE), NEW_QUOTE)
    assert added.event_id == "evt:bamako-conference-2024-12-01"  # the event around the words
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_role("heading", name="Quotes (6)").wait_for()
    assert page.get_by_text(f"« {NEW_QUOTE} »").is_visible()
    assert page.errors == []


def test_a_new_speaker_reaches_the_quotes_panel_the_actor_filter_and_the_history(
    page: Page, draft_server
):
    server, data = draft_server
    page.goto(f"{server.url}/?actor=act:alexandre-novak")
    wait_for_app(page)
    page.get_by_role("heading", name="Quotes (0)").wait_for()
    open_review(page, server, "E2E <b>Analyst</b>")
    panel = quote_panel(page, QUOTE_START)
    open_quote(panel)
    choose(page, panel, "Speaker", "Alexandre Novak")
    panel.get_by_role("button", name="Apply").click()
    see(page, "Unsaved changes (2)")
    save_and_see(page, 2)
    assert next(q for q in saved(data).quotes if q.id == QUOTE).speaker_id == "act:alexandre-novak"
    page.goto(f"{server.url}/?actor=act:alexandre-novak")
    wait_for_app(page)
    page.get_by_role("heading", name="Quotes (1)").wait_for()
    # the speaker, a link to their Actor page
    main = page.get_by_test_id("stMainBlockContainer")
    main.get_by_role("button", name="Alexandre Novak").wait_for()
    assert page.get_by_text(QUOTE_START).is_visible()
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Alexandre Novak · 2").wait_for()  # the filter counts two events now
    page.goto(f"{server.url}/article?article={SEED}")
    wait_for_app(page)
    history = page.locator("[data-testid='stExpander']").filter(has_text="History (2 change(s))")
    history.locator("summary").click()
    body = history.inner_text()
    assert f"E2E <b>Analyst</b> · edit {QUOTE}" in body
    assert 'speaker_id: "act:igor-gromyko" → "act:alexandre-novak"' in body
    assert "actor_ids:" in body  # Novak joined the quote's event: the second change
    assert " · draft " in body  # the machine draft the changes start from
    assert page.locator("[data-testid='stExpander'] b").count() == 0  # the name stays text
    assert page.errors == []


def test_a_second_editor_gets_the_conflict_and_keeps_the_pending_change(
    browser: Browser, draft_server, page: Page
):
    server, data = draft_server
    other = browser.new_context(viewport=VIEWPORT).new_page()
    try:
        open_review(page, server, "Analyst A")
        open_review(other, server, "Analyst B")
        for editor in (page, other):  # both change the same quote, from version 0
            panel = quote_panel(editor, QUOTE_START)
            open_quote(panel)
            panel.get_by_text("direct", exact=True).click()
            expect(panel.get_by_role("radio", name="direct", exact=True)).to_be_checked()
            panel.get_by_role("button", name="Apply").click()
            see(editor, "Unsaved changes (1)")
        save_and_see(page, 1)
        other.get_by_role("button", name="Save 1 change(s)").click()
        see(other, "was saved as version 1 by Analyst A")
        wait_for_app(other)
        assert other.get_by_text("Unsaved changes (1)").is_visible()
        assert other.get_by_role("button", name="Save 1 change(s)").is_visible()
        assert saved(data).version == 1
        screenshot(other, "review-conflict")
    finally:
        other.context.close()
