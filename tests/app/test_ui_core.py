"""The UI core: the shared sidebar filters drawn once by app.py, every page registered, every
session-state key named in `components.view`."""

from __future__ import annotations

import ast
import re

import pytest

from components import view
from tests.app.conftest import metrics, open_app
from tests.conftest import ROOT

FILTER_KEYS = [view.TOPICS, view.COUNTRIES, view.DATE_FROM, view.DATE_TO, view.UNDATED,
               view.ACTORS, view.SOURCES, view.SEARCH, view.DRAFTS]  # fmt: skip


def _sidebar_keys(at) -> set[str]:
    return {w.key for w in at.sidebar if getattr(w, "key", None)} & set(FILTER_KEYS)


def test_a_filter_set_on_the_overview_holds_on_the_data_page_and_back():
    at = open_app()
    at.pills(key=view.TOPICS).set_value(["energy"]).run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception
    assert at.pills(key=view.TOPICS).value == ["energy"]
    assert list(at.dataframe[0].value["event_id"]) == ["evt:bamako-conference-2024-12-01"]
    assert at.query_params["topic"] == "energy"
    at.toggle(key=view.UNDATED).set_value(False).run()
    at.switch_page("app_pages/overview.py").run()
    assert metrics(at)["Reports"] == "1"
    assert at.toggle(key=view.UNDATED).value is False


@pytest.mark.parametrize(
    ("page", "has_filters"),
    [
        ("app_pages/overview.py", True),
        ("app_pages/data.py", True),
        ("app_pages/article.py", False),
        ("app_pages/about.py", False),
    ],
)
def test_the_filters_are_drawn_once_on_the_pages_that_use_them(page, has_filters):
    at = open_app(page)
    assert not at.exception
    assert _sidebar_keys(at) == (set(FILTER_KEYS) if has_filters else set())
    # drawn once: no filter widget inside the page itself
    assert not {getattr(w, "key", None) for w in at.main} & set(FILTER_KEYS)


def test_the_view_survives_a_page_without_filters():
    at = open_app(topic="energy")
    at.switch_page("app_pages/about.py").run()
    assert not at.exception
    at.switch_page("app_pages/overview.py").run()
    assert metrics(at)["Reports"] == "1"
    assert at.pills(key=view.TOPICS).value == ["energy"]


def test_every_page_file_is_registered_in_app_py():
    registered = set(re.findall(r'"(app_pages/[a-z_]+\.py)"', (ROOT / "app.py").read_text()))
    on_disk = {f"app_pages/{p.name}" for p in (ROOT / "app_pages").glob("*.py")}
    assert registered == on_disk


def _is_literal(node: ast.expr) -> bool:
    """A string literal, or an f-string that starts with one (`f"quote:{id}"`)."""
    if isinstance(node, ast.JoinedStr):
        return bool(node.values) and isinstance(node.values[0], ast.Constant)
    return isinstance(node, ast.Constant)


def _literal_keys(source: str) -> list[str]:
    """Literal keys given to a widget or container (`key=`) or indexing `st.session_state`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.keyword) and node.arg == "key" and _is_literal(node.value):
            found.append(ast.unparse(node.value))
        if (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value).endswith("session_state")
            and _is_literal(node.slice)
        ):
            found.append(ast.unparse(node.slice))
    return found


@pytest.mark.parametrize(
    "path",
    sorted(
        str(p.relative_to(ROOT))
        for p in [ROOT / "app.py", *(ROOT / "components").glob("*.py"),
                  *(ROOT / "app_pages").glob("*.py")]
        if p.name != "view.py"
    ),
)  # fmt: skip
def test_session_state_keys_are_named_in_components_view(path):
    assert _literal_keys((ROOT / path).read_text("utf-8")) == []
