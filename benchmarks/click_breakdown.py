"""Where a topic click's time goes, on a synthetic corpus (default 100,000 events):

    .venv/bin/python benchmarks/click_breakdown.py [--events 100000] [--clicks 3] [--profile]
        [--js-profile]

It starts the dashboard under `traced_streamlit.py` (Streamlit's script runner and websocket
writer timed from outside the app), then per fresh browser session loads the page and clicks
one topic (another each session, so no cached result answers it), timed as `run.py` times it
(`page_timing.py`). Each click is split into: until the script run starts on the server, the
script run, serialising the messages, until the browser has the last message, and the
browser's drawing after it; with the number of script runs the click started. `--profile`
profiles the script runs too (slower) and prints the functions that took the most time.
`--js-profile` samples the page's JavaScript during each click (Chrome's profiler) and prints
the main thread's time by bundle: React, plotly, Markdown, deck.gl, and `(program)` for the
browser's own work (style, layout, paint, WebGL). `--events 0` is the seed corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks import page_timing  # noqa: E402
from benchmarks.run import WORK, new_page, progress, timeouts  # noqa: E402
from sahelwatch.compiler import compile_store  # noqa: E402
from tests.e2e.conftest import CHROMIUM, free_port, wait_healthy  # noqa: E402

PILLS = ["Energy", "Economy", "Diplomacy", "Information", "Security"]


def read_trace(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def split_click(clicked: page_timing.Settled, trace: list[dict]) -> dict:
    """One click's parts, in seconds, from the browser's timings and the server's trace."""
    click_at = clicked.end_epoch - clicked.total
    runs = [e for e in trace if e["kind"] == "run" and click_at <= e["start"] <= clicked.end_epoch]
    messages = [
        e for e in trace if e["kind"] == "message" and click_at <= e["at"] <= clicked.end_epoch
    ]
    first, last = runs[0], runs[-1]
    last_message_at = clicked.end_epoch - (clicked.after_last_message or 0)
    last_sent = max(m["at"] + m["serialise_s"] for m in messages)
    by_element: dict[str, float] = {}
    for message in messages:
        element = message.get("element") or message["type"]
        by_element[element] = by_element.get(element, 0.0) + message["bytes"] / 1024
    return {
        "click_to_script_start": first["start"] - click_at,
        "script_runs": len(runs),
        "script_run": sum(r["end"] - r["start"] for r in runs),
        "script_end_to_last_sent": max(0.0, last_sent - last["end"]),
        "serialise": sum(m["serialise_s"] for m in messages),
        "server_kb": sum(m["bytes"] for m in messages) / 1024,
        "messages": len(messages),
        "biggest_message_kb": max(m["bytes"] for m in messages) / 1024,
        "last_sent_to_received": last_message_at - last_sent,
        "drawing_after_last_message": clicked.after_last_message or 0.0,
        "browser_kb": clicked.kilobytes,
        "first_change": clicked.first_change,
        "total": clicked.total,
        "profiles": [r["profile"] for r in runs if r["profile"]],
        "kb_by_element": by_element,
    }


def print_breakdown(parts: list[dict]) -> None:
    def med(key: str) -> float:
        return statistics.median(p[key] for p in parts)

    rows = [
        ("click → script run starts (browser → server, rerun request)", "click_to_script_start"),
        ("script run(s) on the server (store queries, figures, marshalling)", "script_run"),
        ("  of which serialising messages (protobuf)", "serialise"),
        ("script end → last message serialised", "script_end_to_last_sent"),
        (
            "last message serialised → handled by the page (network, and the page busy",
            "last_sent_to_received",
        ),
        ("  with the earlier messages: its events wait for the main thread)", None),
        ("browser drawing after the last message, until still", "drawing_after_last_message"),
        ("total click (until drawn and still)", "total"),
        ("first change (earlier metric)", "first_change"),
    ]
    print(f"\nWhere a click's time goes: median of {len(parts)} clicks\n")
    for label, key in rows:
        print(f"{label:<70}{med(key):>8.2f} s" if key else label)
    print(f"{'script runs per click':<70}{','.join(str(p['script_runs']) for p in parts):>10}")
    print(f"{'messages sent / KB serialised on the server':<70}"
          f"{med('messages'):>5.0f} / {med('server_kb'):.0f} KB")  # fmt: skip
    print(f"{'largest message':<70}{med('biggest_message_kb'):>8.0f} KB")
    print(f"{'KB received by the browser':<70}{med('browser_kb'):>8.0f} KB")
    elements = sorted({e for p in parts for e in p["kb_by_element"]})
    sizes = {e: statistics.median(p["kb_by_element"].get(e, 0.0) for p in parts) for e in elements}
    for element, size in sorted(sizes.items(), key=lambda item: -item[1])[:5]:
        print(f"{'  KB sent as ' + element:<70}{size:>8.0f} KB")
    print("(*) network, and the page busy with earlier messages: its websocket events wait for "
          "the main thread")  # fmt: skip


def start_js_profile(page):
    session = page.context.new_cdp_session(page)
    session.send("Profiler.enable")
    session.send("Profiler.setSamplingInterval", {"interval": 500})  # microseconds
    session.send("Profiler.start")
    return session


def js_time_by_bundle(session) -> dict[str, float]:
    """Milliseconds of the sampled main thread by script file (its build hash dropped), or
    by what Chrome calls the time outside scripts: `(program)`, `(idle)`, `(garbage
    collector)`."""
    profile = session.send("Profiler.stop")["profile"]
    nodes = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    spent: Counter = Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = nodes[sample]
        name = frame["url"].rsplit("/", 1)[-1] or frame["functionName"] or "(anonymous)"
        spent[re.sub(r"\.[\w-]{8}\.js$", ".js", name)] += delta / 1000
    return dict(spent)


def print_js_profile(parts: list[dict], top: int = 12) -> None:
    names = {name for part in parts for name in part["js_ms"]}
    median = {n: statistics.median(p["js_ms"].get(n, 0.0) for p in parts) for n in names}
    print(f"\nThe page's main thread during a click (median of {len(parts)}, ms):")
    for name, ms in sorted(median.items(), key=lambda item: -item[1])[:top]:
        print(f"{'  ' + name:<70}{ms:>8.0f}")


def print_profile(paths: list[str], top: int = 25) -> None:
    stats = pstats.Stats(*paths)
    print(f"\nProfile of {len(paths)} script runs (cumulative time, project code and Streamlit "
          "calls it makes):")  # fmt: skip
    stats.sort_stats("cumulative").print_stats(r"(sahelwatch|components|app_pages|st\.)", top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clicks", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile the script runs")
    parser.add_argument("--js-profile", action="store_true", help="sample the page's scripts")
    args = parser.parse_args()
    data_dir = WORK / (f"synthetic-{args.events}" if args.events else "seed")
    store_dir = WORK / "stores" / data_dir.name
    if not args.events and not data_dir.exists():
        shutil.copytree(ROOT / "data", data_dir)
    if not (data_dir / "articles").exists():
        sys.exit(f"{data_dir} is missing: run benchmarks/run.py --sizes {args.events} first")
    progress(f"bringing the store {store_dir} up to date …")
    compile_store(data_dir, store_dir)
    trace = WORK / f"breakdown-{args.events}.jsonl"
    trace.unlink(missing_ok=True)
    for old in WORK.glob(f"{trace.name}.run-*.prof"):
        old.unlink()
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SAHELWATCH_DATA": str(data_dir),
        "SAHELWATCH_STORE": str(store_dir),
        "SAHELWATCH_TRACE_PROFILE": "1" if args.profile else "0",
    }
    log_path = WORK / f"breakdown-{args.events}.log"
    load_timeout, click_timeout = timeouts(args.events)
    parts = []
    with log_path.open("wb") as log, sync_playwright() as playwright:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks/traced_streamlit.py"), str(trace), "run",
             "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--use-gl=angle",
                                            "--use-angle=swiftshader"]
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            wait_healthy(url, process, log_path, timeout=300)
            for number in range(args.clicks):
                pill = PILLS[number % len(PILLS)]
                context, page = new_page(browser)
                try:
                    loaded = page_timing.load(page, url + "/", False, load_timeout)
                    button = page.locator("[data-testid='stButtonGroup'] button", has_text=pill)
                    session = start_js_profile(page) if args.js_profile else None
                    clicked = page_timing.click(page, button.first, False, click_timeout)
                    js_ms = js_time_by_bundle(session) if session else {}
                finally:
                    context.close()
                part = split_click(clicked, read_trace(trace)) | {"js_ms": js_ms}
                parts.append(part)
                progress(
                    f"click {number + 1}/{args.clicks} ({pill}, page loaded in "
                    f"{loaded.total:.1f} s): {part['total']:.2f} s, script "
                    f"{part['script_run']:.2f} s in {part['script_runs']} run(s)"
                )
        finally:
            browser.close()
            process.terminate()
            process.wait(timeout=60)
    print_breakdown(parts)
    if args.js_profile:
        print_js_profile(parts)
    if args.profile:
        print_profile([p for part in parts for p in part["profiles"]])
    (WORK / f"breakdown-{args.events}.json").write_text(json.dumps(parts, indent=2) + "\n")


if __name__ == "__main__":
    main()
