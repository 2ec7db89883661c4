"""Sahel Watch performance benchmark: one command, one table, ratios to a baseline measured in
the same run.

    .venv/bin/python benchmarks/run.py [--sizes 1000,10000,100000] [--runs 3] [--million]

For the baseline page, the seed corpus and each synthetic corpus it starts a Streamlit server,
drives it in headless Chromium (Debian's, through Playwright) and measures, as the median of
`--runs` fresh browser sessions:
  cold load   navigation until the map canvas, the timeline and the quotes panel are drawn
  click       a topic filter click until the view has updated (new figures on the page); each
              run clicks another topic, so the app's result cache never answers it
  KB/rerun    websocket bytes the browser received for that click's rerun
  RSS         the server's resident memory after the runs
and, in-process on the same corpus: compiling the store from scratch, an incremental rebuild
after one changed record, opening the store, and the overview's filter + aggregate queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from sahelwatch.compiler import compile_store  # noqa: E402
from sahelwatch.filters import Filter  # noqa: E402
from sahelwatch.store import Store  # noqa: E402
from sahelwatch.synth import write_corpus  # noqa: E402
from tests.e2e.conftest import CHROMIUM, free_port, wait_healthy  # noqa: E402

WORK = Path(os.environ.get("SAHELWATCH_BENCH_DIR", "/tmp/sahelwatch-bench"))
DRAWN = """() => {
  const canvas = document.querySelector('[data-testid="stDeckGlJsonChart"] canvas');
  const plot = document.querySelector('[data-testid="stPlotlyChart"] .scatterlayer .point');
  const quotes = [...document.querySelectorAll('h3')].some(h => h.textContent.startsWith('Quotes'));
  const idle = !document.querySelector('[data-testid="stStatusWidget"]');
  return canvas && plot && idle && (window.__baseline || quotes);
}"""


def overview_queries(store: Store, flt: Filter) -> None:
    """What one Overview rerun asks of the store (the timeline and the quotes panel take their
    counts from the headline's cached answer)."""
    events = store.headline(flt)["events"]
    for facet in ("topics", "countries"):
        store.facet_counts(flt, facet)
    store.actors(flt)
    store.source_counts(flt)
    store.country_counts(flt)
    store.place_markers(flt)
    if events > 1500:
        store.timeline_bins(flt)
    else:
        store.timeline_events(flt, 9000)
    store.quotes(flt, limit=8)


def server_side(data_dir: Path, runs: int) -> dict:
    store_dir = WORK / "stores" / data_dir.name
    if store_dir.exists():
        for path in store_dir.iterdir():
            path.unlink()
    started = time.perf_counter()
    compile_store(data_dir, store_dir)
    compile_full = time.perf_counter() - started
    record = next((data_dir / "articles").iterdir()) / "record.json"
    data = json.loads(record.read_text("utf-8"))
    data["events"][0]["summary"] = f"Edited at {dt.datetime.now().isoformat()}"
    record.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
    started = time.perf_counter()
    compile_store(data_dir, store_dir)
    compile_incremental = time.perf_counter() - started
    started = time.perf_counter()
    store = Store.open(data_dir, store_dir)
    open_seconds = time.perf_counter() - started
    timings = []
    for _ in range(max(3, runs)):
        started = time.perf_counter()
        overview_queries(store, Filter(topics=("energy",)))
        timings.append(time.perf_counter() - started)
    return {
        "compile_full_s": compile_full,
        "compile_incremental_s": compile_incremental,
        "store_open_s": open_seconds,
        "filter_aggregate_ms": statistics.median(timings) * 1000,
        "store_dir": store_dir,
    }


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def browser_side(browser, url: str, pills: list[str], runs: int, baseline: bool) -> dict:
    """Cold load and one click per fresh session. Each run clicks the next of `pills`, so the
    click asks the server for a filter no earlier session asked for (the app caches query
    results across sessions; the cold load of runs after the first does profit from it)."""
    loads, clicks, sizes = [], [], []
    for run in range(runs):
        pill = pills[run % len(pills)]
        context = browser.new_context(viewport={"width": 1500, "height": 1400})
        page = context.new_page()
        received: list[int] = []
        page.on("websocket", lambda ws, r=received: ws.on(
            "framereceived", lambda payload: r.append(len(payload))))  # fmt: skip
        if baseline:
            page.add_init_script("window.__baseline = true")
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_function(DRAWN, timeout=180_000, polling=50)
        loads.append(time.perf_counter() - started)
        page.wait_for_timeout(1500)
        before_text = page.locator("[data-testid='stMain']").inner_text()
        received.clear()
        started = time.perf_counter()
        page.locator("[data-testid='stButtonGroup'] button", has_text=pill).first.click()
        page.wait_for_function(
            """before => {
                const main = document.querySelector('[data-testid="stMain"]');
                const idle = !document.querySelector('[data-testid="stStatusWidget"]');
                return idle && main && main.innerText !== before;
            }""",
            arg=before_text,
            timeout=120_000,
            polling=20,
        )
        clicks.append(time.perf_counter() - started)
        page.wait_for_timeout(500)
        sizes.append(sum(received) / 1024)
        context.close()
    return {
        "cold_load_s": statistics.median(loads),
        "click_s": statistics.median(clicks),
        "kb_per_rerun": statistics.median(sizes),
    }


def bench_app(browser, name: str, data_dir: Path | None, runs: int) -> dict:
    port = free_port()
    script = ROOT / ("benchmarks/baseline_app.py" if data_dir is None else "app.py")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result: dict = {"name": name}
    if data_dir is not None:
        result |= server_side(data_dir, runs)
        env |= {"SAHELWATCH_DATA": str(data_dir), "SAHELWATCH_STORE": str(result["store_dir"])}
    log = (WORK / f"{name}.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process, WORK / f"{name}.log")
        pills = ["energy"] if data_dir is None else ["Energy", "Economy", "Diplomacy"]
        result |= browser_side(browser, f"http://127.0.0.1:{port}/", pills, runs, data_dir is None)
        result["rss_mb"] = rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--million", action="store_true", help="also 1,000,000 events")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.million:
        sizes.append(1_000_000)
    corpora: list[tuple[str, Path | None]] = [("baseline", None)]
    seed_copy = WORK / "seed"
    if not seed_copy.exists():
        subprocess.run(["cp", "-r", str(ROOT / "data"), str(seed_copy)], check=True)
    corpora.append(("seed", seed_copy))
    for size in sizes:
        folder = WORK / f"synthetic-{size}"
        if not (folder / "articles").exists():
            print(f"writing {size:,} synthetic events to {folder} …", flush=True)
            write_corpus(folder, size, taxonomy_from=ROOT / "data")
        corpora.append((f"{size:,} events", folder))
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--use-gl=angle",
                                            "--use-angle=swiftshader"]
        )  # fmt: skip
        for name, folder in corpora:
            print(f"measuring {name} …", flush=True)
            results.append(bench_app(browser, name, folder, args.runs))
        browser.close()
    print_table(results, args.runs)


def print_table(results: list[dict], runs: int) -> None:
    base = results[0]
    print(f"\nSahel Watch benchmark, {dt.date.today()}, {os.cpu_count()} cores, median of {runs} "
          "runs; ratios are to the baseline page measured in the same run\n")  # fmt: skip
    header = (f"{'corpus':<16}{'cold load':>16}{'click':>16}{'KB/rerun':>10}{'RSS MB':>9}"
              f"{'compile':>10}{'incr.':>8}{'open':>8}{'filter+agg':>12}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for r in results:
        load = f"{r['cold_load_s']:.2f}s ({r['cold_load_s'] / base['cold_load_s']:.2f}×)"
        click = f"{r['click_s']:.2f}s ({r['click_s'] / base['click_s']:.2f}×)"
        store = (
            f"{r['compile_full_s']:>9.2f}s{r['compile_incremental_s']:>7.2f}s"
            f"{r['store_open_s']:>7.2f}s{r['filter_aggregate_ms']:>10.0f}ms"
            if "compile_full_s" in r
            else f"{'—':>10}{'—':>8}{'—':>8}{'—':>12}"
        )
        print(f"{r['name']:<16}{load:>16}{click:>16}{r['kb_per_rerun']:>10.0f}"
              f"{r['rss_mb']:>9.0f}{store}")  # fmt: skip


if __name__ == "__main__":
    main()
