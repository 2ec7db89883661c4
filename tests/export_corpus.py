"""A corpus whose place name and event titles try to run code in an exported map or a
spreadsheet: the mini corpus with its texts replaced, written to a test's tmp folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import MINI_DATA

# Each payload would set window.__pwned (or open a dialog) if it ran as code in the page.
PLACE = "Niamey ${window.__pwned='place'} `${window.__pwned='tick'}` </script>"
TITLES = (
    "${window.__pwned='title'}",
    "</script><script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "`;window.__pwned='backtick';`",
    "${alert(1)} \"' @@=x \u202einverse\u202c",
    '=HYPERLINK("http://127.0.0.1/","click")',
)
ARTICLE = "mini-article"


def write_hostile_corpus(target: Path) -> Path:
    """The mini corpus at `target`, its place named `PLACE` and one event per `TITLES`, all
    at that place; the records stay valid, so the compile keeps every event."""
    shutil.copytree(MINI_DATA, target)
    path = target / "articles" / ARTICLE / "record.json"
    record = json.loads(path.read_text("utf-8"))
    record["places"][0]["name"] = PLACE
    template = record["events"][0]
    record["events"] = [
        {**template, "id": f"evt:hostile-{index}", "title": title}
        for index, title in enumerate(TITLES)
    ]
    record["quotes"][0]["event_id"] = "evt:hostile-0"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2), "utf-8")
    return target
