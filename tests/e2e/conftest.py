"""End-to-end fixtures: a real Streamlit server and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import math
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import ROOT, SEED_DATA

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
FAILURES = ARTIFACTS / "failures"
VIEWPORT = {"width": 1500, "height": 1400}
# Streamlit marks its root with the script's state; "notRunning" once a run has finished.
SCRIPT_IDLE = """() => document.querySelector('[data-testid="stApp"]')
    ?.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]')"""
# Resolves once the page paints ten frames in a row less than 50 ms apart: Chromium has drawn
# what the last change queued (with software WebGL the map can keep it busy for seconds).
DRAWN = """() => new Promise(resolve => {
    let last = performance.now(), smooth = 0;
    const frame = now => {
        smooth = now - last < 50 ? smooth + 1 : 0;
        last = now;
        if (smooth >= 10) resolve(true); else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
})"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    """Until the Streamlit server at `url` answers its health check."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)  # the poll interval of a server starting up, not a wait in a test
    raise RuntimeError(f"streamlit did not become healthy: {log.read_text()[-2000:]}")


class Server:
    def __init__(self, data_dir: Path, store_dir: Path, **env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = store_dir.parent / f"streamlit-{self.port}.log"
        environment = {
            **os.environ,
            "SAHELWATCH_DATA": str(data_dir),
            "SAHELWATCH_STORE": str(store_dir),
            **env,
        }
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                 "--server.port", str(self.port), "--server.address", "127.0.0.1",
                 "--server.headless", "true"],
                cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self._wait_healthy()

    def _wait_healthy(self) -> None:
        wait_healthy(self.url, self.process, self.log)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_server(tmp_path_factory, data_dir: Path, **env: str) -> Server:
    base = tmp_path_factory.mktemp("server")
    return Server(data_dir, base / "store", **env)


@pytest.fixture(scope="session")
def seed_server(tmp_path_factory) -> Iterator[Server]:
    server = start_server(tmp_path_factory, SEED_DATA)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--use-gl=angle", "--use-angle=swiftshader"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def failure_screenshot(page: Page, test_name: str) -> Path:
    """The page of a failing test, as `test-artifacts/e2e/failures/<test>.png`."""
    FAILURES.mkdir(parents=True, exist_ok=True)
    path = FAILURES / (re.sub(r"[^\w.-]+", "_", test_name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Save the page of every e2e test that fails while it runs (its `page` is still open)."""
    report = yield
    page = getattr(item, "funcargs", {}).get("page")
    if report.failed and report.when == "call" and page is not None and not page.is_closed():
        try:
            saved = str(failure_screenshot(page, item.name))
        except PlaywrightError as error:  # a crashed page: the failure is reported all the same
            saved = f"no screenshot: {error}"
        report.sections.append(("failure screenshot", saved))
    return report


def wait_for_app(page: Page) -> None:
    """Until the script has finished its run: Streamlit's root says so and no spinner shows."""
    page.wait_for_function(SCRIPT_IDLE, timeout=60_000)


def rerun_after(page: Page, action) -> None:
    """Do `action`, a user action that reruns the script, then wait until that rerun is over.
    `wait_for_app` alone can pass before the rerun has even started; the script state's
    attribute changes only when a run starts or ends, so any change of it means the run began."""
    page.evaluate(
        """() => {
            window.__swRan = false;
            const app = document.querySelector('[data-testid="stApp"]');
            new MutationObserver(() => { window.__swRan = true; })
                .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
        }"""
    )
    action()
    page.wait_for_function("() => window.__swRan === true", timeout=60_000)
    wait_for_app(page)


# Resolves once the element's box has kept its place and size for ten frames in a row.
STILL = """element => new Promise(resolve => {
    let last = '', still = 0;
    const frame = () => {
        const r = element.getBoundingClientRect();
        const box = [r.x, r.y, r.width, r.height].join();
        still = box === last ? still + 1 : 0;
        last = box;
        if (still >= 10) resolve(true); else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
})"""


def wait_until_still(locator) -> None:
    """Until `locator`'s element stops moving (an expander opening slides what it holds: a
    click aimed at a moving button lands on what moved under it)."""
    locator.wait_for()
    locator.evaluate(STILL)


def wait_until_drawn(page: Page) -> None:
    """Until the page has painted what it last changed (see DRAWN)."""
    page.wait_for_function(DRAWN, timeout=60_000)


def lon_lat_to_pixel(lon: float, lat: float, view: dict, size: tuple[float, float]):
    """Web Mercator, as deck.gl's MapView projects (512-pixel world at zoom 0)."""

    def project(lo: float, la: float) -> tuple[float, float]:
        scale = 512 * 2 ** view["zoom"]
        x = (lo + 180) / 360 * scale
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(la) / 2)) / math.pi) / 2 * scale
        return x, y

    cx, cy = project(view["longitude"], view["latitude"])
    x, y = project(lon, lat)
    return size[0] / 2 + (x - cx), size[1] / 2 + (y - cy)
