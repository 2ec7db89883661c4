"""The store's side of issue 14, per corpus: compile from scratch (wall time and the peak memory
of the compile and its workers together), then how soon an added article reaches a server.

    .venv/bin/python benchmarks/store_scale.py [--sizes 100000,1000000] [--runs 3]

For each corpus (the seed corpus first, as the baseline of the same run, then the synthetic
corpora `benchmarks/run.py` writes) it
  1. runs `sahelwatch compile` from scratch in a child process, sampling the resident memory of
     it and every process it starts every 0.1 s (their sum: the peak the machine must hold);
  2. starts `sahelwatch compile --watch --interval 1` (the one process that publishes) and a
     follower like a server's (`CorpusWatcher(mode="follow")`, checking `CURRENT` every 0.2 s);
  3. adds one article `--runs` times (a synthetic article under new ids each time) and
     times each from the file written to the follower holding the version that shows it;
  4. times one check of the corpus stamp (what a watcher pays per look at the corpus) and
     opening the current version.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sahelwatch import published  # noqa: E402
from sahelwatch.compiler import corpus_stamp  # noqa: E402
from sahelwatch.store import Store  # noqa: E402
from sahelwatch.synth import write_corpus  # noqa: E402
from sahelwatch.watch import CorpusWatcher  # noqa: E402

WORK = Path(os.environ.get("SAHELWATCH_BENCH_DIR", "/tmp/sahelwatch-bench"))
CLI = [sys.executable, "-m", "sahelwatch.cli"]


def _tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    family, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return sum(rss.get(pid, 0) for pid in family) / 2**20


def compile_from_scratch(data_dir: Path, store_dir: Path) -> dict:
    shutil.rmtree(store_dir, ignore_errors=True)
    started = time.perf_counter()
    process = subprocess.Popen([*CLI, "compile", str(data_dir), "--store", str(store_dir)],
                               cwd=ROOT, stdout=subprocess.DEVNULL)  # fmt: skip
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _tree_rss_mb(process.pid))
        time.sleep(0.1)  # the sampling period
    if process.returncode != 0:
        raise RuntimeError(f"compile of {data_dir} failed ({process.returncode})")
    return {"compile_s": time.perf_counter() - started, "compile_peak_mb": peak}


def _add_article(data_dir: Path, template: Path, name: str) -> Path:
    """A copy of `template` as a new article `name`, every id that names the folder renamed;
    written aside and renamed in, so a watcher never sees it half written."""
    aside = data_dir / f".{name}"
    aside.mkdir()
    shutil.copy(template / "article.txt", aside / "article.txt")
    record = (template / "record.json").read_text("utf-8")
    (aside / "record.json").write_text(record.replace(template.name, name), "utf-8")
    target = data_dir / "articles" / name
    aside.rename(target)
    return target


def freshness(data_dir: Path, store_dir: Path, runs: int) -> dict:
    log = (WORK / f"watch-{data_dir.name}.log").open("wb", buffering=0)
    watch = subprocess.Popen(
        [*CLI, "compile", str(data_dir), "--store", str(store_dir), "--watch", "--interval", "1"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    log_path = WORK / f"watch-{data_dir.name}.log"
    while b"watching" not in log_path.read_bytes():  # its first check is done
        if watch.poll() is not None:
            raise RuntimeError(f"compile --watch exited: {log_path.read_text()[-2000:]}")
        time.sleep(0.1)
    follower = CorpusWatcher(data_dir, store_dir, mode="follow", interval=0.2).start()
    # A synthetic article, whose every id contains its folder's name (renamed per copy).
    scratch = WORK / "template"
    shutil.rmtree(scratch, ignore_errors=True)
    write_corpus(scratch, 5, taxonomy_from=ROOT / "data")
    template = min((scratch / "articles").iterdir())
    added, delays = [], []
    try:
        for run in range(runs):
            before = published.current_version(store_dir)
            name = f"added-{os.getpid()}-{run}"
            started = time.perf_counter()
            added.append(_add_article(data_dir, template, name))
            while follower.version == before:
                time.sleep(0.02)  # the follower's own thread moves it
            delays.append(time.perf_counter() - started)
            store = Store(data_dir, store_dir, follower.version)
            assert name in set(store.articles()["article_id"]), f"{name} not in the new version"
            store.close()
            time.sleep(2)  # let the compiler settle before the next article (not timed)
    finally:
        follower.stop()
        watch.terminate()
        watch.wait(timeout=60)
        log.close()
        for folder in added:
            shutil.rmtree(folder)
    return {"visible_s": statistics.median(delays), "visible_all_s": delays}


def measure(name: str, data_dir: Path, runs: int, compiled: bool) -> dict:
    store_dir = WORK / "stores" / data_dir.name  # the store `run.py` compiles
    result = {"name": name}
    if compiled and published.current_version(store_dir) is not None:
        print(f"{name}: using the store compiled in {store_dir}", flush=True)
    else:
        print(f"{name}: compiling from scratch …", flush=True)
        result |= compile_from_scratch(data_dir, store_dir)
    started = time.perf_counter()
    corpus_stamp(data_dir)
    result["stamp_s"] = time.perf_counter() - started
    started = time.perf_counter()
    Store.current(data_dir, store_dir).close()
    result["open_s"] = time.perf_counter() - started
    print(f"{name}: adding {runs} article(s) while a compiler watches …", flush=True)
    result |= freshness(data_dir, store_dir, runs)
    # The compile after the additions were removed, so the next run starts from the corpus.
    subprocess.run([*CLI, "compile", str(data_dir), "--store", str(store_dir)], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--compiled", action="store_true", help="use run.py's store if there is one (no compile)"
    )
    args = parser.parse_args()
    # Stopped with SIGTERM, it still removes the articles it added (the `finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    WORK.mkdir(parents=True, exist_ok=True)
    seed = WORK / "seed"
    if not seed.exists():
        shutil.copytree(ROOT / "data", seed)
    corpora = [("seed", seed)]
    for size in (int(s) for s in args.sizes.split(",") if s):
        folder = WORK / f"synthetic-{size}"
        if not (folder / "articles").exists():
            print(f"writing {size:,} synthetic events to {folder} …", flush=True)
            write_corpus(folder, size, taxonomy_from=ROOT / "data")
        corpora.append((f"{size:,} events", folder))
    results = [measure(name, folder, args.runs, args.compiled) for name, folder in corpora]
    (WORK / "store-scale.json").write_text(json.dumps(results, indent=2))
    base = results[0]
    print(f"\nstore scale, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, median of "
          f"{args.runs} additions; ratios to the seed corpus in the same run\n")  # fmt: skip
    header = (f"{'corpus':<16}{'compile':>10}{'peak MB':>9}{'stamp':>8}{'open':>8}"
              f"{'article visible':>22}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for r in results:
        visible = f"{r['visible_s']:.2f}s ({r['visible_s'] / base['visible_s']:.1f}×)"
        compiled = (f"{r['compile_s']:>9.1f}s{r['compile_peak_mb']:>9.0f}" if "compile_s" in r
                    else f"{'—':>10}{'—':>9}")  # fmt: skip
        print(f"{r['name']:<16}{compiled}{r['stamp_s']:>7.2f}s{r['open_s']:>7.2f}s{visible:>22}")


if __name__ == "__main__":
    main()
