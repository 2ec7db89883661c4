"""Actor page in Chromium: from a speaker's name in the quotes panel to their page, then to
the event of one of their quotes, with the actor filter kept through each rerun."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import screenshot, wait_for_app
from tests.e2e.test_dashboard import TIMELINE_POINTS, open_overview

pytestmark = pytest.mark.e2e

GROMYKO = "act:igor-gromyko"


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


WORDS = {
    "en": {"quotes": "Quotes (5)", "event": "Event:", "evidence": "Evidence in the article"},
    "fr": {"quotes": "Citations (5)", "event": "Événement :",
           "evidence": "Preuve dans l’article"},
}  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_speaker_name_leads_to_the_actor_page_and_a_quote_to_its_event(page, seed_server, lang):
    words = WORDS[lang]
    open_overview(page, f"{seed_server.url}/?lang={lang}" if lang != "en" else seed_server.url)
    page.get_by_role("heading", name=words["quotes"]).wait_for()
    page.locator(TIMELINE_POINTS).first.wait_for()
    screenshot(page, f"19-overview-{lang}")
    page.get_by_role("button", name="Igor Gromyko").first.click()
    page.get_by_role("heading", name="Igor Gromyko", level=1).wait_for()
    page.wait_for_function("() => location.pathname.endsWith('/actor')")
    wait_for_app(page)
    assert query(page)["actor"] == [GROMYKO]
    sidebar = page.locator("[data-testid='stSidebar']")
    assert "Igor Gromyko" in sidebar.locator("[data-testid='stMultiSelect']").first.inner_text()
    assert page.locator("mark").count() == 5  # each of his quotes, marked in the article
    screenshot(page, f"20-actor-page-{lang}")

    page.get_by_role("button", name=words["event"]).first.click()
    page.get_by_text(words["evidence"]).wait_for()
    wait_for_app(page)
    params = query(page)
    assert params["actor"] == [GROMYKO]  # the rerun kept the actor: the widgets were synced
    assert params["event"][0].startswith("evt:")
    assert params.get("lang", ["en"]) == [lang]  # the language stays through the journey
    screenshot(page, f"21-actor-quote-event-{lang}")


def test_shared_actor_link_reopens_the_page(page, seed_server):
    page.goto(f"{seed_server.url}/actor?actor={GROMYKO}&topic=security")
    wait_for_app(page)
    page.get_by_role("heading", name="Igor Gromyko", level=1).wait_for()
    assert query(page)["topic"] == ["security"]
    assert page.locator("[data-testid='stException']").count() == 0
