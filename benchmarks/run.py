"""Sahel Watch performance benchmark: one table, with ratios to a baseline page run alongside.

    .venv/bin/python benchmarks/run.py [--sizes 1000,10000,100000] [--runs 3]

`--sizes 1000000` (or `--million`, which adds it to the sizes) runs the million-event corpus:
writing it takes a while, compiling it minutes; timeouts grow with the corpus.

For the baseline page, the seed corpus and each synthetic corpus it compiles the store, starts
a Streamlit server and drives it in headless Chromium (Debian's, through Playwright):
  server start  process launch until the first page is fully drawn (the store is compiled
                already, so this is "store ready after a server start")
  cold load     a new browser session until the page is fully drawn
  click         a topic click until the rerun it starts is over and its page fully drawn
  first change  the same click until the main area's text first differs (the earlier metric)
  runs          script runs the click started (more than one: a second rerun)
  KB/rerun      websocket bytes the browser received for that click
  RSS           the server's resident memory after the runs
"Fully drawn" is defined in `page_timing.py` (script back to notRunning, map, timeline and
quotes drawn, the main area still for ten animation frames). Cold load, click and the columns
after it are the median of `--runs` fresh browser sessions; each session clicks another
topic, so the app's result cache never answers it, and no click is ever retried. In-process on
the same corpus: compiling and publishing the store from scratch (`sahelwatch compile`), an
incremental compile and publish after one changed record (the record is put back afterwards),
opening the published version, and the Overview's filter + aggregate queries. The server
follows the published store (SAHELWATCH_WATCH=follow), as app servers beside a separate
`compile --watch` do; how soon a change reaches them is `store_scale.py`'s measure. Raw
results go to `$SAHELWATCH_BENCH_DIR/last-run.json`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks import page_timing  # noqa: E402
from sahelwatch.filters import Filter  # noqa: E402
from sahelwatch.published import compile_and_publish  # noqa: E402
from sahelwatch.store import Store  # noqa: E402
from sahelwatch.synth import write_corpus  # noqa: E402
from tests.e2e.conftest import CHROMIUM, free_port, wait_healthy  # noqa: E402

WORK = Path(os.environ.get("SAHELWATCH_BENCH_DIR", "/tmp/sahelwatch-bench"))


def timeouts(events: int) -> tuple[float, float]:
    """Seconds allowed for a page load and for a click: a million events need minutes for the
    first load (the server opens the store then) on a loaded 2-core machine."""
    return 180 + events / 1500, 120 + events / 4000


def progress(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


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


def server_side(name: str, data_dir: Path, runs: int) -> dict:
    store_dir = WORK / "stores" / data_dir.name
    shutil.rmtree(store_dir, ignore_errors=True)
    progress(f"{name}: compiling the store from scratch into {store_dir} …")
    started = time.perf_counter()
    compile_and_publish(data_dir, store_dir)
    compile_full = time.perf_counter() - started
    progress(f"{name}: compiled in {compile_full:.1f} s; incremental rebuild of one record …")
    record = next((data_dir / "articles").iterdir()) / "record.json"
    original = record.read_bytes()
    data = json.loads(original)
    data["events"][0]["summary"] = f"Edited at {dt.datetime.now().isoformat()}"
    record.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
    try:
        started = time.perf_counter()
        compile_and_publish(data_dir, store_dir)
        compile_incremental = time.perf_counter() - started
    finally:
        record.write_bytes(original)  # the corpus may be shared: leave it as it was
    compile_and_publish(data_dir, store_dir)
    started = time.perf_counter()
    store = Store.current(data_dir, store_dir)
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
        "store_dir": str(store_dir),
    }


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def new_page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1400})
    context.add_init_script(page_timing.RECORDER)
    return context, context.new_page()


def median(values: list) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def browser_side(browser, name: str, url: str, pills: list[str], runs: int, events: int,
                 launched_at: float) -> dict:  # fmt: skip
    """The server-start page, then per fresh session a cold load and one click. Each session
    clicks the next of `pills`, so the click asks the server for a filter no earlier session
    asked for (the app caches query results across sessions; cold loads after the first do
    profit from it)."""
    baseline = events < 0
    load_timeout, click_timeout = timeouts(max(events, 0))
    context, page = new_page(browser)
    first = page_timing.load(page, url, baseline, load_timeout)
    server_start = first.end_epoch - launched_at
    context.close()
    progress(f"{name}: server start {server_start:.2f} s (first page {first.total:.2f} s)")
    sessions = []
    for run in range(runs):
        pill = pills[run % len(pills)]
        context, page = new_page(browser)
        session: dict = {"pill": pill}
        try:
            loaded = page_timing.load(page, url, baseline, load_timeout)
            session["cold_load"] = vars(loaded)
            button = page.locator("[data-testid='stButtonGroup'] button", has_text=pill).first
            clicked = page_timing.click(page, button, baseline, click_timeout)
            session["click"] = vars(clicked)
            progress(
                f"{name}: session {run + 1}/{runs}: cold load {loaded.total:.2f} s, click "
                f"{pill} {clicked.total:.2f} s (first change {clicked.first_change or 0:.2f} s, "
                f"script done {clicked.script_done or 0:.2f} s, {clicked.script_runs} run(s), "
                f"{clicked.kilobytes:.0f} KB)"
            )
        except Exception as error:  # a failed session is reported, never retried
            session["error"] = str(error).splitlines()[0][:300]
            progress(f"{name}: session {run + 1}/{runs} failed: {session['error']}")
        finally:
            context.close()
        sessions.append(session)
    loads = [s["cold_load"]["total"] for s in sessions if "cold_load" in s]
    clicks = [s["click"] for s in sessions if "click" in s]
    return {
        "server_start_s": server_start,
        "server_start_page": vars(first),
        "sessions": sessions,
        "failed_sessions": sum("error" in s for s in sessions),
        "cold_load_s": median(loads),
        "cold_load_content_settled_s": median(
            [s["cold_load"]["content_settled"] for s in sessions if "cold_load" in s]
        ),
        "click_s": median([c["total"] for c in clicks]),
        "click_content_settled_s": median([c["content_settled"] for c in clicks]),
        "first_change_s": median([c["first_change"] for c in clicks]),
        "script_done_s": median([c["script_done"] for c in clicks]),
        "drawing_after_last_message_s": median([c["after_last_message"] for c in clicks]),
        "script_runs": [c["script_runs"] for c in clicks],
        "kb_per_rerun": median([c["kilobytes"] for c in clicks]),
    }


def bench_app(browser, name: str, data_dir: Path | None, events: int, runs: int) -> dict:
    """`events` is -1 for the baseline page."""
    port = free_port()
    script = ROOT / ("benchmarks/baseline_app.py" if data_dir is None else "app.py")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result: dict = {"name": name, "events": events}
    if data_dir is not None:
        result |= server_side(name, data_dir, runs)
        # The server follows the version compiled above, as an app server beside a separate
        # `compile --watch` does (the corpus does not change while it is measured).
        env |= {"SAHELWATCH_DATA": str(data_dir), "SAHELWATCH_STORE": result["store_dir"],
                "SAHELWATCH_WATCH": "follow"}  # fmt: skip
    log_path = WORK / f"{name.replace(' ', '-').replace(',', '')}.log"
    progress(f"{name}: starting the server (log {log_path}) …")
    with log_path.open("wb") as log:
        launched_at = time.time()
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_healthy(f"http://127.0.0.1:{port}", process, log_path, timeout=300)
            pills = ["energy"] if data_dir is None else ["Energy", "Economy", "Diplomacy"]
            result |= browser_side(
                browser, name, f"http://127.0.0.1:{port}/", pills, runs, events, launched_at
            )
            result["rss_mb"] = rss_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=60)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="synthetic corpus sizes")
    parser.add_argument("--runs", type=int, default=3, help="browser sessions per corpus")
    parser.add_argument("--million", action="store_true", help="same as adding 1000000 to sizes")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.million and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    corpora: list[tuple[str, Path | None, int]] = [("baseline", None, -1)]
    seed_copy = WORK / "seed"
    if not seed_copy.exists():
        subprocess.run(["cp", "-r", str(ROOT / "data"), str(seed_copy)], check=True)
    corpora.append(("seed", seed_copy, 0))
    for size in sizes:
        folder = WORK / f"synthetic-{size}"
        if not (folder / "articles").exists():
            progress(f"writing {size:,} synthetic events to {folder} …")
            write_corpus(folder, size, taxonomy_from=ROOT / "data")
        corpora.append((f"{size:,} events", folder, size))
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "runs": args.runs,
        "results": [],
    }
    out = WORK / "last-run.json"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--use-gl=angle",
                                            "--use-angle=swiftshader"]
        )  # fmt: skip
        for name, folder, events in corpora:
            progress(f"measuring {name} …")
            report["results"].append(bench_app(browser, name, folder, events, args.runs))
            report["load_average_at_end"] = os.getloadavg()
            out.write_text(json.dumps(report, indent=2) + "\n")
        browser.close()
    progress(f"raw results: {out}")
    print_table(report["results"], args.runs)


def ratio(value: float | None, base: float | None) -> str:
    if value is None:
        return "failed"
    return f"{value:.2f}s ({value / base:.1f}×)" if base else f"{value:.2f}s"


def print_table(results: list[dict], runs: int) -> None:
    base = results[0]
    print(f"\nSahel Watch benchmark, {dt.date.today()}, {os.cpu_count()} cores, median of {runs} "
          "sessions; ratios are to the baseline page measured in the same run\n")  # fmt: skip
    header = (f"{'corpus':<16}{'server start':>16}{'cold load':>16}{'click':>16}"
              f"{'first change':>16}{'runs':>6}{'KB/rerun':>9}{'RSS MB':>8}"
              f"{'compile':>9}{'incr.':>8}{'open':>7}{'filter+agg':>11}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for r in results:
        runs_seen = ",".join(str(n) for n in r["script_runs"]) or "—"
        kb = "—" if r["kb_per_rerun"] is None else f"{r['kb_per_rerun']:.0f}"
        store = (
            f"{r['compile_full_s']:>8.1f}s{r['compile_incremental_s']:>7.2f}s"
            f"{r['store_open_s']:>6.2f}s{r['filter_aggregate_ms']:>9.0f}ms"
            if "compile_full_s" in r
            else f"{'—':>9}{'—':>8}{'—':>7}{'—':>11}"
        )
        print(
            f"{r['name']:<16}{ratio(r['server_start_s'], base['server_start_s']):>16}"
            f"{ratio(r['cold_load_s'], base['cold_load_s']):>16}"
            f"{ratio(r['click_s'], base['click_s']):>16}"
            f"{ratio(r['first_change_s'], base['first_change_s']):>16}"
            f"{runs_seen:>6}{kb:>9}{r['rss_mb']:>8.0f}{store}"
        )
        if r["failed_sessions"]:
            print(f"{'':<16}{r['failed_sessions']} of {runs} sessions failed (see last-run.json)")


if __name__ == "__main__":
    main()
