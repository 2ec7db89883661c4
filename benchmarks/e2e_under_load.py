"""The end-to-end suite while other processes keep the CPU busy: does a click still register?

    .venv/bin/python benchmarks/e2e_under_load.py [--runs 10] [--burners 2] [PYTEST ARGS ...]

Starts `--burners` CPU-bound processes (`while True: pass`; 0 for a plain run), runs pytest
`--runs` times on the given tests (default: all of tests/e2e), one after the other, and reports
per run and in total the tests passed and failed and the clicks lost: a failure whose message
says "click lost" (`tests/e2e/test_dashboard.py` raises it when a single click on the map or
the timeline never reaches the page's link). The burners are killed whatever happens. Exits 1
when any test failed or any run could not be read.

    .venv/bin/python benchmarks/e2e_under_load.py --runs 10 tests/e2e/test_dashboard.py -k country
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOST = "click lost"


def start_burners(count: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.kill()
    for process in processes:
        process.wait()


def run_once(pytest_args: list[str], report: Path) -> dict:
    """One pytest run; its outcome read from the JUnit XML report pytest writes."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}",
         *pytest_args],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.monotonic() - started
    if not report.exists():
        return {"seconds": seconds, "error": done.stdout[-2000:] + done.stderr[-2000:]}
    cases = ET.parse(report).getroot().iter("testcase")
    passed, failed, lost = 0, [], 0
    for case in cases:
        problems = [*case.iter("failure"), *case.iter("error")]
        if case.find("skipped") is not None and not problems:
            continue
        if not problems:
            passed += 1
            continue
        message = " ".join(f"{p.get('message', '')} {p.text or ''}" for p in problems)
        failed.append(f"{case.get('name')}: {problems[0].get('message', '')[:160]}")
        lost += message.count(LOST) > 0
    return {"seconds": seconds, "passed": passed, "failed": failed, "lost": lost,
            "exit": done.returncode}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--burners", type=int, default=2, help="CPU-bound processes (0: plain)")
    args, pytest_args = parser.parse_known_args()
    pytest_args = pytest_args or ["tests/e2e"]
    burners = start_burners(args.burners)
    results = []
    try:
        with tempfile.TemporaryDirectory() as scratch:
            for number in range(1, args.runs + 1):
                result = run_once(pytest_args, Path(scratch) / f"run-{number}.xml")
                results.append(result)
                if "error" in result:
                    print(f"run {number}: pytest gave no report ({result['seconds']:.0f} s)\n"
                          f"{result['error']}")  # fmt: skip
                    continue
                print(f"run {number}: {result['passed']} passed, {len(result['failed'])} failed, "
                      f"{result['lost']} click(s) lost, {result['seconds']:.0f} s")  # fmt: skip
                for failure in result["failed"]:
                    print(f"   {failure}")
    finally:
        stop(burners)
    read = [r for r in results if "error" not in r]
    failed = sum(len(r["failed"]) for r in read)
    print(f"{args.runs} runs of pytest {' '.join(pytest_args)} with {args.burners} CPU burner(s): "
          f"{sum(r['passed'] for r in read)} passed, {failed} failed, "
          f"{sum(r['lost'] for r in read)} click(s) lost, "
          f"{len(results) - len(read)} run(s) without a report")  # fmt: skip
    return 1 if failed or len(read) < len(results) else 0


if __name__ == "__main__":
    sys.exit(main())
