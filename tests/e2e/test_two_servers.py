"""Two app servers on one published store, kept current by a separate `sahelwatch compile
--watch`: an article added to the corpus shows in both, and no request fails while they switch
to the new version (issue 14)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sahelwatch import published
from sahelwatch.synth import write_corpus
from tests.conftest import ROOT, SEED_DATA, wait_for
from tests.e2e.conftest import Server, rerun_after, screenshot, wait_for_app

pytestmark = pytest.mark.e2e


def _articles_shown(page) -> int:
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Articles")
    return int(metric.locator("[data-testid='stMetricValue']").inner_text())


def _no_errors(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.errors == []


@pytest.fixture
def shared_store(tmp_path):
    """A copy of the seed corpus, its store, the compile process that watches it and two app
    servers that follow the versions it publishes."""
    data = tmp_path / "data"
    shutil.copytree(SEED_DATA, data)
    store = tmp_path / "store"
    log = (tmp_path / "watch.log").open("wb")
    watcher = subprocess.Popen(
        [sys.executable, "-m", "sahelwatch.cli", "compile", str(data), "--store", str(store),
         "--watch", "--interval", "0.2"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(lambda: published.current_version(store) == 1, what="the first version")
        servers = [Server(data, store, SAHELWATCH_WATCH="follow", SAHELWATCH_WATCH_INTERVAL="0.2")
                   for _ in range(2)]  # fmt: skip
        yield data, store, servers
        for server in servers:
            server.stop()
    finally:
        watcher.terminate()
        assert watcher.wait(timeout=30) == 0  # SIGTERM ends the watch cleanly
        log.close()


def _add_article(data: Path, scratch: Path) -> str:
    write_corpus(scratch, 10, taxonomy_from=SEED_DATA)
    name = "synthetic-0000000"
    shutil.move(scratch / "articles" / name, data / "articles" / name)
    return name


def test_two_servers_show_an_added_article_with_no_failed_request(
    shared_store, tmp_path, browser, page
):
    data, store, servers = shared_store
    other_context = browser.new_context(viewport={"width": 1500, "height": 1400})
    other = other_context.new_page()
    other.errors = []
    other.on("pageerror", lambda error: other.errors.append(str(error)))
    pages = [page, other]
    try:
        for tab, server in zip(pages, servers, strict=True):
            tab.goto(server.url)
            wait_for_app(tab)
        before = [_articles_shown(tab) for tab in pages]
        assert before[0] == before[1]

        _add_article(data, tmp_path / "scratch")
        # Analysts keep filtering (a topic on, then off again) while the watcher compiles and
        # both servers switch to the new version; every rerun must succeed, and each server
        # shows the added article once it has switched.
        topics = ["Security", "Energy", "Diplomacy", "Information"]
        shown = list(before)
        for step in range(60):
            if shown == [before[0] + 1] * 2:
                break
            which = step % 2
            tab = pages[which]
            pill = tab.get_by_role("button", name=topics[step // 2 % len(topics)]).first
            for _ in ("on", "off"):
                rerun_after(tab, pill.click)
                _no_errors(tab)
            shown[which] = _articles_shown(tab)
        assert shown == [before[0] + 1] * 2
        screenshot(other, "two-servers-after-switch")
    finally:
        other_context.close()
    # The app servers only read: the one process that compiles wrote every version.
    assert sorted(published._version_numbers(store)) == [1, 2]
