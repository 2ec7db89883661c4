"""The mutation score per module, from `mutmut results --all true` on standard input.

    .venv/bin/mutmut results --all true | .venv/bin/python scripts/mutation_score.py
    .venv/bin/mutmut results | .venv/bin/python scripts/mutation_score.py --rows

A surviving mutant named in the table of docs/mutation.md is counted as judged: `equivalent`
(the program behaves the same) or `accepted` (a visible change deliberately not pinned by a
test, with its reason), as long as the table's `change` is still the change mutmut makes under
that name: names are numbered per function, so editing a function gives its old verdicts to
other mutants, and those verdicts no longer count. Any other survivor, or a mutant no test
reached, is listed, and the exit status is 1 until each gets a test that kills it or a line in
that table (issue 10). `--rows` prints a table row (name and change) for each survivor named on
standard input, for the judge to complete.
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
VERDICTS = ("equivalent", "accepted")
SHOWN = 70  # characters of each side of a change in the table


def change(name: str) -> str:
    """The change the mutant `name` makes, as the table writes it: the lines it replaces and
    the lines it writes, each side joined, stripped and cut to `SHOWN` characters."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant  # the mutate dependency group

    diff = get_diff_for_mutant(name).splitlines()
    old = " ".join(x[1:].strip() for x in diff if x.startswith("-") and not x.startswith("---"))
    new = " ".join(x[1:].strip() for x in diff if x.startswith("+") and not x.startswith("+++"))
    return f"`{old[:SHOWN]}` → " + (f"`{new[:SHOWN]}`" if new else "(removed)")


def judged() -> dict[str, tuple[str, str]]:
    """Each judged mutant's verdict and change, from the table rows
    `| name | change | verdict | reason |` (a change may itself hold `|`)."""
    verdicts = {}
    for line in JUDGED.read_text("utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if len(cells) < 4 or not MUTANT.fullmatch(cells[0]):
            continue
        at = max(i for i, cell in enumerate(cells) if cell in VERDICTS or i == 0)
        if at >= 2:
            verdicts[cells[0]] = (cells[at], " | ".join(cells[1:at]))
    return verdicts


def rows(lines) -> int:
    for line in lines:
        name = line.strip().partition(": ")[0]
        if MUTANT.fullmatch(name):
            print(f"| {name} | {change(name)} |  |  |")
    return 0


def main() -> int:
    verdicts = judged()
    counts: dict[str, Counter] = defaultdict(Counter)
    open_mutants: list[str] = []
    for line in sys.stdin:
        name, _, status = line.strip().partition(": ")
        match = MUTANT.fullmatch(name)
        if not match:
            continue
        if status in ("survived", "no tests") and name in verdicts:
            verdict, judged_change = verdicts[name]
            now = change(name)
            if now == judged_change:
                status = verdict
            else:
                status = f"{status}, judged for another change (now {now})"
        elif status not in COLUMNS:
            status = "other"
        counts[match["module"]][status if status in COLUMNS else "survived"] += 1
        if status not in COLUMNS or status in ("survived", "no tests"):
            open_mutants.append(f"{name}: {status}")
    print(f"{'module':<22}" + "".join(f"{c:>11}" for c in COLUMNS) + f"{'score':>8}")
    for module in sorted(counts):
        row = counts[module]
        testable = sum(row.values()) - row["equivalent"]
        score = row["killed"] / testable if testable else 1.0
        print(f"{module:<22}" + "".join(f"{row[c]:>11}" for c in COLUMNS) + f"{score:>8.1%}")
    print("score = killed / (all mutants - equivalent ones); accepted ones count as not killed")
    if open_mutants:
        print(f"\n{len(open_mutants)} mutants neither killed nor judged in {JUDGED.name}:")
        print("\n".join(open_mutants))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(rows(sys.stdin) if sys.argv[1:] == ["--rows"] else main())
