"""Which spaCy French model: accuracy on the real-reporting set (dev and held-out parts of the
split), load time, memory, throughput and installed size, each model in fresh processes of the
same run (load time and memory include importing spaCy).

    .venv/bin/python benchmarks/model_choice.py [--models fr_core_news_sm fr_core_news_md]
        [--eval ../shared/eval] [--split tests/ingest/eval_split.toml] [--runs 3]

A model that is not installed is skipped with a note (fr_core_news_md is not a dependency:
install it into the venv, or into a folder named by PYTHONPATH, to compare).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Figures of the real-reporting scorer shown per part: (field, "R" recall or "P" precision).
SHOWN = [("persons", "R"), ("persons", "P"), ("places", "R"), ("dates", "R"), ("dates", "P"),
         ("quotes", "R"), ("speaker", "R"), ("topics", "P")]  # fmt: skip


def accuracy(model: str, eval_dir: Path, split_path: Path) -> dict:
    """Per part of the split, the scorer's figures for drafts made with `model`."""
    from sahelwatch.extract import pipeline
    from sahelwatch.extract.cli import score_eval_set
    from sahelwatch.extract.eval_set import EvalSet, load_split, per_part

    pipeline.MODELS["fr"] = model
    eval_set = EvalSet.load(eval_dir)
    parts = per_part(score_eval_set(eval_set, ROOT / "data"), load_split(split_path))
    return {
        part: {
            f"{name} {kind}": getattr(scores[name], "recall" if kind == "R" else "precision")
            for name, kind in SHOWN
        }
        for part, scores in parts.items()
    }


def speed(model: str, eval_dir: Path, runs: int) -> dict:
    """Load time (a first load: this process has not loaded it), then words per second of
    spaCy's own `nlp.pipe` and of the whole extraction on the set's texts (median of `runs`)."""
    import spacy

    from sahelwatch.extract import pipeline
    from sahelwatch.extract.eval_set import EvalSet

    started = time.perf_counter()
    nlp = spacy.load(model)
    load_s = time.perf_counter() - started
    rss_mb = _rss_mb()  # the process with spaCy and the model loaded
    pipeline.MODELS["fr"] = model
    eval_set = EvalSet.load(eval_dir)
    texts = [eval_set.text(name) for name in sorted(eval_set.gold)]
    inputs = [pipeline.ArticleInput(text=t, id=f"a{i}") for i, t in enumerate(texts)]
    words = sum(len(t.split()) for t in texts)
    pipeline.extract_records(inputs[:1], ROOT / "data")  # loads the project's pipeline

    def median_seconds(action) -> float:
        timings = []
        for _ in range(runs):
            begun = time.perf_counter()
            action()
            timings.append(time.perf_counter() - begun)
        return statistics.median(timings)

    spacy_s = median_seconds(lambda: list(nlp.pipe(texts)))
    ours_s = median_seconds(lambda: pipeline.extract_records(inputs, ROOT / "data"))
    package = Path(spacy.util.get_package_path(model))
    size = sum(p.stat().st_size for p in package.rglob("*") if p.is_file())
    return {"load_s": load_s, "rss_mb": rss_mb, "spacy_wps": words / spacy_s,
            "ours_wps": words / ours_s, "size_mb": size / 1e6}  # fmt: skip


def _rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def child(args: argparse.Namespace, model: str, what: str) -> dict | None:
    command = [sys.executable, __file__, "--one", model, what, "--eval", str(args.eval),
               "--split", str(args.split), "--runs", str(args.runs)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True,
                          env=os.environ | {"PYTHONWARNINGS": "ignore"})  # fmt: skip
    if done.returncode:
        print(f"note: {model} skipped: {done.stderr.strip().splitlines()[-1]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["fr_core_news_sm", "fr_core_news_md"])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--split", type=Path, default=ROOT / "tests/ingest/eval_split.toml")
    parser.add_argument("--runs", type=int, default=3, help="timed passes per process")
    parser.add_argument("--rounds", type=int, default=3,
                        help="fresh processes per model, the models taking turns")  # fmt: skip
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)  # a child: model, what
    args = parser.parse_args()
    if args.one:
        model, what = args.one
        figures = (accuracy(model, args.eval, args.split) if what == "accuracy"
                   else speed(model, args.eval, args.runs))  # fmt: skip
        print(json.dumps(figures))
        return
    rounds: dict[str, list[dict]] = {m: [] for m in args.models}
    for _ in range(args.rounds):  # taking turns: a busy spell of the machine hits both
        for model in list(rounds):
            figures = child(args, model, "speed")
            if figures is None:
                del rounds[model]
            else:
                rounds[model].append(figures)
    if not rounds:
        return
    models = list(rounds)
    med = {m: {k: statistics.median(r[k] for r in rounds[m]) for k in rounds[m][0]}
           for m in models}  # fmt: skip
    base = med[models[0]]
    print(f"{args.rounds} rounds of fresh processes, models taking turns; medians")
    print(f"{'model':<18}{'size MB':>9}{'load s':>8}{'RSS MB':>8}{'spaCy w/s':>11}{'ours w/s':>10}"
          f"{'ours/spaCy':>12}{'ours vs ' + models[0]:>26}")  # fmt: skip
    for m in models:
        ratio = statistics.median(r["ours_wps"] / r["spacy_wps"] for r in rounds[m])
        print(f"{m:<18}{med[m]['size_mb']:>9.1f}{med[m]['load_s']:>8.2f}{med[m]['rss_mb']:>8.0f}"
              f"{med[m]['spacy_wps']:>11,.0f}{med[m]['ours_wps']:>10,.0f}{ratio:>12.2f}"
              f"{med[m]['ours_wps'] / base['ours_wps']:>26.2f}")  # fmt: skip
    scores = {m: child(args, m, "accuracy") for m in models}
    for part in scores[models[0]]:
        print(f"\n{part:<22}" + "".join(f"{m:>18}" for m in models))
        for key in scores[models[0]][part]:
            cells = "".join(f"{_ratio(scores[m][part][key]):>18}" for m in models)
            print(f"  {key:<20}{cells}")


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


if __name__ == "__main__":
    main()
