"""`sahelwatch ingest … --into` on N files: files/s on one worker against one worker a core
(the baseline is the one-worker run, same files, same run), then a run stopped by Ctrl-C
halfway and the re-run that finishes it (no article saved twice), and a re-run over a
finished corpus (every file skipped). Wall clock of the whole command, model loads included.

    .venv/bin/python benchmarks/ingest_batch.py [--files 200] [--source eval|synthetic]

Texts: the real articles of ../shared/eval, cycled (read at run time, copied only under the
bench folder, never into the repository), or generated ones; written under
$SAHELWATCH_BENCH_DIR (default /tmp/sahelwatch-bench)/ingest.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sahelwatch.extract.batches import plan_ingest  # noqa: E402
from sahelwatch.extract.files import ArticleOptions  # noqa: E402

# ../shared/eval beside the main checkout (a worktree sits one folder deeper).
EVAL_ARTICLES = next(
    (found for up in ROOT.parents[:2] if (found := up / "shared/eval/real/articles").is_dir()),
    ROOT.parent / "shared/eval/real/articles",
)
WORK = Path(os.environ.get("SAHELWATCH_BENCH_DIR", "/tmp/sahelwatch-bench")) / "ingest"
SAHELWATCH = [sys.executable, "-m", "sahelwatch.cli"]
TOWNS = ["Gao", "Tombouctou", "Niamey", "Ouagadougou", "Mopti", "Ménaka", "Kidal", "Dori"]


def source_texts(source: str) -> list[str]:
    if source == "eval":
        return [p.read_text("utf-8") for p in sorted(EVAL_ARTICLES.glob("*.txt"))]
    return [
        f"Le ministre de la Défense en visite à {town}\n\n"
        + " ".join(
            f"Le {day} mars 2024, le ministre de la Défense du Mali s'est rendu à {town}, a "
            f"indiqué l'armée dans un communiqué. « Nous avançons à {town} », a déclaré le "
            f"ministre devant les soldats du camp, selon l'agence officielle."
            for day in range(1, 9)
        )
        for town in TOWNS
    ]


def write_files(folder: Path, count: int, texts: list[str]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"article-{i:05d}.txt").write_text(texts[i % len(texts)], "utf-8")


def ingest(files: Path, corpus: Path, processes: int) -> subprocess.Popen:
    return subprocess.Popen(
        [*SAHELWATCH, "ingest", str(files), "--into", str(corpus), "--processes",
         str(processes), "--data", str(ROOT / "data")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )  # fmt: skip


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(files: Path, corpus: Path, processes: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds (the command and its workers) of one run."""
    started, cpu = time.perf_counter(), children_cpu_seconds()
    process = ingest(files, corpus, processes)
    _, err = process.communicate()
    if process.returncode != 0:
        sys.exit(f"ingest exited {process.returncode}:\n{err}")
    return time.perf_counter() - started, children_cpu_seconds() - cpu


def interrupted_run(files: Path, corpus: Path, processes: int, after: int) -> tuple[float, int]:
    """Ctrl-C (SIGINT to the command's process group) once `after` drafts are saved; the
    seconds until it exited and its exit code."""
    process = ingest(files, corpus, processes)
    saved = 0
    for line in process.stdout:
        saved += line.startswith("saved draft ")
        if saved == after:
            os.killpg(process.pid, signal.SIGINT)
            interrupted = time.perf_counter()
            break
    process.communicate()
    return time.perf_counter() - interrupted, process.returncode


def check_once_each(corpus: Path, count: int) -> None:
    histories = sorted((corpus / "articles").glob("*/record.history.jsonl"))
    lines = [len(p.read_bytes().splitlines()) for p in histories]
    if len(histories) != count or set(lines) != {1}:
        sys.exit(f"expected {count} articles with one history line each, found {len(lines)} "
                 f"articles, history lines {sorted(set(lines))}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--source", choices=["eval", "synthetic"],
                        default="eval" if EVAL_ARTICLES.is_dir() else "synthetic")  # fmt: skip
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    files = WORK / "in"
    write_files(files, args.files, source_texts(args.source))
    words = sum(len(p.read_text("utf-8").split()) for p in files.iterdir())
    print(f"{args.files} files ({args.source}, {words:,} words), {cores} cores, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip

    corpora = {n: WORK / f"corpus-{n}" for n in (1, cores)}
    seconds = {}
    for processes, corpus in corpora.items():
        shutil.rmtree(corpus, ignore_errors=True)
        seconds[processes], cpu = timed_run(files, corpus, processes)
        check_once_each(corpus, args.files)
        print(f"{processes} worker(s): {seconds[processes]:.1f} s, "
              f"{args.files / seconds[processes]:.1f} files/s, {cpu:.1f} CPU s")  # fmt: skip
    print(f"one worker a core / one worker: {seconds[1] / seconds[cores]:.2f}x files/s")

    skipped, _ = timed_run(files, corpora[cores], cores)
    started = time.perf_counter()
    plan = plan_ingest(sorted(files.iterdir()), ArticleOptions(), corpora[cores])
    planning = time.perf_counter() - started
    assert len(plan.skipped) == args.files
    print(f"re-run over the finished corpus (all skipped): {skipped:.1f} s, "
          f"{skipped / seconds[cores]:.2f}x the full run; of which finding what to skip "
          f"(in-process): {planning * 1000:.0f} ms, "
          f"{planning / args.files * 1e6:.0f} µs a file")  # fmt: skip

    corpus = WORK / "corpus-interrupted"
    shutil.rmtree(corpus, ignore_errors=True)
    stopping, code = interrupted_run(files, corpus, cores, after=args.files // 2)
    done = len(list((corpus / "articles").glob("*/record.json")))
    resumed, _ = timed_run(files, corpus, cores)
    check_once_each(corpus, args.files)
    print(f"Ctrl-C after {args.files // 2} saves: exit {code} {stopping:.1f} s later, "
          f"{done} saved; the re-run finished the other {args.files - done} in {resumed:.1f} s "
          f"({resumed / seconds[cores]:.2f}x the full run); every article saved once")  # fmt: skip


if __name__ == "__main__":
    main()
