"""The container's start command (`scripts/serve.sh`), run outside a container on a read-only
copy of the data, answers its health check and serves the first page."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED_DATA
from tests.e2e.conftest import free_port, screenshot, wait_for_app

pytestmark = pytest.mark.e2e


def _read_only_copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    for path in [*sorted(target.rglob("*"), reverse=True), target]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return target


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_start_command_serves_health_and_first_page(tmp_path, page):
    # Root ignores permissions (CI runs as root), so the test also checks nothing changed.
    data = _read_only_copy(SEED_DATA, tmp_path / "data")
    before = _snapshot(data)
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "ADDRESS": "127.0.0.1",
        "SAHELWATCH_DATA": str(data),
        "SAHELWATCH_STORE": str(tmp_path / "store"),
        "STREAMLIT": str(Path(sys.executable).parent / "streamlit"),
    }
    env.pop("SAHELWATCH_EDITING", None)
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(["sh", "scripts/serve.sh"], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    health = response.read()
                    break
            except OSError:
                time.sleep(0.3)  # the poll interval of a server starting up, not a wait in a test
        assert health == b"ok", (tmp_path / "serve.log").read_text()
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.status == 200
            assert b'id="root"' in response.read()
        page.goto(url)
        wait_for_app(page)
        page.get_by_role("heading", name="Quotes (5)").wait_for()
        articles = page.locator("[data-testid='stMetric']", has_text="Articles")
        assert articles.locator("[data-testid='stMetricValue']").inner_text() == "1"
        assert page.get_by_role("link", name="Ingest").count() == 0  # read-only by default
        screenshot(page, "08-serve-read-only-data")
        assert _snapshot(data) == before
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        for path in [data, *data.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
