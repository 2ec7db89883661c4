"""Load test: concurrent browser sessions clicking filters against one server (loopback only).

    .venv/bin/python benchmarks/load.py [--sessions 20] [--seconds 120] [--data DIR]

Exits 1 when any session hit an error, a page error or a mismatch, or no click was made.

Each session toggles topic pills at random and, after every click, checks that the page shows
exactly the event count its own filter should give (computed in-process from the store) and
that its address bar holds its own topics: a session that saw another's state would fail that
check. All sessions open the dashboard first; the clicking minutes start together once every
page has loaded. Server memory is sampled every five seconds from then on; the report compares
the sample after the first quarter of the clicking (the warm-up) with the end, and gives the
server's share of the machine's CPU time while clicking, to tell a slow server from slow
browsers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402

from benchmarks.run import WORK, rss_mb  # noqa: E402
from sahelwatch.filters import Filter  # noqa: E402
from sahelwatch.store import Store  # noqa: E402
from sahelwatch.taxonomy import load_topics  # noqa: E402
from tests.e2e.conftest import CHROMIUM, free_port, wait_healthy  # noqa: E402

# What a browser without WebGL reports about the map; not an error of the app.
NO_WEBGL = "Failed to create WebGL context"


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Clock:
    """Starts the clicking when every session has opened its page (or failed to)."""

    def __init__(self, sessions: int, seconds: float):
        self.waiting, self.seconds = sessions, seconds
        self.started = asyncio.Event()
        self.start = self.deadline = 0.0

    def ready(self) -> None:
        self.waiting -= 1
        if self.waiting == 0:
            self.start = time.monotonic()
            self.deadline = self.start + self.seconds
            self.started.set()


async def session(browser, url, labels, expected, clock, stats, number, args):
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.on("pageerror", lambda error: stats["page_errors"].append(str(error)))
    rng = random.Random(number)
    chosen: set[str] = set()
    opened = False
    try:
        await page.goto(url, timeout=300_000)
        await page.wait_for_selector("[data-testid='stMetricValue']", timeout=300_000)
        opened = True
        clock.ready()
        await clock.started.wait()
        while time.monotonic() < clock.deadline:
            topic = rng.choice(sorted(labels))
            chosen ^= {topic}
            started = time.monotonic()
            button = page.locator("[data-testid='stButtonGroup'] button",
                                  has_text=labels[topic]).first  # fmt: skip
            await button.click(timeout=60_000)
            want = ",".join(sorted(chosen))
            await page.wait_for_function(
                """want => (new URLSearchParams(location.search).get('topic') || '')
                            .split(',').filter(Boolean).sort().join(',') === want""",
                arg=want, timeout=60_000,
            )  # fmt: skip
            await page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                timeout=60_000,
            )
            # The address bar can update before the last figures are drawn: give the page a
            # minute (as every wait here) to show this session's own count before calling
            # it wrong.
            count = f"{expected[frozenset(chosen)]:,}"
            try:
                await page.wait_for_function(
                    """count => document.querySelectorAll('[data-testid="stMetricValue"]')[1]
                                ?.innerText === count""",
                    arg=count, timeout=60_000,
                )  # fmt: skip
            except PlaywrightTimeout:
                shown = await page.locator("[data-testid='stMetricValue']").nth(1).inner_text()
                stats["mismatches"] += 1
                stats["errors"].append(f"session {number}: {want!r} shows {shown}, not {count}")
            stats["clicks"].append(time.monotonic() - started)
            in_url = parse_qs(urlsplit(page.url).query).get("topic", [""])[0]
            if ",".join(sorted(filter(None, in_url.split(",")))) != want:
                stats["mismatches"] += 1
            await page.wait_for_timeout(rng.uniform(*args.think) * 1000)
    except Exception as error:
        if not opened:
            clock.ready()
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        stats["errors"].append(f"session {number}: {type(error).__name__}: {lines[0]}"
                               + (f" … {lines[-1]}" if len(lines) > 1 else ""))  # fmt: skip
    finally:
        await context.close()


async def run(args) -> bool:
    """The load test and its report; whether it ran clean (no error, page error or mismatch)."""
    data_dir = args.data.resolve()
    store_dir = WORK / "stores" / f"load-{data_dir.name}"
    store = Store.open(data_dir, store_dir)
    topics = load_topics(data_dir)
    labels = {t.id: t.label_en for t in topics}
    expected = {}
    for mask in range(2 ** len(topics)):
        chosen = frozenset(t.id for i, t in enumerate(topics) if mask >> i & 1)
        expected[chosen] = store.count_events(Filter(topics=tuple(chosen)))
    port = free_port()
    env = {**os.environ, "SAHELWATCH_DATA": str(data_dir), "SAHELWATCH_STORE": str(store_dir)}
    log_path = WORK / "load-server.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    stats = {"clicks": [], "errors": [], "page_errors": [], "mismatches": 0}
    memory: list[tuple[float, float]] = []
    try:
        wait_healthy(f"http://127.0.0.1:{port}", server, log_path)
        async with async_playwright() as playwright:
            # Without a GPU every browser draws the map in software; --no-webgl spares the CPU
            # the server shares with 20 browsers (the map is not what this test measures).
            graphics = (["--disable-3d-apis"] if args.no_webgl
                        else ["--use-gl=angle", "--use-angle=swiftshader"])  # fmt: skip
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", *graphics]
            )
            clock = Clock(args.sessions, args.seconds)
            opening = time.monotonic()

            async def sample():
                await clock.started.wait()
                cpu_start = cpu_seconds(server.pid)
                while time.monotonic() < clock.deadline:
                    memory.append((time.monotonic() - clock.start, rss_mb(server.pid)))
                    await asyncio.sleep(5)
                elapsed = time.monotonic() - clock.start
                return (cpu_seconds(server.pid) - cpu_start) / (elapsed * os.cpu_count())

            server_share, *_ = await asyncio.gather(
                sample(),
                *(session(browser, f"http://127.0.0.1:{port}/", labels, expected, clock,
                          stats, n, args) for n in range(args.sessions)),
            )  # fmt: skip
            await browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    clicks = stats["clicks"]
    warm = [mb for t, mb in memory if t >= args.seconds / 4]
    expected_errors = [e for e in stats["page_errors"] if args.no_webgl and NO_WEBGL in e]
    page_errors = [e for e in stats["page_errors"] if e not in expected_errors]
    graphics = "no WebGL" if args.no_webgl else "software WebGL"
    print(f"{args.sessions} sessions, {args.seconds} s, think {args.think[0]:g}–"
          f"{args.think[1]:g} s, corpus {data_dir.name}, {graphics}")  # fmt: skip
    print(
        f"clicks: {len(clicks)}; median {statistics.median(clicks):.2f} s, "
        f"p95 {sorted(clicks)[int(len(clicks) * 0.95) - 1]:.2f} s"
        if clicks
        else "no clicks"
    )
    print(f"errors: {len(stats['errors'])}; page errors: {len(page_errors)} "
          f"(and {len(expected_errors)} 'no WebGL' notices from the map); "
          f"clicks that showed another state than their own: {stats['mismatches']}")  # fmt: skip
    for error in stats["errors"][:5] + sorted(set(page_errors))[:5]:
        print("  ", error[:300])
    print(f"opening {args.sessions} pages took {clock.start - opening:.0f} s; while clicking the "
          f"server used {server_share:.0%} of the machine's {os.cpu_count()} cores")  # fmt: skip
    if memory and warm:
        print(f"server RSS: {memory[0][1]:.0f} MB when clicking began, {warm[0]:.0f} MB after "
              f"warm-up ({args.seconds / 4:.0f} s), {warm[-1]:.0f} MB at the end "
              f"(max {max(warm):.0f} MB over {len(warm)} samples)")  # fmt: skip
    clean = clicks and not (stats["errors"] or page_errors or stats["mismatches"])
    print("result: clean" if clean else "result: FAILED (errors, page errors, mismatches or no "
          "clicks above); exit status 1")  # fmt: skip
    return bool(clean)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--no-webgl", action="store_true", help="browsers without WebGL")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"),
                        help="seconds a session waits, at random, between seeing a result and "
                             "its next click (default 1 to 3)")  # fmt: skip
    sys.exit(0 if asyncio.run(run(parser.parse_args())) else 1)


if __name__ == "__main__":
    main()
