"""The mutation score per module, from `mutmut results --all true` on standard input.

    .venv/bin/mutmut results --all true | .venv/bin/python scripts/mutation_score.py

A surviving mutant named in the tables of docs/mutation.md is counted as judged: `equivalent`
(the program behaves the same) or `accepted` (a visible change deliberately not pinned by a
test, with its reason). Any other survivor, or a mutant no test reached, is listed, and the exit
status is 1 until each gets a test that kills it or a line in those tables (issue 10).
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

JUDGED = Path(__file__).resolve().parent.parent / "docs" / "mutation.md"
# `sahelwatch.store.x_where_clause__mutmut_12` or `sahelwatch.store.xǁStoreǁsql__mutmut_3`
MUTANT = re.compile(r"(?P<module>[\w.]+?)\.x[_ǁ][\wǁ]*__mutmut_\d+")
COLUMNS = ("killed", "survived", "equivalent", "accepted", "no tests", "timeout", "other")


def main() -> int:
    verdicts = {
        m.group(0): "accepted" if "| accepted |" in line else "equivalent"
        for line in JUDGED.read_text("utf-8").splitlines()
        for m in MUTANT.finditer(line)
    }
    counts: dict[str, Counter] = defaultdict(Counter)
    open_mutants: list[str] = []
    for line in sys.stdin:
        name, _, status = line.strip().partition(": ")
        match = MUTANT.fullmatch(name)
        if not match:
            continue
        if status in ("survived", "no tests") and name in verdicts:
            status = verdicts[name]
        elif status not in COLUMNS:
            status = "other"
        counts[match["module"]][status] += 1
        if status in ("survived", "no tests"):
            open_mutants.append(f"{name}: {status}")
    print(f"{'module':<22}" + "".join(f"{c:>11}" for c in COLUMNS) + f"{'score':>8}")
    for module in sorted(counts):
        row = counts[module]
        testable = sum(row.values()) - row["equivalent"]
        score = row["killed"] / testable if testable else 1.0
        print(f"{module:<22}" + "".join(f"{row[c]:>11}" for c in COLUMNS) + f"{score:>8.1%}")
    print("score = killed / (all mutants - equivalent ones); accepted ones count as not killed")
    if open_mutants:
        print(
            f"\n{len(open_mutants)} mutants neither killed nor judged equivalent in {JUDGED.name}:"
        )
        print("\n".join(open_mutants))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
